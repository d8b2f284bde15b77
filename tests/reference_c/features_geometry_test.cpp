// Detector geometry features that no golden exercises, each checked against a value derived by hand
// from nanobragg_model.md §5 (conventions, pivots, rotations, 2theta, distances, custom vectors,
// curved detector, solid angle). The expected numbers are written out in the comments and computed
// in the test from those formulas (features_util.h), never taken from a program's output.
//
// Tolerances: positions are sums of a few products of exactly representable numbers and rounded
// trig values, so 1e-15 m absolute (a few ulp of 0.1 m) for plain placements and 1e-12 relative /
// 1e-14 m absolute where rotations are involved; unit vectors 1e-14; integer codes exactly.
//
// Event codes (reference_c/src/sim_state.h, the C program's enums): convention CUSTOM 0, ADXV 1,
// MOSFLM 2, XDS 3, DIALS 4, DENZO 5; pivot SAMPLE 0, BEAM 1.
#include <catch2/catch.hpp>

#include "features_util.h"

using namespace feat;

namespace {

constexpr double kPos = 1e-15; // m, untransformed placements
constexpr double kRot = 1e-14; // m or unit vectors, after rotations

enum { CUSTOM = 0, ADXV = 1, MOSFLM = 2, XDS = 3, DIALS = 4, DENZO = 5 };
enum { SAMPLE = 0, BEAM = 1 };

} // namespace

TEST_CASE("MOSFLM: +0.5 px beam centre and BEAM-pivot pix0 (AT-GEO-001)", "[reference][features]") {
    SECTION("-Xbeam 51.2 -Ybeam 51.2") {
        auto r = run(plus(cubic(), {"-Xbeam", "51.2", "-Ybeam", "51.2"}));
        // §5.2: Fbeam = Ybeam + px/2 = 51.2 + 0.05 = 51.25 mm, Sbeam = Xbeam + px/2 = 51.25 mm
        // §5.7: pix0 = -Fbeam f - Sbeam s + distance b, f = (0,0,1), s = (0,-1,0), b = (1,0,0)
        //            = (0.1, 0.05125, -0.05125) m        (model §5.13)
        CHECK(cfg1(r, "convention") == MOSFLM);
        CHECK(cfg1(r, "pivot") == BEAM);
        CHECK(std::fabs(cfg1(r, "Fbeam") - 0.05125) <= kPos);
        CHECK(std::fabs(cfg1(r, "Sbeam") - 0.05125) <= kPos);
        check_v3(cfg3(r, "pix0_vector"), {0.1, 0.05125, -0.05125}, kPos);
        check_v3(cfg3(r, "fdet_vector"), {0, 0, 1}, 0);
        check_v3(cfg3(r, "sdet_vector"), {0, -1, 0}, 0);
        check_v3(cfg3(r, "odet_vector"), {1, 0, 0}, 0);
        check_v3(cfg3(r, "beam_vector"), {1, 0, 0}, 0);
        check_v3(cfg3(r, "polar_vector"), {0, 0, 1}, 0);
        check_v3(cfg3(r, "spindle_axis"), {0, 0, 1}, 0);
        check_v3(cfg3(r, "twotheta_axis"), {0, 0, -1}, 0);
    }
    SECTION("default centre of an 8x8 detector, and pixel centres") {
        auto r = run(cubic(), {{2, 5}});
        // Xbeam = Ybeam = (0.8 + 0.1)/2 = 0.45 mm -> Fbeam = Sbeam = 0.5 mm -> pix0 (0.1, 5e-4,
        // -5e-4)
        CHECK(std::fabs(cfg1(r, "Xbeam") - 0.00045) <= kPos);
        CHECK(std::fabs(cfg1(r, "Fbeam") - 0.0005) <= kPos);
        check_v3(cfg3(r, "pix0_vector"), {0.1, 0.0005, -0.0005}, kPos);
        // §5.9: pixel (s 2, f 5) centre = pix0 + 5.5 px f + 2.5 px s = (0.1, 0.00025, 0.00005)
        check_v3(ev3(r, "pixel_pos", at(2, 5, 0, 0, 0)), {0.1, 0.00025, 0.00005}, kPos);
    }
    SECTION("-ORGX/-ORGY/-Xclose/-pivot sample do not move a MOSFLM detector") {
        auto r = run(plus(cubic(), {"-Xbeam", "51.2", "-Ybeam", "51.2", "-ORGX", "2", "-ORGY", "3",
                                    "-Xclose", "0.3", "-pivot", "sample", "-twotheta", "0"}));
        // §5.3/§5.4: the MOSFLM block forces the BEAM pivot; only Xbeam/Ybeam place the detector
        CHECK(cfg1(r, "pivot") == BEAM);
        check_v3(cfg3(r, "pix0_vector"), {0.1, 0.05125, -0.05125}, kPos);
    }
}

