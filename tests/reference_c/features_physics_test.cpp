// Per-pixel physics features that no golden exercises, each checked against a value derived by
// hand from nanobragg_model.md §5.9-§7.1 (detector thickness, oversampling and the
// -oversample_* flags, Kahn polarization, water background, crystal shapes, structure-factor
// lookup and interpolation). Expected values are computed in the test from the formulas quoted
// in the comments (features_util.h), never taken from a program's output.
//
// Set-up used throughout unless stated: MOSFLM, lambda 1 A, N = 1 and -default_F 1 so that every
// (sub-pixel, source, phi, mosaic) term is exactly F_cell^2 F_latt^2 = 1 and sums are small
// integers; "g" is the hand geometry of the detector (pix0, sub-pixel centres, §5.7/§5.9).
//
// Tolerances: exact for integer sums and for table look-ups; 1e-12 relative for closed-form
// double expressions (exp, sqrt, trig of a handful of operations); 1e-10 relative where a lattice
// transform or a Lagrange interpolation amplifies the ~1e-16 rounding of h, k, l.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>

#include "common/golden_paths.h"
#include "features_util.h"

using namespace feat;

namespace {

constexpr double kRel = 1e-12;

// The Kahn factor of §4.6: B = unit(p x i), E = unit(i x B), psi = -atan2(d.B, d.E),
// P = 0.5 (1 + cos^2 2theta - K cos 2psi sin^2 2theta) with cos 2theta = i.d.
double kahn(const V3& i, const V3& d, const V3& p, double K) {
    double c = dot(i, d);
    V3 B = unit(cross(p, i));
    V3 E = unit(cross(i, B));
    double psi = -std::atan2(dot(d, B), dot(d, E));
    return 0.5 * (1 + c * c - K * std::cos(2 * psi) * (1 - c * c));
}

// Fractional Miller indices of a cubic crystal with the default orientation a = (a,0,0) A etc.
// (§2.2: a* along x, b* in the xy plane), beam (1,0,0): h = a.q with q = (d - b)/lambda (§6.2).
V3 hkl_cubic(const V3& P, double cell_A, double lambda_A = 1) {
    V3 q = (1 / (lambda_A * 1e-10)) * (unit(P) - V3{1, 0, 0});
    return (cell_A * 1e-10) * q;
}
// The same for the cube turned by -misset rx ry rz (a = R (a,0,0) etc., §2.4).
V3 hkl_missed(const V3& P, double cell_A, double rx, double ry, double rz) {
    V3 q = (1 / 1e-10) * (unit(P) - V3{1, 0, 0});
    return {dot(rotate_xyz({cell_A * 1e-10, 0, 0}, rx, ry, rz), q),
            dot(rotate_xyz({0, cell_A * 1e-10, 0}, rx, ry, rz), q),
            dot(rotate_xyz({0, 0, cell_A * 1e-10}, rx, ry, rz), q)};
}
V3 nearest(const V3& h) { // §6.4: ceil(h - 0.5)
    return {std::ceil(h[0] - 0.5), std::ceil(h[1] - 0.5), std::ceil(h[2] - 0.5)};
}
double sincg(double x, double N) {
    return x == 0 ? N : std::sin(N * x) / std::sin(x);
}
double sinc3(double x) {
    return x == 0 ? 1 : 3 * (std::sin(x) / x - std::cos(x)) / (x * x);
}

void write_file(const nbtest::fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// An HKL table h k l F over [-n, n]^3, F given by f (written with 17 digits: exact round trip).
std::string hkl_table(int n, const std::function<double(int, int, int)>& f) {
    std::ostringstream out;
    out << std::setprecision(17);
    for (int h = -n; h <= n; ++h)
        for (int k = -n; k <= n; ++k)
            for (int l = -n; l <= n; ++l)
                out << h << ' ' << k << ' ' << l << ' ' << f(h, k, l) << '\n';
    return out.str();
}

// A polynomial of degree <= 3 in each index: 4-point Lagrange interpolation along each axis
// (§6.7) reproduces it exactly at any fractional (h, k, l).
double poly(double h, double k, double l) {
    return 60 + 2 * h + 3 * k - l + 0.5 * h * h + 0.25 * k * l + 0.1 * k * k * k -
           0.05 * h * k * l + 0.02 * l * l * l;
}

} // namespace

TEST_CASE("detector thickness: layers at t T/(n-1), last layer's capture fraction (Q5)",
          "[reference][features]") {
    // 8 px of 1 mm at 10 mm, pixel (s 1, f 6): layer-0 centre P0 = (0.01, 0.0035, 0.0015) m
    const Mosflm g(1e-3, 0.01, 8);
    const double T = 100 * 1e-6, mu = 1 / (50 * 1e-6); // -detector_thick 100, -detector_abs 50
    SECTION("-detector_thick 100 -detector_abs 50 -thicksteps 3") {
        auto r =
            run(plus(cubic(100, 8, 1, 10), {"-detector_thick", "100", "-detector_abs", "50",
                                            "-thicksteps", "3", "-nopolar", "-fluence", "1e24"}),
                {{1, 6}});
        // §5.11: delta = T/(n-1) = 50 um (not T/n), mu = 1/50 um = 2e4 /m
        const double delta = T / 2;
        CHECK(cfg1(r, "detector_thicksteps") == 3);
        check_rel(cfg1(r, "detector_thickstep"), 50e-6, kRel);
        check_rel(cfg1(r, "detector_mu"), 2e4, kRel);
        double c[3];
        for (int t = 0; t < 3; ++t) {
            INFO("layer " << t);
            // layer t sits at Odet = t delta along o = (1,0,0); rho = d.o (parallax)
            V3 P = g.pos(1, 6, 1, 0, 0, t * delta);
            check_v3(ev3(r, "pixel_pos", at(1, 6, t, 0, 0)), P, 1e-17);
            double rho = unit(P)[0];
            c[t] = std::exp(-t * delta * mu / rho) - std::exp(-(t + 1) * delta * mu / rho);
            check_rel(ev1(r, "capture_fraction", at(1, 6, t, 0, 0)), c[t], kRel);
        }
        // three layers of one unit term each, NOT weighted by their fractions
        CHECK(fin(r, "I_before_scaling", 1, 6) == 3.0);
        check_rel(fin(r, "capture_fraction", 1, 6), c[2], kRel);
        // S = r_e^2 fluence I/steps * c_last * omega (omega of layer 0, sub-pixel 0; polar 1)
        V3 P0 = g.pos(1, 6);
        double R = norm(P0), omega = 1e-6 / (R * R) * 0.01 / R;
        double want = kReSqr * 1e24 * 3.0 / 1 * c[2] * omega;
        check_rel(fin(r, "I_pixel_final", 1, 6), want, kRel);
        // the layer-weighted sum the spec describes would differ by far more than the tolerance
        double weighted = kReSqr * 1e24 * (c[0] + c[1] + c[2]) * omega;
        CHECK(std::fabs(weighted - want) > 0.1 * want);
    }
    SECTION("only -detector_thick: 2 layers of T/2, mu defaults to 1/T") {
        auto r = run(plus(cubic(100, 8, 1, 10), {"-detector_thick", "100"}));
        CHECK(cfg1(r, "detector_thicksteps") == 2);
        check_rel(cfg1(r, "detector_thickstep"), 50e-6, kRel);
        check_rel(cfg1(r, "detector_mu"), 1 / T, kRel); // 1e4 /m
    }
    SECTION("-detector_thick 100 -thicksteps 2: step T/(2-1), mu = 1/T") {
        auto r = run(plus(cubic(100, 8, 1, 10), {"-detector_thick", "100", "-thicksteps", "2"}));
        check_rel(cfg1(r, "detector_thickstep"), 100e-6, kRel);
        check_rel(cfg1(r, "detector_mu"), 1e4, kRel);
    }
    SECTION("only -thicksteps 3 leaves thickness off") {
        auto r = run(plus(cubic(100, 8, 1, 10), {"-thicksteps", "3"}), {{1, 6}});
        CHECK(cfg1(r, "detector_thicksteps") == 1);
        CHECK(cfg1(r, "detector_thick") == 0.0);
        CHECK(fin(r, "capture_fraction", 1, 6) == 1.0);
        CHECK(fin(r, "I_before_scaling", 1, 6) == 1.0);
    }
    SECTION("-oversample_thick multiplies the running sum by each layer's fraction") {
        auto r =
            run(plus(cubic(100, 8, 1, 10), {"-detector_thick", "100", "-detector_abs", "50",
                                            "-oversample_thick", "-nopolar", "-fluence", "1e24"}),
                {{1, 6}});
        // 2 layers of T/2: I = ((0 + 1) c0 + 1) c1 (§6.1, quirk Q4); S = r_e^2 fl I omega
        const double delta = T / 2;
        double c[2];
        for (int t = 0; t < 2; ++t) {
            double rho = unit(g.pos(1, 6, 1, 0, 0, t * delta))[0];
            c[t] = std::exp(-t * delta * mu / rho) - std::exp(-(t + 1) * delta * mu / rho);
        }
        double I = (c[0] + 1) * c[1];
        check_rel(fin(r, "I_before_scaling", 1, 6), I, kRel);
        double R = norm(g.pos(1, 6)), omega = 1e-6 / (R * R) * 0.01 / R;
        check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * I * omega, kRel);
    }
}

