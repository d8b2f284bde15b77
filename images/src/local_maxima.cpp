#include "nbimage/local_maxima.h"

#include <algorithm>
#include <cmath>

namespace nbimage {

namespace {

// Brightest first; equal values in row-major order.
bool brighter(const PixelValue& x, const PixelValue& y) {
    if (x.value != y.value)
        return x.value > y.value;
    return x.pixel.slow != y.pixel.slow ? x.pixel.slow < y.pixel.slow : x.pixel.fast < y.pixel.fast;
}

bool is_local_maximum(const Image& image, const nbtrace::Region& r, int s, int f, double v) {
    const int s0 = std::max(s - 1, r.slow_min), s1 = std::min(s + 1, r.slow_max);
    const int f0 = std::max(f - 1, r.fast_min), f1 = std::min(f + 1, r.fast_max);
    bool neighbours = false, lower = false;
    for (int qs = s0; qs <= s1; ++qs) {
        const double* row = image.row(qs);
        for (int qf = f0; qf <= f1; ++qf) {
            if (qs == s && qf == f)
                continue;
            const double w = row[qf];
            if (!std::isfinite(w))
                continue;
            // a neighbour earlier in row-major order wins a tie
            const bool earlier = qs < s || (qs == s && qf < f);
            if (w > v || (w == v && earlier))
                return false;
            neighbours = true;
            lower = lower || w < v;
        }
    }
    return !neighbours || lower; // not inside a flat plateau
}

// Every local maximum, in row-major order.
std::vector<PixelValue> collect(const Image& image, const nbtrace::Region& region,
                                double min_value) {
    std::vector<PixelValue> out;
    if (region.empty())
        return out;
    const int rows = region.rows();
    std::vector<std::vector<PixelValue>> per_row(static_cast<std::size_t>(rows));
#pragma omp parallel for schedule(dynamic, 16)
    for (int i = 0; i < rows; ++i) {
        const int s = region.slow_min + i;
        const double* row = image.row(s);
        std::vector<PixelValue>& found = per_row[static_cast<std::size_t>(i)];
        for (int f = region.fast_min; f <= region.fast_max; ++f) {
            const double v = row[f];
            // most pixels fail here: below the floor, or beaten by the left or right neighbour
            if (!(v > 0 && v >= min_value) || !std::isfinite(v))
                continue;
            if ((f < region.fast_max && row[f + 1] > v) || (f > region.fast_min && row[f - 1] >= v))
                continue;
            if (is_local_maximum(image, region, s, f, v))
                found.push_back({{s, f}, v});
        }
    }
    for (const auto& found : per_row)
        out.insert(out.end(), found.begin(), found.end());
    return out;
}

} // namespace

std::vector<PixelValue> local_maxima(const Image& image, const nbtrace::Region& region,
                                     double min_value) {
    std::vector<PixelValue> all = collect(image, region, min_value);
    std::sort(all.begin(), all.end(), brighter);
    return all;
}

std::vector<PixelValue> brightest_local_maxima(const Image& image, const nbtrace::Region& region,
                                               double min_value, int count) {
    std::vector<PixelValue> all = collect(image, region, min_value);
    const std::size_t n = std::min(all.size(), static_cast<std::size_t>(std::max(count, 0)));
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                      brighter);
    all.resize(n);
    return all;
}

std::optional<NearestMaximum> nearest_of(const std::vector<PixelValue>& maxima,
                                         nbtrace::Pixel pixel) {
    std::optional<NearestMaximum> best;
    for (const PixelValue& m : maxima) {
        const double ds = m.pixel.slow - pixel.slow, df = m.pixel.fast - pixel.fast;
        const double d = std::sqrt(ds * ds + df * df);
        if (!best || d < best->distance || (d == best->distance && m.value > best->maximum.value))
            best = NearestMaximum{m, d};
    }
    return best;
}

} // namespace nbimage
