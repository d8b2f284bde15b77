// C-PARITY-001 in --phi-mode spec: what the unpatched C program gives at each traced pixel, next
// to the spec value, measured (an extra run of the unpatched reference) and predicted (from the
// spec trace alone).
//
// The C program skips the spindle rotation at a phi step whose angle is exactly 0 and keeps the
// vectors its thread rotated last. For step z = 0 those are the last step of the thread's previous
// pass (or the unrotated crystal, i.e. the spec vectors, on the thread's first pass); for z > 0,
// step z - 1 of the same pass. The mosaic rotation and everything after it are recomputed, so the
// contribution at step z becomes the contribution the same pass computes at the carried step:
//
//     I_C = I_spec + sum over affected passes, domains m of [ I(pass, carried, m) - I(pass, z, m) ]
//
// Under the OpenMP static split of the detector rows, thread t's first pass is the first pixel of
// the schedule region (full frame or ROI) in its row block.
#pragma once

#include "run_modes.h"

#include "nbtrace/pixel.h"
#include "nbtrace/record.h"
#include "nbtrace/region.h"

#include <optional>
#include <string>
#include <vector>

namespace harness {

struct CarryoverPixel {
    nbtrace::Pixel pixel;
    int zero_step = -1;                  // phi index whose angle is exactly 0
    int carried_step = -1;               // the step whose vectors it reuses (first affected pass)
    bool thread_first_pixel = false;     // holds a thread's first pass: that pass keeps phi = 0
    int passes = 0, affected_passes = 0; // (layer, sub-pixel, source) passes, and those carried
    double spec_I_before_scaling = 0, c_I_before_scaling = 0;
    double spec_I_pixel_final = 0, c_I_pixel_final = 0;
    // How far the spec value lies from the C program's: (spec - C) / C of I_before_scaling,
    // measured (the unpatched reference's C) and predicted (the predicted C).
    double spec_vs_c_measured = 0;
    // Predicted from the spec trace; absent with a running-sum factor (-oversample_thick/_polar/
    // _omega), where contributions do not add up to I_before_scaling.
    std::optional<double> predicted_I_before_scaling;
    std::optional<double> spec_vs_c_predicted;
    std::string not_predicted_reason;
};

struct CarryoverReport {
    bool applies = false; // a zero phi step with another step rotating
    std::vector<CarryoverPixel> pixels;
    // Where the unpatched trace first departs from the spec trace (key and indices), e.g.
    // "orientation ap at pixel(s=685,f=1039) ... phi 0"; empty when they agree.
    std::string first_departure;
    std::vector<std::string> notes; // caveats of the prediction (e.g. a detector mask)
};

// The loop order the reference ran: which pixel holds each thread's first pass follows from it.
struct CarryoverSchedule {
    int threads = 1;
    Schedule schedule = Schedule::full_frame;
    // the run's -roi (the last one in its flags); the loop covers it under Schedule::roi
    std::optional<nbtrace::Region> region;
};

// `spec`: the reference run with its phi = 0 fix (its set-up records give detpixels, phi_angle,
// oversample_*); `unpatched`: the same run without it; `schedule`: how that run was scheduled.
CarryoverReport predict_and_measure_carryover(const std::vector<nbtrace::Record>& spec,
                                              const std::vector<nbtrace::Record>& unpatched,
                                              const std::vector<nbtrace::Pixel>& pixels,
                                              const std::vector<std::string>& args,
                                              const CarryoverSchedule& schedule);

} // namespace harness
