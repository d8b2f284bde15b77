#include "compare/roi_compare.h"

#include <cmath>

namespace harness {

RoiComparison compare_roi(const std::vector<float>& reference, const std::vector<float>& simulator,
                          int fast_pixels, const nbtrace::Region& roi, double rtol,
                          double floor_fraction) {
    RoiComparison c;
    c.roi = roi;
    c.rtol = rtol;
    c.floor_fraction = floor_fraction;
    auto each = [&](auto&& f) {
        for (int s = roi.slow_min; s <= roi.slow_max; ++s)
            for (int fp = roi.fast_min; fp <= roi.fast_max; ++fp) {
                const std::size_t i = static_cast<std::size_t>(s) * fast_pixels + fp;
                f(s, fp, static_cast<double>(reference[i]), static_cast<double>(simulator[i]));
            }
    };
    double sr = 0, ss = 0;
    each([&](int, int, double r, double m) {
        ++c.pixels;
        c.ref_max = std::max(c.ref_max, std::fabs(r));
        c.sim_max = std::max(c.sim_max, std::fabs(m));
        sr += r;
        ss += m;
    });
    c.ref_sum = sr;
    c.sim_sum = ss;
    c.sum_ratio = sr != 0 ? ss / sr : (ss == 0 ? 1 : INFINITY);
    c.floor = floor_fraction * c.ref_max;
    const double mr = c.pixels ? sr / c.pixels : 0, ms = c.pixels ? ss / c.pixels : 0;
    double cov = 0, vr = 0, vs = 0;
    each([&](int s, int f, double r, double m) {
        const double d = std::fabs(m - r);
        if (d > c.max_abs.value || c.max_abs.slow < 0)
            c.max_abs = {s, f, r, m, d};
        if (std::fabs(r) >= c.floor && r != 0) {
            const double rel = d / std::fabs(r);
            if (rel > c.max_rel.value || c.max_rel.slow < 0)
                c.max_rel = {s, f, r, m, rel};
        }
        if (!(d <= rtol * std::max(std::fabs(r), c.floor))) { // NaN fails too
            if (c.failing_pixels++ == 0)
                c.first_failing = {s, f, r, m, d};
        }
        cov += (r - mr) * (m - ms);
        vr += (r - mr) * (r - mr);
        vs += (m - ms) * (m - ms);
    });
    // constant images: correlation is 1 when they are identical, else undefined (0)
    c.pearson = vr > 0 && vs > 0 ? cov / std::sqrt(vr * vs) : (c.max_abs.value == 0 ? 1 : 0);
    c.passed = c.pixels > 0 && c.failing_pixels == 0;
    return c;
}

} // namespace harness
