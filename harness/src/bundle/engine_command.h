// Equivalent single-engine command lines for a bundle's commands.txt.
#pragma once

#include "sides/engine_run.h"

#include <string>
#include <vector>

namespace harness {

// The --schedule and -roi arguments under which an engine command that traces (slow, fast) gives
// the value `request` computed, without computing more than it must:
//   - a ROI run (not traced-only): the request's own schedule;
//   - the full-frame schedule, or the ROI schedule without a -roi (the region is then the whole
//     detector either way): the full-frame schedule with a one-pixel -roi;
//   - the ROI schedule with a -roi: that schedule and ROI (the region decides the carried state,
//     so the whole ROI is computed).
std::vector<std::string> schedule_args_for_pixel(const EngineRequest& request, int slow, int fast);

} // namespace harness
