// What a chosen (traced) pixel is in two images: its value on each side, its rank in each image,
// the nearest local maximum of each, and its relative difference.
//
// Rank: 1 + the number of region pixels with a larger value (pickers.h). Nearest local maximum:
// among local maxima above the signal floor (local_maxima.h; floor = fraction * max |value| of
// that image over the region), the nearest by Euclidean distance. A pixel with rank 4,000,000 and
// a maximum 3 pixels away is background next to a peak -- worth knowing before tracing it.
#pragma once

#include "nbimage/image.h"
#include "nbimage/local_maxima.h"
#include "nbimage/pickers.h"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nbimage {

struct PixelSide {
    PixelRank rank;
    std::optional<NearestMaximum> nearest_maximum;
};

struct PixelReport {
    nbtrace::Pixel pixel;
    std::string source; // how it was chosen: "given", "brightest:3", "worst:3", "thread-first"
    PixelSide a, b;
    std::optional<double> relative; // |b - a| / |a|; none when a is 0 or not finite
};

// Computes the local maxima of both images once, then reports any number of pixels.
class PixelReporter {
  public:
    PixelReporter(const Image& a, const Image& b, const nbtrace::Region& region,
                  double floor_fraction = 1e-6);
    // std::invalid_argument when the pixel is outside the region.
    PixelReport report(nbtrace::Pixel pixel, const std::string& source) const;

  private:
    const Image& a_;
    const Image& b_;
    nbtrace::Region region_;
    std::vector<PixelValue> maxima_a_, maxima_b_;
};

boost::json::object pixel_report_json(const PixelReport& r);
// "(slow 685, fast 1039) [given]: A 2.88e-07 (rank 4123456 of 6223401; nearest local maximum
// 12.3 at (slow 690, fast 1041), 5.4 px), B ..."
std::string describe(const PixelReport& r);

} // namespace nbimage
