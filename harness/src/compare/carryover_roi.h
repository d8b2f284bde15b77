// C-PARITY-001 on the ROI images when one side is a C program with the phi = 0 carry-over and
// the other computes the model (spec): every pixel's change predicted by the reference engine
// run on the same flags, region, schedule and threads with and without its phi = 0 fix, within
// [0, 2] x its spec value, and the pixels holding a thread's first pass unchanged
// (nbdiag::check_carryover_roi). A claim that the carry-over explains an ROI difference is
// "explained" only when all of that holds.
#pragma once

#include "compare/run_pipeline.h"

#include "nbdiag/predictions.h"

#include <optional>

namespace harness {

// Empty when no side carries the rotation over, both do (c-parity), or there are no ROI images.
std::optional<nbdiag::PredictionCheck> carryover_roi_check(const RunRequest& request,
                                                           const RunOutcome& outcome);

} // namespace harness