TEST_CASE("oversample N: sub-pixel centres, omega and polar from the first sub-pixel",
          "[reference][features]") {
    const Mosflm g(1e-3, 0.01, 8);
    auto r = run(plus(cubic(100, 8, 1, 10), {"-oversample", "2", "-fluence", "1e24"}), {{1, 6}});
    // §5.9: sub = px/2 = 0.5 mm; Fdet = 0.5 (6*2 + subF) + 0.25 mm = 6.25 or 6.75 mm,
    // Sdet = 0.5 (1*2 + subS) + 0.25 mm = 1.25 or 1.75 mm
    CHECK(cfg1(r, "steps") == 4); // sources 1 x mosaic 1 x phi 1 x oversample^2 (§6.8)
    V3 P00 = g.pos(1, 6, 2, 0, 0);
    check_v3(P00, {0.01, 0.005 - 0.00125, -0.005 + 0.00625}, 1e-18);
    double R = norm(P00);
    double omega00 = 1e-6 / (R * R) * 0.01 / R; // §5.10: full pixel area even when oversampling
    for (int ss = 0; ss < 2; ++ss)
        for (int sf = 0; sf < 2; ++sf) {
            INFO("sub-pixel " << ss << "," << sf);
            check_v3(ev3(r, "pixel_pos", at(1, 6, 0, ss, sf)), g.pos(1, 6, 2, ss, sf), 1e-17);
            // §6.9: omega is computed once, at sub-pixel (0,0), and reused
            check_rel(ev1(r, "omega_pixel", at(1, 6, 0, ss, sf)), omega00, kRel);
        }
    // the sub-pixel (0,0) value is not the pixel-centre value
    double Rc = norm(g.pos(1, 6));
    CHECK(std::fabs(1e-6 / (Rc * Rc) * 0.01 / Rc - omega00) > 1e-3 * omega00);
    // polarization (K = 0) of the first sub-pixel: 0.5 (1 + cos^2 2theta), cos 2theta = d.b
    double polar00 = 0.5 * (1 + unit(P00)[0] * unit(P00)[0]);
    check_rel(fin(r, "omega_pixel", 1, 6), omega00, kRel);
    check_rel(fin(r, "polar", 1, 6), polar00, kRel);
    // the final cos_2theta is the LAST sub-pixel's (§9 row 35)
    check_rel(fin(r, "cos_2theta", 1, 6), unit(g.pos(1, 6, 2, 1, 1))[0], kRel);
    CHECK(fin(r, "I_before_scaling", 1, 6) == 4.0);
    check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * 4.0 / 4 * polar00 * omega00, kRel);
}

