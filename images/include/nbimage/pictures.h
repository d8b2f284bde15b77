// PNG heatmaps of a comparison: A, B, delta = B - A and the relative difference |B - A| / |A|,
// each on a linear and a log scale, with a colour bar and its scale, axes labelled slow (down)
// and fast (right) in detector pixel indices, and chosen pixels marked.
//
// Scales (A and B share theirs, so that equal colours are equal values):
//   A, B linear        [min(0, min of A and B), max of A and B], sequential colours
//   A, B log           log10 of the value over [log10 max - log_decades, log10 max]; values at
//                      or below the bottom (zero, negative) get the bottom colour
//   delta linear       B - A over [-max |B - A|, +max |B - A|], diverging colours (white = 0)
//   delta log          log10 |B - A|, log_decades down from its maximum
//   relative linear    |B - A| / |A| over [0, its max], on A's signal pixels (|A| >= signal floor,
//                      metrics.h); other pixels grey
//   relative log       log10 of it, log_decades down from its maximum
// A region larger than max_plot_pixels on a side is shown in square blocks of k x k detector
// pixels, each drawn with its value of largest magnitude (a one-pixel Bragg spot stays visible);
// a small region is enlarged by a whole factor so that each pixel is a visible square.
#pragma once

#include "nbimage/image.h"

#include <optional>
#include <string>
#include <vector>

namespace nbimage {

enum class Scale { linear, log };
enum class PictureKind { a, b, delta, relative };

struct PixelMark {
    nbtrace::Pixel pixel;
    std::string label; // written next to the ring, e.g. "1" or "max|B-A|"
};

struct PictureOptions {
    std::string name_a = "A", name_b = "B"; // in the titles
    std::vector<PixelMark> marks;
    int max_plot_pixels = 1000; // longest side of the plot area
    double signal_floor_fraction = 1e-6;
    std::optional<double> signal_floor; // absolute; replaces the fraction
    double log_decades = 6;
};

struct Picture {
    std::string file_name; // e.g. "delta_linear.png"
    std::string caption;   // one line saying what it shows
    std::string png;       // the file's bytes
};

// One heatmap. A and B must have the same shape and contain the region (std::invalid_argument).
Picture heatmap(const Image& a, const Image& b, const nbtrace::Region& region, PictureKind kind,
                Scale scale, const PictureOptions& options = {});

// All eight, in the order a, b, delta, relative, each linear then log; file names
// {a,b,delta,relative}_{linear,log}.png.
std::vector<Picture> comparison_pictures(const Image& a, const Image& b,
                                         const nbtrace::Region& region,
                                         const PictureOptions& options = {});

} // namespace nbimage
