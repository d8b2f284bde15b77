// Pictures, decoded again with libpng: sizes, the colours at known pixels (the colour scales of
// pictures.h), marks, block reduction keeping a one-pixel spot, determinism.
#include "nbimage/phi_plot.h"
#include "nbimage/pictures.h"

#include <catch2/catch.hpp>
#include <png.h>

#include <array>
#include <cmath>

using namespace nbimage;

namespace {

struct Decoded {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    std::array<int, 3> at(int x, int y) const {
        const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
        return {rgb[i], rgb[i + 1], rgb[i + 2]};
    }
    bool has(std::array<int, 3> c) const {
        for (std::size_t i = 0; i + 2 < rgb.size(); i += 3)
            if (rgb[i] == c[0] && rgb[i + 1] == c[1] && rgb[i + 2] == c[2])
                return true;
        return false;
    }
    // how many pixels have colour c inside the box
    int count(std::array<int, 3> c, int x0, int y0, int x1, int y1) const {
        int n = 0;
        for (int y = std::max(0, y0); y <= std::min(height - 1, y1); ++y)
            for (int x = std::max(0, x0); x <= std::min(width - 1, x1); ++x)
                n += at(x, y) == c;
        return n;
    }
};

Decoded decode(const std::string& png) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    REQUIRE(png_image_begin_read_from_memory(&image, png.data(), png.size()));
    image.format = PNG_FORMAT_RGB;
    Decoded d;
    d.width = static_cast<int>(image.width);
    d.height = static_cast<int>(image.height);
    d.rgb.resize(PNG_IMAGE_SIZE(image));
    REQUIRE(png_image_finish_read(&image, nullptr, d.rgb.data(), 0, nullptr));
    return d;
}

// The colour-map ends and special colours (colormap.cpp anchors).
constexpr std::array<int, 3> kTop{252, 245, 160}, kBottom{12, 7, 40};
constexpr std::array<int, 3> kBlue{33, 102, 172}, kRed{178, 24, 43}, kZero{247, 247, 247};
constexpr std::array<int, 3> kNoValue{160, 160, 160}, kMark{0, 230, 255};

// 21 x 21, zero except A = 100 at (10, 10) and 50 at (3, 17); B = A with (10, 10) at 90 and
// (3, 17) at 60.
std::pair<Image, Image> roi_pair() {
    std::vector<double> a(441, 0.0), b(441, 0.0);
    a[10 * 21 + 10] = 100;
    a[3 * 21 + 17] = 50;
    b = a;
    b[10 * 21 + 10] = 90;
    b[3 * 21 + 17] = 60;
    return {Image(Shape{21, 21}, a), Image(Shape{21, 21}, b)};
}

} // namespace

TEST_CASE("eight comparison pictures, named and valid PNG", "[images]") {
    const auto [a, b] = roi_pair();
    const std::vector<Picture> pics = comparison_pictures(a, b, full_region(a.shape()));
    REQUIRE(pics.size() == 8);
    const char* names[] = {"a_linear.png",
                           "a_log.png",
                           "b_linear.png",
                           "b_log.png",
                           "delta_linear.png",
                           "delta_log.png",
                           "relative_delta_linear.png",
                           "relative_delta_log.png"};
    for (std::size_t i = 0; i < 8; ++i) {
        CHECK(pics[i].file_name == names[i]);
        CHECK(pics[i].png.compare(1, 3, "PNG") == 0);
        CHECK_FALSE(pics[i].caption.empty());
    }
}

TEST_CASE("a small region is enlarged, colours follow the shared linear scale", "[images]") {
    const auto [a, b] = roi_pair();
    const Decoded d =
        decode(heatmap(a, b, full_region(a.shape()), PictureKind::a, Scale::linear).png);
    // 21 pixels, enlarged 400 / 21 = 19 times: a 399 x 399 plot; the top colour (A's and B's
    // shared maximum is A's 100) fills exactly one 19 x 19 cell, the colour bar adds one row
    // of it per bar height
    CHECK(d.width > 399);
    CHECK(d.height > 399);
    CHECK(d.count(kTop, 0, 0, d.width - 1, d.height - 1) >= 19 * 19);
    CHECK(d.has(kBottom));
    // B's picture on the same scale: its maximum 90 is not the top colour, so the only kTop
    // pixels left are the colour bar's top row(s)
    const Decoded db =
        decode(heatmap(a, b, full_region(a.shape()), PictureKind::b, Scale::linear).png);
    CHECK(db.count(kTop, 0, 0, db.width - 1, db.height - 1) < 19 * 19);
}

