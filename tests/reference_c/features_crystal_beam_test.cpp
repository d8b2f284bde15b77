// Crystal and beam features that no golden exercises, each checked against a value derived by
// hand from nanobragg_model.md §2-§4 (crystal size, phi sampling and spindle axis, mosaic domains,
// misset, wavelength, dispersion, divergence, source files, fluence, dmin). Expected values are
// computed in the test from the formulas quoted in the comments (features_util.h), never taken
// from a program's output.
//
// Tolerances: counts and integer sizes exactly; angles 1e-12 deg (degree -> radian -> degree
// round trips); lengths/wavelengths 1e-12 relative; rotated vectors 1e-12 A (lengths ~100 A).
#include <catch2/catch.hpp>

#include <fstream>

#include "common/golden_paths.h"
#include "features_util.h"

using namespace feat;

namespace {

constexpr double kRel = 1e-12;

// indices of a config event that carries one loop index
nbref_indices phi_i(int i) {
    return at(-1, -1, -1, -1, -1, -1, i, -1);
}
nbref_indices mos_i(int i) {
    return at(-1, -1, -1, -1, -1, -1, -1, i);
}
nbref_indices src_i(int i) {
    return at(-1, -1, -1, -1, -1, i, -1, -1);
}

std::vector<double> phi_angles(const nbtest::RefResult& r) {
    std::vector<double> out;
    for (int i = 0; i < (int)cfg1(r, "phisteps"); ++i)
        out.push_back(ev1(r, "phi_angle", phi_i(i)));
    return out;
}

void check_angles(const std::vector<double>& got, const std::vector<double>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        INFO("step " << i);
        CHECK(std::fabs(got[i] - want[i]) <= 1e-12);
    }
}

M3 umat(const nbtest::RefResult& r, int m) {
    auto v = ev(r, "mosaic_umat", mos_i(m));
    REQUIRE(v.size() == 9);
    return {V3{v[0], v[1], v[2]}, V3{v[3], v[4], v[5]}, V3{v[6], v[7], v[8]}};
}

// Columns a0, b0, c0 (A) of the crystal as configured.
M3 cell_columns(const nbtest::RefResult& r) {
    return transpose(M3{cfg3(r, "a0"), cfg3(r, "b0"), cfg3(r, "c0")});
}

M3 inverse(const M3& m) {
    double D = det(m);
    M3 cof{cross(m[1], m[2]), cross(m[2], m[0]), cross(m[0], m[1])}; // rows of adj^T
    M3 inv = transpose(cof);
    for (auto& row : inv)
        row = (1 / D) * row;
    return inv;
}

void check_proper_rotation(const M3& U, double tol) {
    M3 I = mul(transpose(U), U);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            CHECK(std::fabs(I[i][j] - (i == j ? 1.0 : 0.0)) <= tol);
    CHECK(std::fabs(det(U) - 1) <= tol);
}

void write_file(const nbtest::fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

} // namespace

