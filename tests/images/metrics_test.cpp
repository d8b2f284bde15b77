// Metrics of two images on hand-made images whose every value is worked out in the comments.
#include "nbimage/metrics.h"
#include "nbimage/metrics_json.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#ifdef _OPENMP
#include <omp.h>
#endif

using namespace nbimage;
using nbtrace::Pixel;
using nbtrace::Region;

namespace {

// A 2 x 2 pair: B differs from A only at (slow 1, fast 1), 4 -> 5.
const Image kA(Shape{2, 2}, {1, 2, 3, 4});
const Image kB(Shape{2, 2}, {1, 2, 3, 5});

// A rows x cols image of `background` with the given (slow, fast, value) spots.
Image spots(int rows, int cols, double background,
            std::initializer_list<std::tuple<int, int, double>> peaks) {
    std::vector<double> v(static_cast<std::size_t>(rows) * cols, background);
    for (const auto& [s, f, value] : peaks)
        v[static_cast<std::size_t>(s) * cols + f] = value;
    return Image(Shape{rows, cols}, v);
}

} // namespace

TEST_CASE("metrics of a 2x2 pair, every value by hand", "[images]") {
    const ImageMetrics m = compute_metrics(kA, kB, full_region(kA.shape()));
    CHECK(m.pixels == 4);
    CHECK(m.compared_pixels == 4);
    // delta = (0, 0, 0, 1): mse = 1/4, rmse = 1/2
    CHECK(*m.mse == 0.25);
    CHECK(*m.rmse == 0.5);
    REQUIRE(m.max_abs_delta);
    CHECK(m.max_abs_delta->pixel == Pixel{1, 1});
    CHECK(m.max_abs_delta->a == 4);
    CHECK(m.max_abs_delta->b == 5);
    // means 2.5 and 2.75; centred a = (-1.5, -0.5, 0.5, 1.5), b = (-1.75, -0.75, 0.25, 2.25);
    // cov = 2.625 + 0.375 + 0.125 + 3.375 = 6.5, sum ca^2 = 5, sum cb^2 = 8.75;
    // r = 6.5 / sqrt(43.75) = 0.98270762982399...
    CHECK(*m.pearson == Approx(6.5 / std::sqrt(43.75)).epsilon(1e-15));
    CHECK(m.sum_a == 10);
    CHECK(m.sum_b == 11);
    CHECK(*m.sum_ratio == Approx(1.1).epsilon(1e-15));
    CHECK(m.max_a->pixel == Pixel{1, 1});
    CHECK(m.max_b->value == 5);
    // signal floor 1e-6 * max|a| = 4e-6: every pixel is signal; relative errors 0, 0, 0, 0.25.
    // numpy linear percentiles of (0, 0, 0, 0.25): h = q/100 * 3
    //   p50: h = 1.5 -> 0;  p90: h = 2.7 -> 0.25 - 0.25 * 0.3 = 0.175
    //   p99: h = 2.97 -> 0.2425;  p99.9: h = 2.997 -> 0.24925
    CHECK(m.relative.floor == 4e-6);
    CHECK(m.relative.signal_pixels == 4);
    CHECK(*m.relative.p50 == 0);
    CHECK(*m.relative.p90 == Approx(0.175).epsilon(1e-15));
    CHECK(*m.relative.p99 == Approx(0.2425).epsilon(1e-15));
    CHECK(*m.relative.p999 == Approx(0.24925).epsilon(1e-15));
    CHECK(*m.relative.max == 0.25);
    CHECK(m.relative.max_pixel->pixel == Pixel{1, 1});
}

TEST_CASE("identical images: zero errors, correlation 1, every peak matched at 0 px", "[images]") {
    const Image a = spots(20, 30, 0.5, {{3, 4, 10}, {15, 25, 7}});
    const ImageMetrics m = compute_metrics(a, a, full_region(a.shape()));
    CHECK(*m.rmse == 0);
    CHECK(*m.pearson == Approx(1).epsilon(1e-15));
    CHECK(*m.sum_ratio == 1);
    CHECK(*m.relative.max == 0);
    CHECK(m.peaks.matching.pairs.size() == 2);
    CHECK(*m.peaks.matching.max_distance == 0);
}

