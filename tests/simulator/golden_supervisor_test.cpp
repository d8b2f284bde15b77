// The supervisor command (CLI-FLAGS-003: 2463 x 2527 pixels, CUSTOM convention, SAMPLE pivot,
// 10 phi steps from 0) in c-parity mode with 2 threads, against the C program's goldens:
// supervisor_synth (the embedded crystal, always available) and, when A.mat / scaled.hkl are
// present, the original inputs.
//
// Gate: every pixel above 1e-6 x max within 1e-6 relative; every traced value within 1e-6
// relative (simulator/README.md). Values quoted below are from the golden stats/commands files.
#include "common/skip_test.h"
#include "sim_test_support.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace simtest;
using nbsim::PixelIndex;

namespace {

constexpr int kFast = 2463, kSlow = 2527;

std::size_t at(int slow, int fast) {
    return static_cast<std::size_t>(slow) * kFast + static_cast<std::size_t>(fast);
}

// Compares a crop (rows slow0.., cols fast0.., size n x n, slow-major) of `image` with a golden
// crop; returns the number of gated pixels over rtol and the worst relative difference.
std::pair<long, double> compare_crop(const std::vector<float>& image,
                                     const std::vector<float>& crop, int slow0, int fast0, int n,
                                     double rtol) {
    double mx = 0;
    for (float v : crop)
        mx = std::max(mx, static_cast<double>(v));
    long over = 0;
    double worst = 0;
    for (int s = 0; s < n; ++s)
        for (int f = 0; f < n; ++f) {
            const double g = crop[static_cast<std::size_t>(s * n + f)];
            const double o = image[at(slow0 + s, fast0 + f)];
            if (std::fabs(g) <= 1e-6 * mx)
                continue;
            const double rel = std::fabs(o - g) / std::fabs(g);
            worst = std::max(worst, rel);
            over += rel > rtol;
        }
    return {over, worst};
}

void check_trace(const SimRun& r, const std::string& golden_log, PixelIndex p) {
    int compared = 0;
    double worst = 0;
    const auto bad = compare_with_golden(read_trace_c(golden_log, p, 1), index_records(r.records),
                                         compared, 1e-6, &worst);
    WARN(golden_log << ": " << compared << " traced values, worst relative difference " << worst);
    for (const std::string& m : bad)
        FAIL_CHECK(m);
    CHECK(compared > 60);
}

} // namespace

TEST_CASE("sim supervisor_synth full frame (c-parity, 2 threads) matches the C statistics and crop",
          "[sim][golden][supervisor]") {
    const std::string g = golden_dir() + "/supervisor_synth";
    const SimRun r = run_sim(supervisor_synth_args(), c_parity(2));
    const std::vector<float>& img = r.result.image;
    REQUIRE(img.size() == static_cast<std::size_t>(kFast) * kSlow);

    // stats.txt: max 51.0071754 at (slow,fast)=(1218,1227) [exact float32 51.00717544555664].
    CHECK(r.result.stats.max_pixel.slow == 1218);
    CHECK(r.result.stats.max_pixel.fast == 1227);
    CHECK(r.result.stats.max_I == Approx(51.00717544555664).epsilon(1e-6));
    // sum(float64) 855.282983 (9 significant digits printed): 1e-6 relative.
    CHECK(r.result.stats.sum == Approx(855.282983).epsilon(1e-6));
    CHECK(r.result.stats.mean == Approx(0.00013741691).epsilon(1e-6));
    // pixels > 0: 6223621 of 6224001 (the 380 pixels whose nearest index is 000 are exactly 0).
    long positive = 0;
    for (float v : img)
        positive += v > 0;
    CHECK(positive == 6223621);
    // top-10 pixels of stats.txt.
    const struct {
        int s, f;
        double v;
    } top[] = {{1218, 1227, 51.00717544555664},  {977, 1288, 38.74167251586914},
               {1422, 1356, 30.52238655090332},  {1436, 1708, 30.31583023071289},
               {1207, 1308, 27.67023468017578},  {1207, 1610, 27.38288688659668},
               {953, 1150, 24.390104293823242},  {1412, 1152, 22.488569259643555},
               {1292, 1483, 16.156391143798828}, {1280, 845, 12.506134033203125}};
    for (const auto& t : top)
        CHECK(img[at(t.s, t.f)] == Approx(t.v).epsilon(1e-6));

    const auto [over, worst] = compare_crop(img, read_floats(g + "/crop_s1168-1268_f1177-1277.bin"),
                                            1168, 1177, 101, 1e-6);
    INFO("crop worst relative difference " << worst);
    CHECK(over == 0);
}