TEST_CASE("detector size: -detsize/-detsize_f/-detsize_s, -detpixels_x/_y, -pixel",
          "[reference][features]") {
    auto size = [](std::initializer_list<std::string> extra) {
        return cfg(run(plus({"-cell", "100", "100", "100", "90", "90", "90", "-default_F", "1",
                             "-oversample", "1", "-noprogress"},
                            extra)),
                   "detpixels"); // (slow, fast)
    };
    // §5.1: pixels = ceil(detsize/pixel - 0.5): 1.04/0.1 -> ceil(9.9) = 10; 0.86/0.1 -> 9;
    // 0.54/0.1 -> ceil(4.9) = 5; with 0.2 mm pixels 1.04 -> ceil(4.7) = 5
    CHECK(size({"-detsize", "1.04"}) == std::vector<double>{10, 10});
    CHECK(size({"-detsize_f", "0.86", "-detsize_s", "0.54"}) == std::vector<double>{5, 9});
    CHECK(size({"-detsize", "1.04", "-pixel", "0.2"}) == std::vector<double>{5, 5});
    // pixel counts win over sizes; x = fast, y = slow
    CHECK(size({"-detsize", "1.04", "-detpixels_x", "7", "-detpixels_y", "3"}) ==
          std::vector<double>{3, 7});
    CHECK(size({"-detpixels_f", "6", "-detpixels_s", "2"}) == std::vector<double>{2, 6});
}

TEST_CASE("DENZO: MOSFLM axes without the half-pixel shift", "[reference][features]") {
    auto r = run(plus(cubic(), {"-denzo", "-Xbeam", "51.2", "-Ybeam", "51.2", "-pivot", "sample"}));
    // §5.2: Fbeam = Ybeam = 51.2 mm, Sbeam = Xbeam = 51.2 mm -> pix0 = (0.1, 0.0512, -0.0512)
    CHECK(cfg1(r, "convention") == DENZO);
    CHECK(cfg1(r, "pivot") == BEAM);
    check_v3(cfg3(r, "pix0_vector"), {0.1, 0.0512, -0.0512}, kPos);
}