TEST_CASE("crystal size: -N/-Na/-Nb/-Nc, -xtalsize, -sample/-xtal aliases, beam clipping",
          "[reference][features]") {
    // 70 A cubic cell: |a| = 7e-9 m; N = ceil(size/|a|), N <= 1 -> 1 (§2.6)
    auto base = cubic(70);
    auto N = [&](std::initializer_list<std::string> extra) {
        auto v = cfg(run(plus(base, extra)), "N_cells");
        REQUIRE(v.size() == 3);
        return V3{v[0], v[1], v[2]};
    };
    CHECK(N({}) == V3{1, 1, 1});
    CHECK(N({"-N", "3"}) == V3{3, 3, 3});
    CHECK(N({"-Na", "2", "-Nb", "3", "-Nc", "4"}) == V3{2, 3, 4});
    CHECK(N({"-N", "0"}) == V3{1, 1, 1});    // clamped to 1
    CHECK(N({"-Na", "2.7"}) == V3{2, 1, 1}); // atoi truncates
    // 1 um / 7 nm = 142.86 -> 143; 0.5 um -> 71.4 -> 72; 5 nm -> 0.71 -> 1
    CHECK(N({"-xtal_x", "0.001", "-xtal_y", "0.0005", "-xtal_z", "0.000005"}) == V3{143, 72, 1});
    CHECK(N({"-xtalsize", "0.001"}) == V3{143, 143, 143});
    // 0.2 um -> 28.6 -> 29
    CHECK(N({"-sample_thick", "0.001", "-sample_width", "0.0005", "-sample_height", "0.0002"}) ==
          V3{143, 72, 29});
    // y and z clipped to the default 0.1 mm beam (§4.4): 0.2 mm/7 nm = 28571.4 -> 28572;
    // 0.1 mm/7 nm = 14285.7 -> 14286
    CHECK(N({"-xtal_x", "0.2", "-xtal_y", "0.2", "-xtal_z", "0.2"}) == V3{28572, 14286, 14286});
    // -beamsize 0.05 mm: 7142.9 -> 7143
    CHECK(N({"-xtalsize", "0.2", "-beamsize", "0.05"}) == V3{28572, 7143, 7143});
}

TEST_CASE("phi sampling rules of model section 3.1", "[reference][features]") {
    auto base = cubic();
    auto R = [&](std::initializer_list<std::string> extra) { return run(plus(base, extra)); };
    SECTION("nothing: one step at 0") {
        auto r = R({});
        CHECK(cfg1(r, "phisteps") == 1);
        CHECK(cfg1(r, "osc") == 0.0);
        check_angles(phi_angles(r), {0});
    }
    SECTION("only -phistep 0.5: osc = 0.5, 2 steps") {
        auto r = R({"-phistep", "0.5"});
        CHECK(std::fabs(cfg1(r, "osc") - 0.5) <= 1e-12);
        check_angles(phi_angles(r), {0, 0.5});
    }
    SECTION("only -osc 10: 2 steps of 5") {
        auto r = R({"-osc", "10"});
        CHECK(std::fabs(cfg1(r, "phistep") - 5) <= 1e-12);
        check_angles(phi_angles(r), {0, 5});
    }
    SECTION("-osc 1 -phistep 0.3: ceil(1/0.3) = 4 steps") {
        check_angles(phi_angles(R({"-osc", "1", "-phistep", "0.3"})), {0, 0.3, 0.6, 0.9});
    }
    SECTION("only -phisteps 4: osc 1 deg, step 0.25") {
        auto r = R({"-phisteps", "4"});
        CHECK(std::fabs(cfg1(r, "osc") - 1) <= 1e-12);
        check_angles(phi_angles(r), {0, 0.25, 0.5, 0.75});
    }
    SECTION("-phisteps 5 -phistep 0.2 (no osc): osc = step, n overridden to 2") {
        check_angles(phi_angles(R({"-phisteps", "5", "-phistep", "0.2"})), {0, 0.2});
    }
    SECTION("-phisteps 4 -osc 2: step 0.5") {
        check_angles(phi_angles(R({"-phisteps", "4", "-osc", "2"})), {0, 0.5, 1, 1.5});
    }
    SECTION("all three and a non-zero start: phi0 + t step (left edges)") {
        check_angles(
            phi_angles(R({"-phi", "10", "-osc", "2", "-phistep", "0.5", "-phisteps", "3"})),
            {10, 10.5, 11});
    }
    SECTION("-osc 90 -phisteps 1: only phi0") {
        check_angles(phi_angles(R({"-osc", "90", "-phisteps", "1"})), {0});
    }
}