TEST_CASE("automatic oversample: ceil(3 max(N|a|)/(lambda distance/px))", "[reference][features]") {
    auto os = [](std::initializer_list<std::string> extra) {
        return cfg1(
            run(plus({"-cell", "100", "100", "100", "90", "90", "90", "-default_F", "1", "-lambda",
                      "1", "-distance", "100", "-pixel", "0.1", "-detpixels", "4", "-noprogress"},
                     extra)),
            "oversample");
    };
    // §5.12: lambda distance/px = 1e-10 * 0.1/1e-4 = 1e-7 m;
    // N 5: 3 * 5e-8/1e-7 = 1.5 -> 2; N 1: 0.3 -> 1; N 12: 3.6 -> 4; -oversample 0 = auto
    CHECK(os({"-N", "5"}) == 2);
    CHECK(os({"-N", "1"}) == 1);
    CHECK(os({"-N", "12"}) == 4);
    CHECK(os({"-N", "12", "-oversample", "0"}) == 4);
    CHECK(os({"-N", "12", "-oversample", "3"}) == 3); // a smaller user value is kept
}

TEST_CASE("oversample_omega and oversample_polar multiply the running sum (Q4)",
          "[reference][features]") {
    // -phisteps 2: two phi steps whose terms are both exactly 1 (N = 1, default_F 1), steps = 2
    const Mosflm g(1e-3, 0.01, 8);
    const V3 P = g.pos(1, 6);
    const double R = norm(P), omega = 1e-6 / (R * R) * 0.01 / R;
    const double polar = 0.5 * (1 + unit(P)[0] * unit(P)[0]);
    auto base = plus(cubic(100, 8, 1, 10), {"-phisteps", "2", "-fluence", "1e24"});
    SECTION("-oversample_omega") {
        auto r = run(plus(base, {"-oversample_omega"}), {{1, 6}});
        // I = ((0 + 1) w + 1) w = w (1 + w); S = r_e^2 fl I/2 polar (no final omega):
        // the default (1 + 1)/2 w becomes (1 + w)/2 w
        check_rel(fin(r, "I_before_scaling", 1, 6), omega * (1 + omega), kRel);
        check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * omega * (1 + omega) / 2 * polar,
                  kRel);
    }
    SECTION("-oversample_polar") {
        auto r = run(plus(base, {"-oversample_polar"}), {{1, 6}});
        check_rel(fin(r, "I_before_scaling", 1, 6), polar * (1 + polar), kRel);
        check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * polar * (1 + polar) / 2 * omega,
                  kRel);
    }
    SECTION("neither") {
        auto r = run(base, {{1, 6}});
        CHECK(fin(r, "I_before_scaling", 1, 6) == 2.0);
        check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * 2.0 / 2 * polar * omega, kRel);
    }
}

