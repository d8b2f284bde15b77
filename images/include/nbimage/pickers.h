// Pixel pickers: which pixels are worth tracing, and what a traced pixel is in its image.
//
//   brightest:N    the N brightest local maxima (local_maxima.h) of an image, above the signal
//                  floor (fraction of its max |value|, 1e-6 by default, as in metrics.h)
//   worst:N        the N pixels with the largest relative difference |b - a| / |a| between two
//                  images among A's signal pixels (|a| >= floor, a != 0; metrics.h's definition)
//   thread-first   the pixel holding each OpenMP thread's first pass in the C program's loop (the
//                  pixel where C-PARITY-001 keeps phi = 0), as nbsim::first_pass_pixels computes it
//
// Ties are broken in row-major order everywhere.
#pragma once

#include "nbimage/image.h"
#include "nbimage/local_maxima.h"

#include "nbsim/enums.h"
#include "nbsim/experiment.h"

#include <optional>
#include <string>
#include <vector>

namespace nbimage {

// A --pick value: "brightest:N", "worst:N" or "thread-first".
struct PickerSpec {
    enum class Kind { brightest, worst, thread_first };
    Kind kind = Kind::brightest;
    int count = 0; // brightest, worst
    std::string to_string() const;
};
// std::invalid_argument naming the text and the accepted forms.
PickerSpec parse_picker(const std::string& text);

std::vector<PixelValue> pick_brightest(const Image& image, const nbtrace::Region& region, int count,
                                       double floor_fraction = 1e-6);

struct RelativeDifference {
    nbtrace::Pixel pixel;
    double a = 0, b = 0;
    double relative = 0; // |b - a| / |a|
};
// `signal_floor` is absolute (e.g. ImageMetrics::relative.floor).
std::vector<RelativeDifference> pick_worst(const Image& a, const Image& b,
                                           const nbtrace::Region& region, int count,
                                           double signal_floor);
// The floor metrics.h uses: fraction * max |a| over the region.
double signal_floor_of(const Image& image, const nbtrace::Region& region, double fraction = 1e-6);

// Forwards to nbsim::first_pass_pixels: the detector, its mask and -dmin come from `ex`.
std::vector<nbtrace::Pixel> pick_thread_first(const nbsim::Experiment& ex, nbsim::Schedule schedule,
                                              int threads);
// For a detector of `detector` pixels with no mask and no -dmin cut, when `schedule_region`
// (the ROI the C program runs, or the full frame) is looped over by `threads` threads.
std::vector<nbtrace::Pixel> pick_thread_first(Shape detector,
                                              const nbtrace::Region& schedule_region, int threads);

struct PixelRank {
    nbtrace::Pixel pixel;
    double value = 0;
    long rank = 0;   // 1 + the number of region pixels with a larger value (ties share a rank);
                     // 0 for a NaN or infinite value
    long pixels = 0; // finite pixels in the region
};
// std::invalid_argument when the pixel lies outside the region.
PixelRank value_and_rank(const Image& image, const nbtrace::Region& region, nbtrace::Pixel pixel);

// The nearest local maximum above the signal floor (fraction * max |value| of the region), or
// nullopt when the region has none.
std::optional<NearestMaximum> nearest_local_maximum(const Image& image,
                                                    const nbtrace::Region& region,
                                                    nbtrace::Pixel pixel,
                                                    double floor_fraction = 1e-6);

} // namespace nbimage
