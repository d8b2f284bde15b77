// Set-up rules checked against values derived by hand (derivation in each comment): detector
// conventions and pivots, the 2theta distance rule, the triclinic cell quirk, the sampling
// auto-rules, and the command-line quirks the C program has.
#include "sim_test_support.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace simtest;
using Catch::Matchers::WithinAbs;

namespace {

nbsim::Experiment experiment(const std::string& args) {
    const nbsim::CommandLine cl = nbsim::parse_command_line(split_args(args), -1);
    std::ostringstream log;
    return nbsim::build_experiment(cl.args, log);
}

const std::string kCubic = "-cell 100 100 100 90 90 90 -default_F 100 -N 5 ";
constexpr double kRTD = 180.0 * M_1_PI;

} // namespace

TEST_CASE("sim geometry: MOSFLM beam centre (AT-GEO-001)", "[sim][geometry]") {
    // MOSFLM: Fbeam = Ybeam + px/2 = 0.0512 + 0.00005, Sbeam = Xbeam + px/2 (same); BEAM pivot:
    // pix0 = -Fbeam f - Sbeam s + distance b = (0.1, 0.05125, -0.05125) m with f = (0,0,1),
    // s = (0,-1,0), b = (1,0,0).
    const auto ex = experiment(kCubic + "-pixel 0.1 -distance 100 -Xbeam 51.2 -Ybeam 51.2");
    const auto& p = ex.detector.origin_m;
    CHECK_THAT(p.x(), WithinAbs(0.1, 1e-12));
    CHECK_THAT(p.y(), WithinAbs(0.05125, 1e-12));
    CHECK_THAT(p.z(), WithinAbs(-0.05125, 1e-12));
    CHECK(ex.detector.pivot == nbsim::Pivot::beam);
}

TEST_CASE("sim geometry: XDS pivots on the sample at the detector centre or ORGX/ORGY",
          "[sim][geometry]") {
    // XDS: f = (1,0,0), s = (0,1,0), o = (0,0,1), SAMPLE pivot. Default Fclose = Sclose =
    // detsize/2 = 8 x 0.1 mm / 2 = 0.4 mm: pix0 = (-0.0004, -0.0004, 0.1).
    // With -ORGX 2 -ORGY 3: Fclose = (2 - 0.5) px = 0.15 mm, Sclose = 0.25 mm.
    const auto a = experiment(kCubic + "-xds -detpixels 8 -pixel 0.1 -distance 100");
    CHECK_THAT(a.detector.origin_m.x(), WithinAbs(-0.0004, 1e-12));
    CHECK_THAT(a.detector.origin_m.y(), WithinAbs(-0.0004, 1e-12));
    CHECK_THAT(a.detector.origin_m.z(), WithinAbs(0.1, 1e-12));
    CHECK(a.detector.pivot == nbsim::Pivot::sample);
    const auto b =
        experiment(kCubic + "-xds -detpixels 8 -pixel 0.1 -distance 100 -ORGX 2 -ORGY 3");
    CHECK_THAT(b.detector.origin_m.x(), WithinAbs(-0.00015, 1e-12));
    CHECK_THAT(b.detector.origin_m.y(), WithinAbs(-0.00025, 1e-12));
    // -Xbeam under XDS moves nothing (only the header's BEAM_CENTER).
    const auto c = experiment(kCubic + "-xds -detpixels 8 -pixel 0.1 -distance 100 -Xbeam 3");
    CHECK(c.detector.origin_m == a.detector.origin_m);
}

TEST_CASE("sim geometry: 2theta shortens the reported distance to close_distance / ratio",
          "[sim][geometry]") {
    // MOSFLM, 2theta = 10 deg about (0,0,-1): the ratio excludes 2theta (r = 1), the rotated
    // normal is o' = (cos 10, -sin 10, 0), close_distance = pix0 . o' = 0.1 cos 10 deg, and the
    // final distance = close_distance / r = 98.4808 mm. The pivot stays BEAM (forced by MOSFLM).
    const auto ex = experiment(kCubic + "-distance 100 -twotheta 10");
    CHECK_THAT(ex.detector.distance_m, WithinAbs(0.1 * std::cos(10.0 / kRTD), 1e-15));
    CHECK(ex.detector.pivot == nbsim::Pivot::beam);
    CHECK_THAT(ex.detector.normal_axis.y(), WithinAbs(-std::sin(10.0 / kRTD), 1e-15));
}

