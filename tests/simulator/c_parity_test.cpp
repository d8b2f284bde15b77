// C-PARITY-001 emulation: the phi = 0 carry-over of the C program's OpenMP threads.
//
// Facts verified on the real C program (c_reference_behaviour.md section 4, golden commands):
//   - gcc's static schedule: S rows over T threads, thread t starts at t q + min(t, r);
//   - supervisor full frame: 1 vs 2 threads differ only at (1264,0); 3 vs 2 at (843,0),
//     (1264,0), (1685,0);
//   - triclinic_misset_phi_mosaic: 1 thread differs from 2 only at (64,0)
//     (0.000323870 with 2 threads -> 0.000326505 with 1).
#include "sim_test_support.h"

#include "common/golden_small_cases.h"

#include "nbsim/c_parity_schedule.h"
#include "nbsim/orientation_table.h"
#include "nbtrace/pixel.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace simtest;
using nbsim::PixelIndex;

namespace {

// The triclinic_misset_phi_mosaic golden command (tests/common/golden_small_cases.h).
std::string triclinic_args() {
    const std::vector<std::string> words = nbtest::golden_small_cases()[1].args;
    std::string args;
    for (const std::string& a : words)
        args += (args.empty() ? "" : " ") + a;
    return args;
}

std::set<nbtrace::Pixel> as_set(const std::vector<PixelIndex>& v) {
    std::set<nbtrace::Pixel> s;
    for (const PixelIndex& p : v)
        s.insert({p.slow, p.fast});
    return s;
}

} // namespace

TEST_CASE("sim c-parity: gcc static row blocks", "[sim][c-parity]") {
    // 2527 rows: T=2 -> q=1263, r=1 -> [0,1264) and [1264,2527); T=3 -> q=842, r=1 -> starts
    // 0, 843, 1685.
    auto b2 = nbsim::static_row_blocks(2527, 2);
    REQUIRE(b2.size() == 2);
    CHECK(b2[0].first_row == 0);
    CHECK(b2[0].row_count == 1264);
    CHECK(b2[1].first_row == 1264);
    CHECK(b2[1].row_count == 1263);
    auto b3 = nbsim::static_row_blocks(2527, 3);
    CHECK(b3[1].first_row == 843);
    CHECK(b3[2].first_row == 1685);
    CHECK(b3[2].first_row + b3[2].row_count == 2527);
    // More threads than rows: the extra threads get nothing.
    auto b5 = nbsim::static_row_blocks(3, 5);
    CHECK(b5[2].row_count == 1);
    CHECK(b5[3].row_count == 0);
}

TEST_CASE("sim c-parity: supervisor thread first pixels and the pixels that change with T",
          "[sim][c-parity][supervisor]") {
    const auto cl =
        nbsim::parse_command_line(split_args(supervisor_synth_args() + " -roi 0 5 0 5"), -1);
    std::ostringstream log;
    const nbsim::Experiment ex = nbsim::build_experiment(cl.args, log);
    using S = nbsim::Schedule;
    using P = nbtrace::Pixel;
    CHECK(as_set(nbsim::first_pass_pixels(ex, S::full_frame, 1)) == std::set<P>{{0, 0}});
    CHECK(as_set(nbsim::first_pass_pixels(ex, S::full_frame, 2)) == std::set<P>{{0, 0}, {1264, 0}});
    CHECK(as_set(nbsim::first_pass_pixels(ex, S::full_frame, 3)) ==
          std::set<P>{{0, 0}, {843, 0}, {1685, 0}});
    // With --schedule roi only threads whose block meets the ROI have a first pass in it.
    CHECK(as_set(nbsim::first_pass_pixels(ex, S::roi, 2)) == std::set<P>{{0, 0}});

    // The values: computing only these pixels (no full frame) with 1, 2 and 3 threads.
    const std::vector<PixelIndex> probe{{0, 0}, {843, 0}, {1264, 0}, {1264, 1}, {1685, 0}};
    auto values = [&](int threads) {
        const SimRun r = run_sim(supervisor_synth_args(), c_parity(threads, S::full_frame), probe,
                                 /*trace_only=*/true);
        std::vector<float> v;
        for (const PixelIndex& p : probe)
            v.push_back(r.result.image[static_cast<std::size_t>(p.slow) * 2463 + p.fast]);
        return v;
    };
    const auto t1 = values(1), t2 = values(2), t3 = values(3);
    // 1 vs 2 threads: only (1264,0).
    CHECK(t1[0] == t2[0]);
    CHECK(t1[1] == t2[1]);
    CHECK(t1[2] != t2[2]);
    CHECK(t1[3] == t2[3]);
    CHECK(t1[4] == t2[4]);
    // 3 vs 2 threads: (843,0), (1264,0), (1685,0).
    CHECK(t3[0] == t2[0]);
    CHECK(t3[1] != t2[1]);
    CHECK(t3[2] != t2[2]);
    CHECK(t3[3] == t2[3]);
    CHECK(t3[4] != t2[4]);
    // A first pixel gets the spec value (its first pass is the only pass: oversample 1).
    const SimRun s = run_sim(supervisor_synth_args(), spec(2), probe, true);
    CHECK(t2[2] == s.result.image[static_cast<std::size_t>(1264) * 2463]);
}