TEST_CASE("polarization: Kahn factor, -nopolar, -polar_vector", "[reference][features]") {
    // pixel (s 1, f 6) of 8 px of 1 mm at 10 mm: d = unit(0.01, 0.0035, 0.0015), i = b = (1,0,0),
    // MOSFLM p = (0,0,1). For these vectors §4.6 reduces to 0.5 (1 + dx^2 - K (dz^2 - dy^2)).
    const Mosflm g(1e-3, 0.01, 8);
    const V3 d = unit(g.pos(1, 6)), i{1, 0, 0}, p{0, 0, 1};
    const double reduced = 0.5 * (1 + d[0] * d[0] - 0.95 * (d[2] * d[2] - d[1] * d[1]));
    check_rel(kahn(i, d, p, 0.95), reduced, 1e-14); // the two hand forms agree
    auto base = cubic(100, 8, 1, 10);
    SECTION("default K = 0 still applies 0.5 (1 + cos^2 2theta)") {
        auto r = run(base, {{1, 6}});
        CHECK(cfg1(r, "kahn_factor") == 0.0);
        check_rel(fin(r, "polar", 1, 6), 0.5 * (1 + d[0] * d[0]), kRel);
    }
    SECTION("-polar 0.95") {
        auto r = run(plus(base, {"-polar", "0.95"}), {{1, 6}});
        check_rel(fin(r, "polar", 1, 6), kahn(i, d, p, 0.95), kRel);
        // the K term is not negligible here
        CHECK(std::fabs(kahn(i, d, p, 0.95) - kahn(i, d, p, 0)) > 1e-3);
    }
    SECTION("-nopolar gives 1; a later -polar re-enables it") {
        CHECK(fin(run(plus(base, {"-nopolar"}), {{1, 6}}), "polar", 1, 6) == 1.0);
        CHECK(fin(run(plus(base, {"-polar", "0.5", "-nopolar"}), {{1, 6}}), "polar", 1, 6) == 1.0);
        check_rel(fin(run(plus(base, {"-nopolar", "-polar", "0.5"}), {{1, 6}}), "polar", 1, 6),
                  kahn(i, d, p, 0.5), kRel);
    }
    SECTION("-polar_vector 0 2 0: normalised, and the convention becomes CUSTOM") {
        auto r = run(plus(base, {"-polar_vector", "0", "2", "0", "-polar", "0.95"}), {{0, 6}});
        CHECK(cfg1(r, "convention") == 0);
        check_v3(cfg3(r, "polar_vector"), {0, 1, 0}, 0);
        // CUSTOM centre 4 mm, no shift: pix0 = (0.01, 0.004, -0.004);
        // pixel (s 0, f 6) = (0.01, 0.004 - 0.0005, -0.004 + 0.0065) = (0.01, 0.0035, 0.0025)
        V3 dc = unit(V3{0.01, 0.0035, 0.0025});
        check_rel(fin(r, "polar", 0, 6), kahn(i, dc, {0, 1, 0}, 0.95), kRel);
        CHECK(std::fabs(kahn(i, dc, {0, 1, 0}, 0.95) - kahn(i, dc, {0, 0, 1}, 0.95)) > 1e-3);
    }
}

