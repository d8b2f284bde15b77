// The run's diagnosis: the divergence patterns of its diff (nbdiag/patterns.h), C-PARITY-001's
// predicted effect checked against the measured one (nbdiag/predictions.h) and the dtype matrix
// (nbdiag/dtype_matrix.h), as summary.md's sections and as metrics.json's `diagnosis` member.
#pragma once

#include "compare/run_pipeline.h"

#include "nbdiag/predictions.h"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace harness {

// One check per carry-over pixel that has a prediction: predicted (C - spec)/spec from the spec
// trace, observed from the unpatched reference run.
std::vector<nbdiag::PredictionCheck> carryover_checks(const RunOutcome& o);

// Every prediction checked: the carry-over pixels', then the ROI's.
std::vector<nbdiag::PredictionCheck> prediction_checks(const RunOutcome& o);

// "## Divergence patterns" and, when C-PARITY-001 was predicted, "## Predictions checked".
std::string diagnosis_md(const RunOutcome& o);

// metrics.json's `diagnosis`: each side's self-consistency with its verdict, the negative
// controls, the patterns, the predictions checked and the dtype matrix (harness/README.md).
boost::json::object run_diagnosis_json(const RunOutcome& o);

} // namespace harness