TEST_CASE(
    "sim c-parity: triclinic golden with 1 and 3 threads changes exactly the predicted pixels",
    "[sim][c-parity][golden]") {
    const std::vector<float> golden =
        read_floats(golden_dir() + "/triclinic_misset_phi_mosaic/float.bin");
    auto changed = [&](int threads) {
        const SimRun r = run_sim(triclinic_args(), c_parity(threads));
        std::set<nbtrace::Pixel> d;
        for (std::size_t i = 0; i < golden.size(); ++i)
            if (r.result.image[i] != golden[i])
                d.insert({static_cast<int>(i / 160), static_cast<int>(i % 160)});
        return std::make_pair(d, r.result.image);
    };
    // 1 thread: only (64,0), the first pixel of the golden run's second thread, now steady.
    const auto [d1, img1] = changed(1);
    CHECK(d1 == std::set<nbtrace::Pixel>{{64, 0}});
    // commands.txt: 0.000323870 (2 threads) -> 0.000326505 (1 thread); 6 printed digits, so
    // 5e-10 absolute (half a unit of the last digit) plus float32 rounding.
    CHECK(golden[64 * 160] == Approx(0.000323870).margin(6e-10));
    CHECK(img1[64 * 160] == Approx(0.000326505).margin(6e-10));
    // 3 threads (128 rows: q=42, r=2 -> starts 0, 43, 86): (43,0) and (86,0) become first
    // pixels, (64,0) becomes steady.
    const auto [d3, img3] = changed(3);
    CHECK(d3 == std::set<nbtrace::Pixel>{{43, 0}, {64, 0}, {86, 0}});
}

TEST_CASE("sim c-parity: orientation tables for a zero step inside the sweep", "[sim][c-parity]") {
    // phi0 = -0.2 deg, step 0.1 deg, 5 steps: the angle of step 2 is exactly 0.0 in double
    // (-0.2/RTD + 2*(0.1/RTD): doubling is exact), steps 0, 1, 3, 4 are rotated.
    nbsim::Crystal x;
    x.real_space_a_m = nbsim::Vec3(5e-9, 1e-10, 0);
    x.real_space_b_m = nbsim::Vec3(0, 6e-9, 2e-10);
    x.real_space_c_m = nbsim::Vec3(1e-10, 0, 7e-9);
    nbsim::Scan scan;
    const double rtd = 180.0 * M_1_PI;
    scan.rotation_axis = nbsim::Vec3(0, 0, 1);
    scan.phi0_rad = -0.2 / rtd;
    scan.phistep_rad = 0.1 / rtd;
    scan.phisteps = 5;
    REQUIRE(scan.angle_rad(2) == 0.0);
    nbsim::MosaicDomains mosaic;
    const auto spec_t = nbsim::build_orientation_tables(x, scan, mosaic, nbsim::PhiMode::spec);
    const auto cp = nbsim::build_orientation_tables(x, scan, mosaic, nbsim::PhiMode::c_parity);
    // spec: step 2 is the unrotated crystal.
    CHECK(spec_t.steady.ap[2] == x.real_space_a_m);
    CHECK_FALSE(spec_t.first_pass.has_value());
    // c-parity: step 2 reuses step 1's vectors in every pass; steps 0 and 1 are rotated, so the
    // carried-in state never shows and the first pass equals the steady one.
    CHECK(cp.steady.ap[2] == cp.steady.ap[1]);
    CHECK(cp.steady.bp[2] == spec_t.steady.bp[1]);
    CHECK(cp.steady.ap[3] == spec_t.steady.ap[3]);
    CHECK(cp.steady.carried[2]);
    CHECK_FALSE(cp.first_pass.has_value());

    // phi0 = 0: step 0 carries R(phi_last) in steady passes and a0 in a thread's first pass.
    scan.phi0_rad = 0;
    const auto cp0 = nbsim::build_orientation_tables(x, scan, mosaic, nbsim::PhiMode::c_parity);
    REQUIRE(cp0.first_pass.has_value());
    CHECK(cp0.steady.ap[0] == cp0.steady.ap[4]);
    CHECK(cp0.first_pass->ap[0] == x.real_space_a_m);
    CHECK(cp0.first_pass->ap[3] == cp0.steady.ap[3]);
}

