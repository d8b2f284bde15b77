// C-PARITY-001 and OpenMP thread semantics of the reference engine.
//
// Prediction used throughout (c_reference_behaviour.md §2.3, §4): the C program splits ALL rows
// into static blocks, thread t of T starting at row t*q + min(t, r) (q = rows/T, r = rows%T). Only
// the first pass of each thread sees the unrotated crystal at phi step 0; every other pass carries
// the phi_last vectors. So between two thread counts exactly the pixels that start a block in one
// split but not in the other can differ.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/golden_paths.h"
#include "common/golden_small_cases.h"
#include "common/supervisor_args.h"
#include "ref_runner.h"

using namespace nbtest;
using Pixel = std::pair<int, int>; // (slow, fast)

namespace {

// The triclinic_misset_phi_mosaic golden command (tests/common/golden_small_cases.h).
std::vector<std::string> triclinic_args() {
    std::vector<std::string> args = golden_small_cases()[1].args;
    args.push_back("-noprogress");
    return args;
}

// First row of each thread's static block (gcc's schedule for `rows` rows and T threads).
std::set<int> block_starts(int rows, int T) {
    std::set<int> starts;
    int q = rows / T, r = rows % T;
    for (int t = 0; t < T; ++t)
        starts.insert(t * q + (t < r ? t : r));
    return starts;
}

std::set<Pixel> differing(const RefResult& a, const RefResult& b) {
    std::set<Pixel> d;
    for (int s = 0; s < a.spixels; ++s)
        for (int f = 0; f < a.fpixels; ++f)
            if (a.pixel(s, f) != b.pixel(s, f))
                d.insert({s, f});
    return d;
}

RefResult run_threads(const std::vector<std::string>& args, int threads,
                      const std::string& schedule = "", bool phi0_fix = false) {
    RefOptions o;
    o.threads = threads;
    o.schedule = schedule;
    o.phi0_fix = phi0_fix;
    o.legacy_trace = false;
    return run_ref(args, o);
}

} // namespace

TEST_CASE("triclinic: 1 thread changes exactly the pixel the golden names",
          "[reference][threads]") {
    RefResult one = run_threads(triclinic_args(), 1);
    RefResult two = run_threads(triclinic_args(), 2);
    REQUIRE(one.status == NBREF_OK);
    REQUIRE(two.status == NBREF_OK);
    // 2 threads on 128 rows start at rows 0 and 64; with 1 thread (64, 0) is no longer a first
    // pass. golden triclinic_misset_phi_mosaic/commands.txt: only (64,0) changes, 0.000323870 ->
    // 0.000326505
    CHECK(differing(one, two) == std::set<Pixel>{{64, 0}});
    CHECK(two.pixel(64, 0) == Approx(0.000323870).epsilon(1e-6));
    CHECK(one.pixel(64, 0) == Approx(0.000326505).epsilon(1e-6));
    // and the 2-thread run is the golden image
    const std::string golden =
        read_bytes(golden_dir() / "triclinic_misset_phi_mosaic" / "float.bin");
    REQUIRE(golden.size() == two.image.size() * 4);
    CHECK(std::string(reinterpret_cast<const char*>(two.image.data()), golden.size()) == golden);
}

TEST_CASE("triclinic: 3 threads change exactly the predicted block starts",
          "[reference][threads]") {
    RefResult three = run_threads(triclinic_args(), 3);
    RefResult two = run_threads(triclinic_args(), 2);
    REQUIRE(three.status == NBREF_OK);
    // 3 threads: q = 42, r = 2 -> blocks start at 0, 43, 86; 2 threads at 0, 64.
    // Pixels that start a block in exactly one of the two splits: (43,0), (64,0), (86,0).
    std::set<Pixel> predicted;
    auto s3 = block_starts(128, 3), s2 = block_starts(128, 2);
    for (int s : s3)
        if (!s2.count(s))
            predicted.insert({s, 0});
    for (int s : s2)
        if (!s3.count(s))
            predicted.insert({s, 0});
    CHECK(predicted == std::set<Pixel>{{43, 0}, {64, 0}, {86, 0}});
    CHECK(differing(three, two) == predicted);
}

TEST_CASE("with --phi0-fix the image no longer depends on the thread count",
          "[reference][threads][phi0fix]") {
    RefResult one = run_threads(triclinic_args(), 1, "", true);
    RefResult three = run_threads(triclinic_args(), 3, "", true);
    REQUIRE(one.status == NBREF_OK);
    CHECK(differing(one, three).empty());
    // and the fix changes every pixel whose phi step 0 carried state: not only the block starts
    RefResult unfixed = run_threads(triclinic_args(), 1);
    CHECK(differing(one, unfixed).size() > 1000);
}

