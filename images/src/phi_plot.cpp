// Layout: title and legend on top, then four panels (h, k, l, contribution) one above the other,
// each with its own y range and ticks; the x axis (phi step) is labelled under the last panel.
#include "nbimage/phi_plot.h"

#include "axis_ticks.h"
#include "canvas.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>

namespace nbimage {

using namespace detail;

namespace {

constexpr int kFont = 2;
constexpr int kPad = 12;
constexpr int kPanelHeight = 170;
constexpr int kPanelGap = 26;
constexpr int kTick = 6;
constexpr Rgb kSideA{31, 119, 180};
constexpr Rgb kSideB{255, 127, 14};

struct Panel {
    const char* label;
    const std::vector<double>* a;
    const std::vector<double>* b;
};

std::pair<double, double> range_of(const Panel& p) {
    double lo = INFINITY, hi = -INFINITY;
    for (const std::vector<double>* v : {p.a, p.b})
        for (double x : *v)
            if (std::isfinite(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
    if (!(lo <= hi))
        return {0, 1};
    if (hi == lo) {
        const double pad = lo != 0 ? std::fabs(lo) * 1e-3 : 1;
        return {lo - pad, hi + pad};
    }
    const double pad = (hi - lo) * 0.08;
    return {lo - pad, hi + pad};
}

void marker(Canvas& cv, int x, int y, Rgb c, bool square) {
    if (square) {
        cv.rect(x - 4, y - 4, x + 4, y + 4, c);
        cv.rect(x - 3, y - 3, x + 3, y + 3, c);
    } else {
        cv.circle(x, y, 4, c, 2);
    }
}

void series(Canvas& cv, const std::vector<double>& v, double x0, double dx, double y_top,
            double y_scale, double lo, Rgb c, bool side_b) {
    std::optional<std::pair<double, double>> last;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i])) {
            last.reset();
            continue;
        }
        const double x = x0 + dx * static_cast<double>(i);
        const double y = y_top + y_scale * (v[i] - lo);
        if (last)
            cv.line(last->first, last->second, x, y, c, 2, side_b ? 6 : 0);
        last = std::make_pair(x, y);
    }
    for (std::size_t i = 0; i < v.size(); ++i)
        if (std::isfinite(v[i]))
            marker(cv, static_cast<int>(std::lround(x0 + dx * static_cast<double>(i))),
                   static_cast<int>(std::lround(y_top + y_scale * (v[i] - lo))), c, side_b);
}

} // namespace

std::string phi_plot_png(const PhiPlot& plot) {
    const Panel panels[] = {{"h (fractional)", &plot.a.h, &plot.b.h},
                            {"k (fractional)", &plot.a.k, &plot.b.k},
                            {"l (fractional)", &plot.a.l, &plot.b.l},
                            {"contribution", &plot.a.contribution, &plot.b.contribution}};
    std::size_t steps = 0;
    bool any = false;
    for (const Panel& p : panels)
        for (const std::vector<double>* v : {p.a, p.b}) {
            steps = std::max(steps, v->size());
            for (double x : *v)
                any = any || std::isfinite(x);
        }
    if (!any)
        throw std::invalid_argument("phi plot: no finite value on either side");

    const int label_w = Canvas::text_width("-0.000e-00", kFont);
    const int left = kPad + label_w + kTick + 8;
    const int plot_w = std::max(480, static_cast<int>(steps) * 60);
    const int top = kPad + 2 * (Canvas::text_height(kFont) + 10) + kPanelGap;
    const int width =
        std::max(left + plot_w + 40, kPad * 2 + Canvas::text_width(plot.title, kFont));
    const int height = top + 4 * kPanelHeight + 3 * kPanelGap + kTick + 2 * kFont * 10 +
                       Canvas::text_height(1) + kPad;
    Canvas cv(width, height);
    cv.text(kPad, kPad, plot.title, kBlack, kFont);
    // legend
    const int ly = kPad + Canvas::text_height(kFont) + 14;
    int lx = kPad;
    for (int side = 0; side < 2; ++side) {
        const Rgb c = side == 0 ? kSideA : kSideB;
        cv.line(lx, ly + 7, lx + 40, ly + 7, c, 2, side == 1 ? 6 : 0);
        marker(cv, lx + 20, ly + 7, c, side == 1);
        const std::string name = side == 0 ? "A: " + plot.a.name : "B: " + plot.b.name;
        cv.text(lx + 50, ly, name, kBlack, kFont);
        lx += 50 + Canvas::text_width(name, kFont) + 30;
    }

    const double dx = steps > 1 ? static_cast<double>(plot_w - 40) / (steps - 1) : 0;
    const double x0 = left + 20;
    for (int i = 0; i < 4; ++i) {
        const Panel& p = panels[i];
        const int y0 = top + i * (kPanelHeight + kPanelGap);
        const int y1 = y0 + kPanelHeight - 1;
        cv.fill_rect(left, y0, left + plot_w, y1, Rgb{250, 250, 250});
        const auto [lo, hi] = range_of(p);
        const double y_scale = -(kPanelHeight - 1) / (hi - lo);
        const Ticks ticks = nice_ticks(lo, hi, 4);
        for (double t : ticks.values) {
            const int y = static_cast<int>(std::lround(y1 + y_scale * (t - lo)));
            cv.line(left + 1, y, left + plot_w - 1, y, kLightGrey);
            cv.line(left - kTick, y, left - 1, y, kBlack, 2);
            const std::string s = tick_label(t, ticks.step);
            cv.text(left - kTick - 7 - Canvas::text_width(s, kFont),
                    y - Canvas::text_height(kFont) / 2, s, kBlack, kFont);
        }
        for (std::size_t s = 0; s < steps; ++s) {
            const int x = static_cast<int>(std::lround(x0 + dx * static_cast<double>(s)));
            cv.line(x, y1, x, y1 + kTick, kBlack, 2);
        }
        cv.rect(left, y0, left + plot_w, y1, kBlack);
        cv.text(left, y0 - Canvas::text_height(kFont) - 5, p.label, kBlack, kFont);
        series(cv, *p.a, x0, dx, y1, y_scale, lo, kSideA, false);
        series(cv, *p.b, x0, dx, y1, y_scale, lo, kSideB, true);
        if (i == 3) {
            for (std::size_t s = 0; s < steps; ++s) {
                const int x = static_cast<int>(std::lround(x0 + dx * static_cast<double>(s)));
                const std::string n = std::to_string(s);
                cv.text(x - Canvas::text_width(n, kFont) / 2, y1 + kTick + 4, n, kBlack, kFont);
                if (s < plot.phi_deg.size()) {
                    const std::string d = short_number(plot.phi_deg[s]);
                    cv.text(x - Canvas::text_width(d, 1) / 2,
                            y1 + kTick + 8 + Canvas::text_height(kFont), d, kBlack, 1);
                }
            }
            const std::string axis =
                plot.phi_deg.empty() ? "phi step" : "phi step (angle in degrees below)";
            cv.text(left + (plot_w - Canvas::text_width(axis, kFont)) / 2,
                    y1 + kTick + 16 + Canvas::text_height(kFont) + Canvas::text_height(1), axis,
                    kBlack, kFont);
        }
    }
    return encode_png(cv);
}

} // namespace nbimage
