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

// The model's own carry-over on the region: the reference with and without its phi = 0 fix,
// on the flags, schedule and threads the run used. Empty when the reference cannot run them.
void add_model_pair(const RunRequest& request, const RunOutcome& o, nbdiag::RoiImages& images) {
    EngineRequest r;
    r.args = o.args;
    r.traced_only = false;
    r.threads = request.threads;
    r.schedule = o.effective_schedule;
    r.phi0_fix = true;
    auto spec = run_reference(r);
    r.phi0_fix = false;
    auto carried = run_reference(r);
    const auto* s = std::get_if<EngineRun>(&spec);
    const auto* c = std::get_if<EngineRun>(&carried);
    const nbtrace::Region& roi = *o.effective_roi;
    const std::size_t n = static_cast<std::size_t>(roi.rows()) * roi.columns();
    if (!s || !c || s->fast_pixels != c->fast_pixels ||
        s->image.size() != static_cast<std::size_t>(s->fast_pixels) * s->slow_pixels ||
        c->image.size() != s->image.size() || roi.slow_max >= s->slow_pixels ||
        roi.fast_max >= s->fast_pixels)
        return;
    images.model_spec = region_of(*s, roi);
    images.model_c = region_of(*c, roi);
    if (images.model_spec.size() != n)
        images.model_spec.clear();
    images.model_rtol = request.diff.rtol;
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
    images.slow0 = roi.slow_min;
    images.fast0 = roi.fast_min;
    images.width = roi.columns();
    images.height = roi.rows();
    images.c = region_of(c, roi);
    images.spec = region_of(spec, roi);
    add_model_pair(request, o, images);
    // the C program loops over its -roi with the thread count the harness fixed
    std::set<std::pair<int, int>> first;
    for (const nbimage::Pixel& p :
         nbimage::pick_thread_first(nbimage::Shape{c.slow_pixels, c.fast_pixels},
                                    nbimage::Region::from_nanobragg_roi(roi.fast_min, roi.fast_max,
                                                                        roi.slow_min, roi.slow_max),
                                    request.threads))
        first.insert({p.slow, p.fast});
    return nbdiag::check_carryover_roi(images, first);
}

} // namespace harness