TEST_CASE("the sum ratio is withheld when the reference sum is below the minimum signal",
          "[images]") {
    // sums 0.004 and 0.4: a ratio of 100 would say nothing about the physics
    const Image a(Shape{1, 4}, {0.001, 0.001, 0.001, 0.001});
    const Image b(Shape{1, 4}, {0.1, 0.1, 0.1, 0.1});
    const ImageMetrics m = compute_metrics(a, b, full_region(a.shape()));
    CHECK_FALSE(m.sum_ratio);
    CHECK(m.sum_ratio_withheld ==
          "|sum A| = 0.004 is below the minimum signal sum 1: a ratio to it would mean nothing");
    CHECK_FALSE(metric_value(m, "sum_ratio"));
    // a smaller minimum, stated by the caller, lets it through: 0.4 / 0.004 = 100
    MetricsOptions o;
    o.min_signal_sum = 1e-3;
    CHECK(*compute_metrics(a, b, full_region(a.shape()), o).sum_ratio ==
          Approx(100).epsilon(1e-14));
}

TEST_CASE("constant images have no correlation, NaN pixels are counted and left out", "[images]") {
    const Image c(Shape{2, 2}, {3, 3, 3, 3});
    CHECK_FALSE(compute_metrics(c, c, full_region(c.shape())).pearson);

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Image b(Shape{2, 2}, {1, nan, 3, 5});
    const ImageMetrics m = compute_metrics(kA, b, full_region(kA.shape()));
    CHECK(m.nonfinite_pixels == 1);
    CHECK(*m.first_nonfinite == Pixel{0, 1});
    CHECK(m.compared_pixels == 3);
    // over (1, 3, 4) vs (1, 3, 5): sums 8 and 9, mse = 1/3
    CHECK(m.sum_a == 8);
    CHECK(m.sum_b == 9);
    CHECK(*m.mse == Approx(1.0 / 3).epsilon(1e-15));
    CHECK(*metric_value(m, "nonfinite_pixels") == 1);
}

