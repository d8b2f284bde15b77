// Metrics of two images over a region (the full frame or a ROI), nb_compare's and more.
//
// A is the reference, B the image compared with it; delta = B - A. Over the region's N pixels
// (pixels where A or B is not finite are counted, named and left out of everything else):
//
//   pearson        sum (a - mean a)(b - mean b) / sqrt(sum (a - mean a)^2 * sum (b - mean b)^2);
//                  none when either image is constant over the region
//   mse, rmse      mean of delta^2, and its square root
//   max_abs_delta  largest |delta| and its pixel (first in row-major order on ties)
//   maxima         each image's largest value and its pixel (first in row-major order)
//   sums           sum a, sum b; sum_ratio = sum b / sum a only when |sum a| >= min_signal_sum
//                  (default 1, a photon for nanoBragg images): the ratio of two near-zero sums
//                  says nothing and is withheld, with the reason
//   relative error |delta| / |a| over the signal pixels: |a| >= signal floor and a != 0, where
//                  signal floor = signal_floor_fraction (default 1e-6, the ROI pixel test's floor
//                  in trace_harness run) * max |a| over the region, or an absolute value given;
//                  percentiles 50, 90, 99, 99.9 with numpy's default ("linear") definition:
//                  sorted x, h = (q / 100) * (n - 1), x[floor h] + (h - floor h) * (next - x[floor
//                  h]); and the largest with its pixel
//   peaks          the peak_count brightest local maxima (local_maxima.h) of each image with
//                  value >= that image's own signal floor (signal_floor_fraction * its max |value|,
//                  or the absolute floor), matched one-to-one within match_radius pixels
//                  (peak_matching.h): pairs, mean and max distance, unmatched peaks of each
//
// Sums run per row, then over rows, in a fixed order, so results do not depend on the thread
// count; they agree with numpy (float64) to ~1e-15 relative.
#pragma once

#include "nbimage/image.h"
#include "nbimage/local_maxima.h"
#include "nbimage/peak_matching.h"

#include <optional>
#include <string>
#include <vector>

namespace nbimage {

struct MetricsOptions {
    double signal_floor_fraction = 1e-6;
    std::optional<double> signal_floor; // absolute; replaces the fraction when given
    double min_signal_sum = 1.0;
    int peak_count = 10;
    double match_radius = 2.0; // pixels

    // False (and *error says why) for a negative or non-finite value or peak_count < 0.
    bool is_valid(std::string* error) const;
};

struct PixelPair {
    nbtrace::Pixel pixel;
    double a = 0, b = 0;
};

struct RelativeErrors {
    double floor = 0; // the signal floor used
    long signal_pixels = 0;
    // percentiles 50, 90, 99, 99.9 and max; none without signal pixels
    std::optional<double> p50, p90, p99, p999, max;
    std::optional<PixelPair> max_pixel;
};

struct PeakSummary {
    double floor_a = 0, floor_b = 0; // each image's floor for candidate peaks
    std::vector<PixelValue> a, b;    // brightest first
    PeakMatching matching;
};

struct ImageMetrics {
    Shape shape;
    nbtrace::Region region;
    long pixels = 0;           // in the region
    long nonfinite_pixels = 0; // where A or B is NaN or infinite (left out)
    std::optional<nbtrace::Pixel> first_nonfinite;
    long compared_pixels = 0; // pixels - nonfinite_pixels

    std::optional<double> pearson;
    std::optional<double> mse, rmse;
    std::optional<PixelPair> max_abs_delta; // delta = b - a
    std::optional<PixelValue> max_a, max_b;

    double sum_a = 0, sum_b = 0;
    double min_signal_sum = 0;
    std::optional<double> sum_ratio; // sum_b / sum_a
    std::string sum_ratio_withheld;  // why sum_ratio is absent

    double signal_floor_fraction = 0;
    bool signal_floor_given = false; // absolute floor given instead of the fraction
    RelativeErrors relative;
    PeakSummary peaks;
    int peak_count = 0;
    double match_radius = 0;
};

// A and B must have the same shape and the region must lie in it (std::invalid_argument).
ImageMetrics compute_metrics(const Image& a, const Image& b, const nbtrace::Region& region,
                             const MetricsOptions& options = {});

// numpy's default ("linear") percentile of `values` (reordered in place); q in [0, 100].
double linear_percentile(std::vector<double>& values, double q);

} // namespace nbimage