TEST_CASE("sim geometry: -pix0_vector only switches to CUSTOM (its value is never used)",
          "[sim][geometry]") {
    // CUSTOM on a 4x4 detector of 0.1 mm: Xbeam = Xclose = Fclose = 0.2 mm, no half-pixel shift:
    // pix0 = -0.0002 (0,0,1) - 0.0002 (0,-1,0) + 0.1 (1,0,0) = (0.1, 0.0002, -0.0002) whatever
    // -pix0_vector says, and the same as any other custom-vector flag (C-DESIGN-FLAW-003).
    const std::string base = kCubic + "-detpixels 4 -pixel 0.1 -distance 100 ";
    const auto a = experiment(base + "-pix0_vector 0 0 200");
    const auto b = experiment(base + "-pix0_vector_mm 0 0 200");
    const auto c = experiment(base + "-beam_vector 1 0 0");
    CHECK(a.detector.convention == nbsim::Convention::custom);
    CHECK_THAT(a.detector.origin_m.x(), WithinAbs(0.1, 1e-15));
    CHECK_THAT(a.detector.origin_m.y(), WithinAbs(0.0002, 1e-15));
    CHECK_THAT(a.detector.origin_m.z(), WithinAbs(-0.0002, 1e-15));
    CHECK(a.detector.origin_m == b.detector.origin_m);
    CHECK(a.detector.origin_m == c.detector.origin_m);
}

TEST_CASE("sim geometry: named conventions force the pivot; CUSTOM follows the flags",
          "[sim][geometry]") {
    CHECK(experiment(kCubic + "-pivot sample").detector.pivot == nbsim::Pivot::beam);
    CHECK(experiment(kCubic + "-xds -pivot beam").detector.pivot == nbsim::Pivot::sample);
    CHECK(experiment(kCubic + "-dials -distance 100").detector.pivot == nbsim::Pivot::sample);
    CHECK(experiment(kCubic + "-beam_vector 1 0 0 -pivot sample").detector.pivot ==
          nbsim::Pivot::sample);
    CHECK(experiment(kCubic + "-beam_vector 1 0 0 -twotheta 0").detector.pivot ==
          nbsim::Pivot::sample);
    // A convention flag after custom vectors overwrites them.
    const auto ex = experiment(kCubic + "-fdet_vector 1 0 0 -mosflm");
    CHECK(ex.detector.convention == nbsim::Convention::mosflm);
    CHECK(ex.detector.fast_axis == nbsim::Vec3(0, 0, 1));
}

TEST_CASE("sim geometry: odet is regenerated unless its length is exactly 1", "[sim][geometry]") {
    // f = (1,0,0), s = (0,1,0): f x s = (0,0,1). The given (0,0,0.5) is replaced; (0,0,-1) kept.
    const std::string v = kCubic + "-fdet_vector 1 0 0 -sdet_vector 0 1 0 -beam_vector 0 0 1 ";
    CHECK(experiment(v + "-odet_vector 0 0 0.5").detector.normal_axis == nbsim::Vec3(0, 0, 1));
    CHECK(experiment(v + "-odet_vector 0 0 -1").detector.normal_axis == nbsim::Vec3(0, 0, -1));
}

TEST_CASE("sim crystal: triclinic -cell keeps the lengths, perturbs the angles (C quirk)",
          "[sim][crystal]") {
    // nanobragg_model.md 2.2: -cell 70 80 90 75 85 95 gives exactly 70, 80, 90 A and angles
    // 75.0391, 85.0136, 95.0081 deg (c*_z uses V/(a b c sin gamma*)).
    const auto ex = experiment("-cell 70 80 90 75 85 95 -default_F 1");
    const auto& x = ex.crystal;
    const nbsim::Vec3 a = x.real_space_a_m * 1e10, b = x.real_space_b_m * 1e10,
                      c = x.real_space_c_m * 1e10;
    CHECK_THAT(a.norm(), WithinAbs(70, 1e-9));
    CHECK_THAT(b.norm(), WithinAbs(80, 1e-9));
    CHECK_THAT(c.norm(), WithinAbs(90, 1e-9));
    auto angle = [](const nbsim::Vec3& u, const nbsim::Vec3& v) {
        return std::acos(u.dot(v) / u.norm() / v.norm()) * kRTD;
    };
    CHECK_THAT(angle(b, c), WithinAbs(75.0391, 5e-5));
    CHECK_THAT(angle(a, c), WithinAbs(85.0136, 5e-5));
    CHECK_THAT(angle(a, b), WithinAbs(95.0081, 5e-5));
}

