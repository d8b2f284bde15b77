// Heatmap pictures: title, plot with slow/fast axes, colour bar, marks.
//
//   +---------------------------------------------------------+
//   | title (what, which scale)                               |
//   | detail (region, shape, block size)                      |
//   |  s |  plot (slow down, fast right)         | | bar | ticks|
//   |  l |                                       | |     |      |
//   |  o |                                       | |     |      |
//   |    +---------------------------------------+               |
//   |      fast ticks, "fast"                      scale name    |
//   +---------------------------------------------------------+
#include "nbimage/pictures.h"

#include "axis_ticks.h"
#include "canvas.h"
#include "colormap.h"
#include "heatmap_field.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nbimage {

using namespace detail;

namespace {

constexpr int kFont = 2;      // canvas pixels per font pixel
constexpr int kTick = 5;      // tick length
constexpr int kGap = 7;       // between a tick and its label
constexpr int kPad = 10;      // outer margin
constexpr int kBarWidth = 22; // colour bar
constexpr Rgb kMark{0, 230, 255};

int line_height(int scale) {
    return Canvas::text_height(scale) + 4 * scale;
}

std::string kind_title(PictureKind kind, Scale scale, const PictureOptions& o) {
    const std::string a = o.name_a, b = o.name_b;
    const bool log = scale == Scale::log;
    switch (kind) {
    case PictureKind::a:
        return "A = " + a + (log ? "  (log10)" : "  (linear)");
    case PictureKind::b:
        return "B = " + b + (log ? "  (log10)" : "  (linear)");
    case PictureKind::delta:
        return log ? "|B - A|  (log10)" : "B - A  (linear, white = 0)";
    case PictureKind::relative:
        return std::string("|B - A| / |A| on A's signal pixels") +
               (log ? "  (log10)" : "  (linear)");
    }
    return "";
}

const char* kind_file(PictureKind kind) {
    switch (kind) {
    case PictureKind::a:
        return "a";
    case PictureKind::b:
        return "b";
    case PictureKind::delta:
        return "delta";
    case PictureKind::relative:
        return "relative_delta";
    }
    return "";
}

std::string bar_label(double v, double step, bool log) {
    return log ? short_number(std::pow(10.0, v)) : tick_label(v, step);
}

struct Layout {
    int left = 0, top = 0, width = 0, height = 0;
};

// Axis ticks at detector pixel indices [first, last], placed at the cell holding each index.
void draw_axes(Canvas& cv, const Layout& plot, const nbtrace::Region& region, const PlotGrid& g) {
    const Rgb ink = kBlack;
    cv.rect(plot.left - 1, plot.top - 1, plot.left + plot.width, plot.top + plot.height, ink);
    auto x_of = [&](double fast) {
        return plot.left + ((fast - region.fast_min) / g.block + 0.5 / g.block) * g.zoom;
    };
    auto y_of = [&](double slow) {
        return plot.top + ((slow - region.slow_min) / g.block + 0.5 / g.block) * g.zoom;
    };
    const int y_axis = plot.top + plot.height;
    for (double t : nice_ticks(region.fast_min, region.fast_max, 6, true).values) {
        const int x = static_cast<int>(std::lround(x_of(t)));
        cv.line(x, y_axis, x, y_axis + kTick, ink, 2);
        const std::string s = tick_label(t, 1);
        cv.text(x - Canvas::text_width(s, kFont) / 2, y_axis + kTick + kGap, s, ink, kFont);
    }
    const std::string fast = "fast ->";
    cv.text(plot.left + (plot.width - Canvas::text_width(fast, kFont)) / 2,
            y_axis + kTick + kGap + line_height(kFont), fast, ink, kFont);
    int widest = 0;
    for (double t : nice_ticks(region.slow_min, region.slow_max, 6, true).values) {
        const int y = static_cast<int>(std::lround(y_of(t)));
        cv.line(plot.left - 1 - kTick, y, plot.left - 2, y, ink, 2);
        const std::string s = tick_label(t, 1);
        widest = std::max(widest, Canvas::text_width(s, kFont));
        cv.text(plot.left - kTick - kGap - Canvas::text_width(s, kFont),
                y - Canvas::text_height(kFont) / 2, s, ink, kFont);
    }
    const std::string slow = "<- slow";
    cv.text_up(plot.left - kTick - kGap - widest - 6 - Canvas::text_height(kFont),
               plot.top + (plot.height - Canvas::text_width(slow, kFont)) / 2, slow, ink, kFont);
}

void draw_colour_bar(Canvas& cv, const Layout& plot, const ColourScale& cs) {
    const int x0 = plot.left + plot.width + 16, x1 = x0 + kBarWidth - 1;
    const int y0 = plot.top, y1 = plot.top + plot.height - 1;
    for (int y = y0; y <= y1; ++y) {
        const double t = 1.0 - static_cast<double>(y - y0) / std::max(1, y1 - y0);
        cv.line(x0, y, x1, y, cs.diverging ? diverging(t) : sequential(t));
    }
    cv.rect(x0 - 1, y0 - 1, x1 + 1, y1 + 1, kBlack);
    const Ticks ticks = nice_ticks(cs.lo, cs.hi, 6, cs.log);
    for (double v : ticks.values) {
        const int y = static_cast<int>(std::lround(y1 - (v - cs.lo) / (cs.hi - cs.lo) * (y1 - y0)));
        cv.line(x1 + 1, y, x1 + kTick, y, kBlack, 2);
        cv.text(x1 + kTick + kGap, y - Canvas::text_height(kFont) / 2,
                bar_label(v, ticks.step, cs.log), kBlack, kFont);
    }
    cv.text(x0, y1 + 8, cs.name, kBlack, kFont);
}

void draw_marks(Canvas& cv, const Layout& plot, const nbtrace::Region& region, const PlotGrid& g,
                const std::vector<PixelMark>& marks) {
    for (const PixelMark& m : marks) {
        if (!region.contains(m.pixel))
            continue;
        const double x = plot.left + ((m.pixel.fast - region.fast_min) / g.block + 0.5) * g.zoom;
        const double y = plot.top + ((m.pixel.slow - region.slow_min) / g.block + 0.5) * g.zoom;
        const double r = std::max(10.0, 1.6 * g.zoom); // the pixel itself stays visible inside
        cv.circle(x, y, r + 2, kBlack, 1);
        cv.circle(x, y, r, kMark, 2);
        const int tx = static_cast<int>(x + r + 4), ty = static_cast<int>(y - r - 12);
        cv.text(tx + 1, ty + 1, m.label, kBlack, kFont);
        cv.text(tx, ty, m.label, kMark, kFont);
    }
}

// The signal floor of the relative-delta pictures: metrics.h's, from A over the region.
double signal_floor(const Image& a, const nbtrace::Region& region, const PictureOptions& o) {
    if (o.signal_floor)
        return *o.signal_floor;
    double max_abs_a = 0;
    for (int s = region.slow_min; s <= region.slow_max; ++s) {
        const double* row = a.row(s);
        for (int f = region.fast_min; f <= region.fast_max; ++f)
            if (std::isfinite(row[f]))
                max_abs_a = std::max(max_abs_a, std::fabs(row[f]));
    }
    return o.signal_floor_fraction * max_abs_a;
}

void check_inputs(const Image& a, const Image& b, const nbtrace::Region& region) {
    if (a.shape() != b.shape() || !region_within(region, a.shape()))
        throw std::invalid_argument("pictures: images of different shapes, or the region " +
                                    region.to_string() + " outside " + a.shape().to_string());
}

Picture render(const Cells& cells, const ColourScale& cs, const PlotGrid& g,
               const nbtrace::Region& region, Shape shape, PictureKind kind, Scale scale,
               double floor, const PictureOptions& o) {
    const std::string title = kind_title(kind, scale, o);
    std::string detail = "region " + region.to_string() + " of " + shape.to_string();
    if (g.block > 1)
        detail += "; each plot pixel = " + std::to_string(g.block) + " x " +
                  std::to_string(g.block) + " detector pixels (largest |value|)";
    if (kind == PictureKind::relative)
        detail += "; grey = |A| below the signal floor " + short_number(floor);

    const int label_w =
        Canvas::text_width(tick_label(std::max(region.slow_max, region.fast_max), 1), kFont);
    Layout plot;
    plot.left = kPad + Canvas::text_height(kFont) + 6 + label_w + kTick + kGap + 2;
    plot.top = kPad + line_height(kFont) + line_height(1) + 8;
    plot.width = g.width();
    plot.height = g.height();
    const int bar_labels = std::max(Canvas::text_width("-0.000e-00", kFont) + kTick + kGap,
                                    Canvas::text_width(cs.name, kFont) - kBarWidth);
    int width = plot.left + plot.width + 16 + kBarWidth + bar_labels + kPad;
    width = std::max({width, kPad * 2 + Canvas::text_width(title, kFont),
                      kPad * 2 + Canvas::text_width(detail, 1)});
    const int height = plot.top + plot.height + kTick + kGap + 2 * line_height(kFont) + kPad;

    Canvas cv(width, height);
    cv.text(kPad, kPad, title, kBlack, kFont);
    cv.text(kPad, kPad + line_height(kFont), detail, kBlack, 1);
    for (int r = 0; r < cells.rows; ++r)
        for (int c = 0; c < cells.cols; ++c) {
            const double t = cs.position(cells.at(r, c));
            const Rgb colour =
                std::isnan(t) ? kNoValue : (cs.diverging ? diverging(t) : sequential(t));
            cv.fill_rect(plot.left + c * g.zoom, plot.top + r * g.zoom,
                         plot.left + (c + 1) * g.zoom - 1, plot.top + (r + 1) * g.zoom - 1, colour);
        }
    draw_axes(cv, plot, region, g);
    draw_colour_bar(cv, plot, cs);
    draw_marks(cv, plot, region, g, o.marks);

    Picture p;
    p.file_name = std::string(kind_file(kind)) + (scale == Scale::log ? "_log.png" : "_linear.png");
    p.caption = title + "; " + detail;
    p.png = encode_png(cv);
    return p;
}

} // namespace

