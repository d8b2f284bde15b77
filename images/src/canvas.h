// An RGB raster with the few drawing operations the pictures need (internal).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nbimage::detail {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

inline constexpr Rgb kWhite{255, 255, 255};
inline constexpr Rgb kBlack{0, 0, 0};
inline constexpr Rgb kGrey{128, 128, 128};
inline constexpr Rgb kLightGrey{225, 225, 225};

class Canvas {
  public:
    Canvas(int width, int height, Rgb background = kWhite);
    int width() const { return width_; }
    int height() const { return height_; }
    const std::vector<std::uint8_t>& rgb() const { return pixels_; } // row-major, 3 bytes each

    void set(int x, int y, Rgb c); // ignored outside the canvas
    Rgb get(int x, int y) const;
    void fill_rect(int x0, int y0, int x1, int y1, Rgb c); // inclusive corners
    void rect(int x0, int y0, int x1, int y1, Rgb c);      // outline
    // A line `thickness` pixels wide; `dash` > 0 draws dash-pixel strokes with dash-pixel gaps.
    void line(double x0, double y0, double x1, double y1, Rgb c, int thickness = 1, int dash = 0);
    void circle(double cx, double cy, double radius, Rgb c, int thickness = 1);

    // Text in the bitmap font, `scale` canvas pixels per font pixel; (x, y) = top-left corner.
    void text(int x, int y, const std::string& s, Rgb c, int scale = 1);
    // Rotated a quarter turn counter-clockwise (reads bottom to top); (x, y) = top-left corner of
    // the rotated box, which is text_height() wide and text_width() tall.
    void text_up(int x, int y, const std::string& s, Rgb c, int scale = 1);
    static int text_width(const std::string& s, int scale = 1);
    static int text_height(int scale = 1);

  private:
    int width_, height_;
    std::vector<std::uint8_t> pixels_;
};

// The PNG file of a canvas (8-bit RGB, no time stamp: the same canvas gives the same bytes).
// std::runtime_error when libpng fails.
std::string encode_png(const Canvas& canvas);

} // namespace nbimage::detail