TEST_CASE("ADXV: beam along z and the Y flip of the beam centre", "[reference][features]") {
    SECTION("-Xbeam 0.3 -Ybeam 0.2 on 8x8 px of 0.1 mm") {
        auto r = run(plus(cubic(), {"-adxv", "-Xbeam", "0.3", "-Ybeam", "0.2"}));
        // §5.2 ADXV: b = (0,0,1), f = (1,0,0), s = (0,-1,0); Fbeam = Xbeam = 0.3 mm,
        // Sbeam = detsize_s - Ybeam = 0.8 - 0.2 = 0.6 mm
        // pix0 = -0.0003 (1,0,0) - 0.0006 (0,-1,0) + 0.1 (0,0,1) = (-0.0003, 0.0006, 0.1)
        CHECK(cfg1(r, "convention") == ADXV);
        CHECK(cfg1(r, "pivot") == BEAM);
        CHECK(std::fabs(cfg1(r, "Sbeam") - 0.0006) <= kPos);
        check_v3(cfg3(r, "pix0_vector"), {-0.0003, 0.0006, 0.1}, kPos);
        check_v3(cfg3(r, "spindle_axis"), {1, 0, 0}, 0);
        check_v3(cfg3(r, "polar_vector"), {1, 0, 0}, 0);
        check_v3(cfg3(r, "twotheta_axis"), {-1, 0, 0}, 0);
    }
    SECTION("default centre") {
        auto r = run(plus(cubic(), {"-adxv", "-pivot", "sample"}));
        // Xbeam = (0.8 + 0.1)/2 = 0.45 mm, Ybeam = (0.8 - 0.1)/2 = 0.35 mm
        // -> Fbeam = 0.45 mm, Sbeam = 0.8 - 0.35 = 0.45 mm -> pix0 = (-0.00045, 0.00045, 0.1)
        CHECK(cfg1(r, "pivot") == BEAM); // forced, whatever -pivot says
        check_v3(cfg3(r, "pix0_vector"), {-0.00045, 0.00045, 0.1}, kPos);
    }
}

TEST_CASE("XDS: SAMPLE pivot from the detector centre or ORGX/ORGY", "[reference][features]") {
    SECTION("defaults: 8x8 px of 0.1 mm at 100 mm") {
        auto r = run(plus(cubic(), {"-xds"}));
        // §5.2 XDS: f = (1,0,0), s = (0,1,0), o = b = (0,0,1); Fclose = Sclose = detsize/2 = 0.4 mm
        // §5.7 SAMPLE: pix0 = -Fclose f - Sclose s + close o = (-0.0004, -0.0004, 0.1)  (§5.13)
        CHECK(cfg1(r, "convention") == XDS);
        CHECK(cfg1(r, "pivot") == SAMPLE);
        check_v3(cfg3(r, "pix0_vector"), {-0.0004, -0.0004, 0.1}, kPos);
        check_v3(cfg3(r, "spindle_axis"), {1, 0, 0}, 0);
        check_v3(cfg3(r, "twotheta_axis"), {1, 0, 0}, 0);
        // §5.8: ORGX = Fclose/px + 0.5 = 4.5 pixels
        CHECK(cfg1(r, "ORGX") == Approx(4.5).epsilon(1e-12));
    }
    SECTION("-ORGX 2 -ORGY 3") {
        auto r = run(plus(cubic(), {"-xds", "-ORGX", "2", "-ORGY", "3"}));
        // Fclose = (2 - 0.5) 0.1 mm = 0.15 mm, Sclose = (3 - 0.5) 0.1 mm = 0.25 mm
        // -> pix0 = (-0.00015, -0.00025, 0.1) (§5.13); re-derived ORGX = 0.15/0.1 + 0.5 = 2
        check_v3(cfg3(r, "pix0_vector"), {-0.00015, -0.00025, 0.1}, kPos);
        CHECK(cfg1(r, "ORGX") == Approx(2.0).epsilon(1e-12));
        CHECK(cfg1(r, "ORGY") == Approx(3.0).epsilon(1e-12));
    }
    SECTION("-Xbeam/-Ybeam and -pivot beam do not move an XDS detector") {
        auto r = run(plus(cubic(), {"-xds", "-Xbeam", "0.1", "-Ybeam", "0.7", "-pivot", "beam"}));
        CHECK(cfg1(r, "pivot") == SAMPLE);
        check_v3(cfg3(r, "pix0_vector"), {-0.0004, -0.0004, 0.1}, kPos);
    }
}

