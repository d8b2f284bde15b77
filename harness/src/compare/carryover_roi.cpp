#include "compare/carryover_roi.h"

#include "sides/reference_engine.h"

#include "nbimage/pickers.h"

#include <set>

namespace harness {

namespace {

bool carries_over(const SideSpec& s, const RunRequest& r) {
    if (s.kind == SideKind::backend)
        return s.backend && s.backend->phi_carryover;
    return r.phi_mode == PhiMode::c_parity &&
           (s.kind == SideKind::reference || s.kind == SideKind::simulator);
}

// The region of a whole-frame image, slow-major.
std::vector<double> region_of(const EngineRun& run, const nbtrace::Region& roi) {
    std::vector<double> v;
    for (int s = roi.slow_min; s <= roi.slow_max; ++s)
        for (int f = roi.fast_min; f <= roi.fast_max; ++f)
            v.push_back(run.image[static_cast<std::size_t>(s) * run.fast_pixels + f]);
    return v;
}

// The reference's image of the run with or without its phi = 0 fix, when a side is the reference
// (its ROI run used the same flags, schedule and threads as the model's): not run twice.
const EngineRun* reference_side_image(const RunRequest& request, const RunOutcome& o,
                                      bool phi0_fix) {
    if ((request.phi_mode == PhiMode::spec) != phi0_fix)
        return nullptr;
    if (request.side_a.kind == SideKind::reference && o.reference_image)
        return &*o.reference_image;
    if (request.side_b.kind == SideKind::reference && o.simulator_image)
        return &*o.simulator_image;
    return nullptr;
}

// The model's own carry-over on the region: the reference with and without its phi = 0 fix, on
// the flags, schedule and threads the run used. Returns why not when the reference cannot run
// them (the check then has the bound only).
std::optional<std::string> add_model_pair(const RunRequest& request, const RunOutcome& o,
                                          nbdiag::RoiImages& images) {
    std::optional<EngineRun> runs[2]; // without, with the phi = 0 fix
    const EngineRun* model[2] = {nullptr, nullptr};
    for (const bool fix : {false, true}) {
        model[fix] = reference_side_image(request, o, fix);
        if (model[fix])
            continue;
        EngineRequest r;
        r.args = o.args;
        r.traced_only = false;
        r.threads = request.threads;
        r.schedule = o.effective_schedule;
        r.phi0_fix = fix;
        auto run = run_reference(r);
        if (const auto* e = std::get_if<HarnessError>(&run))
            return "the reference could not run the case: " + e->message;
        runs[fix] = std::move(std::get<EngineRun>(run));
        model[fix] = &*runs[fix];
    }
    const nbtrace::Region& roi = *o.effective_roi;
    for (const EngineRun* m : model)
        if (m->image.size() != static_cast<std::size_t>(m->fast_pixels) * m->slow_pixels ||
            roi.slow_max >= m->slow_pixels || roi.fast_max >= m->fast_pixels)
            return std::string("the reference's image does not hold the region");
    images.model_c = region_of(*model[0], roi);
    images.model_spec = region_of(*model[1], roi);
    images.model_rtol = request.diff.rtol;
    return std::nullopt;
}

} // namespace

std::optional<nbdiag::PredictionCheck> carryover_roi_check(const RunRequest& request,
                                                           const RunOutcome& o) {
    const bool a = carries_over(request.side_a, request);
    const bool b = carries_over(request.side_b, request);
    if (a == b || !o.effective_roi || !o.reference_image || !o.simulator_image)
        return std::nullopt;
    const EngineRun& c = a ? *o.reference_image : *o.simulator_image;
    const EngineRun& spec = a ? *o.simulator_image : *o.reference_image;
    const nbtrace::Region& roi = *o.effective_roi;
    if (c.fast_pixels != spec.fast_pixels || c.slow_pixels != spec.slow_pixels ||
        c.image.size() != static_cast<std::size_t>(c.fast_pixels) * c.slow_pixels ||
        spec.image.size() != c.image.size())
        return std::nullopt;
    nbdiag::RoiImages images;
    images.region = roi;
    images.c = region_of(c, roi);
    images.spec = region_of(spec, roi);
    const std::optional<std::string> no_model = add_model_pair(request, o, images);
    // the C program loops over its -roi with the thread count the harness fixed
    const std::vector<nbtrace::Pixel> thread_first = nbimage::pick_thread_first(
        nbimage::Shape{c.slow_pixels, c.fast_pixels}, roi, request.threads);
    const std::set<nbtrace::Pixel> first(thread_first.begin(), thread_first.end());
    nbdiag::PredictionCheck check = nbdiag::check_carryover_roi(images, first);
    if (no_model)
        check.details += "; no per-pixel prediction (" + *no_model + "): the bound only";
    return check;
}

} // namespace harness
