// Pixel pickers and what a pixel is in its image, on hand-made images and on the thread
// schedule the golden runs document.
#include "nbimage/pickers.h"
#include "nbimage/pixel_report.h"

#include <catch2/catch.hpp>

using namespace nbimage;
using nbtrace::Pixel;
using nbtrace::Region;

namespace {

// 6 x 8 image: background 1, peaks 10 at (1, 1), 30 at (4, 6), 20 at (4, 2).
Image three_peaks() {
    std::vector<double> v(48, 1.0);
    v[1 * 8 + 1] = 10;
    v[4 * 8 + 6] = 30;
    v[4 * 8 + 2] = 20;
    return Image(Shape{6, 8}, v);
}

} // namespace

TEST_CASE("picker specs", "[images]") {
    CHECK(parse_picker("brightest:3").kind == PickerSpec::Kind::brightest);
    CHECK(parse_picker("worst:12").count == 12);
    CHECK(parse_picker("thread-first").kind == PickerSpec::Kind::thread_first);
    CHECK(parse_picker("worst:2").to_string() == "worst:2");
    CHECK_THROWS_WITH(parse_picker("brightest"),
                      "picker 'brightest' needs a count N >= 1 (brightest:N, worst:N or "
                      "thread-first)");
    CHECK_THROWS_WITH(parse_picker("brightest:0"), Catch::StartsWith("picker 'brightest:0' needs"));
    CHECK_THROWS_WITH(parse_picker("hottest:2"), Catch::StartsWith("unknown picker 'hottest:2'"));
}

TEST_CASE("brightest:N: local maxima, brightest first", "[images]") {
    const Image a = three_peaks();
    const std::vector<PixelValue> top2 = pick_brightest(a, full_region(a.shape()), 2);
    REQUIRE(top2.size() == 2);
    CHECK(top2[0].pixel == Pixel{4, 6});
    CHECK(top2[0].value == 30);
    CHECK(top2[1].pixel == Pixel{4, 2});
    // more than there are: all three
    CHECK(pick_brightest(a, full_region(a.shape()), 10).size() == 3);
    // inside the ROI fast 0..3, slow 0..5 the 30 is outside
    CHECK(pick_brightest(a, Region::from_roi_flag(0, 3, 0, 5), 1)[0].pixel == Pixel{4, 2});
}

TEST_CASE("worst:N: largest relative difference above the signal floor", "[images]") {
    // A = 1, 2, 4, 1e-9 ; B = 1.1, 2, 5, 1 : relative 0.1, 0, 0.25, 1e9 -- but 1e-9 is below
    // the floor 1e-6 * 4 = 4e-6, so the worst two are (0, 2) with 0.25 and (0, 0) with 0.1
    const Image a(Shape{1, 4}, {1, 2, 4, 1e-9});
    const Image b(Shape{1, 4}, {1.1, 2, 5, 1});
    const Region all = full_region(a.shape());
    const std::vector<RelativeDifference> w = pick_worst(a, b, all, 2, signal_floor_of(a, all));
    REQUIRE(w.size() == 2);
    CHECK(w[0].pixel == Pixel{0, 2});
    CHECK(w[0].relative == 0.25);
    CHECK(w[1].pixel == Pixel{0, 0});
    CHECK(w[1].relative == Approx(0.1).epsilon(1e-12));
    // with no floor the background pixel is the worst
    CHECK(pick_worst(a, b, all, 1, 0)[0].pixel == Pixel{0, 3});
}