TEST_CASE("DIALS: +Y spindle/polar/2theta axes and the DIALS origin", "[reference][features]") {
    auto r = run(plus(cubic(), {"-dials", "-distance", "100"}));
    // §5.2 DIALS: b = o = (0,0,1), f = (1,0,0), s = (0,1,0), SAMPLE pivot (the later -distance,
    // which sets BEAM while parsing, is overridden by the convention block)
    CHECK(cfg1(r, "convention") == DIALS);
    CHECK(cfg1(r, "pivot") == SAMPLE);
    check_v3(cfg3(r, "pix0_vector"), {-0.0004, -0.0004, 0.1}, kPos);
    check_v3(cfg3(r, "spindle_axis"), {0, 1, 0}, 0);
    check_v3(cfg3(r, "polar_vector"), {0, 1, 0}, 0);
    check_v3(cfg3(r, "twotheta_axis"), {0, 1, 0}, 0);
    // §5.8: DIALS origin (mm) = 1000 (pix0.(0,0,1), pix0.(0,1,0), pix0.(-1,0,0)) = (100, -0.4, 0.4)
    check_v3(cfg3(r, "dials_origin"), {100, -0.4, 0.4}, 1e-12);
}

TEST_CASE("CUSTOM: Fbeam = Xbeam without shift, pivot from the last flag",
          "[reference][features]") {
    SECTION("-beam_vector switches to CUSTOM; -Xbeam 0.3 -Ybeam 0.2") {
        auto r =
            run(plus(cubic(), {"-beam_vector", "1", "0", "0", "-Xbeam", "0.3", "-Ybeam", "0.2"}));
        // §5.2 CUSTOM (MOSFLM-like initial vectors): Fbeam = Fclose = Xbeam = 0.3 mm,
        // Sbeam = Sclose = Ybeam = 0.2 mm, no +0.5 px, no X<->slow swap; -Xbeam leaves BEAM
        // pix0 = -0.0003 (0,0,1) - 0.0002 (0,-1,0) + 0.1 (1,0,0) = (0.1, 0.0002, -0.0003)
        CHECK(cfg1(r, "convention") == CUSTOM);
        CHECK(cfg1(r, "pivot") == BEAM);
        CHECK(std::fabs(cfg1(r, "Fclose") - 0.0003) <= kPos);
        check_v3(cfg3(r, "pix0_vector"), {0.1, 0.0002, -0.0003}, kPos);
        check_v3(cfg3(r, "twotheta_axis"), {0, 1, 0}, 0); // CUSTOM's initial 2theta axis is +Y
    }
    SECTION("the last pivot-setting flag wins") {
        auto base = plus(cubic(), {"-beam_vector", "1", "0", "0", "-Xbeam", "0.3"});
        CHECK(cfg1(run(plus(base, {"-pivot", "sample"})), "pivot") == SAMPLE);
        CHECK(cfg1(run(plus(base, {"-pivot", "sample", "-distance", "100"})), "pivot") == BEAM);
        CHECK(cfg1(run(plus(base, {"-pivot", "sample", "-Ybeam", "0.2"})), "pivot") == BEAM);
        CHECK(cfg1(run(plus(base, {"-Yclose", "0.2"})), "pivot") == SAMPLE);
        CHECK(cfg1(run(plus(base, {"-twotheta", "0"})), "pivot") == SAMPLE);
    }
    SECTION("the pivot decides pix0 once the detector swings (CUSTOM 2theta axis +Y)") {
        auto base = plus(cubic(), {"-beam_vector", "1", "0", "0", "-twotheta", "10"});
        auto beam = run(plus(base, {"-pivot", "beam"}));
        auto sample = run(plus(base, {"-pivot", "sample"}));
        // Fbeam = Fclose = Xbeam = Xclose default = detsize/2 = 0.4 mm (no shift in CUSTOM)
        V3 f0{0, 0, 1}, s0{0, -1, 0}, o0{1, 0, 0}, b{1, 0, 0}, axis{0, 1, 0};
        V3 f = rodrigues(f0, axis, 10), s = rodrigues(s0, axis, 10);
        // §5.6: r = b.o before 2theta = 1, so close = distance = 0.1 m
        // BEAM (§5.7): pix0 = -Fbeam f - Sbeam s + distance b with the swung f, s
        V3 want_beam = (-0.0004) * f - 0.0004 * s + 0.1 * b;
        // SAMPLE (§5.7): pix0 = R_2theta(-Fclose f0 - Sclose s0 + close o0)
        V3 want_sample = rodrigues((-0.0004) * f0 - 0.0004 * s0 + 0.1 * o0, axis, 10);
        check_v3(cfg3(beam, "pix0_vector"), want_beam, kRot);
        check_v3(cfg3(sample, "pix0_vector"), want_sample, kRot);
        CHECK(norm(want_beam - want_sample) > 1e-3); // the two pivots are 17 mm apart
    }
    SECTION("XDS-like custom vectors with -Xclose/-Yclose") {
        auto r = run(
            plus(cubic(), {"-beam_vector", "0",   "0",       "1",  "-fdet_vector", "1", "0", "0",
                           "-sdet_vector", "0",   "1",       "0",  "-odet_vector", "0", "0", "1",
                           "-Xclose",      "0.3", "-Yclose", "0.2"}));
        // §5.2: Xbeam defaults to Xclose = 0.3 mm, and CUSTOM sets Fclose = Xbeam; SAMPLE pivot:
        // pix0 = -0.0003 (1,0,0) - 0.0002 (0,1,0) + 0.1 (0,0,1) = (-0.0003, -0.0002, 0.1)
        CHECK(cfg1(r, "pivot") == SAMPLE);
        check_v3(cfg3(r, "pix0_vector"), {-0.0003, -0.0002, 0.1}, kPos);
    }
}