TEST_CASE("delta: blue where B < A, red where B > A, white where equal", "[images]") {
    const auto [a, b] = roi_pair();
    const Decoded d =
        decode(heatmap(a, b, full_region(a.shape()), PictureKind::delta, Scale::linear).png);
    // delta = -10 at (10, 10), +10 at (3, 17): both ends of the symmetric scale
    CHECK(d.count(kBlue, 0, 0, d.width - 1, d.height - 1) >= 19 * 19);
    CHECK(d.count(kRed, 0, 0, d.width - 1, d.height - 1) >= 19 * 19);
    CHECK(d.count(kZero, 0, 0, d.width - 1, d.height - 1) >= 19 * 19 * 400);
}

TEST_CASE("relative delta: pixels below A's signal floor are grey", "[images]") {
    const auto [a, b] = roi_pair();
    const Decoded d =
        decode(heatmap(a, b, full_region(a.shape()), PictureKind::relative, Scale::linear).png);
    // 439 of the 441 pixels have A = 0: grey
    CHECK(d.count(kNoValue, 0, 0, d.width - 1, d.height - 1) >= 19 * 19 * 439);
}

TEST_CASE("marks: a ring around the marked pixel", "[images]") {
    const auto [a, b] = roi_pair();
    PictureOptions o;
    o.marks = {{{10, 10}, "1"}};
    const Decoded marked =
        decode(heatmap(a, b, full_region(a.shape()), PictureKind::a, Scale::log, o).png);
    const Decoded plain =
        decode(heatmap(a, b, full_region(a.shape()), PictureKind::a, Scale::log).png);
    CHECK(plain.count(kMark, 0, 0, plain.width - 1, plain.height - 1) == 0);
    CHECK(marked.count(kMark, 0, 0, marked.width - 1, marked.height - 1) > 40);
}

TEST_CASE("a large frame is reduced in blocks that keep a one-pixel spot", "[images]") {
    // 2527 x 2463 zeros with one pixel of 5 at (1039, 685): blocks of 3 x 3 (2527 / 1000 -> 3)
    std::vector<double> v(static_cast<std::size_t>(2527) * 2463, 0.0);
    v[static_cast<std::size_t>(1039) * 2463 + 685] = 5;
    const Image a(Shape{2527, 2463}, v);
    const Picture p = heatmap(a, a, full_region(a.shape()), PictureKind::a, Scale::linear);
    const Decoded d = decode(p.png);
    CHECK(p.caption.find("each plot pixel = 3 x 3 detector pixels") != std::string::npos);
    // the plot is 843 x 821 cells of one pixel: the spot is one top-coloured cell (plus the
    // colour bar's top rows)
    CHECK(d.count(kTop, 0, 0, d.width - 1, d.height - 1) >= 1);
    CHECK(d.width < 843 + 400);
    // the same input gives the same bytes
    CHECK(heatmap(a, a, full_region(a.shape()), PictureKind::a, Scale::linear).png == p.png);
}

TEST_CASE("per-phi plot of two sides", "[images]") {
    PhiPlot plot;
    plot.title = "pixel (slow 685, fast 1039)";
    for (int i = 0; i < 10; ++i) {
        plot.phi_deg.push_back(0.01 * i);
        plot.a.h.push_back(26.2 + 0.001 * i);
        plot.a.k.push_back(14.6 - 0.002 * i);
        plot.a.l.push_back(-7.8);
        plot.a.contribution.push_back(std::exp(-i));
    }
    plot.a.name = "reference";
    plot.b = plot.a;
    plot.b.name = "simulator";
    plot.b.k[0] = plot.a.k[9]; // a carried step 0, as C-PARITY-001 does
    const Decoded d = decode(phi_plot_png(plot));
    CHECK(d.width >= 480);
    CHECK(d.has({31, 119, 180})); // side A
    CHECK(d.has({255, 127, 14})); // side B
    PhiPlot empty;
    CHECK_THROWS_AS(phi_plot_png(empty), std::invalid_argument);
}

TEST_CASE("a per-phi plot whose values differ only below their resolution still draws",
          "[images]") {
    // the real C program at one phi step prints values that span less than one ulp-ish step of
    // their size: the axis cannot be divided, its ends are its ticks (this once looped forever)
    PhiPlot plot;
    plot.title = "one phi step";
    plot.phi_deg = {0, 1e-300};
    plot.a.name = "C";
    plot.a.h = {1e10, 1e10 + 1e-5};
    plot.a.k = {1, 1};
    plot.a.l = {-1, -1};
    plot.a.contribution = {1e16, 1e16 * (1 + 1e-15)};
    plot.b = plot.a;
    const Decoded d = decode(phi_plot_png(plot));
    CHECK(d.width >= 480);
}
