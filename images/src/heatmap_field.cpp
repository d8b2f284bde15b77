#include "heatmap_field.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nbimage::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMinPlotPixels = 400; // small regions are enlarged to about this size

struct Range {
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    double max_abs = 0;
    bool any() const { return min <= max; }
    void add(double v) {
        min = std::min(min, v);
        max = std::max(max, v);
        max_abs = std::max(max_abs, std::fabs(v));
    }
    void add(const Range& r) {
        min = std::min(min, r.min);
        max = std::max(max, r.max);
        max_abs = std::max(max_abs, r.max_abs);
    }
};

// One cell row of one kind (a template, so the kind's formula is chosen once, not per pixel).
template <PictureKind Kind>
void fill_cell_row(const Image& a, const Image& b, const nbtrace::Region& region, double floor,
                   const PlotGrid& g, int cr, double* cells, Range& range) {
    const int s0 = region.slow_min + cr * g.block;
    const int s1 = std::min(region.slow_max, s0 + g.block - 1);
    for (int s = s0; s <= s1; ++s) {
        const double *ra = a.row(s), *rb = b.row(s);
        for (int cc = 0, f = region.fast_min; cc < g.cell_cols; ++cc) {
            const int f_end = std::min(region.fast_max, f + g.block - 1);
            double& cell = cells[cc];
            for (; f <= f_end; ++f) {
                const double v = kind_value(Kind, ra[f], rb[f], floor);
                if (std::isnan(v))
                    continue;
                range.add(v);
                if (!(std::fabs(v) <= std::fabs(cell))) // NaN cell: taken
                    cell = v;
            }
        }
    }
}

} // namespace

PlotGrid plot_grid(int rows, int cols, int max_plot_pixels) {
    PlotGrid g;
    const int longest = std::max({rows, cols, 1});
    const int limit = std::max(max_plot_pixels, 16);
    g.block = (longest + limit - 1) / limit;
    g.cell_rows = (rows + g.block - 1) / g.block;
    g.cell_cols = (cols + g.block - 1) / g.block;
    if (g.block == 1)
        g.zoom = std::max(1, std::min(kMinPlotPixels, limit) / longest);
    return g;
}

double kind_value(PictureKind kind, double a, double b, double signal_floor) {
    double v = kNaN;
    switch (kind) {
    case PictureKind::a:
        v = a;
        break;
    case PictureKind::b:
        v = b;
        break;
    case PictureKind::delta:
        v = b - a;
        break;
    case PictureKind::relative:
        if (a != 0 && std::fabs(a) >= signal_floor)
            v = std::fabs(b - a) / std::fabs(a);
        break;
    }
    return std::isfinite(v) ? v : kNaN;
}

Cells cells_of(const Image& a, const Image& b, const nbtrace::Region& region, PictureKind kind,
               double signal_floor, const PlotGrid& g) {
    Cells c;
    c.rows = g.cell_rows;
    c.cols = g.cell_cols;
    c.v.assign(static_cast<std::size_t>(c.rows) * c.cols, kNaN);
    std::vector<Range> ranges(static_cast<std::size_t>(c.rows));
    using Fill = void (*)(const Image&, const Image&, const nbtrace::Region&, double,
                          const PlotGrid&, int, double*, Range&);
    const Fill fill = kind == PictureKind::a       ? fill_cell_row<PictureKind::a>
                      : kind == PictureKind::b     ? fill_cell_row<PictureKind::b>
                      : kind == PictureKind::delta ? fill_cell_row<PictureKind::delta>
                                                   : fill_cell_row<PictureKind::relative>;
#pragma omp parallel for schedule(dynamic, 4)
    for (int cr = 0; cr < c.rows; ++cr)
        fill(a, b, region, signal_floor, g, cr,
             c.v.data() + static_cast<std::size_t>(cr) * static_cast<std::size_t>(c.cols),
             ranges[static_cast<std::size_t>(cr)]);
    Range all;
    for (const Range& r : ranges)
        all.add(r);
    c.any = all.any();
    c.min = c.any ? all.min : 0;
    c.max = c.any ? all.max : 0;
    c.max_abs = all.max_abs;
    return c;
}

double ColourScale::position(double value) const {
    if (std::isnan(value))
        return kNaN;
    double x = value;
    if (log) {
        const double v = magnitude ? std::fabs(value) : value;
        x = v > 0 ? std::log10(v) : lo;
    }
    return std::clamp((x - lo) / (hi - lo), 0.0, 1.0);
}

ColourScale colour_scale(const Cells& cells, const Cells* shared_with, PictureKind kind,
                         Scale scale, double log_decades) {
    ColourScale cs;
    cs.log = scale == Scale::log;
    cs.name = cs.log ? "log10" : "linear";
    double top = 0;
    if (kind == PictureKind::a || kind == PictureKind::b) {
        Range r;
        for (const Cells* c : {&cells, shared_with})
            if (c && c->any) {
                r.add(c->min);
                r.add(c->max);
            }
        if (!r.any())
            r.add(0.0);
        if (!cs.log) {
            cs.lo = std::min(0.0, r.min);
            cs.hi = r.max > cs.lo ? r.max : cs.lo + 1;
            return cs;
        }
        top = r.max;
    } else if (kind == PictureKind::delta && !cs.log) {
        const double m = cells.max_abs;
        cs.diverging = true;
        cs.lo = m > 0 ? -m : -1;
        cs.hi = m > 0 ? m : 1;
        return cs;
    } else {
        cs.magnitude = true;
        top = cells.max_abs;
        if (!cs.log) {
            cs.lo = 0;
            cs.hi = top > 0 ? top : 1;
            return cs;
        }
    }
    // log: decades down from the largest positive value (or magnitude)
    cs.hi = top > 0 ? std::log10(top) : 0;
    cs.lo = cs.hi - (log_decades > 0 ? log_decades : 6);
    return cs;
}

} // namespace nbimage::detail
