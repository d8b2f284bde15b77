#include "axis_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nbimage::detail {

Ticks nice_ticks(double lo, double hi, int target, bool integers) {
    Ticks t;
    if (!(hi >= lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return t;
    if (hi == lo) {
        t.values = {lo};
        return t;
    }
    const double raw = (hi - lo) / std::max(target, 1);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    t.step = 10 * p;
    for (double m : {1.0, 2.0, 5.0})
        if (m * p >= raw) {
            t.step = m * p;
            break;
        }
    if (integers)
        t.step = std::max(t.step, 1.0);
    // a span below the resolution of its values (lo = 1e10, hi = lo + 1e-6): no step between
    // them is representable, so the ends are the ticks (x += step would never advance)
    if (t.step <= std::max(std::fabs(lo), std::fabs(hi)) * 1e-12) {
        t.values = {lo, hi};
        return t;
    }
    const double start = std::ceil(lo / t.step) * t.step;
    const long n = std::min(1000L, static_cast<long>(std::floor((hi - start) / t.step + 1e-9)));
    for (long i = 0; i <= n; ++i) {
        const double x = start + static_cast<double>(i) * t.step;
        t.values.push_back(std::fabs(x) < t.step * 1e-9 ? 0.0 : x);
    }
    return t;
}

std::string tick_label(double v, double step) {
    char buf[40];
    const double magnitude = std::max(std::fabs(v), step);
    if (magnitude >= 1e6 || step < 1e-4) {
        // significant digits enough to separate v from v + step
        const int digits = std::clamp(
            static_cast<int>(std::floor(std::log10(magnitude)) - std::floor(std::log10(step))), 0,
            12);
        std::snprintf(buf, sizeof buf, "%.*e", digits, v);
    } else {
        const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    }
    return buf;
}

std::string short_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

} // namespace nbimage::detail
