#include "nbimage/peak_matching.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace nbimage {

PeakMatching match_peaks(const std::vector<PixelValue>& a, const std::vector<PixelValue>& b,
                         double radius) {
    std::vector<PeakPair> candidates;
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) {
            const double ds = a[i].pixel.slow - b[j].pixel.slow;
            const double df = a[i].pixel.fast - b[j].pixel.fast;
            const double d = std::sqrt(ds * ds + df * df);
            if (d <= radius)
                candidates.push_back({static_cast<int>(i), static_cast<int>(j), d});
        }
    std::sort(candidates.begin(), candidates.end(), [](const PeakPair& x, const PeakPair& y) {
        return std::tie(x.distance, x.a, x.b) < std::tie(y.distance, y.a, y.b);
    });
    PeakMatching m;
    std::vector<bool> used_a(a.size()), used_b(b.size());
    for (const PeakPair& c : candidates) {
        if (used_a[static_cast<std::size_t>(c.a)] || used_b[static_cast<std::size_t>(c.b)])
            continue;
        used_a[static_cast<std::size_t>(c.a)] = used_b[static_cast<std::size_t>(c.b)] = true;
        m.pairs.push_back(c);
    }
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!used_a[i])
            m.unmatched_a.push_back(static_cast<int>(i));
    for (std::size_t j = 0; j < b.size(); ++j)
        if (!used_b[j])
            m.unmatched_b.push_back(static_cast<int>(j));
    if (!m.pairs.empty()) {
        double sum = 0, max = 0;
        for (const PeakPair& p : m.pairs) {
            sum += p.distance;
            max = std::max(max, p.distance);
        }
        m.mean_distance = sum / static_cast<double>(m.pairs.size());
        m.max_distance = max;
    }
    return m;
}

} // namespace nbimage
