#include "compare/run_pipeline.h"

#include "bundle/report_text.h"
#include "compare/run_pickers.h"
#include "diagnosis/run_controls.h"
#include "sides/record_lookup.h"
#include "sides/reference_engine.h"
#include "sides/side_image.h"
#include "sides/simulator_engine.h"

#include "nbtrace/parse.h"
#include "nbtrace/trace_pair.h"

#include "nbtrace/registry.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>
#include <unistd.h>

namespace harness {

namespace {

template <typename Run>
Run take_or_throw(std::variant<Run, HarnessError> result) {
    if (auto* e = std::get_if<HarnessError>(&result))
        throw *e;
    return std::move(std::get<Run>(result));
}

// The brightest reference pixel of the ROI (the first one in row-major order on a tie).
nbtrace::Pixel brightest_pixel(const EngineRun& run, const nbtrace::Region& roi) {
    nbtrace::Pixel best{roi.slow_min, roi.fast_min};
    float max = -INFINITY;
    for (int s = roi.slow_min; s <= roi.slow_max; ++s)
        for (int f = roi.fast_min; f <= roi.fast_max; ++f) {
            const float v = run.image[static_cast<std::size_t>(s) * run.fast_pixels + f];
            if (v > max) {
                max = v;
                best = {s, f};
            }
        }
    return best;
}

// Keys the case cannot produce are not required: a per-source value when no source survives,
// a per-mosaic rotation without mosaic domains, ... Requiring only what the reference emitted
// keeps the requirement honest: the simulator must produce everything the reference does among
// these keys, at the same indices.
std::set<std::string> required_for(const std::vector<nbtrace::Record>& reference,
                                   const std::set<std::string>& user) {
    std::set<std::string> present;
    for (const nbtrace::Record& r : reference)
        present.insert(r.key);
    std::set<std::string> required = user;
    for (const std::string& k : default_required_keys())
        if (present.count(k))
            required.insert(k);
    return required;
}

void check_trace_against_image(const std::string& engine, const EngineRun& traced,
                               const EngineRun& image, const std::vector<nbtrace::Pixel>& px,
                               std::vector<TraceImageCheck>& out) {
    for (std::size_t i = 0; i < px.size(); ++i) {
        const auto [slow, fast] = px[i];
        TraceImageCheck c;
        c.engine = engine;
        c.pixel = px[i];
        c.traced = traced.traced_values[i];
        c.image = image.image[static_cast<std::size_t>(slow) * image.fast_pixels + fast];
        out.push_back(c);
    }
}

bool in_process(const SideSpec& s) {
    return s.kind == SideKind::reference || s.kind == SideKind::simulator;
}

// A fresh working directory for one backend run, removed when the run is over (its stdout,
// stderr and image are kept in the outcome and the bundle).
class ScratchDir {
  public:
    explicit ScratchDir(const std::string& root, const std::string& label) {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::create_directories(root, ec);
        for (int n = 0; n < 1000; ++n) {
            const fs::path p =
                fs::path(root) /
                (".side-" + label + "-" + std::to_string(::getpid()) + "-" + std::to_string(n));
            if (fs::create_directory(p, ec)) {
                path_ = fs::absolute(p).string();
                return;
            }
        }
        throw HarnessError{kExitInput, root + ": cannot create a working directory for " + label};
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// A backend side. A nanoBragg-like program traces one pixel per run (-trace_pixel), so with
// several traced pixels it runs once per pixel, each time in a fresh folder with the same flags,
// ROI and thread count: every run computes the same image (it must, byte for byte, or the
// backend is not deterministic and no verdict is given), the first run's records are kept whole
// and each later run adds the records of its own pixel.
EngineRun run_backend_side(const SideSpec& side, const EngineRequest& req, const RunRequest& run,
                           RunOutcome& out) {
    const std::size_t runs = std::max<std::size_t>(1, req.pixels.size());
    EngineRun merged;
    for (std::size_t i = 0; i < runs; ++i) {
        const ScratchDir dir(run.work_root.empty() ? run.out_root : run.work_root, side.label);
        BackendRequest b;
        b.program = side.program;
        b.workdir = dir.path();
        b.timeout_s = run.timeout_s;
        b.dtype = run.dtype;
        EngineRequest one = req;
        if (!req.pixels.empty())
            one.pixels = {req.pixels[i]};
        BackendRun r = take_or_throw(run_backend(*side.backend, b, one));
        r.provenance.side = &side == &run.side_a ? "a" : "b";
        out.backends.push_back(r.provenance);
        if (i == 0) {
            merged = std::move(r.run);
            continue;
        }
        // byte for byte (memcmp): a NaN pixel written by both runs is the same image
        if (r.run.fast_pixels != merged.fast_pixels || r.run.image.size() != merged.image.size() ||
            std::memcmp(r.run.image.data(), merged.image.data(),
                        merged.image.size() * sizeof(float)) != 0)
            throw HarnessError{kExitInput,
                               "backend " + side.backend->name + ": the run tracing pixel " +
                                   std::to_string(i + 1) +
                                   " wrote a different image from the first run's (same flags, "
                                   "ROI and threads): the program is not deterministic"};
        for (nbtrace::Record& rec : r.run.records)
            if (rec.idx.pixel_slow)
                merged.records.push_back(std::move(rec));
        merged.traced_values.insert(merged.traced_values.end(), r.run.traced_values.begin(),
                                    r.run.traced_values.end());
        merged.legacy_text += r.run.legacy_text;
        merged.wall_s += r.run.wall_s;
    }
    return merged;
}

// One run of a side. In-process engines follow the request's switches; a backend runs its
// program; a recorded side reads its files.
EngineRun run_side(const SideSpec& side, EngineRequest req, const RunRequest& run,
                   RunOutcome& out) {
    switch (side.kind) {
    case SideKind::reference:
        req.phi0_fix = run.phi_mode == PhiMode::spec;
        return take_or_throw(run_reference(req));
    case SideKind::simulator:
        req.phi_mode = run.phi_mode;
        req.dtype = run.dtype;
        req.fault = run.fault;
        return take_or_throw(run_simulator(req));
    case SideKind::backend:
        return run_backend_side(side, req, run, out);
    case SideKind::recorded: {
        EngineRun r;
        try {
            nbtrace::TraceSideRequest sr{side.files, {}};
            if (!req.pixels.empty())
                sr.pixel = req.pixels.front();
            const nbtrace::TracePair p = nbtrace::read_trace_pair(sr, sr);
            r.records = p.a.records;
        } catch (const nbtrace::ParseError& e) {
            throw HarnessError{kExitInput, e.what()};
        }
        if (!side.image.empty())
            if (const auto why = read_side_image(side.image, run.roi, req.pixels, r))
                throw HarnessError{kExitInput, "recorded side: " + *why};
        return r;
    }
    }
    throw HarnessError{kExitInternal, "unknown side"};
}

// A backend's (or recorded side's) own trace against its own image: its I_pixel_final, stored as
// float32, is the image cell (a trace that says otherwise does not describe its image).
void check_backend_trace(const std::string& label, const EngineRun& run,
                         const std::vector<nbtrace::Pixel>& pixels,
                         std::vector<TraceImageCheck>& out) {
    for (std::size_t i = 0; i < pixels.size() && i < run.traced_values.size(); ++i)
        for (const nbtrace::Record& r : run.records)
            if (r.key == "I_pixel_final" && r.idx.pixel_slow == pixels[i].slow &&
                r.idx.pixel_fast == pixels[i].fast) {
                TraceImageCheck c;
                c.engine = label;
                c.pixel = pixels[i];
                c.traced = static_cast<float>(r.values.front());
                c.image = run.traced_values[i];
                out.push_back(c);
            }
}

// The simulator's traced values against its own full frame: the same engine, the same state.
void check_trace_against_frame(const RunOutcome& out, std::vector<TraceImageCheck>& checks) {
    if (!out.images.pair || out.images.pair->kind != "full_frame")
        return;
    for (std::size_t i = 0; i < out.pixels.size(); ++i) {
        const auto [slow, fast] = out.pixels[i];
        checks.push_back({"simulator (full frame)", slow, fast, out.simulator.traced_values[i],
                          out.images.pair->simulator.image.at(slow, fast)});
    }
}

// --pick: full frames first when a picker needs images and the run has no ROI images.
void pick_pixels(const RunRequest& request, const EngineRequest& sim, RunOutcome& out) {
    if (request.picks.empty())
        return;
    if (needs_images(request.picks) && !out.images.pair)
        out.images.pair = full_frame_pair(sim);
    PickedPixels picked =
        apply_pickers(request.picks, out.images.pair ? &*out.images.pair : nullptr, sim);
    if (request.roi)
        keep_inside_roi(picked, *request.roi);
    add_picked(picked, out.pixels, out.pixel_sources);
    out.picks = picked.notes;
}

} // namespace

std::vector<std::string> case_args_with_roi(std::vector<std::string> args,
                                            const std::optional<nbtrace::Region>& roi) {
    if (roi) {
        args.push_back("-roi");
        for (int v : roi->roi_flag_values())
            args.push_back(std::to_string(v));
    }
    return args;
}

std::optional<nbtrace::Region> roi_flag_in(const std::vector<std::string>& args) {
    std::optional<nbtrace::Region> roi;
    for (std::size_t i = 0; i + 4 < args.size(); ++i)
        if (args[i] == "-roi") {
            try {
                roi =
                    nbtrace::Region::from_roi_flag(std::stoi(args[i + 1]), std::stoi(args[i + 2]),
                                                   std::stoi(args[i + 3]), std::stoi(args[i + 4]));
            } catch (const std::exception&) {
                roi.reset(); // not four integers: the engines refused it before this is asked
            }
        }
    return roi;
}

// Why these: the issue of the parity gate is "same configuration, then same values at every
// stage". The configuration keys pin what the two engines were asked to simulate (detector frame,
// pix0, beam, phi grid, sub-pixel grid, sources, crystal, convention, pivot, interpolation); the
// per-pixel keys are the stages a port gets wrong: rotated vectors per phi (and per mosaic
// domain), Miller indices, the three lattice factors, F_cell, and every scaling term down to the
// image value. A key one engine silently stops emitting then fails the gate instead of passing it
// with nothing compared (harness_lessons.md).
std::vector<std::string> default_required_keys() {
    return {// configuration
            "convention", "pivot", "detpixels", "roi", "oversample", "phisteps", "sources",
            "mosaic_domains", "interpolate", "threads", "schedule", "fdet_vector", "sdet_vector",
            "odet_vector", "pix0_vector", "beam_vector", "spindle_axis", "pixel_size", "distance",
            "lambda0", "a0", "b0", "c0", "N_cells", "phi_angle",
            // per pixel
            "pixel_pos", "diffracted_vec", "scattering_vector", "ap", "bp", "cp", "a_rot", "b_rot",
            "c_rot", "hkl_frac", "hkl_rounded", "F_latt_a", "F_latt_b", "F_latt_c", "F_latt",
            "F_cell", "I_contribution", "r_e_sqr", "fluence", "steps", "capture_fraction", "polar",
            "omega_pixel", "cos_2theta", "I_before_scaling", "I_pixel_final", "image_value"};
}

RunOutcome run_comparison(const RunRequest& req_in, const std::vector<std::string>& case_args) {
    RunOutcome out;
    RunRequest request = req_in;
    const SideSpec& A = request.side_a;
    const SideSpec& B = request.side_b;
    out.a_label = A.label;
    out.b_label = B.label;
    if (out.a_label == out.b_label) {
        out.a_label += "_a";
        out.b_label += "_b";
    }
    // a C program with the phi = 0 carry-over: run it on a region with the thread count fixed,
    // and the in-process engines with the same region schedule, so every traced pixel carries
    // the same state on both sides
    const bool carryover_backend =
        (A.backend && A.backend->phi_carryover) || (B.backend && B.backend->phi_carryover);
    // a backend (or a recorded image) gives its image: without --roi the compared region is the
    // traced pixel
    // (for a C program that also fixes its phi = 0 state: a thread's first pixel's)
    if ((A.gives_image() || B.gives_image()) && !request.roi && request.pixels.size() == 1) {
        const auto [slow, fast] = request.pixels.front();
        request.roi = nbtrace::Region{slow, slow, fast, fast};
        out.notes.push_back("no --roi: the compared region is the traced pixel (-roi " +
                            std::to_string(fast) + " " + std::to_string(fast) + " " +
                            std::to_string(slow) + " " + std::to_string(slow) +
                            "); give --roi for a larger one");
    }
    if (carryover_backend) {
        request.schedule = Schedule::roi;
        out.notes.push_back("schedule: the -roi region's loop order with " +
                            std::to_string(request.threads) +
                            " thread(s) on both sides, as the C program runs it (C-PARITY-001 "
                            "depends on it)");
    }
    out.args = case_args_with_roi(case_args, request.roi);
    out.pixels = request.pixels;
    out.effective_roi = request.roi;
    out.effective_schedule = request.schedule;

    EngineRequest base;
    base.args = out.args;
    base.threads = request.threads;
    base.schedule = request.schedule;

    // the ROI images of in-process sides (the whole region, nothing traced); a backend's one run
    // gives its image and its trace together
    if (request.roi) {
        EngineRequest image = base;
        image.traced_only = false;
        if (in_process(A))
            out.reference_image = run_side(A, image, request, out);
        if (in_process(B))
            out.simulator_image = run_side(B, image, request, out);
        if (out.reference_image && out.simulator_image)
            out.images.pair = roi_pair(*out.reference_image, *out.simulator_image, *request.roi);
        if (out.pixels.empty() && request.picks.empty() && out.reference_image) {
            out.pixels.push_back(brightest_pixel(*out.reference_image, *request.roi));
            out.brightest_chosen = true;
        }
    }
    out.pixel_sources.assign(out.pixels.size(),
                             out.brightest_chosen ? "brightest_in_roi" : "given");
    // pickers that need full frames get them from nbsim in the run's mode (run_images.h)
    EngineRequest sim = base;
    sim.phi_mode = request.phi_mode;
    sim.dtype = request.dtype;
    sim.fault = request.fault;
    pick_pixels(request, sim, out);

    // a side that prints no trace (the untraced C build) is compared by its image alone
    const bool image_only =
        (A.backend && !A.backend->can_trace()) || (B.backend && !B.backend->can_trace());
    if (image_only) {
        if (!request.roi)
            throw HarnessError{kExitUsage,
                               "an image-only side (" +
                                   (A.backend && !A.backend->can_trace() ? A.label : B.label) +
                                   " prints no trace) needs --roi"};
        out.pixels.clear();
        out.brightest_chosen = false;
        out.image_only = true;
        out.notes.push_back(
            "image-only comparison: " + (A.backend && !A.backend->can_trace() ? A.label : B.label) +
            " prints no trace; the verdict rests on the ROI images");
    }

    // the traced pixels
    EngineRequest traced = base;
    traced.pixels = out.pixels;
    out.reference_request = traced;
    out.reference_request.phi0_fix =
        A.kind == SideKind::reference && request.phi_mode == PhiMode::spec;
    out.simulator_request = traced;
    out.simulator_request.phi_mode = request.phi_mode;
    out.simulator_request.dtype = request.dtype;
    out.simulator_request.fault = request.fault;
    // in image-only mode an in-process side's image run is all there is to run
    out.reference = image_only && out.reference_image ? *out.reference_image
                                                      : run_side(A, traced, request, out);
    out.simulator = image_only && out.simulator_image ? *out.simulator_image
                                                      : run_side(B, traced, request, out);
    if (A.gives_image() && request.roi)
        out.reference_image = out.reference;
    if (B.gives_image() && request.roi)
        out.simulator_image = out.simulator;
    if (request.roi && !out.images.pair && out.reference_image && out.simulator_image)
        out.images.pair = roi_pair(*out.reference_image, *out.simulator_image, *request.roi);
    const EngineRequest& ref = out.reference_request;

    if (A.kind == SideKind::reference)
        out.divergences =
            divergences_in_effect(out.args, out.reference.records, text(request.phi_mode));
    const bool carryover_in_effect =
        std::any_of(out.divergences.begin(), out.divergences.end(),
                    [](const KnownDivergence& d) { return d.id == "C-PARITY-001"; });
    if (request.phi_mode == PhiMode::spec && carryover_in_effect && !out.pixels.empty()) {
        EngineRequest unpatched = ref;
        unpatched.phi0_fix = false;
        out.reference_unpatched = take_or_throw(run_reference(unpatched));
        // the reference's own loop order: a -roi among the case's flags counts as much as --roi
        const CarryoverSchedule schedule{ref.threads, ref.schedule, roi_flag_in(ref.args)};
        out.carryover =
            predict_and_measure_carryover(out.reference.records, out.reference_unpatched->records,
                                          out.pixels, out.args, schedule);
    }

    nbtrace::DiffOptions options = request.diff;
    // our two engines must each report everything the other does; an external side is held to
    // the diff's coverage set instead (it prints what its instrumentation prints)
    if (in_process(A) && in_process(B))
        options.required = required_for(out.reference.records, request.diff.required);
    out.diff = nbtrace::diff_traces(without_run_switches(out.reference.records),
                                    without_run_switches(out.simulator.records), options,
                                    out.a_label, out.b_label);

    if (request.roi && out.reference_image && out.simulator_image) {
        out.roi = compare_roi(out.reference_image->image, out.simulator_image->image,
                              out.reference_image->fast_pixels, *request.roi, options.rtol);
        for (auto [side, run, image, label] :
             {std::tuple{&A, &out.reference, &*out.reference_image, out.a_label},
              std::tuple{&B, &out.simulator, &*out.simulator_image, out.b_label}}) {
            if (in_process(*side))
                check_trace_against_image(label, *run, *image, out.pixels, out.trace_image_checks);
            else if (side->gives_image())
                check_backend_trace(label, *run, out.pixels, out.trace_image_checks);
        }
    }
    check_trace_against_frame(out, out.trace_image_checks);
    describe_traced_pixels(out.images, out.pixels, out.pixel_sources, out.reference, out.simulator,
                           out.diff);
    out.pictures =
        render_pictures(out.images, out.pixels, out.reference.records, out.simulator.records);

    // apart from the verdict: can each side's trace be believed, do the controls behave
    diagnose_run(request, out);
    if (request.controls)
        run_negative_controls(request, out);

    // the verdict
    if (!out.image_only && !out.diff.passed()) {
        if (out.diff.first_divergence) {
            const nbtrace::DiffRow& row = out.diff.rows[*out.diff.first_divergence];
            out.failures.push_back("first divergence: " + row.key + " at " + row.idx.to_string());
        }
        for (const std::string& m : out.diff.missing_required)
            out.failures.push_back("required key missing: " + m);
        for (const std::string& why : out.diff.incomplete_reasons)
            out.failures.push_back(why);
    }
    if (out.roi && !out.roi->passed)
        out.failures.push_back("ROI images: " + std::to_string(out.roi->failing_pixels) +
                               " pixel(s) outside tolerance");
    for (const TraceImageCheck& c : out.trace_image_checks)
        if (!c.equal())
            out.failures.push_back(c.engine + ": traced value of pixel " + pixel_text(c.pixel) +
                                   " differs from its image (this side's trace does not describe "
                                   "its image)");
    for (const std::string& f : image_failures(out.images, options.rtol))
        out.failures.push_back(f);
    for (const EngineRun* run : {&out.reference, &out.simulator})
        for (const std::string& c : run->conflicts)
            out.failures.push_back("conflicting values in one engine's trace: " + c);
    return out;
}

} // namespace harness