TEST_CASE("pix0_vector: values ignored, the flag only switches to CUSTOM",
          "[reference][features]") {
    // CUSTOM defaults on 8x8 px: Fbeam = Xbeam = Xclose = Fclose = 0.4 mm, BEAM pivot:
    // pix0 = (0.1, 0.0004, -0.0004) (MOSFLM would give (0.1, 0.0005, -0.0005))
    for (const char* flag : {"-pix0_vector", "-pix0_vector_mm"}) {
        INFO(flag);
        auto r = run(plus(cubic(), {flag, "0", "0", "200"}));
        CHECK(cfg1(r, "convention") == CUSTOM);
        check_v3(cfg3(r, "pix0_vector"), {0.1, 0.0004, -0.0004}, kPos);
    }
}

TEST_CASE("odet is regenerated as f x s unless its length is exactly 1", "[reference][features]") {
    auto base = plus(cubic(), {"-fdet_vector", "0", "0", "1", "-sdet_vector", "0", "-1", "0"});
    // |(0.8, 0, 0.6)| == 1.0 exactly in double: kept as given (§5.2, quirk Q2)
    check_v3(cfg3(run(plus(base, {"-odet_vector", "0.8", "0", "0.6"})), "odet_vector"),
             {0.8, 0, 0.6}, 1e-15);
    // |(1.6, 0, 1.2)| = 2: replaced by unit(f x s) = (0,0,1) x (0,-1,0) = (1, 0, 0), not by the
    // normalised input (0.8, 0, 0.6)
    check_v3(cfg3(run(plus(base, {"-odet_vector", "1.6", "0", "1.2"})), "odet_vector"), {1, 0, 0},
             1e-15);
}