TEST_CASE("water: I_bg added once per pixel, then scaled again (Q6)", "[reference][features]") {
    const Mosflm g(1e-3, 0.01, 8);
    auto r = run(plus(cubic(100, 8, 1, 10),
                      {"-water", "100", "-fluence", "1e24", "-phisteps", "4", "-nopolar"}),
                 {{1, 6}});
    // §7.1: I_bg = 2.57^2 r_e^2 fluence w^3 1e6 N_A/18, w = 100 um = 1e-4 m  (~1.7547e12)
    const double w = 100e-6;
    const double I_bg = 2.57 * 2.57 * kReSqr * 1e24 * w * w * w * 1e6 * kAvogadro / 18;
    check_rel(cfg1(r, "I_bg"), I_bg, kRel);
    // I = I_bg + 4 unit terms; S = r_e^2 fluence (I_bg + 4)/steps omega with steps = 4 phi steps
    check_rel(fin(r, "I_before_scaling", 1, 6), I_bg + 4, kRel);
    const double R = norm(g.pos(1, 6)), omega = 1e-6 / (R * R) * 0.01 / R;
    check_rel(fin(r, "I_pixel_final", 1, 6), kReSqr * 1e24 * (I_bg + 4) / 4 * omega, kRel);
}

TEST_CASE("crystal shapes: square sincg with the full h, round, gauss, tophat, -fudge",
          "[reference][features]") {
    // cubic 400 A cell, 16 px of 0.1 mm at 100 mm: k ~ 400 d_y, l ~ 400 d_z (indices up to ~3)
    const Mosflm g(1e-4, 0.1, 16);
    const V3 hkl58 = hkl_cubic(g.pos(5, 8), 400); // ~ (-0.01, 1.4, -0.2)
    const V3 hkl69 = hkl_cubic(g.pos(6, 9), 400); // ~ (-0.003, 1.0, 0.2)
    REQUIRE(nearest(hkl58) == V3{0, 1, 0});
    REQUIRE(nearest(hkl69) == V3{0, 1, 0});
    auto base = cubic(400, 16, 0.1, 100);
    std::vector<std::pair<int, int>> px{{5, 8}, {6, 9}};
    auto term = [](int s, int f) { return at(s, f, 0, 0, 0, 0, 0, 0); };

    SECTION("square, -Nb 4: F_latt_b = sin(4 pi k)/sin(pi k) with the full k") {
        auto r = run(plus(base, {"-Nb", "4"}), px);
        check_v3(cfg3(r, "a0"), {400, 0, 0}, 1e-12); // the orientation the hand indices assume
        check_v3(ev3(r, "hkl_frac", term(5, 8)), hkl58, 1e-12);
        double want = sincg(kPi * hkl58[1], 4);
        check_rel(ev1(r, "F_latt_b", term(5, 8)), want, 1e-10);
        CHECK(ev1(r, "F_latt_a", term(5, 8)) == 1.0); // N <= 1 axes contribute 1
        CHECK(ev1(r, "F_latt_c", term(5, 8)) == 1.0);
        check_rel(ev1(r, "F_latt", term(5, 8)), want, 1e-10);
        // using k - k0 instead would flip the sign here (N even, k0 odd)
        CHECK(want * sincg(kPi * (hkl58[1] - 1), 4) < 0);
        check_rel(ev1(r, "I_contribution", term(5, 8)), want * want, 1e-10);
    }
    SECTION("square on the a and c axes: the cube turned so that h ~ 1.4 or l ~ -1.4") {
        // -misset 0 0 90 puts a along +y (h ~ 400 d_y); -misset 90 0 0 puts c along -y
        struct Case {
            double rx, rz;
            const char* flag;
            int axis;
            const char* key;
        };
        for (const Case& c :
             {Case{0, 90, "-Na", 0, "F_latt_a"}, Case{90, 0, "-Nc", 2, "F_latt_c"}}) {
            INFO(c.flag);
            auto r = run(plus(base, {"-misset", std::to_string(c.rx), "0", std::to_string(c.rz),
                                     c.flag, "4"}),
                         px);
            V3 h = hkl_missed(g.pos(5, 8), 400, c.rx, 0, c.rz);
            double x = h[c.axis], x0 = nearest(h)[c.axis];
            REQUIRE(std::fabs(x0) == 1.0); // an odd node: full index and offset differ in sign
            double want = sincg(kPi * x, 4);
            check_rel(ev1(r, c.key, term(5, 8)), want, 1e-10);
            CHECK(want * sincg(kPi * (x - x0), 4) < 0);
        }
    }
    SECTION("round, -N 5, fudge 1 and 2") {
        for (double fudge : {1.0, 2.0}) {
            auto r =
                run(plus(base, {"-round_xtal", "-N", "5", "-fudge", std::to_string(fudge)}), px);
            for (auto [s, f] : px) {
                INFO("pixel " << s << "," << f << " fudge " << fudge);
                V3 h = hkl_cubic(g.pos(s, f), 400), dh = h - nearest(h);
                // §6.5: hrad^2 = sum (dh N)^2; F = N^3 0.723601254558268 sinc3(pi sqrt(hrad^2
                // fudge))
                double hrad2 = 25 * dot(dh, dh);
                double want = 125 * 0.723601254558268 * sinc3(kPi * std::sqrt(hrad2 * fudge));
                check_rel(ev1(r, "F_latt", term(s, f)), want, 1e-10);
            }
        }
    }
    SECTION("gauss, -N 10, fudge 1 and 2") {
        for (double fudge : {1.0, 2.0}) {
            auto r =
                run(plus(base, {"-gauss_xtal", "-N", "10", "-fudge", std::to_string(fudge)}), px);
            check_v3(cfg3(r, "a_star"), {0.0025, 0, 0}, 1e-18); // 1/400 A^-1, never rotated
            for (auto [s, f] : px) {
                INFO("pixel " << s << "," << f << " fudge " << fudge);
                V3 h = hkl_cubic(g.pos(s, f), 400), dh = h - nearest(h);
                // rad*^2 = |dh a* + dk b* + dl c*|^2 N^6 with a* = b* = c* = 0.0025 A^-1 (axes)
                double rad2 = dot(dh, dh) * 0.0025 * 0.0025 * 1e6;
                double want = 1000 * std::exp(-rad2 / 0.63 * fudge);
                check_rel(ev1(r, "F_latt", term(s, f)), want, 1e-10);
                CHECK(want < 990); // clearly below N^3
            }
        }
    }
    SECTION("tophat, -N 10: N^3 inside rad*^2 fudge < 0.3969, else a skipped term") {
        double rad58 = dot(hkl58 - nearest(hkl58), hkl58 - nearest(hkl58)) * 6.25;
        double rad69 = dot(hkl69 - nearest(hkl69), hkl69 - nearest(hkl69)) * 6.25;
        REQUIRE(rad69 < 0.35);        // inside with fudge 1
        REQUIRE(rad58 > 0.45);        // outside with fudge 1
        REQUIRE(rad58 * 0.25 < 0.35); // inside with fudge 0.25
        auto r = run(plus(base, {"-tophat_spots", "-N", "10"}), px);
        CHECK(ev1(r, "F_latt", term(6, 9)) == 1000.0);
        CHECK(ev1(r, "F_latt", term(5, 8)) == 0.0);
        // F_latt == 0 without water: the term is skipped, F_cell never looked up (§6.5)
        CHECK(all_at(r, "F_cell", term(5, 8)).empty());
        CHECK(ev1(r, "I_contribution", term(5, 8)) == 0.0);
        CHECK(fin(r, "I_before_scaling", 5, 8) == 0.0);
        CHECK(r.pixel(5, 8) == 0.0f);
        CHECK(fin(r, "I_before_scaling", 6, 9) == 1e6); // F_cell^2 F_latt^2 = 1 * 1000^2
        auto fudged = run(plus(base, {"-tophat_spots", "-N", "10", "-fudge", "0.25"}), px);
        CHECK(ev1(fudged, "F_latt", term(5, 8)) == 1000.0);
        // pin the threshold: fudge putting rad*^2 fudge at 0.3960 (inside) and 0.3980 (outside)
        auto fudge_for = [&](double target) {
            std::ostringstream f;
            f << std::setprecision(17) << target / rad69;
            return f.str();
        };
        auto in = run(plus(base, {"-tophat_spots", "-N", "10", "-fudge", fudge_for(0.3960)}), px);
        auto out = run(plus(base, {"-tophat_spots", "-N", "10", "-fudge", fudge_for(0.3980)}), px);
        CHECK(ev1(in, "F_latt", term(6, 9)) == 1000.0);
        CHECK(ev1(out, "F_latt", term(6, 9)) == 0.0);
        // with water the zero term is not skipped: F_cell is looked up, nothing added
        auto wet = run(plus(base, {"-tophat_spots", "-N", "10", "-water", "1"}), px);
        CHECK(all_at(wet, "F_cell", term(5, 8)).size() == 1);
        check_rel(fin(wet, "I_before_scaling", 5, 8), cfg1(wet, "I_bg"), 0);
    }
}

