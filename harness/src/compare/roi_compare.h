// Comparing the two engines' images over a ROI.
//
// Pixel test: |sim - ref| <= rtol * max(|ref|, floor), floor = floor_fraction * max|ref| over the
// ROI. Above the floor this is the trace diff's relative test; below it, weak pixels (the tails
// between Bragg peaks, where a relative error of an almost-zero value means nothing) are held to
// the same absolute error a floor-sized pixel may have.
#pragma once

#include "nbtrace/region.h"

#include <vector>

namespace harness {

struct PixelDelta {
    int slow = -1, fast = -1;
    double reference = 0, simulator = 0, value = 0;
};

struct RoiComparison {
    nbtrace::Region roi;
    long pixels = 0;
    double floor_fraction = 1e-6;
    double floor = 0; // floor_fraction * max |ref|
    double rtol = 0;
    double ref_max = 0, sim_max = 0;
    PixelDelta max_abs; // largest |sim - ref|
    PixelDelta max_rel; // largest |sim - ref| / |ref| among pixels with |ref| >= floor
    long failing_pixels = 0;
    PixelDelta first_failing; // in row-major order
    double pearson = 0;       // correlation of the two images over the ROI (1 when identical)
    double ref_sum = 0, sim_sum = 0, sum_ratio = 0; // sim_sum / ref_sum
    bool passed = false;
};

// Images are full-detector arrays (slow-major, `fast_pixels` wide).
RoiComparison compare_roi(const std::vector<float>& reference, const std::vector<float>& simulator,
                          int fast_pixels, const nbtrace::Region& roi, double rtol,
                          double floor_fraction = 1e-6);

} // namespace harness
