#include "colormap.h"

#include <algorithm>
#include <cmath>

namespace nbimage::detail {

namespace {

struct Anchor {
    double t;
    Rgb c;
};

template <std::size_t N>
Rgb interpolate(const Anchor (&anchors)[N], double t) {
    t = std::isnan(t) ? 0 : std::clamp(t, 0.0, 1.0);
    for (std::size_t i = 1; i < N; ++i)
        if (t <= anchors[i].t) {
            const Anchor &a = anchors[i - 1], &b = anchors[i];
            const double u = (t - a.t) / (b.t - a.t);
            auto mix = [u](std::uint8_t x, std::uint8_t y) {
                return static_cast<std::uint8_t>(std::lround(x + u * (y - x)));
            };
            return {mix(a.c.r, b.c.r), mix(a.c.g, b.c.g), mix(a.c.b, b.c.b)};
        }
    return anchors[N - 1].c;
}

constexpr Anchor kSequential[] = {{0.00, {12, 7, 40}},
                                  {0.25, {84, 22, 120}},
                                  {0.50, {182, 54, 98}},
                                  {0.75, {245, 135, 40}},
                                  {1.00, {252, 245, 160}}};

constexpr Anchor kDiverging[] = {{0.00, {33, 102, 172}},
                                 {0.25, {146, 197, 222}},
                                 {0.50, {247, 247, 247}},
                                 {0.75, {244, 165, 130}},
                                 {1.00, {178, 24, 43}}};

} // namespace

Rgb sequential(double t) {
    return interpolate(kSequential, t);
}

Rgb diverging(double t) {
    return interpolate(kDiverging, t);
}

} // namespace nbimage::detail