TEST_CASE("sim sampling rules: phi, mosaic, thickness, divergence, oversample", "[sim][sampling]") {
    // phi (model 3.1): -osc 10 -> 2 steps of 5 deg; -phisteps 4 -> osc 1 deg, 0.25 deg steps.
    auto a = experiment(kCubic + "-osc 10");
    CHECK(a.scan.phisteps == 2);
    CHECK_THAT(a.scan.phistep_rad * kRTD, WithinAbs(5, 1e-12));
    auto b = experiment(kCubic + "-phisteps 4");
    CHECK_THAT(b.scan.angle_rad(3) * kRTD, WithinAbs(0.75, 1e-12));
    // mosaic spread without a count: 10 domains; domain 0 is the identity.
    auto m = experiment(kCubic + "-mosaic 0.5");
    CHECK(m.mosaic.count() == 10);
    CHECK(m.mosaic.umats[0] == nbsim::Mat3::Identity());
    // thickness 450 um in 5 layers with attenuation depth 500 um: mu = 2000 /m, step T/(n-1).
    auto t = experiment(kCubic + "-detector_abs 500 -detector_thick 450 -thicksteps 5");
    CHECK(t.detector.layers.count == 5);
    CHECK_THAT(t.detector.layers.step_m, WithinAbs(112.5e-6, 1e-18));
    CHECK_THAT(t.detector.layers.mu_per_m, WithinAbs(2000, 1e-9));
    // -thicksteps alone leaves thickness off (default thickness is 0, not "unset").
    CHECK(experiment(kCubic + "-thicksteps 3").detector.layers.count == 1);
    // divergence 1 mrad x 3 steps, dispersion 0.5 % x 3: 5 of the 9 directions survive the
    // elliptical cut (corners: t = 2 x 0.25 = 0.5, 4t = 2 > 1.1), so 15 sources.
    auto d = experiment(kCubic + "-divergence 1 -divsteps 3 -dispersion 0.5 -dispsteps 3");
    CHECK(d.beam.sources.size() == 15);
    CHECK_THAT(d.beam.sources[0].wavelength_m, WithinAbs(0.9975e-10, 1e-22));
    // oversample auto: ceil(3 x 500 A / (1 A x 100 mm / 0.1 mm)) = ceil(1.5) = 2.
    auto o = experiment(kCubic + "-lambda 1 -distance 100 -pixel 0.1");
    CHECK(o.sampling.oversample == 2);
    // steps = sources x domains x phisteps x oversample^2 = 15 x 1 x 1 x 4.
    CHECK(experiment(kCubic + "-divergence 1 -divsteps 3 -dispersion 0.5 -dispsteps 3 "
                              "-oversample 2")
              .sampling.steps == 60);
}

TEST_CASE("sim command line: flags with C side effects", "[sim][cli]") {
    auto parse = [](const std::string& s) { return nbsim::parse_command_line(split_args(s), -7); };
    // -twotheta_axis also runs the -twotheta handler: 2theta := first component (deg), SAMPLE.
    auto a = parse("-twotheta 20 -twotheta_axis 0 0 -1");
    CHECK(a.args.twotheta_rad == 0.0);
    CHECK(a.args.pivot == nbsim::Pivot::sample);
    CHECK(a.args.convention == nbsim::Convention::custom);
    auto b = parse("-twotheta_axis 0 0 -1 -twotheta 20");
    CHECK_THAT(b.args.twotheta_rad * kRTD, WithinAbs(20, 1e-12));
    // -printout_pixel is FAST SLOW and also turns -printout on; -trace_pixel is SLOW FAST.
    auto c = parse("-printout_pixel 3 5 -trace_pixel 7 9");
    CHECK(c.args.printout);
    CHECK(c.args.printout_fpixel == 3);
    CHECK(c.args.printout_spixel == 5);
    CHECK(c.args.trace_pixels.at(0) == nbsim::PixelIndex{7, 9});
    // -cell stops at the next flag; seeds are stored negated; default seeds = start-up seed.
    auto d = parse("-cell 70 -N 5 -mosaic_seed 42");
    CHECK(d.args.cell_a_A == 70);
    CHECK(d.args.cell_b_A == 0);
    CHECK(d.args.mosaic_seed == -42);
    CHECK(d.args.noise_seed == -7);
    CHECK(d.args.misset_seed == -7);
    // -N truncates like atoi; -polar re-enables polarization after -nopolar.
    auto e = parse("-N 5.7 -nopolar -polar 0.5");
    CHECK(e.args.Na == 5);
    CHECK_FALSE(e.args.nopolar);
    // nbsim's own options, both spellings.
    auto f = parse("--phi-mode=c-parity --dtype float32 --threads 3 --schedule full-frame");
    CHECK(f.run.phi_mode == nbsim::PhiMode::c_parity);
    CHECK(f.run.dtype == nbsim::Dtype::float32);
    CHECK(f.run.threads == 3);
    CHECK(f.run.schedule == nbsim::Schedule::full_frame);
    // -curved_det takes the dummy token the C program needs after it.
    CHECK(parse("-curved_det 1 -N 3").args.curved_detector);
}