TEST_CASE("twotheta under MOSFLM: BEAM pivot and distance = close_distance/r",
          "[reference][features]") {
    auto r = run(plus(cubic(), {"-twotheta", "10"}));
    // §5.5: vectors swing about (0,0,-1) by 10 deg: f = (0,0,1), s = (-sin10, -cos10, 0),
    // o = (cos10, -sin10, 0). §5.6: r = b.o before the swing = 1, close = 0.1, distance = 0.1.
    // §5.7 BEAM: pix0 = -Fbeam f - Sbeam s + 0.1 b, Fbeam = Sbeam = 0.5 mm
    //   = (0.1 + 0.0005 sin10, 0.0005 cos10, -0.0005)
    // §5.8: close_distance = pix0.o = 0.1 cos10 (f.o = s.o = 0), distance = close/r = 98.4808 mm
    const double c = std::cos(rad(10)), s = std::sin(rad(10));
    CHECK(cfg1(r, "pivot") == BEAM);
    CHECK(cfg1(r, "twotheta") == Approx(rad(10)).epsilon(1e-15));
    check_v3(cfg3(r, "sdet_vector"), {-s, -c, 0}, kRot);
    check_v3(cfg3(r, "odet_vector"), {c, -s, 0}, kRot);
    check_v3(cfg3(r, "pix0_vector"), {0.1 + 0.0005 * s, 0.0005 * c, -0.0005}, kRot);
    check_rel(cfg1(r, "close_distance"), 0.1 * c, 1e-12);
    check_rel(cfg1(r, "distance"), 0.1 * c, 1e-12);
    CHECK(cfg1(r, "distance") * 1000 == Approx(98.4808).margin(5e-5));
}

TEST_CASE("twotheta under XDS: SAMPLE pivot with -close_distance", "[reference][features]") {
    auto r = run(plus(cubic(), {"-xds", "-close_distance", "80", "-twotheta", "10"}));
    // §5.7 SAMPLE: pix0 = R_x(10)(-0.0004 f0 - 0.0004 s0 + 0.08 o0) with f0 = (1,0,0),
    // s0 = (0,1,0), o0 = (0,0,1), XDS 2theta axis (1,0,0):
    //   = (-0.0004, -0.0004 cos10 - 0.08 sin10, -0.0004 sin10 + 0.08 cos10)
    // §5.6/5.8: close_distance stays 0.08 and r = 1, so distance = 0.08
    const double c = std::cos(rad(10)), s = std::sin(rad(10));
    CHECK(cfg1(r, "pivot") == SAMPLE);
    check_v3(cfg3(r, "pix0_vector"), {-0.0004, -0.0004 * c - 0.08 * s, -0.0004 * s + 0.08 * c},
             kRot);
    check_rel(cfg1(r, "distance"), 0.08, 1e-12);
    check_rel(cfg1(r, "close_distance"), 0.08, 1e-12);
}

TEST_CASE("close_distance under MOSFLM sets the distance", "[reference][features]") {
    auto r = run(plus(cubic(), {"-close_distance", "80"}));
    // §5.6: close = 0.08, r = 1 -> distance = 0.08; BEAM pivot: pix0 = (0.08, 0.0005, -0.0005)
    CHECK(cfg1(r, "pivot") == BEAM);
    check_v3(cfg3(r, "pix0_vector"), {0.08, 0.0005, -0.0005}, kPos);
}

