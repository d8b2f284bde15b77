// Running a simulation: the float image of the ROI (or of chosen pixels only), statistics, and
// trace records for traced pixels.
//
//   Experiment ex = build_experiment(args, log);
//   RecordCollector records;
//   SimulationRequest req;
//   req.trace_pixels = {{685, 1039}};
//   req.sink = &records;
//   SimulationResult r = simulate(ex, run_options, req);
//
// Traced pixels run through the production kernel with a recording tracer (one pixel per span),
// so every record holds a value the computation used. With trace_pixels_only the run computes
// nothing but the traced pixels; in c-parity mode each pixel still gets the carried-over state
// its OpenMP thread would have given it in a run of the schedule region (--schedule), so a
// traced pixel has the value of the full run without computing it.
#pragma once

#include "nbsim/experiment.h"
#include "nbsim/run_options.h"
#include "nbsim/trace_sink.h"

#include <vector>

namespace nbsim {

struct SimulationRequest {
    std::vector<PixelIndex> trace_pixels; // pixels traced through the recording kernel
    TraceSink* sink = nullptr;            // receives setup and pixel records (if not null)
    bool trace_pixels_only = false;       // compute only the traced pixels
    std::ostream* progress = nullptr;     // "N% done" lines when not null
};

// nanoBragg's end-of-run statistics over the computed (ROI, unmasked) pixels.
struct ImageStatistics {
    double max_I = 0;      // first maximum in row-major order (strictly greater wins)
    PixelIndex max_pixel;  // where it is
    double max_Fdet_m = 0; // Fdet/Sdet of that pixel's LAST sub-pixel (as the C prints)
    double max_Sdet_m = 0;
    double sum = 0, mean = 0; // over computed pixels
    double rms = 0;           // sqrt(sum x^2 / (N - 1)), not mean-centred
    double rmsd = 0;          // sqrt(sum (x - mean)^2 / (N - 1)) over the ROI incl. masked
    long pixels = 0;          // computed pixels (N)
    double omega_sum = 0;     // sum of the solid angles used over every sub-pixel and layer
};

struct SimulationResult {
    int fast_pixels = 0, slow_pixels = 0;
    std::vector<float> image; // fast_pixels x slow_pixels, idx = slow*fast_pixels + fast
    ImageStatistics stats;
    int threads = 1;           // resolved thread count (run and c-parity emulation)
    long long evaluations = 0; // pixels x sub-pixels^2 x layers x sources x phi x mosaic
    double kernel_seconds = 0; // wall time of the pixel loop
};

SimulationResult simulate(const Experiment& ex, const RunOptions& run,
                          const SimulationRequest& request);

// The trace records describing the run's effective configuration, detector, crystal and beam
// (keys of the config, detector, crystal and beam stages, plus phi angles and mosaic matrices).
void emit_setup_records(const Experiment& ex, const RunOptions& run, int threads, TraceSink& sink);

} // namespace nbsim
