// One comparison: both engines on one case, the trace diff, the ROI image comparison, the known
// divergences in effect and, in spec mode, the C-PARITY-001 report. Pure computation: the bundle
// is written from the outcome (bundle_contents.h).
#pragma once

#include "bundle/run_pictures.h"
#include "case/case_inputs.h"
#include "cli/run_request.h"
#include "compare/known_divergences.h"
#include "compare/phi_carryover.h"
#include "compare/roi_compare.h"
#include "compare/run_images.h"
#include "diagnosis/diagnosis_report.h"
#include "sides/backend_run.h"
#include "sides/engine_run.h"

#include "nbdiag/dtype_matrix.h"
#include "nbdiag/predictions.h"
#include "nbtrace/diff.h"
#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <optional>
#include <string>
#include <vector>

namespace harness {

// A traced pixel's image value from the traced-only run next to the same pixel of the ROI run:
// traced-only runs replay the state a full run carries, so the two must be identical.
struct TraceImageCheck {
    std::string engine;
    nbtrace::Pixel pixel;
    double traced = 0, image = 0;
    bool equal() const { return traced == image; }
};

struct RunOutcome {
    std::vector<std::string> args;          // nanoBragg flags as run (inputs under inputs_dir)
    std::vector<nbtrace::Pixel> pixels;     // traced pixels
    std::vector<std::string> pixel_sources; // how each was chosen ("given", "worst:3", ...)
    bool brightest_chosen = false;          // no --pixel: the ROI's brightest reference pixel
    EngineRequest reference_request, simulator_request;
    EngineRun reference, simulator;                            // the traced runs
    std::optional<EngineRun> reference_unpatched;              // spec mode with a zero phi step
    std::optional<EngineRun> reference_image, simulator_image; // --roi
    nbtrace::DiffResult diff; // all records, stage order, run switches left out
    std::optional<RoiComparison> roi;
    RunImages images;               // the image pair, its metrics, what the traced pixels are
    std::vector<std::string> picks; // what each --pick found
    RunPictures pictures;           // heatmaps of the pair, a phi plot per traced pixel
    std::vector<TraceImageCheck> trace_image_checks;
    std::vector<KnownDivergence> divergences; // in effect for this case
    std::optional<CarryoverReport> carryover; // spec mode, C-PARITY-001 in effect
    // --dtype float32,float64 (compare/dtype_run.h): the float64 and float32 runs' divergences
    // labelled against the dtype sensitivity of a side run in both, and what that run said
    std::vector<nbdiag::DtypeMatrix> dtype_matrices;
    std::vector<std::string> dtype_notes;
    // a carry-over side against a spec side on --roi (compare/carryover_roi.h)
    std::optional<nbdiag::PredictionCheck> carryover_roi;
    std::vector<std::string> failures; // why the verdict is a failure (empty: pass)
    // each side against its own printed values, --controls; apart from the verdict
    Diagnosis diagnosis;
    // the sides: their names (reference, simulator, a backend's name, recorded) and, for the
    // backends, what ran (env.json); fields reference*/simulator* above hold side A / side B
    std::string a_label = "reference", b_label = "simulator";
    std::vector<BackendProvenance> backends;
    std::vector<std::string> notes; // how the run was arranged for the sides (schedule, ROI)
    bool image_only = false;        // a side prints no trace: the ROI images decide
    // what ran, after the sides' needs were applied (a C program's region and schedule)
    std::optional<nbtrace::Region> effective_roi;
    Schedule effective_schedule = Schedule::full_frame;

    bool passed() const { return failures.empty(); }
};

// The keys the diff requires on both sides unless the case cannot produce them: the effective
// configuration and every stage the parity gate is about (see the .cpp for the list and why).
std::vector<std::string> default_required_keys();

// `args` are the case's nanoBragg flags with its inputs readable. Throws HarnessError.
RunOutcome run_comparison(const RunRequest& request, const std::vector<std::string>& args);

// The case's flags followed by the harness's -roi, if any (the later -roi wins in both engines).
std::vector<std::string> case_args_with_roi(std::vector<std::string> args,
                                            const std::optional<nbtrace::Region>& roi);

// The region of the last -roi in nanoBragg flags (the one both engines keep); none without one.
std::optional<nbtrace::Region> roi_flag_in(const std::vector<std::string>& args);

} // namespace harness
