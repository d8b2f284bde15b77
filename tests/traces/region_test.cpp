// nbtrace::Region: the fast-first `-roi` conversion and the region's extent, checked by hand.
#include "nbtrace/region.h"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using nbtrace::Pixel;
using nbtrace::Region;

// The supervisor case's ROI: `-roi 1029 1049 675 695` is fast 1029..1049, slow 675..695, a 21x21
// square around pixel (slow 685, fast 1039).
TEST_CASE("from_roi_flag reads nanoBragg's fast-first -roi order", "[region]") {
    const Region r = Region::from_roi_flag(1029, 1049, 675, 695);
    CHECK(r.slow_min == 675);
    CHECK(r.slow_max == 695);
    CHECK(r.fast_min == 1029);
    CHECK(r.fast_max == 1049);
    CHECK(r.to_string() == "slow 675..695, fast 1029..1049");
}

TEST_CASE("roi_flag_values writes -roi back in its fast-first order", "[region]") {
    const Region r{10, 20, 30, 45}; // slow 10..20, fast 30..45
    const std::array<int, 4> flag{30, 45, 10, 20};
    CHECK(r.roi_flag_values() == flag);
    CHECK(Region::from_roi_flag(30, 45, 10, 20) == r);
}

TEST_CASE("a region's size and membership are inclusive on both ends", "[region]") {
    const Region r = Region::from_roi_flag(1029, 1049, 675, 695);
    // 1049 - 1029 + 1 = 21 columns, 695 - 675 + 1 = 21 rows, 441 pixels.
    CHECK(r.columns() == 21);
    CHECK(r.rows() == 21);
    CHECK(r.pixel_count() == 441);
    CHECK(r.contains(Pixel{685, 1039}));
    CHECK(r.contains(Pixel{675, 1029})); // both lower corners
    CHECK(r.contains(Pixel{695, 1049})); // both upper corners
    CHECK_FALSE(r.contains(Pixel{674, 1039}));
    CHECK_FALSE(r.contains(Pixel{685, 1050}));
    // Swapped axes (slow 1039, fast 685) lie outside: the order matters.
    CHECK_FALSE(r.contains(Pixel{1039, 685}));
    // A one-pixel region, as `-roi F F S S` gives for a single traced pixel.
    const Region one = Region::from_roi_flag(7, 7, 3, 3);
    CHECK(one.pixel_count() == 1);
    CHECK(one.contains(Pixel{3, 7}));
    CHECK_FALSE(one.contains(Pixel{7, 3}));
}

TEST_CASE("a region with a maximum below its minimum is empty, of no pixel", "[region]") {
    CHECK_FALSE(Region{}.empty()); // slow 0..0, fast 0..0: pixel (0, 0)
    CHECK(Region{}.pixel_count() == 1);
    const Region no_rows{5, 4, 0, 9}; // slow 5..4
    CHECK(no_rows.empty());
    CHECK(no_rows.pixel_count() == 0);
    // both axes inverted: rows() and columns() are both -1, yet no pixel (not (-1) x (-1) = 1)
    const Region inverted{5, 3, 9, 7};
    CHECK(inverted.empty());
    CHECK(inverted.pixel_count() == 0);
    CHECK_FALSE(inverted.contains(Pixel{4, 8}));
}

TEST_CASE("pixels order slow first, as row-major images and std::set need", "[region]") {
    // (slow 1, fast 0) comes after (slow 0, fast 9): rows first, like the index slow * width + fast
    CHECK(Pixel{0, 9} < Pixel{1, 0});
    CHECK(Pixel{3, 4} < Pixel{3, 5});
    CHECK_FALSE(Pixel{3, 5} < Pixel{3, 5});
    CHECK(Pixel{3, 5} == Pixel{3, 5});
    CHECK(Pixel{3, 5} != Pixel{5, 3});
    const std::set<Pixel> s{{1, 0}, {0, 9}, {0, 9}, {0, 2}};
    CHECK(std::vector<Pixel>(s.begin(), s.end()) == std::vector<Pixel>{{0, 2}, {0, 9}, {1, 0}});
}
