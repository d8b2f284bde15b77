// What the harness needs from one engine run: the records it emitted, its legacy text trace, the
// image it computed, and how long it took. Both engine adapters fill this.
#pragma once

#include "exit_codes.h"

#include "run_modes.h"

#include "nbtrace/pixel.h"
#include "nbtrace/record.h"

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace harness {

// One engine invocation as the harness asks for it.
struct EngineRequest {
    std::vector<std::string> args;            // nanoBragg flags (no program name)
    std::vector<nbtrace::Pixel> pixels;       // traced pixels (slow, fast)
    bool traced_only = true;                  // compute only the traced pixels
    int threads = 1;                          // C-PARITY-001 thread count (also run threads)
    Schedule schedule = Schedule::full_frame; // or the ROI's loop order
    bool phi0_fix = false;                    // reference: fresh rotation at phi = 0
    PhiMode phi_mode = PhiMode::spec;         // simulator: c_parity emulates C-PARITY-001
    Dtype dtype = Dtype::float64;             // simulator: its kernel's precision
    std::string fault;                        // simulator: injected fault (tests), "" = none
    std::ostream* progress = nullptr;         // simulator: its "N% done" lines (full runs)
};

struct EngineRun {
    std::vector<nbtrace::Record> records; // canonical records, side set by the adapter
    std::string legacy_text;              // TRACE_C (reference) or TRACE_PY (simulator) lines
    int fast_pixels = 0, slow_pixels = 0;
    std::vector<float> image;           // the whole image, kept only for ROI runs
    std::vector<float> traced_values;   // image value of each requested pixel, in order
    double wall_s = 0;                  // set-up + run
    int threads = 0;                    // resolved
    std::vector<std::string> conflicts; // duplicate reports with different values (engine bug)
};

} // namespace harness