TEST_CASE("spindle axis and phi rotation of the crystal", "[reference][features]") {
    // cubic 100 A: a0 = (100,0,0), b0 = (0,100,0) A. Rodrigues (§3.2).
    SECTION("-spindle_axis 0 2 0 (normalised, CUSTOM), steps 0 and 30 deg") {
        auto r = run(plus(cubic(), {"-spindle_axis", "0", "2", "0", "-phistep", "30"}), {{3, 3}});
        CHECK(cfg1(r, "convention") == 0);
        check_v3(cfg3(r, "spindle_axis"), {0, 1, 0}, 0);
        // about +y by 30: (100,0,0) -> (100 cos30, 0, -100 sin30)
        const double c = std::cos(rad(30)), s = std::sin(rad(30));
        check_v3(ev3(r, "ap", at(3, 3, 0, 0, 0, 0, 1)), {100 * c, 0, -100 * s}, 1e-12);
        check_v3(ev3(r, "bp", at(3, 3, 0, 0, 0, 0, 1)), {0, 100, 0}, 1e-12);
    }
    SECTION("MOSFLM spindle (0,0,1) with a non-zero start -phi 30") {
        auto r = run(plus(cubic(), {"-phi", "30", "-phisteps", "1"}), {{3, 3}});
        // step 0 is phi = 30 != 0, so it is rotated: a -> (100 cos30, 100 sin30, 0),
        // b -> (-100 sin30, 100 cos30, 0)
        const double c = std::cos(rad(30)), s = std::sin(rad(30));
        check_v3(ev3(r, "ap", at(3, 3, 0, 0, 0, 0, 0)), {100 * c, 100 * s, 0}, 1e-12);
        check_v3(ev3(r, "bp", at(3, 3, 0, 0, 0, 0, 0)), {-100 * s, 100 * c, 0}, 1e-12);
        check_v3(ev3(r, "a_rot", at(3, 3, 0, 0, 0, 0, 0, 0)), {100 * c, 100 * s, 0}, 1e-12);
    }
}

TEST_CASE("mosaic domains: identity first, proper rotations within the spread, count rules",
          "[reference][features]") {
    auto base = cubic();
    SECTION("-mosaic 0.5 -mosaic_domains 5 -mosaic_seed 42") {
        auto r = run(plus(base, {"-mosaic", "0.5", "-mosaic_domains", "5", "-mosaic_seed", "42"}),
                     {{2, 3}});
        CHECK(cfg1(r, "mosaic_domains") == 5);
        CHECK(cfg1(r, "steps") == 5); // 1 source x 5 domains x 1 phi x 1 sub-pixel
        const M3 I{V3{1, 0, 0}, V3{0, 1, 0}, V3{0, 0, 1}};
        CHECK(umat(r, 0) == I); // domain 0 is forced to the identity (§3.4)
        for (int m = 1; m < 5; ++m) {
            INFO("domain " << m);
            M3 U = umat(r, m);
            check_proper_rotation(U, 1e-12);
            // rotation angle from the trace: cos rho = (tr U - 1)/2; rho = spread (1 - r3^2)^(1/3)
            // <= spread; the spread passes through a float (1e-6 relative slack)
            double rho = std::acos(std::min(1.0, (U[0][0] + U[1][1] + U[2][2] - 1) / 2));
            CHECK(rho > 0);
            CHECK(rho <= rad(0.5) * (1 + 1e-6));
            // a = U ap after the phi rotation (§3.4)
            V3 ap = ev3(r, "ap", at(2, 3, 0, 0, 0, 0, 0));
            check_v3(ev3(r, "a_rot", at(2, 3, 0, 0, 0, 0, 0, m)), mul(U, ap), 1e-12);
        }
    }
    SECTION("count rules (§3.3)") {
        auto count = [&](std::initializer_list<std::string> extra) {
            auto r = run(plus(base, extra));
            return std::make_pair(cfg1(r, "mosaic_domains"), cfg1(r, "mosaic_spread"));
        };
        CHECK(count({}).first == 1);
        CHECK(count({"-mosaic", "0.5"}).first == 10); // spread without count -> 10 domains
        auto only_count = count({"-mosaic_domains", "5"});
        CHECK(only_count.first == 1); // count without spread -> 1 domain, spread 0
        CHECK(only_count.second == 0.0);
        CHECK(count({"-mosaic", "0", "-mosaic_domains", "5"}).first == 1);
        CHECK(count({"-mosaic", "0.5", "-mosaic_domains", "3"}).first == 3);
    }
    SECTION("seeds: same seed same domains, another seed different ones") {
        auto a = run(plus(base, {"-mosaic", "1", "-mosaic_domains", "3", "-mosaic_seed", "7"}));
        auto b = run(plus(base, {"-mosaic", "1", "-mosaic_domains", "3", "-mosaic_seed", "7"}));
        auto c = run(plus(base, {"-mosaic", "1", "-mosaic_domains", "3", "-mosaic_seed", "8"}));
        CHECK(umat(a, 1) == umat(b, 1));
        CHECK(umat(a, 2) == umat(b, 2));
        CHECK(umat(a, 1) != umat(c, 1));
    }
}

