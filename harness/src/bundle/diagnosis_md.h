// The summary's diagnosis: the divergence patterns of the run's diff (nbdiag/patterns.h) and
// C-PARITY-001's predicted effect at each traced pixel checked against the measured one
// (nbdiag/predictions.h).
#pragma once

#include "compare/run_pipeline.h"

#include "nbdiag/predictions.h"

#include <string>
#include <vector>

namespace harness {

// One check per carry-over pixel that has a prediction: predicted (C - spec)/spec from the spec
// trace, observed from the unpatched reference run.
std::vector<nbdiag::PredictionCheck> carryover_checks(const RunOutcome& o);

// "## Divergence patterns" and, when C-PARITY-001 was predicted, "## Predictions checked".
std::string diagnosis_md(const RunOutcome& o);

} // namespace harness