TEST_CASE("structure factors: -default_F with and without an HKL table", "[reference][features]") {
    // cubic 400 A, 16 px: hand indices of four pixels (nearest integers, §6.4)
    const Mosflm g(1e-4, 0.1, 16);
    REQUIRE(nearest(hkl_cubic(g.pos(8, 8), 400)) == V3{0, 0, 0});
    REQUIRE(nearest(hkl_cubic(g.pos(6, 11), 400)) == V3{0, 1, 1});
    REQUIRE(nearest(hkl_cubic(g.pos(6, 8), 400)) == V3{0, 1, 0});
    REQUIRE(nearest(hkl_cubic(g.pos(11, 8), 400)) == V3{0, -1, 0});
    std::vector<std::pair<int, int>> px{{8, 8}, {6, 11}, {6, 8}, {11, 8}};
    nbtest::TempDir dir("features_hkl");
    const std::string hkl = (dir.path() / "two.hkl").string();
    write_file(hkl, "0 0 0 10\n0 1 1 20\n"); // grid h 0..0, k 0..1, l 0..1
    auto args = [&](const std::string& defF) {
        return std::vector<std::string>{
            "-cell", "400",        "400", "400",        "90", "90",          "90", "-hkl",
            hkl,     "-default_F", defF,  "-N",         "3",  "-lambda",     "1",  "-pixel",
            "0.1",   "-distance",  "100", "-detpixels", "16", "-oversample", "1",  "-noprogress"};
    };
    auto Fcell = [](const nbtest::RefResult& r, int s, int f) {
        return ev1(r, "F_cell", at(s, f, 0, 0, 0, 0, 0, 0));
    };
    SECTION("-default_F 5: prefilled inside the grid, default outside") {
        auto r = run(args("5"), px);
        CHECK(cfg1(r, "interpolate") == 0); // N = 3 > 2
        CHECK(Fcell(r, 8, 8) == 10.0);      // listed (0,0,0)
        CHECK(Fcell(r, 6, 11) == 20.0);     // listed (0,1,1)
        CHECK(Fcell(r, 6, 8) == 5.0);       // (0,1,0): in the grid, not listed -> prefill
        CHECK(Fcell(r, 11, 8) == 5.0);      // (0,-1,0): outside the grid -> default_F
    }
    SECTION("-default_F 0: no prefill, zero outside") {
        auto r = run(args("0"), px);
        CHECK(Fcell(r, 8, 8) == 10.0);
        CHECK(Fcell(r, 6, 8) == 0.0);
        CHECK(Fcell(r, 11, 8) == 0.0);
    }
    SECTION("no table: every lookup is default_F") {
        auto r = run(plus(cubic(400, 16), {"-default_F", "3.5", "-N", "3"}), px);
        for (auto [s, f] : px)
            CHECK(Fcell(r, s, f) == 3.5);
    }
}

