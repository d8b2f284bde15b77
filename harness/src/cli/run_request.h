// What `trace_harness [run]` is asked to do, as parsed from its command line.
#pragma once

#include "case/case_inputs.h"
#include "run_modes.h"
#include "sides/side.h"

#include "nbimage/pickers.h"
#include "nbtrace/diff.h"
#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace harness {

struct RunRequest {
    CaseRequest case_request;                 // --preset, --mat, --hkl, or flags after `--`
    std::vector<nbtrace::Pixel> pixels;       // --pixel SLOW FAST, in the order given
    std::optional<nbtrace::Region> roi;       // --roi FMIN FMAX SMIN SMAX (inclusive)
    std::vector<nbimage::PickerSpec> picks;   // --pick brightest:N|worst:N|thread-first
    int threads = 1;                          // resolved --threads
    Schedule schedule = Schedule::full_frame; // --schedule full-frame (default) | roi
    PhiMode phi_mode = PhiMode::spec;         // --phi-mode spec (default) | c-parity
    Dtype dtype = Dtype::float64;             // --dtype float64 (default) | float32
    bool dtype_matrix = false;                // --dtype float32,float64 (both, labelled)
    std::string out_root = "reports";         // --out
    std::string initiative = "parity";        // --initiative
    nbtrace::DiffOptions diff;                // --rtol, --atol, --require
    std::string fault;                        // --inject-fault (testing the harness itself)
    bool controls = false;         // --controls: negative controls (diagnosis/run_controls.h)
    bool durable = true;           // fsync the bundle (off: --no-fsync)
    std::vector<std::string> argv; // the harness command as typed
    SideSpec side_a = parse_side("reference"); // --a (default reference)
    SideSpec side_b = parse_side("simulator"); // --b (default simulator)
    double timeout_s = 600;                    // --timeout: a backend running longer fails the run
    std::string
        work_root; // where backends get their fresh working directories (the staging folder)
};

} // namespace harness
