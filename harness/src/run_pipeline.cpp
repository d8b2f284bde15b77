#include "run_pipeline.h"

#include "record_lookup.h"
#include "reference_engine.h"
#include "report_text.h"
#include "run_pickers.h"
#include "simulator_engine.h"

#include "nbtrace/registry.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace harness {

namespace {

EngineRun take_or_throw(std::variant<EngineRun, EngineError> result) {
    if (auto* e = std::get_if<EngineError>(&result))
        throw RunError{e->exit_code, e->message};
    return std::move(std::get<EngineRun>(result));
}

// The brightest reference pixel of the ROI (the first one in row-major order on a tie).
std::pair<int, int> brightest_pixel(const EngineRun& run, const nbreport::Roi& roi) {
    std::pair<int, int> best{roi.smin, roi.fmin};
    float max = -INFINITY;
    for (int s = roi.smin; s <= roi.smax; ++s)
        for (int f = roi.fmin; f <= roi.fmax; ++f) {
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
                               const EngineRun& image, const std::vector<std::pair<int, int>>& px,
                               std::vector<TraceImageCheck>& out) {
    for (std::size_t i = 0; i < px.size(); ++i) {
        const auto [slow, fast] = px[i];
        TraceImageCheck c;
        c.engine = engine;
        c.slow = slow;
        c.fast = fast;
        c.traced = traced.traced_values[i];
        c.image = image.image[static_cast<std::size_t>(slow) * image.fast_pixels + fast];
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
                                            const std::optional<nbreport::Roi>& roi) {
    if (roi)
        args.insert(args.end(), {"-roi", std::to_string(roi->fmin), std::to_string(roi->fmax),
                                 std::to_string(roi->smin), std::to_string(roi->smax)});
    return args;
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

RunOutcome run_comparison(const RunRequest& request, const std::vector<std::string>& case_args) {
    RunOutcome out;
    out.args = case_args_with_roi(case_args, request.roi);
    out.pixels = request.pixels;

    EngineRequest base;
    base.args = out.args;
    base.threads = request.threads;
    base.full_frame_schedule = request.full_frame_schedule;

    EngineRequest ref = base;
    ref.phi0_fix = !request.c_parity;
    EngineRequest sim = base;
    sim.c_parity = request.c_parity;
    sim.float32 = request.float32;
    sim.fault = request.fault;

    // the ROI images (the whole region, nothing traced)
    if (request.roi) {
        EngineRequest ref_image = ref, sim_image = sim;
        ref_image.traced_only = sim_image.traced_only = false;
        out.reference_image = take_or_throw(run_reference(ref_image));
        out.simulator_image = take_or_throw(run_simulator(sim_image));
        out.images.pair = roi_pair(*out.reference_image, *out.simulator_image, *request.roi);
        if (out.pixels.empty() && request.picks.empty()) {
            out.pixels.push_back(brightest_pixel(*out.reference_image, *request.roi));
            out.brightest_chosen = true;
        }
    }
    out.pixel_sources.assign(out.pixels.size(),
                             out.brightest_chosen ? "brightest_in_roi" : "given");
    pick_pixels(request, sim, out);

    // the traced pixels, computed alone
    ref.pixels = sim.pixels = out.pixels;
    out.reference_request = ref;
    out.simulator_request = sim;
    out.reference = take_or_throw(run_reference(ref));
    out.simulator = take_or_throw(run_simulator(sim));

    out.divergences = divergences_in_effect(out.args, out.reference.records, request.phi_mode());
    const bool carryover_in_effect =
        std::any_of(out.divergences.begin(), out.divergences.end(),
                    [](const KnownDivergence& d) { return d.id == "C-PARITY-001"; });
    if (!request.c_parity && carryover_in_effect && !out.pixels.empty()) {
        EngineRequest unpatched = ref;
        unpatched.phi0_fix = false;
        out.reference_unpatched = take_or_throw(run_reference(unpatched));
        out.carryover = predict_and_measure_carryover(
            out.reference.records, out.reference_unpatched->records, out.pixels, out.args);
    }

    nbtrace::DiffOptions options = request.diff;
    options.required = required_for(out.reference.records, request.diff.required);
    out.diff = nbtrace::diff_traces(without_run_switches(out.reference.records),
                                    without_run_switches(out.simulator.records), options,
                                    "reference", "simulator");

    if (request.roi) {
        out.roi = compare_roi(out.reference_image->image, out.simulator_image->image,
                              out.reference_image->fast_pixels, *request.roi, options.rtol);
        check_trace_against_image("reference", out.reference, *out.reference_image, out.pixels,
                                  out.trace_image_checks);
        check_trace_against_image("simulator", out.simulator, *out.simulator_image, out.pixels,
                                  out.trace_image_checks);
    }
    check_trace_against_frame(out, out.trace_image_checks);
    describe_traced_pixels(out.images, out.pixels, out.pixel_sources, out.reference, out.simulator,
                           out.diff);
    out.pictures =
        render_pictures(out.images, out.pixels, out.reference.records, out.simulator.records);

    // the verdict
    if (!out.diff.passed()) {
        if (out.diff.first_divergence) {
            const nbtrace::DiffRow& row = out.diff.rows[*out.diff.first_divergence];
            out.failures.push_back("first divergence: " + row.key + " at " + row.idx.to_string());
        }
        for (const std::string& m : out.diff.missing_required)
            out.failures.push_back("required key missing: " + m);
        if (out.diff.compared == 0)
            out.failures.push_back("nothing compared");
    }
    if (out.roi && !out.roi->passed)
        out.failures.push_back("ROI images: " + std::to_string(out.roi->failing_pixels) +
                               " pixel(s) outside tolerance");
    for (const TraceImageCheck& c : out.trace_image_checks)
        if (!c.equal())
            out.failures.push_back(c.engine + ": traced value of pixel " +
                                   pixel_text(c.slow, c.fast) + " differs from its image");
    for (const std::string& f : image_failures(out.images, options.rtol))
        out.failures.push_back(f);
    for (const EngineRun* run : {&out.reference, &out.simulator})
        for (const std::string& c : run->conflicts)
            out.failures.push_back("conflicting values in one engine's trace: " + c);
    return out;
}

} // namespace harness