TEST_CASE("misset: explicit angles Rz.Ry.Rx, and random with -misset_seed",
          "[reference][features]") {
    SECTION("-misset 10 20 30 on a 100 A cube") {
        auto r = run(plus(cubic(), {"-misset", "10", "20", "30"}));
        // §2.4: the reciprocal vectors are rotated by Rz(30) Ry(20) Rx(10); the real vectors
        // regenerated from them rotate the same way: a0 = R (100,0,0) etc.
        check_v3(cfg3(r, "misset"), {10, 20, 30}, 1e-12);
        check_v3(cfg3(r, "a0"), rotate_xyz({100, 0, 0}, 10, 20, 30), 1e-12);
        check_v3(cfg3(r, "b0"), rotate_xyz({0, 100, 0}, 10, 20, 30), 1e-12);
        check_v3(cfg3(r, "c0"), rotate_xyz({0, 0, 100}, 10, 20, 30), 1e-12);
        // the other order would be far off
        CHECK(norm(cfg3(r, "a0") - mul(Rx(10), mul(Ry(20), mul(Rz(30), V3{100, 0, 0})))) > 1);
    }
    SECTION("-misset random -misset_seed: reproducible proper rotation of the cell") {
        auto tri = [](std::initializer_list<std::string> extra) {
            return run(plus({"-cell", "70", "80", "90", "75", "85", "95", "-default_F", "1",
                             "-detpixels", "4", "-oversample", "1", "-noprogress"},
                            extra));
        };
        auto plain = tri({});
        auto r5 = tri({"-misset", "random", "-misset_seed", "5"});
        auto r5b = tri({"-misset", "random", "-misset_seed", "5"});
        auto r6 = tri({"-misset", "random", "-misset_seed", "6"});
        CHECK(cfg(r5, "a0") == cfg(r5b, "a0"));
        CHECK(cfg(r5, "c0") == cfg(r5b, "c0"));
        CHECK(norm(cfg3(r5, "a0") - cfg3(r6, "a0")) > 1);
        CHECK(norm(cfg3(r5, "a0") - cfg3(plain, "a0")) > 1);
        // M = A' A^-1 maps the unmisset cell onto the misset one: a proper rotation
        M3 A = cell_columns(plain), A5 = cell_columns(r5);
        check_proper_rotation(mul(A5, inverse(A)), 1e-12);
        // lengths are forced to the cell (§2.5); angles are preserved by the rotation
        check_rel(norm(cfg3(r5, "a0")), 70, kRel);
        check_rel(norm(cfg3(r5, "b0")), 80, kRel);
        check_rel(norm(cfg3(r5, "c0")), 90, kRel);
        check_rel(dot(cfg3(r5, "a0"), cfg3(r5, "b0")), dot(cfg3(plain, "a0"), cfg3(plain, "b0")),
                  1e-10);
        // the random matrix is turned into XYZ angles and applied like -misset (§2.4)
        V3 ang = cfg3(r5, "misset");
        check_v3(cfg3(r5, "a0"), rotate_xyz(cfg3(plain, "a0"), ang[0], ang[1], ang[2]), 1e-10);
        CHECK(r5.log.find("random orientation misset angles") != std::string::npos);
    }
}