Picture heatmap(const Image& a, const Image& b, const nbtrace::Region& region, PictureKind kind,
                Scale scale, const PictureOptions& o) {
    check_inputs(a, b, region);
    const double floor = signal_floor(a, region, o);
    const PlotGrid g = plot_grid(region.rows(), region.columns(), o.max_plot_pixels);
    const Cells cells = cells_of(a, b, region, kind, floor, g);
    Cells other;
    if (kind == PictureKind::a || kind == PictureKind::b)
        other = cells_of(a, b, region, kind == PictureKind::a ? PictureKind::b : PictureKind::a,
                         floor, g);
    const ColourScale cs = colour_scale(cells, &other, kind, scale, o.log_decades);
    return render(cells, cs, g, region, a.shape(), kind, scale, floor, o);
}

std::vector<Picture> comparison_pictures(const Image& a, const Image& b,
                                         const nbtrace::Region& region, const PictureOptions& o) {
    check_inputs(a, b, region);
    const double floor = signal_floor(a, region, o);
    const PlotGrid g = plot_grid(region.rows(), region.columns(), o.max_plot_pixels);
    const PictureKind kinds[] = {PictureKind::a, PictureKind::b, PictureKind::delta,
                                 PictureKind::relative};
    std::vector<Cells> cells;
    for (PictureKind kind : kinds)
        cells.push_back(cells_of(a, b, region, kind, floor, g));
    std::vector<Picture> out;
    for (std::size_t i = 0; i < 4; ++i)
        for (Scale scale : {Scale::linear, Scale::log}) {
            const Cells* shared = i == 0 ? &cells[1] : i == 1 ? &cells[0] : nullptr;
            const ColourScale cs = colour_scale(cells[i], shared, kinds[i], scale, o.log_decades);
            out.push_back(render(cells[i], cs, g, region, a.shape(), kinds[i], scale, floor, o));
        }
    return out;
}

} // namespace nbimage
