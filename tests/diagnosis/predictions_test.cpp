// C-PARITY-001's predicted effect checked against what was observed, on the real C program's
// own pair (tests/data/real_programs/supervisor_synth: the one-pixel ROI run keeps phi = 0
// unrotated, the 21 x 21 ROI run carries step 9 into step 0 at the same pixel), on the same pair
// with the observed difference scaled x100, and on ROI images.
#include "nbdiag/predictions.h"

#include "nbtrace/trace_pair.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>

using namespace nbdiag;

namespace {

std::string synth(const std::string& file) {
    return std::string(NB_TEST_DATA_DIR) + "/real_programs/supervisor_synth/" + file;
}

// A = c_single (spec: the traced pixel is the one-pixel ROI's first and only pixel, so its
// thread's first pass keeps phi = 0 unrotated), B = c_roi (the carry-over at that pixel).
nbtrace::DiffResult synth_pair(double scale_observed = 1) {
    nbtrace::TracePair p = nbtrace::read_trace_pair({{synth("c_single_trace.log")}, {}},
                                                    {{synth("c_roi_trace.log")}, {}});
    if (scale_observed != 1) {
        // the carry-over side's difference from spec scaled: I_C' = I_spec + k (I_C - I_spec)
        double spec = 0;
        for (const nbtrace::Record& r : p.a.records)
            if (r.key == "I_before_scaling")
                spec = r.values[0];
        for (nbtrace::Record& r : p.b.records)
            if (r.key == "I_before_scaling")
                r.values[0] = spec + scale_observed * (r.values[0] - spec);
    }
    return nbtrace::diff_traces(p.a.records, p.b.records, {});
}

std::vector<double> read_f32(const std::string& path, std::size_t n) {
    std::ifstream in(path, std::ios::binary);
    std::vector<float> f(n);
    in.read(reinterpret_cast<char*>(f.data()), static_cast<std::streamsize>(n * sizeof(float)));
    REQUIRE(in.gcount() == static_cast<std::streamsize>(n * sizeof(float)));
    return {f.begin(), f.end()};
}

} // namespace

TEST_CASE("the C program's carry-over at the synth peak is explained", "[predictions]") {
    // The ROI run's pixel (1218, 1227) is not its thread's first (2527 rows over 2 threads:
    // thread 0 has rows 0..1263, whose first ROI pixel is (1208, 1217)). By hand from
    // c_single_trace.log: F_cell 98.05, F_latt(step 0) -32575.2814997516, F_latt(step 9)
    // -36139.9515108005, I_spec 114063664890443: I_C = I_spec + 98.05^2 (F9^2 - F0^2)
    // = 116418538225194 (+2.0645 %); the ROI run printed 116418538225194.
    std::string why;
    const auto check = check_carryover_pixel(synth_pair(), SpecSide::a, 1218, 1227, false, &why);
    INFO(why);
    REQUIRE(check);
    CHECK(check->predicted_lo == Approx(0.0206452540080395).epsilon(1e-12));
    CHECK(check->observed == Approx(0.0206452540080387).epsilon(1e-12));
    CHECK(check->explained());
    CHECK(check->verdict_text().rfind("explained: I_before_scaling at pixel (1218, 1227) "
                                      "predicted +2.06 %, observed +2.06 %",
                                      0) == 0);
}

TEST_CASE("an observed difference scaled x100 is NOT explained", "[predictions]") {
    const auto check = check_carryover_pixel(synth_pair(100), SpecSide::a, 1218, 1227, false);
    REQUIRE(check);
    CHECK_FALSE(check->explained());
    CHECK(check->verdict_text().rfind("NOT explained: I_before_scaling at pixel (1218, 1227) "
                                      "predicted +2.06 %, observed +206 %",
                                      0) == 0);
}

TEST_CASE("the wrong schedule (the pixel taken as its thread's first) is NOT explained",
          "[predictions]") {
    // a thread's first pass keeps phi = 0: nothing should change, yet +2.06 % was observed
    const auto check = check_carryover_pixel(synth_pair(), SpecSide::a, 1218, 1227, true);
    REQUIRE(check);
    CHECK(check->predicted_lo == 0);
    CHECK_FALSE(check->explained());
}

TEST_CASE("no zero phi step: the carry-over does not apply", "[predictions]") {
    // simple_cubic: one phi step
    const std::string dir = std::string(NB_TEST_DATA_DIR) + "/real_programs/simple_cubic/";
    const nbtrace::TracePair p =
        nbtrace::read_trace_pair({{dir + "c_trace.log"}, {}}, {{dir + "c_trace.log"}, {}});
    std::string why;
    CHECK_FALSE(check_carryover_pixel(nbtrace::diff_traces(p.a.records, p.b.records, {}),
                                      SpecSide::a, 74, 84, false, &why));
    CHECK(why == "no phi step of angle exactly 0 next to a rotating one");
}