TEST_CASE("wavelength: -lambda, -energy, -dispersion/-dispsteps", "[reference][features]") {
    check_rel(cfg1(run(plus(cubic(), {"-lambda", "1.5"})), "lambda0"), 1.5e-10, kRel);
    // §4.1: lambda = 12398.42/E A = 1.5498025 A for 8 keV
    check_rel(cfg1(run(plus(cubic(), {"-energy", "8000"})), "lambda0"), 12398.42 / 8000 * 1e-10,
              kRel);
    SECTION("-dispersion 10 -dispsteps 3: 0.95, 1.00, 1.05 A") {
        auto r = run(plus(cubic(), {"-dispersion", "10", "-dispsteps", "3"}));
        // step = 0.1/(3-1) = 0.05; lambda_i = 1 A (1 + 0.05 i - 0.05)
        CHECK(cfg1(r, "sources") == 3);
        CHECK(cfg1(r, "steps") == 3);
        const double want[3] = {0.95e-10, 1.0e-10, 1.05e-10};
        for (int i = 0; i < 3; ++i)
            check_rel(ev1(r, "source_lambda", src_i(i)), want[i], kRel);
    }
    SECTION("-dispersion 10 alone: step = range, 2 wavelengths 0.95 and 1.05 A") {
        auto r = run(plus(cubic(), {"-dispersion", "10"}));
        CHECK(cfg1(r, "sources") == 2);
        check_rel(ev1(r, "source_lambda", src_i(0)), 0.95e-10, kRel);
        check_rel(ev1(r, "source_lambda", src_i(1)), 1.05e-10, kRel);
    }
    SECTION("-dispsteps 3 alone: the 0.0 default range means no dispersion") {
        CHECK(cfg1(run(plus(cubic(), {"-dispsteps", "3"})), "sources") == 1);
    }
}