TEST_CASE("detector rotations apply Rz.Ry.Rx, then 2theta, and r excludes 2theta",
          "[reference][features]") {
    const double rx = 5, ry = 10, rz = 15;
    const V3 f0{0, 0, 1}, s0{0, -1, 0}, o0{1, 0, 0}, b{1, 0, 0};
    SECTION("rotations only") {
        auto r = run(
            plus(cubic(), {"-detector_rotx", "5", "-detector_roty", "10", "-detector_rotz", "15"}));
        // §5.5: f = Rz(15) Ry(10) Rx(5) f0, etc. §5.6: r = b.o = o_x > 0 -> distance 0.1.
        // §5.7 BEAM: pix0 = -0.0005 f - 0.0005 s + 0.1 b. §5.8: close = pix0.o = 0.1 r.
        V3 f = rotate_xyz(f0, rx, ry, rz), s = rotate_xyz(s0, rx, ry, rz);
        V3 o = rotate_xyz(o0, rx, ry, rz);
        check_v3(cfg3(r, "fdet_vector"), f, kRot);
        check_v3(cfg3(r, "sdet_vector"), s, kRot);
        check_v3(cfg3(r, "odet_vector"), o, kRot);
        check_v3(cfg3(r, "pix0_vector"), (-0.0005) * f - 0.0005 * s + 0.1 * b, kRot);
        check_rel(cfg1(r, "close_distance"), 0.1 * o[0], 1e-12);
        check_rel(cfg1(r, "distance"), 0.1, 1e-12);
        // the order matters: Rx.Ry.Rz would put s elsewhere
        V3 s_wrong = mul(Rx(rx), mul(Ry(ry), mul(Rz(rz), s0)));
        CHECK(norm(s - s_wrong) > 1e-2);
    }
    SECTION("rotations and 2theta 20") {
        auto r = run(plus(cubic(), {"-detector_rotx", "5", "-detector_roty", "10", "-detector_rotz",
                                    "15", "-twotheta", "20"}));
        const V3 axis{0, 0, -1};
        V3 f = rodrigues(rotate_xyz(f0, rx, ry, rz), axis, 20);
        V3 s = rodrigues(rotate_xyz(s0, rx, ry, rz), axis, 20);
        V3 o = rodrigues(rotate_xyz(o0, rx, ry, rz), axis, 20);
        double ratio = dot(b, rotate_xyz(o0, rx, ry, rz)); // §5.6: before the 2theta swing
        V3 pix0 = (-0.0005) * f - 0.0005 * s + 0.1 * b;    // distance 0.1 at this point
        check_v3(cfg3(r, "odet_vector"), o, kRot);
        check_v3(cfg3(r, "pix0_vector"), pix0, kRot);
        check_rel(cfg1(r, "ratio"), ratio, 1e-12);
        // §5.8: distance = (pix0.o)/r = 0.1 (b.o_final)/(b.o_rotated)
        check_rel(cfg1(r, "distance"), dot(pix0, o) / ratio, 1e-12);
        CHECK(std::fabs(dot(pix0, o) / ratio - 0.1) > 1e-3);
    }
}

TEST_CASE("twotheta_axis also sets twotheta = its first component and the SAMPLE pivot",
          "[reference][features]") {
    SECTION("-twotheta 20 -twotheta_axis 0 0 -1: the axis flag resets 2theta to 0") {
        auto r = run(plus(cubic(), {"-twotheta", "20", "-twotheta_axis", "0", "0", "-1"}));
        CHECK(cfg1(r, "convention") == CUSTOM);
        CHECK(cfg1(r, "pivot") == SAMPLE);
        CHECK(cfg1(r, "twotheta") == 0.0);
        // CUSTOM centre 0.4 mm, no rotation: pix0 = (0.1, 0.0004, -0.0004)
        check_v3(cfg3(r, "pix0_vector"), {0.1, 0.0004, -0.0004}, kPos);
    }
    SECTION("-twotheta_axis 0 0 -1 -twotheta 20: 2theta survives") {
        auto r = run(plus(cubic(), {"-twotheta_axis", "0", "0", "-1", "-twotheta", "20"}));
        CHECK(cfg1(r, "twotheta") == Approx(rad(20)).epsilon(1e-15));
        // SAMPLE: pix0 = R_(0,0,-1)(20)(0.1, 0.0004, -0.0004)
        //   = (0.1 cos20 + 0.0004 sin20, -0.1 sin20 + 0.0004 cos20, -0.0004)
        const double c = std::cos(rad(20)), s = std::sin(rad(20));
        check_v3(cfg3(r, "pix0_vector"), {0.1 * c + 0.0004 * s, -0.1 * s + 0.0004 * c, -0.0004},
                 kRot);
    }
    SECTION("the 2theta axis is not normalised; its first component is the angle") {
        auto r = run(plus(cubic(), {"-twotheta_axis", "3", "0", "0"}));
        check_v3(cfg3(r, "twotheta_axis"), {3, 0, 0}, 0);
        CHECK(cfg1(r, "twotheta") == Approx(rad(3)).epsilon(1e-15));
    }
}