TEST_CASE("sim c-parity vs spec on the supervisor frame: differences exactly as C-PARITY-001 "
          "predicts",
          "[sim][c-parity][spec][supervisor]") {
    // Prediction: with phi0 = 0, every pass except a thread's first samples {phi_9, phi_1..phi_9}
    // instead of {phi_0..phi_9} (steps unchanged, 10). So for every pixel except the threads'
    // first pixels (oversample 1: one pass per pixel)
    //     I_cparity - I_spec = (I[phi_9 alone] - I[phi_0 alone]) / 10,
    // where I[phi alone] is a one-step run (steps = 1) at that angle; at the first pixels the two
    // modes agree exactly. Tolerance: the four images are float32, each rounding contributes
    // <= 2^-24 relative, so |lhs - rhs| <= 1.2e-7 (|I_c| + |I_s| + (|I_9| + |I_0|)/10).
    const SimRun c = run_sim(supervisor_synth_args(), c_parity(2));
    const SimRun s = run_sim(supervisor_synth_args(), spec(2));
    const std::string one_step = " -osc 0.01 -phisteps 1";
    const SimRun p9 = run_sim(supervisor_synth_args() + one_step + " -phi 0.09", spec(2));
    const SimRun p0 = run_sim(supervisor_synth_args() + one_step + " -phi 0", spec(2));
    const auto& Ic = c.result.image;
    const auto& Is = s.result.image;
    long differing = 0, violations = 0;
    for (std::size_t i = 0; i < Ic.size(); ++i) {
        const bool first = i == 0 || i == static_cast<std::size_t>(1264) * 2463;
        if (first) {
            CHECK(Ic[i] == Is[i]);
            continue;
        }
        const double lhs = static_cast<double>(Ic[i]) - Is[i];
        const double rhs = (static_cast<double>(p9.result.image[i]) - p0.result.image[i]) / 10.0;
        const double tol =
            1.2e-7 * (std::fabs(Ic[i]) + std::fabs(Is[i]) +
                      (std::fabs(p9.result.image[i]) + std::fabs(p0.result.image[i])) / 10.0);
        differing += Ic[i] != Is[i];
        if (std::fabs(lhs - rhs) > tol)
            ++violations;
    }
    INFO(differing << " pixels differ between spec and c-parity");
    CHECK(violations == 0);
    CHECK(differing > 6000000); // nearly every pixel (all but the exactly-zero ones)
}

TEST_CASE("sim c-parity vs spec: per-phi records of a traced pixel", "[sim][c-parity][spec]") {
    // The traced peak pixel: steps 1..9 use identical vectors and give identical contributions
    // in both modes; step 0 in c-parity uses exactly the vectors (and so the contribution) of
    // step 9; I_before_scaling moves by c_9 - c_0.
    const PixelIndex peak{1218, 1227};
    const SimRun c =
        run_sim(supervisor_synth_args(), c_parity(2, nbsim::Schedule::full_frame), {peak}, true);
    const SimRun s = run_sim(supervisor_synth_args(), spec(2), {peak}, true);
    const RecordIndex ic = index_records(c.records), is = index_records(s.records);
    nbtrace::Indices e;
    e.pixel_slow = peak.slow;
    e.pixel_fast = peak.fast;
    e.layer = e.sub_s = e.sub_f = 0;
    e.source = 0;
    auto rec = [](const RecordIndex& m, const char* key, nbtrace::Indices i, int phi, bool mosaic) {
        i.phi = phi;
        if (mosaic)
            i.mosaic = 0;
        return m.at({key, i});
    };
    for (int n = 1; n < 10; ++n) {
        CHECK(rec(ic, "ap", e, n, false) == rec(is, "ap", e, n, false));
        CHECK(rec(ic, "I_contribution", e, n, true) == rec(is, "I_contribution", e, n, true));
    }
    CHECK(rec(ic, "ap", e, 0, false) == rec(is, "ap", e, 9, false));
    CHECK(rec(ic, "bp", e, 0, false) == rec(is, "bp", e, 9, false));
    CHECK(rec(ic, "hkl_frac", e, 0, true) == rec(is, "hkl_frac", e, 9, true));
    CHECK(rec(ic, "I_contribution", e, 0, true) == rec(is, "I_contribution", e, 9, true));
    CHECK(rec(ic, "ap", e, 0, false) != rec(is, "ap", e, 0, false));
    nbtrace::Indices p;
    p.pixel_slow = peak.slow;
    p.pixel_fast = peak.fast;
    const double c0 = rec(is, "I_contribution", e, 0, true)[0];
    const double c9 = rec(is, "I_contribution", e, 9, true)[0];
    // Summation order differs by one term: 1e-14 relative.
    CHECK(ic.at({"I_before_scaling", p})[0] ==
          Approx(is.at({"I_before_scaling", p})[0] - c0 + c9).epsilon(1e-14));
    // The run configuration is recorded.
    CHECK(ic.at({"phi_mode", {}})[0] == 1);
    CHECK(ic.at({"schedule", {}})[0] == 1);
    CHECK(ic.at({"threads", {}})[0] == 2);
    CHECK(is.at({"phi_mode", {}})[0] == 0);
}
