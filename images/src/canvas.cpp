#include "canvas.h"

#include "bitmap_font.h"

#include <algorithm>
#include <cmath>

namespace nbimage::detail {

Canvas::Canvas(int width, int height, Rgb background)
    : width_(std::max(width, 1)), height_(std::max(height, 1)),
      pixels_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 3) {
    fill_rect(0, 0, width_ - 1, height_ - 1, background);
}

void Canvas::set(int x, int y, Rgb c) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_)
        return;
    std::uint8_t* p =
        &pixels_[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + x) * 3];
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
}

Rgb Canvas::get(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= height_)
        return {};
    const std::uint8_t* p =
        &pixels_[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + x) * 3];
    return {p[0], p[1], p[2]};
}

void Canvas::fill_rect(int x0, int y0, int x1, int y1, Rgb c) {
    for (int y = std::max(0, std::min(y0, y1)); y <= std::min(height_ - 1, std::max(y0, y1)); ++y)
        for (int x = std::max(0, std::min(x0, x1)); x <= std::min(width_ - 1, std::max(x0, x1));
             ++x)
            set(x, y, c);
}

void Canvas::rect(int x0, int y0, int x1, int y1, Rgb c) {
    line(x0, y0, x1, y0, c);
    line(x1, y0, x1, y1, c);
    line(x1, y1, x0, y1, c);
    line(x0, y1, x0, y0, c);
}

void Canvas::line(double x0, double y0, double x1, double y1, Rgb c, int thickness, int dash) {
    // sample the segment every half pixel; each sample paints a thickness x thickness square
    const double len = std::hypot(x1 - x0, y1 - y0);
    const int steps = std::max(1, static_cast<int>(std::ceil(len * 2)));
    const int lo = -(thickness - 1) / 2, hi = thickness / 2;
    for (int i = 0; i <= steps; ++i) {
        const double t = static_cast<double>(i) / steps;
        if (dash > 0 && static_cast<int>(t * len / dash) % 2 == 1)
            continue;
        const int x = static_cast<int>(std::lround(x0 + t * (x1 - x0)));
        const int y = static_cast<int>(std::lround(y0 + t * (y1 - y0)));
        for (int dy = lo; dy <= hi; ++dy)
            for (int dx = lo; dx <= hi; ++dx)
                set(x + dx, y + dy, c);
    }
}

void Canvas::circle(double cx, double cy, double radius, Rgb c, int thickness) {
    const int steps = std::max(16, static_cast<int>(std::ceil(2 * M_PI * radius * 2)));
    for (int w = 0; w < thickness; ++w) {
        const double r = radius + w;
        for (int i = 0; i < steps; ++i) {
            const double a = 2 * M_PI * i / steps;
            set(static_cast<int>(std::lround(cx + r * std::cos(a))),
                static_cast<int>(std::lround(cy + r * std::sin(a))), c);
        }
    }
}

int Canvas::text_width(const std::string& s, int scale) {
    return s.empty() ? 0 : (static_cast<int>(s.size()) * kGlyphAdvance - 1) * scale;
}

int Canvas::text_height(int scale) {
    return kGlyphHeight * scale;
}

void Canvas::text(int x, int y, const std::string& s, Rgb c, int scale) {
    for (std::size_t i = 0; i < s.size(); ++i)
        for (int r = 0; r < kGlyphHeight; ++r) {
            const unsigned bits = glyph_row(s[i], r);
            for (int col = 0; col < kGlyphWidth; ++col)
                if (bits & (1u << (kGlyphWidth - 1 - col))) {
                    const int px = x + (static_cast<int>(i) * kGlyphAdvance + col) * scale;
                    fill_rect(px, y + r * scale, px + scale - 1, y + r * scale + scale - 1, c);
                }
        }
}

void Canvas::text_up(int x, int y, const std::string& s, Rgb c, int scale) {
    // font column u (along the text) runs upwards from the box's bottom; row r runs rightwards
    const int bottom = y + text_width(s, scale) - 1;
    for (std::size_t i = 0; i < s.size(); ++i)
        for (int r = 0; r < kGlyphHeight; ++r) {
            const unsigned bits = glyph_row(s[i], r);
            for (int col = 0; col < kGlyphWidth; ++col)
                if (bits & (1u << (kGlyphWidth - 1 - col))) {
                    const int u = (static_cast<int>(i) * kGlyphAdvance + col) * scale;
                    const int px = x + r * scale;
                    const int py = bottom - u - (scale - 1);
                    fill_rect(px, py, px + scale - 1, py + scale - 1, c);
                }
        }
}

} // namespace nbimage::detail
