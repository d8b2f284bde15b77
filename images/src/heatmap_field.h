// What a heatmap draws, before colours: the values of one picture kind over the region, reduced
// or enlarged to the plot size, and the colour scale that maps them (internal).
#pragma once

#include "nbimage/pictures.h"

#include <string>
#include <vector>

namespace nbimage::detail {

// Plot geometry: `block` x `block` detector pixels per cell, each cell `zoom` x `zoom` plot pixels.
struct PlotGrid {
    int block = 1, zoom = 1;
    int cell_rows = 0, cell_cols = 0;
    int width() const { return cell_cols * zoom; }
    int height() const { return cell_rows * zoom; }
};
PlotGrid plot_grid(int rows, int cols, int max_plot_pixels);

// The value of a picture kind at one pixel: a, b, b - a, or |b - a| / |a| when a is a signal
// pixel (a != 0, |a| >= signal_floor); NaN when there is none (not finite, not signal).
double kind_value(PictureKind kind, double a, double b, double signal_floor);

// The cells of one kind: each holds the value of largest magnitude in its block (NaN when the
// block has none), so that a one-pixel spot survives the reduction. min, max and max_abs are
// over every finite value of the region (not only the cells); NaN / 0 when there is none.
struct Cells {
    int rows = 0, cols = 0;
    std::vector<double> v; // rows x cols, row-major
    double min = 0, max = 0, max_abs = 0;
    bool any = false; // the region has a finite value
    double at(int r, int c) const { return v[static_cast<std::size_t>(r) * cols + c]; }
};
Cells cells_of(const Image& a, const Image& b, const nbtrace::Region& region, PictureKind kind,
               double signal_floor, const PlotGrid& g);

struct ColourScale {
    bool diverging = false;
    bool log = false;       // positions are of log10 of the value
    bool magnitude = false; // log of |value| (delta, relative); else values <= 0 are the bottom
    double lo = 0, hi = 1;
    std::string name; // "linear", "log10"
    // t in [0, 1] for a cell value, NaN when the value has no colour (NaN cell)
    double position(double value) const;
};

// `shared_with`: for A and B, the other image's cells, whose range the scale also covers.
ColourScale colour_scale(const Cells& cells, const Cells* shared_with, PictureKind kind,
                         Scale scale, double log_decades);

} // namespace nbimage::detail