TEST_CASE("divergence grids: counts, asymmetric steps, elliptical trim, directions",
          "[reference][features]") {
    // §4.2: hdiv = i hstep - hrange/2, vdiv = j vstep - vrange/2; direction = -10 m b rotated about
    // p = (0,0,1) by vdiv, then about unit(b x p) = (0,-1,0) by hdiv, normalised (MOSFLM)
    auto dir = [](double h_mrad, double v_mrad) {
        V3 v = rodrigues({-10, 0, 0}, {0, 0, 1}, v_mrad / 1000 * 180 / kPi);
        return unit(rodrigues(v, {0, -1, 0}, h_mrad / 1000 * 180 / kPi));
    };
    auto base = cubic();
    SECTION("-divergence 2 -divsteps 3: corners trimmed, 5 sources; -square_div keeps 9") {
        auto r = run(plus(base, {"-divergence", "2", "-divsteps", "3"}));
        // step = 2/(3-1) = 1 mrad: h, v in {-1, 0, 1}; 4 t = 4 (h^2 + v^2)/2^2 = 2 > 1.1 at corners
        CHECK(cfg1(r, "sources") == 5);
        const double hv[5][2] = {{-1, 0}, {0, -1}, {0, 0}, {0, 1}, {1, 0}}; // h outer, v inner
        for (int i = 0; i < 5; ++i) {
            INFO("source " << i);
            check_v3(ev3(r, "source_direction", src_i(i)), dir(hv[i][0], hv[i][1]), 1e-14);
        }
        CHECK(cfg1(run(plus(base, {"-divergence", "2", "-divsteps", "3", "-square_div"})),
                   "sources") == 9);
    }
    SECTION("-hdivrange 0.25 -hdivstep 0.1: ceil(2.5) = 3 points -0.125, -0.025, 0.075 mrad") {
        auto r = run(plus(base, {"-hdivrange", "0.25", "-hdivstep", "0.1"}));
        CHECK(cfg1(r, "sources") == 3); // a zero vertical range is never trimmed (NaN test)
        // about (0,-1,0) by h: (-cos h, 0, -sin h)
        const double h[3] = {-0.125e-3, -0.025e-3, 0.075e-3};
        for (int i = 0; i < 3; ++i)
            check_v3(ev3(r, "source_direction", src_i(i)), {-std::cos(h[i]), 0, -std::sin(h[i])},
                     1e-14);
    }
    SECTION("-vdivrange 0.3 -vdivstep 0.2: 2 points -0.15, 0.05 mrad about p") {
        auto r = run(plus(base, {"-vdivrange", "0.3", "-vdivstep", "0.2"}));
        CHECK(cfg1(r, "sources") == 2);
        // about (0,0,1) by v: (-cos v, -sin v, 0)
        check_v3(ev3(r, "source_direction", src_i(1)), {-std::cos(0.05e-3), -std::sin(0.05e-3), 0},
                 1e-14);
    }
    SECTION("-hdivsteps 3 alone: range 1 rad, step 1/3 rad, asymmetric -0.5, -1/6, +1/6 rad") {
        auto r = run(plus(base, {"-hdivsteps", "3"}));
        // count > 0, range unset: range = 1 rad, step = range/count (§4.2, §11 item 5)
        CHECK(cfg1(r, "sources") == 3);
        const double h[3] = {-0.5, -0.5 + 1.0 / 3, -0.5 + 2.0 / 3};
        for (int i = 0; i < 3; ++i)
            check_v3(ev3(r, "source_direction", src_i(i)), {-std::cos(h[i]), 0, -std::sin(h[i])},
                     1e-14);
    }
    SECTION("4 x 4 grid of 1 mrad: 12 inside the ellipse, 16 square") {
        // step 1/3 mrad: h in {-1/2, -1/6, 1/6, 1/2}; t = (h^2 - step^2/4) + (v^2 - step^2/4)
        // (count even): corners 2 (1/4 - 1/36) -> 4 t = 1.78 > 1.1 trimmed, edges 4 t = 0.89 kept
        auto args = plus(
            base, {"-hdivrange", "1", "-hdivsteps", "4", "-vdivrange", "1", "-vdivsteps", "4"});
        CHECK(cfg1(run(args), "sources") == 12);
        CHECK(cfg1(run(plus(args, {"-square_div"})), "sources") == 16);
    }
}

TEST_CASE("source file: positions normalised, lambda column used, weights ignored",
          "[reference][features]") {
    nbtest::TempDir tmp("features_src");
    const std::string path = (tmp.path() / "sources.txt").string();
    // X Y Z weight lambda; the third line has no weight/lambda: weight 1, lambda = lambda0
    write_file(path, "-10 0 0 1 1e-10\n-10 0.1 0 3 2e-10\n-10 0 -0.1\n");
    const Mosflm g(1e-3, 0.01, 8);
    auto r =
        run(plus(cubic(100, 8, 1, 10), {"-lambda", "1.2", "-sourcefile", path, "-fluence", "1e24"}),
            {{1, 6}});
    CHECK(cfg1(r, "sources") == 3);
    CHECK(cfg1(r, "steps") == 3);
    check_v3(ev3(r, "source_direction", src_i(0)), {-1, 0, 0}, 1e-15);
    check_v3(ev3(r, "source_direction", src_i(1)), unit({-10, 0.1, 0}), 1e-15);
    check_v3(ev3(r, "source_direction", src_i(2)), unit({-10, 0, -0.1}), 1e-15);
    CHECK(ev1(r, "source_lambda", src_i(0)) == 1e-10);
    CHECK(ev1(r, "source_lambda", src_i(1)) == 2e-10);
    check_rel(ev1(r, "source_lambda", src_i(2)), 1.2e-10, kRel);
    // source 1 in the pixel loop: i = -dir, q = (d - i)/2e-10 (§4.3, §6.2)
    const V3 d = unit(g.pos(1, 6));
    V3 q1 = (1 / 2e-10) * (d + unit({-10, 0.1, 0}));
    check_v3(ev3(r, "scattering_vector", at(1, 6, 0, 0, 0, 1)), q1, 1e-12 * norm(q1));
    check_rel(ev1(r, "lambda", at(1, 6, 0, 0, 0, 1)), 2e-10, kRel);
    // three unit terms, unweighted (a weighted sum would give 1 + 3 + 1), divided by 3 sources;
    // polar from source 0 (direction = beam): 0.5 (1 + d_x^2)
    CHECK(fin(r, "I_before_scaling", 1, 6) == 3.0);
    const double R = norm(g.pos(1, 6)), omega = 1e-6 / (R * R) * 0.01 / R;
    const double polar = 0.5 * (1 + d[0] * d[0]);
    check_rel(fin(r, "polar", 1, 6), polar, kRel);
    check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * 3.0 / 3 * polar * omega, kRel);
}