TEST_CASE("ROI: within [0, 2] x spec explained, a 1.26e5 ratio or a first pass moved not",
          "[predictions]") {
    RoiImages roi;
    roi.slow0 = 100;
    roi.fast0 = 200;
    roi.width = roi.height = 3;
    roi.spec.assign(9, 10.0);
    roi.c = {10, 12, 19.9, 0.5, 10, 10, 15, 3, 10};
    const std::set<std::pair<int, int>> first{{100, 200}};
    const PredictionCheck ok = check_carryover_roi(roi, first);
    CHECK(ok.explained());
    CHECK(ok.observed == Approx((90.4 - 90) / 90)); // sums 90.4 and 90

    RoiImages w10 = roi;
    w10.c[4] = 10 * 1.26e5; // W10: a ratio of 126,451 is no carry-over
    const PredictionCheck big = check_carryover_roi(w10, first);
    CHECK_FALSE(big.explained());
    CHECK(big.verdict_text().find("1 of 9 pixels outside [0, 2] x spec (worst c/spec 1.26e+05 "
                                  "at (101, 201))") != std::string::npos);

    RoiImages moved = roi;
    moved.c[0] = 11; // the thread's first pass keeps phi = 0: this pixel cannot change
    CHECK_FALSE(check_carryover_roi(moved, first).explained());
}

TEST_CASE("the supervisor ROI, C program against the port, is NOT explained by the carry-over",
          "[predictions]") {
    // our recorded runs: the C program (carry-over active) and the port (fresh rotation) on the
    // same 21 x 21 ROI. The C sum is 7.93e-6 of the port's (0.0342 vs 4311): every pixel still
    // lies in [0, 2] x the port's value (the bound allows C down to 0), but the ROI's first
    // pixel holds thread 0's first pass, where the carry-over changes nothing, and it differs
    const std::string dir = std::string(NB_TEST_DATA_DIR) + "/real_programs/supervisor/";
    RoiImages roi;
    roi.slow0 = 675;
    roi.fast0 = 1029;
    roi.width = roi.height = 21;
    roi.c = read_f32(dir + "c_roi_float_s675-695_f1029-1049.bin", 441);
    roi.spec = read_f32(dir + "py_roi_float_s675-695_f1029-1049.bin", 441);
    // the ROI's first pixel holds thread 0's first pass (rows 0..1263 of 2527)
    const PredictionCheck check = check_carryover_roi(roi, {{675, 1029}});
    INFO(check.verdict_text() << " | " << check.details);
    CHECK_FALSE(check.explained());
    CHECK(check.verdict_text().find("observed -100 % (tolerance 1e-06); 1 pixels holding a "
                                    "thread's first pass changed") != std::string::npos);
}

TEST_CASE("ROI with the model's pair: each pixel's change predicted; the change x100 is NOT "
          "explained",
          "[predictions]") {
    // 2 x 2 region; the model (spec 10, 20, 30, 40) carries step 9 into step 0 on three pixels
    // (+1, -2, +0.5) and leaves the thread's first pixel alone. Sums 100 -> 99.5: -0.5 %.
    RoiImages roi;
    roi.slow0 = 5;
    roi.fast0 = 7;
    roi.width = roi.height = 2;
    roi.model_spec = {10, 20, 30, 40};
    roi.model_c = {10, 21, 28, 40.5};
    roi.model_rtol = 1e-6;
    // the sides: the model's values within 1e-7 (float32 images of two engines)
    roi.spec = {10 * (1 + 1e-7), 20, 30, 40};
    roi.c = {10 * (1 + 1e-7), 21, 28 * (1 - 1e-7), 40.5};
    const std::set<std::pair<int, int>> first{{5, 7}};
    const PredictionCheck ok = check_carryover_roi(roi, first);
    INFO(ok.verdict_text() << " | " << ok.details);
    CHECK(ok.explained());
    CHECK(ok.predicted_lo == Approx(-0.005));
    CHECK(ok.tolerance == 2e-6);
    CHECK(ok.details.find("changes 3 of 4 pixels, sum spec 100 -> 99.5") != std::string::npos);

    // the observed changes x100 (a claim of the carry-over that does not hold): pixel (5, 8)
    // goes 20 -> 120, outside the bound too; the per-pixel check names all three changed pixels
    RoiImages x100 = roi;
    for (std::size_t i = 0; i < 4; ++i)
        x100.c[i] = x100.spec[i] + 100 * (roi.c[i] - roi.spec[i]);
    const PredictionCheck bad = check_carryover_roi(x100, first);
    CHECK_FALSE(bad.explained());
    CHECK(bad.verdict_text().find("predicted -0.5 %, observed -50 %") != std::string::npos);
    CHECK(bad.verdict_text().find("3 of 4 pixels changed otherwise than the model predicts") !=
          std::string::npos);

    // a change of 1e-5 on one pixel the model leaves alone: outside 2e-6, NOT explained
    RoiImages moved = roi;
    moved.c[3] = 40.5 * (1 + 1e-5);
    CHECK_FALSE(check_carryover_roi(moved, first).explained());
}