TEST_CASE("sim supervisor_synth ROI runs: image and traces of the peak (carry-over and first pass)",
          "[sim][golden][supervisor]") {
    const std::string g = golden_dir() + "/supervisor_synth";
    const PixelIndex peak{1218, 1227};

    SECTION("21x21 ROI: phi step 0 carries the 0.09 deg vectors") {
        const SimRun r =
            run_sim(supervisor_synth_args() + " -roi 1217 1237 1208 1228", c_parity(2), {peak});
        const auto [over, worst] = compare_crop(
            r.result.image, read_floats(g + "/roi_peak_float.bin"), 1208, 1217, 21, 1e-6);
        INFO("ROI worst relative difference " << worst);
        CHECK(over == 0);
        check_trace(r, g + "/trace_roi_peak.log", peak);
        // commands.txt: I_pixel_final 51.007174938891, k_frac(tic 0) == k_frac(tic 9).
        const RecordIndex idx = index_records(r.records);
        nbtrace::Indices p;
        p.pixel_slow = peak.slow;
        p.pixel_fast = peak.fast;
        CHECK(idx.at({"I_pixel_final", p})[0] == Approx(51.007174938891).epsilon(1e-6));
        nbtrace::Indices e = p;
        e.layer = e.sub_s = e.sub_f = 0;
        e.source = 0;
        e.mosaic = 0;
        e.phi = 0;
        const double k0 = idx.at({"hkl_frac", e})[1];
        e.phi = 9;
        CHECK(k0 == idx.at({"hkl_frac", e})[1]);
        CHECK(k0 == Approx(1.99330077422118).epsilon(1e-6));
    }
    SECTION("one-pixel ROI: the thread's first pass sees the unrotated crystal") {
        const SimRun r =
            run_sim(supervisor_synth_args() + " -roi 1227 1227 1218 1218", c_parity(2), {peak});
        check_trace(r, g + "/trace_single_peak.log", peak);
        // stats.txt: 49.97541809082031 (-2.02 % vs the full image).
        CHECK(r.result.image[at(peak.slow, peak.fast)] == Approx(49.97541809082031).epsilon(1e-6));
    }
}

TEST_CASE("sim supervisor_synth: a ROI run equals the full run except at the ROI's first pixel",
          "[sim][c-parity][supervisor]") {
    // stats.txt: roi_peak differs from the full image only at (1208,1217), the first ROI pixel of
    // thread 0 (3.980787227630955e-11 in the ROI run vs 4.950134399606121e-11 in the full run).
    // --schedule full-frame gives every ROI pixel its full-frame value instead.
    const std::string roi = " -roi 1217 1237 1208 1228";
    const SimRun roi_run = run_sim(supervisor_synth_args() + roi, c_parity(2));
    const SimRun full_like =
        run_sim(supervisor_synth_args() + roi, c_parity(2, nbsim::Schedule::full_frame));
    std::vector<PixelIndex> differ;
    for (int s = 1208; s <= 1228; ++s)
        for (int f = 1217; f <= 1237; ++f)
            if (roi_run.result.image[at(s, f)] != full_like.result.image[at(s, f)])
                differ.push_back({s, f});
    REQUIRE(differ.size() == 1);
    CHECK(differ[0] == PixelIndex{1208, 1217});
    CHECK(roi_run.result.image[at(1208, 1217)] == Approx(3.980787227630955e-11).epsilon(1e-6));
    CHECK(full_like.result.image[at(1208, 1217)] == Approx(4.950134399606121e-11).epsilon(1e-6));
}

TEST_CASE("sim supervisor with the original inputs (A.mat, scaled.hkl)",
          "[sim][golden][supervisor][real-inputs]") {
    const auto inputs = supervisor_real_inputs_dir();
    if (!inputs)
        nbtest::skip_test("A.mat / scaled.hkl not found ($NB_GOLDEN_INPUTS or "
                          "<source>/../shared/golden/inputs): the original supervisor goldens");
    const std::string args =
        "-mat " + *inputs + "/A.mat -hkl " + *inputs + "/scaled.hkl " + supervisor_geometry_args();
    const std::string g = golden_dir();
    const PixelIndex traced{685, 1039};

    SECTION("full frame: statistics and crop") {
        const SimRun r = run_sim(args, c_parity(2));
        // supervisor_full_stats.txt: max 446.25412 at (1039, 685); sum 6490.82021.
        CHECK(r.result.stats.max_pixel == PixelIndex{1039, 685});
        CHECK(r.result.stats.max_I == Approx(446.25412).epsilon(1e-6));
        CHECK(r.result.stats.sum == Approx(6490.82021).epsilon(1e-6));
        const auto [over, worst] = compare_crop(
            r.result.image, read_floats(g + "/supervisor_full_crop_s635-735_f989-1089.bin"), 635,
            989, 101, 1e-6);
        INFO("crop worst relative difference " << worst);
        CHECK(over == 0);
        // value at (685,1039) 2.88139546e-07 (printed with 9 digits).
        CHECK(r.result.image[at(685, 1039)] == Approx(2.88139546e-07).epsilon(1e-6));
    }
    SECTION("21x21 ROI: image and trace (C-PARITY-001 active)") {
        const SimRun r = run_sim(args + " -roi 1029 1049 675 695", c_parity(2), {traced});
        const auto [over, worst] = compare_crop(
            r.result.image, read_floats(g + "/supervisor_roi_float_s675-695_f1029-1049.bin"), 675,
            1029, 21, 1e-6);
        INFO("ROI worst relative difference " << worst);
        CHECK(over == 0);
        check_trace(r, g + "/supervisor_trace_c.log", traced);
    }
    SECTION("one-pixel ROI: trace of the first pass (k_frac -0.589167636095369)") {
        const SimRun r = run_sim(args + " -roi 1039 1039 685 685", c_parity(2), {traced});
        check_trace(r, g + "/supervisor_trace_c_single_pixel.log", traced);
    }
}