TEST_CASE("thread-first: the first pixel of each thread's static row block", "[images]") {
    // gcc's static split of S rows over T threads: q = S / T, r = S % T, thread t starts at row
    // t q + min(t, r). Supervisor detector, 2527 rows, 2 threads: q = 1263, r = 1, so thread 0
    // has rows 0..1263 and thread 1 starts at 1264.
    const Shape det{2527, 2463};
    CHECK(pick_thread_first(det, full_region(det), 2) == std::vector<Pixel>{{0, 0}, {1264, 0}});
    // the golden ROI run (-roi 1029 1049 675 695, 2 threads): its image differs from the full
    // frame only at (slow 675, fast 1029), thread 0's first ROI pixel; thread 1's block
    // (1264..2526) holds no ROI row (tests/data/golden/commands.txt, run 2)
    CHECK(pick_thread_first(det, Region::from_roi_flag(1029, 1049, 675, 695), 2) ==
          std::vector<Pixel>{{675, 1029}});
    // triclinic golden case, 128 rows, 2 threads: (0, 0) and (64, 0) (its commands.txt note)
    CHECK(pick_thread_first(Shape{128, 160}, full_region(Shape{128, 160}), 2) ==
          std::vector<Pixel>{{0, 0}, {64, 0}});
    // 10 rows over 3 threads: q = 3, r = 1 -> blocks start at 0, 4, 7
    CHECK(pick_thread_first(Shape{10, 5}, full_region(Shape{10, 5}), 3) ==
          std::vector<Pixel>{{0, 0}, {4, 0}, {7, 0}});
}

TEST_CASE("thread-first with a mask: the first unmasked pixel of the block", "[images]") {
    nbsim::Experiment ex;
    ex.detector.fast_pixels = 4;
    ex.detector.slow_pixels = 4;
    ex.detector.roi = {0, 3, 0, 3};
    ex.detector.mask.assign(16, 1);
    ex.detector.mask[0] = 0; // (0, 0) masked: thread 0 starts at (0, 1)
    ex.detector.mask[8] = 0; // (2, 0) masked: thread 1 (rows 2..3) starts at (2, 1)
    CHECK(pick_thread_first(ex, nbsim::Schedule::full_frame, 2) ==
          std::vector<Pixel>{{0, 1}, {2, 1}});
}

TEST_CASE("value and rank of a pixel, and its nearest local maximum", "[images]") {
    const Image a = three_peaks();
    const Region all = full_region(a.shape());
    // 30 is the largest: rank 1; 20 rank 2; 10 rank 3; every background pixel (45 of them
    // equal to 1) shares rank 4
    CHECK(value_and_rank(a, all, {4, 6}).rank == 1);
    CHECK(value_and_rank(a, all, {1, 1}).rank == 3);
    const PixelRank bg = value_and_rank(a, all, {0, 7});
    CHECK(bg.value == 1);
    CHECK(bg.rank == 4);
    CHECK(bg.pixels == 48);
    // from (0, 7): (4, 6) is sqrt(16 + 1) = 4.12 away, (1, 1) sqrt(1 + 36) = 6.08
    const auto n = nearest_local_maximum(a, all, {0, 7});
    REQUIRE(n);
    CHECK(n->maximum.pixel == Pixel{4, 6});
    CHECK(n->distance == Approx(std::sqrt(17.0)).epsilon(1e-15));
    CHECK_THROWS_AS(value_and_rank(a, Region::from_roi_flag(0, 1, 0, 1), {4, 6}),
                    std::invalid_argument);
}

TEST_CASE("pixel report: both sides, ranks, nearest maxima, relative difference", "[images]") {
    const Image a = three_peaks();
    std::vector<double> vb = a.values();
    vb[4 * 8 + 6] = 33; // B brighter at A's maximum
    const Image b(a.shape(), vb);
    const PixelReporter reporter(a, b, full_region(a.shape()));
    const PixelReport r = reporter.report({4, 6}, "brightest:1");
    CHECK(r.a.rank.value == 30);
    CHECK(r.b.rank.value == 33);
    CHECK(r.a.rank.rank == 1);
    CHECK(r.a.nearest_maximum->distance == 0);
    CHECK(*r.relative == Approx(0.1).epsilon(1e-14)); // |33 - 30| / 30
    CHECK(describe(r) ==
          "(slow 4, fast 6) [brightest:1]: A 30 (rank 1 of 48; nearest local maximum 30 at "
          "(slow 4, fast 6), 0 px), B 33 (rank 1 of 48; nearest local maximum 33 at (slow 4, "
          "fast 6), 0 px), |B - A| / |A| = 0.1");
}