TEST_CASE("solid angle: px^2/R^2 close/R, or 1/R^2 with -point_pixel", "[reference][features]") {
    // 8 px of 1 mm at 10 mm (large angles): Fbeam = Sbeam = 4 + 1 = 5 mm, pix0 = (0.01, 0.005,
    // -0.005) pixel (s 1, f 6) centre: (0.01, 0.005 - 0.0015, -0.005 + 0.0065) = (0.01, 0.0035,
    // 0.0015)
    const Mosflm g(1e-3, 0.01, 8);
    const V3 P = g.pos(1, 6);
    check_v3(P, {0.01, 0.0035, 0.0015}, 1e-18);
    const double R = norm(P);
    SECTION("flat pixel") {
        auto r = run(cubic(100, 8, 1, 10), {{1, 6}});
        // §5.10: omega = px^2/R^2 * close/R, close = 0.01 m
        check_rel(fin(r, "omega_pixel", 1, 6), 1e-6 / (R * R) * 0.01 / R, 1e-12);
        check_rel(ev1(r, "airpath", at(1, 6, 0, 0, 0)), R, 1e-14);
        check_rel(ev1(r, "obliquity_factor", at(1, 6, 0, 0, 0)), 0.01 / R, 1e-14);
    }
    SECTION("-point_pixel") {
        auto r = run(plus(cubic(100, 8, 1, 10), {"-point_pixel"}), {{1, 6}});
        check_rel(fin(r, "omega_pixel", 1, 6), 1 / (R * R), 1e-12);
    }
}

TEST_CASE("curved_det puts every pixel at the sample distance", "[reference][features]") {
    const Mosflm g(1e-3, 0.01, 8);
    std::vector<std::pair<int, int>> pixels{{0, 0}, {1, 6}, {7, 3}, {4, 4}};
    // -curved_det reads no value but must not be the last argument
    auto r = run(plus(cubic(100, 8, 1, 10), {"-curved_det", "-nopolar"}), pixels);
    auto flat = run(cubic(100, 8, 1, 10), pixels);
    CHECK(cfg1(r, "curved_detector") == 1);
    for (auto [s, f] : pixels) {
        INFO("pixel " << s << "," << f);
        // §5.9: Q = distance b rotated about s = (0,-1,0) by a1 = P_y/d, then about f = (0,0,1) by
        // a2 = P_z/d: Q = d (cos a1 cos a2, cos a1 sin a2, sin a1) with P the flat position
        V3 P = g.pos(s, f);
        double a1 = P[1] / 0.01, a2 = P[2] / 0.01;
        V3 Q{0.01 * std::cos(a1) * std::cos(a2), 0.01 * std::cos(a1) * std::sin(a2),
             0.01 * std::sin(a1)};
        check_v3(ev3(r, "pixel_pos", at(s, f, 0, 0, 0)), Q, 1e-17);
        check_rel(ev1(r, "airpath", at(s, f, 0, 0, 0)), 0.01, 1e-14);
        check_rel(ev1(flat, "airpath", at(s, f, 0, 0, 0)), norm(P), 1e-14);
    }
    // the flat corner pixel is farther: (0.01, 0.0045, -0.0045) -> R = 11.8 mm
    CHECK(ev1(flat, "airpath", at(0, 0, 0, 0, 0)) > 0.0118);
    // the C program needs a token after -curved_det and ignores a non-flag one: "-curved_det 1"
    // is the same run
    auto dummy = run(plus(cubic(100, 8, 1, 10), {"-curved_det", "1", "-nopolar"}), pixels);
    CHECK(cfg1(dummy, "curved_detector") == 1);
    check_v3(ev3(dummy, "pixel_pos", at(1, 6, 0, 0, 0)), ev3(r, "pixel_pos", at(1, 6, 0, 0, 0)), 0);
}