TEST_CASE("tricubic interpolation reproduces a cubic polynomial, auto rule, out-of-range quirk",
          "[reference][features]") {
    const Mosflm g(1e-4, 0.1, 16);
    nbtest::TempDir dir("features_interp");
    const std::string huge = (dir.path() / "huge.hkl").string();   // [-6, 6]^3
    const std::string big = (dir.path() / "big.hkl").string();     // [-4, 4]^3
    const std::string small = (dir.path() / "small.hkl").string(); // [-2, 2]^3
    write_file(huge, hkl_table(6, [](int h, int k, int l) { return poly(h, k, l); }));
    write_file(big, hkl_table(4, [](int h, int k, int l) { return poly(h, k, l); }));
    write_file(small, hkl_table(2, [](int h, int k, int l) { return poly(h, k, l); }));
    auto args = [&](const std::string& hkl, std::initializer_list<std::string> extra) {
        return plus({"-cell", "400",         "400", "400",        "90",  "90",
                     "90",    "-hkl",        hkl,   "-default_F", "7",   "-lambda",
                     "1",     "-pixel",      "0.1", "-distance",  "100", "-detpixels",
                     "16",    "-oversample", "1",   "-noprogress"},
                    extra);
    };
    auto Fcell = [](const nbtest::RefResult& r, int s, int f) {
        return ev1(r, "F_cell", at(s, f, 0, 0, 0, 0, 0, 0));
    };
    // §6.7: interpolation needs h - h_min + 3 <= h_range and h - 2 >= h_min (same for k, l), i.e.
    // -4 <= h, k, l <= 4 for the huge table (every pixel of this detector: |h|, |k|, |l| < 3.5) and
    // -2 <= h, k, l <= 2 for the big one.
    // pixel (s 4, f 9): h ~ -0.04, k ~ 1.8, l ~ 0.2
    const V3 h49 = hkl_cubic(g.pos(4, 9), 400);
    REQUIRE(nearest(h49) == V3{0, 2, 0});
    // pixel (s 1, f 9): k ~ 3.0 (out of the safe range), nearest (0, 3, 0)
    REQUIRE(nearest(hkl_cubic(g.pos(1, 9), 400)) == V3{0, 3, 0});

    SECTION("in range: F_cell is the polynomial at the fractional indices") {
        // the whole frame is computed and stays in range, so interpolation stays on
        auto r = run(args(huge, {"-N", "2"}), {{4, 9}}); // N <= 2: interpolation on (auto)
        CHECK(cfg1(r, "interpolate") == 1);
        auto hkl = ev(r, "hkl_frac", at(4, 9, 0, 0, 0, 0, 0, 0));
        check_v3({hkl[0], hkl[1], hkl[2]}, h49, 1e-12);
        check_rel(Fcell(r, 4, 9), poly(h49[0], h49[1], h49[2]), 1e-10);
        // and that is clearly not the nearest-node value poly(0, 2, 0) = 66.8
        CHECK(std::fabs(poly(h49[0], h49[1], h49[2]) - 66.8) > 0.1);
    }
    SECTION("the auto rule and the flags") {
        CHECK(cfg1(run(args(big, {"-N", "3"})), "interpolate") == 0);
        CHECK(cfg1(run(args(big, {"-N", "3", "-interpolate"})), "interpolate") == 1);
        CHECK(cfg1(run(args(big, {"-N", "2", "-nointerpolate"})), "interpolate") == 0);
        CHECK(cfg1(run(args(big, {"-Na", "3", "-Nb", "3", "-Nc", "2"})), "interpolate") == 1);
        // the rule runs before N is derived from the crystal size (N still 1 then, §6.7)
        CHECK(cfg1(run(args(big, {"-xtalsize", "0.01"})), "interpolate") == 1);
        // no table: always off
        CHECK(cfg1(run(plus(cubic(400, 16), {"-N", "1", "-interpolate"})), "interpolate") == 0);
        // off: the nearest node's value
        auto r = run(args(big, {"-N", "3"}), {{4, 9}});
        CHECK(Fcell(r, 4, 9) == poly(0, 2, 0));
    }
    SECTION("first out-of-range evaluation: nearest value, then interpolation is off") {
        // rows 1..4 of column 9, one thread: (1,9) comes first and is out of range
        auto r = run(args(big, {"-N", "2", "-roi", "9", "9", "1", "4"}), {{1, 9}, {4, 9}});
        CHECK(Fcell(r, 1, 9) == poly(0, 3, 0)); // falls through to the nearest node, not default_F
        CHECK(Fcell(r, 4, 9) ==
              poly(0, 2, 0)); // interpolation switched off for the rest of the run
        CHECK(r.log.find("out of range for three point interpolation") != std::string::npos);
    }
    SECTION("out of range and outside the table: default_F") {
        auto r = run(args(small, {"-N", "2", "-roi", "9", "9", "1", "4"}), {{1, 9}, {4, 9}});
        CHECK(Fcell(r, 1, 9) == 7.0);           // (0,3,0) is not in [-2,2]^3
        CHECK(Fcell(r, 4, 9) == poly(0, 2, 0)); // nearest node inside the table
    }
}