TEST_CASE("full-frame schedule: a ROI run gives the full-frame values", "[reference][schedule]") {
    auto args = triclinic_args();
    RefResult full = run_threads(args, 2);
    // ROI fast 50..70, slow 60..80 straddles the thread boundary at row 64
    args.insert(args.end(), {"-roi", "50", "70", "60", "80"});
    RefResult roi_sched = run_threads(args, 2, "roi");
    RefResult ff_sched = run_threads(args, 2, "full-frame");
    REQUIRE(ff_sched.status == NBREF_OK);
    std::set<Pixel> d_roi, d_ff;
    for (int s = 60; s <= 80; ++s)
        for (int f = 50; f <= 70; ++f) {
            if (roi_sched.pixel(s, f) != full.pixel(s, f))
                d_roi.insert({s, f});
            if (ff_sched.pixel(s, f) != full.pixel(s, f))
                d_ff.insert({s, f});
        }
    // roi schedule = the C program with -roi: the first ROI pixel of each thread's block is fresh
    CHECK(d_roi == std::set<Pixel>{{60, 50}, {64, 50}});
    CHECK(d_ff.empty());
}

TEST_CASE("full-frame schedule on the supervisor geometry: block starts without a full frame",
          "[reference][schedule][supervisor]") {
    // Full supervisor frames with 1 and 2 threads differ only at (1264, 0) (c_reference_behaviour
    // §4). A 5x5 ROI around it with the full-frame schedule must show exactly that, in
    // milliseconds.
    auto args = supervisor_args((synth_inputs_dir() / "A_synth.mat").string(),
                                (synth_inputs_dir() / "synth.hkl").string());
    args.insert(args.end(), {"-roi", "0", "4", "1262", "1266", "-noprogress"});
    RefResult one = run_threads(args, 1, "full-frame");
    RefResult two = run_threads(args, 2, "full-frame");
    REQUIRE(one.status == NBREF_OK);
    REQUIRE(two.status == NBREF_OK);
    CHECK(differing(one, two) == std::set<Pixel>{{1264, 0}});
    CHECK(block_starts(2527, 2).count(1264) == 1);
}

TEST_CASE("several traced pixels in one run keep their own event streams", "[reference][trace]") {
    RefOptions o;
    o.threads = 2;
    o.legacy_trace = false;
    o.extra_trace = {{10, 20}, {100, 150}, {64, 0}};
    RefResult r = run_ref(triclinic_args(), o);
    REQUIRE(r.status == NBREF_OK);
    for (auto [s, f] : o.extra_trace) {
        INFO("pixel " << s << "," << f);
        // one final value per pixel, equal to the float image cell
        CHECK(static_cast<float>(r.pixel_value("I_pixel_final", s, f).v[0]) == r.pixel(s, f));
        auto w = any();
        w.pixel_slow = s, w.pixel_fast = f;
        CHECK(r.find("hkl_frac", w).size() == 5 * 6); // 5 phi steps x 6 domains
    }
    // (64, 0) is thread 1's first pass: its phi step 0 is unrotated, i.e. ap == a0
    auto w = any();
    w.pixel_slow = 64, w.pixel_fast = 0, w.phi = 0;
    auto ap = r.find("ap", w);
    REQUIRE(ap.size() == 1);
    auto a0 = r.find("a0", any());
    REQUIRE(a0.size() == 1);
    CHECK(ap[0]->v == a0[0]->v);
    // (100, 150) is not: it carries the phi_last = 0.8 deg vectors, equal to its phi step 4
    w.pixel_slow = 100, w.pixel_fast = 150;
    auto ap0 = r.find("ap", w);
    w.phi = 4;
    auto ap4 = r.find("ap", w);
    REQUIRE(ap0.size() == 1);
    REQUIRE(ap4.size() == 1);
    CHECK(ap0[0]->v == ap4[0]->v);
}

TEST_CASE("computing only the traced pixels gives their values in a run of the region",
          "[reference][schedule][traced_only]") {
    // Pixels spread over both threads' blocks, including thread 1's first pixel (64, 0), a pixel
    // right after it, and the last pixel of the detector.
    const std::vector<std::pair<int, int>> pixels{{0, 5},  {10, 20},   {63, 159}, {64, 0},
                                                  {64, 1}, {100, 150}, {127, 159}};
    auto args = triclinic_args();
    RefResult full = run_threads(args, 2);
    REQUIRE(full.status == NBREF_OK);

    RefOptions o;
    o.threads = 2;
    o.legacy_trace = false;
    o.traced_only = true;
    o.extra_trace = pixels;
    o.schedule = "full-frame";
    RefResult only = run_ref(args, o);
    REQUIRE(only.status == NBREF_OK);
    for (auto [s, f] : pixels) {
        INFO("pixel " << s << "," << f);
        CHECK(only.pixel(s, f) == full.pixel(s, f));
    }
    // nothing else was computed
    int nonzero = 0;
    for (float v : only.image)
        nonzero += v != 0.0f;
    CHECK(nonzero == (int)pixels.size());

    // the roi schedule with a ROI: the values of the C program's run of that ROI
    args.insert(args.end(), {"-roi", "50", "70", "60", "80"});
    RefResult roi_run = run_threads(args, 2, "roi");
    o.schedule = "roi";
    o.extra_trace = {{60, 50}, {64, 50}, {64, 51}, {70, 60}};
    RefResult roi_only = run_ref(args, o);
    REQUIRE(roi_only.status == NBREF_OK);
    for (auto [s, f] : o.extra_trace) {
        INFO("pixel " << s << "," << f);
        CHECK(roi_only.pixel(s, f) == roi_run.pixel(s, f));
    }
}