TEST_CASE("fluence: default, -fluence, -flux/-exposure/-beamsize", "[reference][features]") {
    check_rel(cfg1(run(cubic()), "fluence"), kDefaultFluence, 1e-15);
    check_rel(cfg1(run(plus(cubic(), {"-fluence", "1e24"})), "fluence"), 1e24, 1e-15);
    // §4.4: fluence = flux exposure/beamsize^2 = 1e12 * 2/(0.5e-3 m)^2 = 8e18 photons/m^2
    check_rel(cfg1(run(plus(cubic(), {"-flux", "1e12", "-exposure", "2", "-beamsize", "0.5"})),
                   "fluence"),
              8e18, kRel);
}

TEST_CASE("dmin: culled sources add nothing but still count in steps", "[reference][features]") {
    // pixel (s 1, f 6) of 8 px of 1 mm at 10 mm; sources 0.95, 1.00, 1.05 A.
    // §6.3: culled if dmin > 0.5/stol = 1/|q| = lambda/|d - b| (the resolution of that source)
    const Mosflm g(1e-3, 0.01, 8);
    const V3 d = unit(g.pos(1, 6));
    const double s2 = norm(d - V3{1, 0, 0});
    const double res[3] = {0.95 / s2, 1.0 / s2, 1.05 / s2}; // ~2.63, 2.77, 2.90 A
    REQUIRE(res[0] < 2.7);
    REQUIRE(res[1] > 2.7);
    auto base =
        plus(cubic(100, 8, 1, 10), {"-dispersion", "10", "-dispsteps", "3", "-fluence", "1e24"});
    SECTION("-dmin 2.7 culls only the 0.95 A source") {
        auto r = run(plus(base, {"-dmin", "2.7"}), {{1, 6}});
        CHECK(all_at(r, "polar", at(1, 6, 0, 0, 0, 0)).empty()); // no factor for a culled source
        CHECK(all_at(r, "polar", at(1, 6, 0, 0, 0, 1)).size() == 1);
        CHECK(fin(r, "I_before_scaling", 1, 6) == 2.0);
        CHECK(fin(r, "steps", 1, 6) == 3);
        const double R = norm(g.pos(1, 6)), omega = 1e-6 / (R * R) * 0.01 / R;
        const double polar = 0.5 * (1 + d[0] * d[0]);
        check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * 2.0 / 3 * polar * omega, kRel);
    }
    SECTION("-dmin 10 culls everything: polar stays 0, the pixel is 0") {
        auto r = run(plus(base, {"-dmin", "10"}), {{1, 6}});
        CHECK(fin(r, "polar", 1, 6) == 0.0);
        CHECK(fin(r, "I_before_scaling", 1, 6) == 0.0);
        CHECK(r.pixel(1, 6) == 0.0f);
        auto np = run(plus(base, {"-dmin", "10", "-nopolar"}), {{1, 6}});
        CHECK(fin(np, "polar", 1, 6) == 1.0);
        CHECK(np.pixel(1, 6) == 0.0f);
    }
}
