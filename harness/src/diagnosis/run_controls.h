// The diagnosis of one run: each side judged against its own printed values at every traced
// pixel, and with --controls the negative controls (diagnosis/README.md, harness/README.md).
#pragma once

#include "compare/run_pipeline.h"

namespace harness {

// Self-consistency of both sides at every traced pixel into out.diagnosis.
void diagnose_run(const RunRequest& request, RunOutcome& out);

// --controls: each side diffed against itself; for an in-process side, its switches flipped and
// run again on the traced pixels (one traced-only run per switch): the simulator's phi mode and
// dtype, the reference's phi = 0 fix. A backend or recorded side is not re-run (said why).
void run_negative_controls(const RunRequest& request, RunOutcome& out);

} // namespace harness
