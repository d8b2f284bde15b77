#include "compare/carryover_roi.h"

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
    for (int s = roi.slow_min; s <= roi.slow_max; ++s)
        for (int f = roi.fast_min; f <= roi.fast_max; ++f) {
            const std::size_t i = static_cast<std::size_t>(s) * c.fast_pixels + f;
            images.c.push_back(c.image[i]);
            images.spec.push_back(spec.image[i]);
        }
    // the C program loops over its -roi with the thread count the harness fixed
    const std::vector<nbtrace::Pixel> thread_first = nbimage::pick_thread_first(
        nbimage::Shape{c.slow_pixels, c.fast_pixels}, roi, request.threads);
    const std::set<nbtrace::Pixel> first(thread_first.begin(), thread_first.end());
    return nbdiag::check_carryover_roi(images, first);
}

} // namespace harness
