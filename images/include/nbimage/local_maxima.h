// Local maxima: the peak finder behind peak matching, the brightest:N picker and "nearest local
// maximum".
//
// A pixel p of the region is a local maximum when
//   * its value v is finite, v > 0 and v >= min_value, and
//   * it beats each of its (up to 8) neighbours q inside the region whose value w is finite:
//     v > w, or v == w and p comes first in row-major order (smaller slow, then smaller fast),
//   * and it is strictly greater than at least one of them (when it has any).
// The tie rule makes a flat top of equal values yield its first pixel, not all of them; the last
// rule keeps a flat background (every neighbour equal) from yielding peaks.
// Neighbours outside the region (or the image) are not looked at, so a peak cut by a ROI edge
// still counts, at the edge.
#pragma once

#include "nbimage/image.h"

#include <optional>
#include <vector>

namespace nbimage {

struct PixelValue {
    nbtrace::Pixel pixel;
    double value = 0;
};

// Every local maximum of the region, brightest first (equal values: row-major order).
std::vector<PixelValue> local_maxima(const Image& image, const nbtrace::Region& region,
                                     double min_value);

// The `count` brightest of them (all when there are fewer).
std::vector<PixelValue> brightest_local_maxima(const Image& image, const nbtrace::Region& region,
                                               double min_value, int count);

struct NearestMaximum {
    PixelValue maximum;
    double distance = 0; // Euclidean, in pixels
};

// Of `maxima`, the one nearest to `pixel` (equal distances: the brighter, then the first in
// `maxima`); nullopt when `maxima` is empty.
std::optional<NearestMaximum> nearest_of(const std::vector<PixelValue>& maxima,
                                         nbtrace::Pixel pixel);

} // namespace nbimage