TEST_CASE("a ROI is compared alone", "[images]") {
    // A 3 x 4 image; the ROI fast 1..2, slow 1..1 holds (5, 6) vs (5, 9)
    const Image a(Shape{3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    const Image b(Shape{3, 4}, {100, 1, 2, 3, 4, 5, 9, 7, 8, 9, 10, 11});
    const ImageMetrics m = compute_metrics(a, b, Region::from_roi_flag(1, 2, 1, 1));
    CHECK(m.pixels == 2);
    CHECK(m.max_abs_delta->pixel == Pixel{1, 2});
    CHECK(*m.mse == 4.5); // (0 + 9) / 2
    CHECK(m.sum_a == 11);
    CHECK(m.sum_b == 14);
    CHECK(m.max_a->pixel == Pixel{1, 2});
}

TEST_CASE("peaks: brightest local maxima matched one-to-one within the radius", "[images]") {
    // A: peaks 9 at (5, 5), 8 at (5, 20), 7 at (20, 5). B: the first moved one pixel along fast,
    // the second moved by (3, 4) = 5 px (beyond the 2 px radius), the third in place, and an
    // extra peak 6 at (25, 25).
    const Image a = spots(30, 30, 0.1, {{5, 5, 9}, {5, 20, 8}, {20, 5, 7}});
    const Image b = spots(30, 30, 0.1, {{5, 6, 9}, {8, 24, 8}, {20, 5, 7}, {25, 25, 6}});
    const ImageMetrics m = compute_metrics(a, b, full_region(a.shape()));
    REQUIRE(m.peaks.a.size() == 3);
    REQUIRE(m.peaks.b.size() == 4);
    CHECK(m.peaks.a[0].pixel == Pixel{5, 5});
    CHECK(m.peaks.b[3].pixel == Pixel{25, 25});
    const PeakMatching& pm = m.peaks.matching;
    // pairs in increasing distance: (20,5)-(20,5) at 0, then (5,5)-(5,6) at 1
    REQUIRE(pm.pairs.size() == 2);
    CHECK(pm.pairs[0].a == 2);
    CHECK(pm.pairs[0].b == 2);
    CHECK(pm.pairs[0].distance == 0);
    CHECK(pm.pairs[1].a == 0);
    CHECK(pm.pairs[1].b == 0);
    CHECK(pm.pairs[1].distance == 1);
    CHECK(*pm.mean_distance == 0.5);
    CHECK(*pm.max_distance == 1);
    CHECK(pm.unmatched_a == std::vector<int>{1});
    CHECK(pm.unmatched_b == std::vector<int>{1, 3});
    CHECK(*metric_value(m, "peaks_unmatched") == 3);
    // with a 5 px radius the moved peak matches too: distance sqrt(9 + 16) = 5
    MetricsOptions wide;
    wide.match_radius = 5;
    CHECK(*compute_metrics(a, b, full_region(a.shape()), wide).peaks.matching.max_distance == 5);
}

TEST_CASE("one-to-one: two peaks near one are not both matched to it", "[images]") {
    // A has one peak at (10, 10); B has two, at (10, 11) and (10, 9), both 1 px away: the one
    // earlier in B's list (the brighter) is taken, the other stays unmatched.
    const std::vector<PixelValue> a = {{{10, 10}, 5}};
    const std::vector<PixelValue> b = {{{10, 11}, 4}, {{10, 9}, 3}};
    const PeakMatching pm = match_peaks(a, b, 2);
    REQUIRE(pm.pairs.size() == 1);
    CHECK(pm.pairs[0].b == 0);
    CHECK(pm.unmatched_b == std::vector<int>{1});
}

TEST_CASE("local maxima: a flat top yields its first pixel, the floor and ROI edges", "[images]") {
    // row 0: 1 5 5 1 / row 1: 1 1 1 1 / row 2: 1 1 1 3
    const Image a(Shape{3, 4}, {1, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 3});
    const std::vector<PixelValue> all = local_maxima(a, full_region(a.shape()), 0);
    REQUIRE(all.size() == 2);
    CHECK(all[0].pixel == Pixel{0, 1}); // (0, 2) ties with its left neighbour and loses
    CHECK(all[1].pixel == Pixel{2, 3});
    CHECK(local_maxima(a, full_region(a.shape()), 4).size() == 1);
    // in the ROI fast 2..3, slow 0..2 the pixel (0, 2) no longer has (0, 1) as a neighbour
    const std::vector<PixelValue> roi = local_maxima(a, Region::from_roi_flag(2, 3, 0, 2), 0);
    REQUIRE(roi.size() == 2);
    CHECK(roi[0].pixel == Pixel{0, 2});
}

TEST_CASE("numpy's linear percentile", "[images]") {
    // sorted (1, 2, 3, 4, 10): p25 h = 1 -> 2; p80 h = 3.2 -> 4 + 0.2 * 6 = 5.2 (t < 0.5 branch)
    std::vector<double> v = {10, 3, 1, 4, 2};
    CHECK(linear_percentile(v, 25) == 2);
    CHECK(linear_percentile(v, 80) == Approx(5.2).epsilon(1e-15));
    CHECK(linear_percentile(v, 100) == 10);
    CHECK(linear_percentile(v, 0) == 1);
}

TEST_CASE("results do not depend on the thread count", "[images]") {
#ifdef _OPENMP
    std::vector<double> va(300 * 200), vb(300 * 200);
    for (std::size_t i = 0; i < va.size(); ++i) {
        va[i] = 1e-3 * static_cast<double>((i * 7919) % 1000) + (i % 97 == 0 ? 50 : 0);
        vb[i] = va[i] * (1 + 1e-7 * static_cast<double>(i % 13));
    }
    const Image a(Shape{300, 200}, va), b(Shape{300, 200}, vb);
    const int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    const std::string one =
        boost::json::serialize(metrics_to_json(compute_metrics(a, b, full_region(a.shape()))));
    omp_set_num_threads(4);
    const std::string four =
        boost::json::serialize(metrics_to_json(compute_metrics(a, b, full_region(a.shape()))));
    omp_set_num_threads(saved);
    CHECK(one == four);
#else
    SUCCEED("built without OpenMP: one thread only");
#endif
}

TEST_CASE("thresholds by flat metric name", "[images]") {
    const ImageMetrics m = compute_metrics(kA, kB, full_region(kA.shape()));
    const Threshold rmse = parse_threshold("rmse=0.5", Threshold::Bound::at_most);
    const Threshold pearson = parse_threshold("pearson=0.99", Threshold::Bound::at_least);
    const std::vector<ThresholdCheck> c = check_thresholds(m, {rmse, pearson});
    CHECK(c[0].passed);       // 0.5 <= 0.5
    CHECK_FALSE(c[1].passed); // 0.9827 < 0.99
    CHECK(rmse.to_string() == "rmse <= 0.5");
    CHECK_THROWS_WITH(parse_threshold("rmse", Threshold::Bound::at_most),
                      "threshold 'rmse' is not METRIC=VALUE");
    CHECK_THROWS_WITH(parse_threshold("corr=1", Threshold::Bound::at_most),
                      Catch::StartsWith("unknown metric 'corr' in 'corr=1' (one of pearson, mse"));
    CHECK_THROWS_WITH(parse_threshold("rmse=x", Threshold::Bound::at_most),
                      "threshold 'rmse=x': 'x' is not a finite number");
    for (const std::string& name : metric_names())
        CHECK_NOTHROW(metric_value(m, name));
}
