// The `thread_first` picker: the pixel holding each OpenMP thread's first pass, where the C
// program's phi = 0 step sees the unrotated crystal while every other pixel sees the vectors its
// thread rotated last (C-PARITY-001). Tracing them is how a gate sees an engine that gets the
// first pass wrong.
//
// The detector size and ROI come from the reference engine's effective configuration (its set-up
// only: nothing is simulated). The row split is gcc's static schedule (reference_c/README.md):
// for S rows and T threads, q = S / T, r = S % T, thread t starts at row t q + min(t, r). Its
// first pixel is the first one of its rows inside the schedule region (the whole detector for
// full-frame, the ROI for roi). Exact without -mask and -dmin, which can leave that pixel without
// a pass (then the thread's first pass falls on a later pixel).
#pragma once

#include "gate/matrix.h"

#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <string>
#include <utility>
#include <vector>

namespace harness::gate {

// Runs the reference's set-up of the case; throws HarnessError naming the case when it refuses.
std::vector<nbtrace::Pixel> thread_first_pixels(const Case& c, int threads);

// The pure part, for tests: the detector's rows and the schedule region (its rows and first fast
// pixel decide).
std::vector<nbtrace::Pixel> thread_first_pixels(int rows, const nbtrace::Region& region,
                                                int threads);

} // namespace harness::gate
