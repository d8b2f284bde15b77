// The pattern detectors on constructed diffs whose cause is known by construction, each next to
// a look-alike that must not be named.
#include "nbdiag/patterns.h"

#include "record_builders.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>

using namespace nbdiag;
using nbdiagtest::at;
using nbdiagtest::Sides;

namespace {

std::vector<PatternFinding> of_kind(const std::vector<PatternFinding>& all, PatternKind k) {
    std::vector<PatternFinding> out;
    for (const PatternFinding& f : all)
        if (f.kind == k)
            out.push_back(f);
    return out;
}

// k at phi step z: the supervisor_synth pixel's C values move by 1.909e-4 per 0.01 deg step
// (tests/data/real_programs/supervisor_synth/c_single_trace.log, TRACE_C_PHI lines).
double k_at(int z) {
    return 1.99158231106036 + 1.9094e-4 * z;
}

const double kPi = 3.14159265358979323846;
double sincg(double h, int n) {
    return std::sin(n * kPi * h) / std::sin(kPi * h);
}

} // namespace

TEST_CASE("a constant dk on phi steps 1..9 is a geometry signature", "[patterns]") {
    // W7 of the port's history: b - a = -6.78e-6 on steps 1..9, step 0 replaced by the
    // carry-over (b takes step 9's value there)
    Sides s;
    for (int z = 0; z < 10; ++z)
        s.add("k_frac", at(z), {k_at(z)}, {z == 0 ? k_at(9) : k_at(z) - 6.78e-6});
    const auto found = of_kind(find_patterns(s.diff()), PatternKind::phi_constant_offset);
    REQUIRE(found.size() == 1);
    CHECK(found[0].keys == std::vector<std::string>{"k_frac"});
    CHECK(found[0].evidence.find("-6.78e-06 ... -6.78e-06 on phi steps 1...9") !=
          std::string::npos);
}

TEST_CASE("the same-sized difference from a ratio is no phi offset", "[patterns]") {
    // b = a (1 - 3.4e-6): dk = -6.77e-6 ... -6.78e-6, constant to 0.09 %, but b/a is exactly
    // constant, so the offset does not explain it better than a factor
    Sides s;
    for (int z = 0; z < 10; ++z)
        s.add("k_frac", at(z), {k_at(z)}, {k_at(z) * (1 - 3.4e-6)});
    CHECK(of_kind(find_patterns(s.diff()), PatternKind::phi_constant_offset).empty());
}

TEST_CASE("a side stuck at one value is no phi offset", "[patterns]") {
    // b = N^3 at every step (the port's F_latt recomputed from metres) while a varies
    Sides s;
    for (int z = 0; z < 10; ++z)
        s.add("F_latt", at(z), {-1.0 + 0.1 * z}, {49068});
    CHECK(of_kind(find_patterns(s.diff()), PatternKind::phi_constant_offset).empty());
}

TEST_CASE("a missing division by steps is one factor on the scale keys", "[patterns]") {
    Sides s;
    s.add("I_before_scaling", at(), {26260420913.6486}, {26260420913.6486});
    s.add("I_pixel_final", at(), {1356.18762076638}, {4 * 1356.18762076638});
    s.add("image_value", at(), {1356.1876220703125}, {4 * 1356.1876220703125});
    const auto all = find_patterns(s.diff());
    const auto found = of_kind(all, PatternKind::shared_scale_factor);
    REQUIRE(found.size() == 1);
    CHECK(found[0].keys == std::vector<std::string>{"I_pixel_final", "image_value"});
    CHECK(found[0].evidence.find("b/a = 4 = 4 (a count") != std::string::npos);
    CHECK(of_kind(all, PatternKind::power_of_ten).empty()); // 4 is no power of ten
}

TEST_CASE("vectors in metres against Angstrom: a power of ten shared by keys", "[patterns]") {
    // the port at 8b8c48d prints rot_*_angstroms in metres: 1e-10 of the C values
    Sides s;
    const std::vector<double> a{61.8252902603299, -5.5, 12.25}, b{68.2107051533783, 3.1, -7.0};
    const auto m = [](std::vector<double> v) {
        for (double& x : v)
            x *= 1e-10;
        return v;
    };
    s.add("a_rot", at(0), a, m(a));
    s.add("b_rot", at(0), b, m(b));
    const auto all = find_patterns(s.diff());
    const auto ten = of_kind(all, PatternKind::power_of_ten);
    REQUIRE(ten.size() == 1);
    CHECK(ten[0].keys == std::vector<std::string>{"a_rot", "b_rot"});
    CHECK(ten[0].evidence.find("10^-10") != std::string::npos);
    const auto scale = of_kind(all, PatternKind::shared_scale_factor);
    REQUIRE(scale.size() == 1);
    CHECK(scale[0].evidence.find("= 10^-10") != std::string::npos);
}

TEST_CASE("2e-7 relative on every stage is float32 level; 2e-5 is not", "[patterns]") {
    for (double rel : {2e-7, 2e-5}) {
        Sides s;
        const auto r = [&](std::vector<double> v) {
            for (double& x : v)
                x *= 1 + rel;
            return v;
        };
        const std::vector<double> pos{0.2313, 0.0368, -0.0216}, q{1.48e9, -2.1e8, 3.3e8};
        s.add("pixel_pos", at(), pos, r(pos));
        s.add(
            "scattering_vector",
            [] {
                auto i = at();
                i.source = 0;
                return i;
            }(),
            q, r(q));
        s.add("hkl_frac", at(0), {-12.99, 1.99158, 2.5}, r({-12.99, 1.99158, 2.5}));
        s.add("I_pixel_final", at(), {446.254110667806}, r({446.254110667806}));
        const auto found = of_kind(find_patterns(s.diff()), PatternKind::float32_level);
        INFO("relative difference " << rel);
        CHECK(found.size() == (rel < 1e-6 ? 1u : 0u));
    }
}

TEST_CASE("identical terms summed in float32: only the sum and its chain differ", "[patterns]") {
    // five phi steps of one pixel; side b adds the same double terms into a float accumulator
    // (a single-precision sum's roundings: ~1e-8 relative here), then scales both sums alike
    const std::vector<double> terms{1234.56789012345, 0.00123456789, 98765.4321098765, 3.14159265,
                                    271.828182845905};
    Sides s;
    double sum_a = 0;
    float sum_b = 0;
    for (int z = 0; z < 5; ++z) {
        s.add("F_latt", at(z), {std::sqrt(terms[z])}, {std::sqrt(terms[z])});
        s.add("I_contribution", at(z), {terms[z]}, {terms[z]});
        sum_a += terms[z];
        sum_b += static_cast<float>(terms[z]);
    }
    const double scale = 3.2e-7, rel = std::fabs(sum_b - sum_a) / sum_a;
    REQUIRE(rel > 1e-9); // the float sum really is off (else the test would prove nothing)
    REQUIRE(rel < 1e-7);
    s.add("I_before_scaling", at(), {sum_a}, {static_cast<double>(sum_b)});
    s.add("polar", at(), {0.97}, {0.97});
    s.add("I_pixel_final", at(), {sum_a * 0.97 * scale}, {sum_b * 0.97 * scale});
    const auto all = find_patterns(s.diff());
    const auto found = of_kind(all, PatternKind::float32_level);
    REQUIRE(found.size() == 1);
    CHECK(found[0].keys == std::vector<std::string>{"I_before_scaling", "I_pixel_final"});
    CHECK(found[0].evidence.find("accumulated in single precision") != std::string::npos);
    CHECK(of_kind(all, PatternKind::shared_scale_factor).empty());

    SECTION("with a term 1e-4 off the sum's difference is no accumulator's") {
        Sides t = s;
        t.b[2].values[0] *= 1 + 1e-4; // F_latt at phi 1: a logic difference upstream
        CHECK(of_kind(find_patterns(t.diff()), PatternKind::float32_level).empty());
    }
    SECTION("a sum 1e-4 off is no rounding") {
        Sides t = s;
        for (auto& r : t.b)
            if (r.key == "I_before_scaling" || r.key == "I_pixel_final")
                r.values[0] =
                    (r.key == "I_before_scaling" ? sum_a : sum_a * 0.97 * scale) * (1 + 1e-4);
        CHECK(of_kind(find_patterns(t.diff()), PatternKind::float32_level).empty());
    }
}

TEST_CASE("next to a zero of sincg a tiny dk is a large dF_latt, explained", "[patterns]") {
    // N = 10, k = 2.1 + 1e-3: 10 k = 21.01, next to the zero at 21; dk = 2e-5 moves F_latt_b
    // by dF/dk * dk = N pi cos(N pi k)/sin(pi k) * dk ~ 10 pi / 0.309 * 2e-5 = 2.0e-3 on |F| ~ 0.1
    const int n = 10;
    const double ka = 2.1 + 1e-3, kb = ka + 2e-5;
    Sides s;
    s.add("hkl_frac", at(0), {1.0, ka, 3.0}, {1.0, kb, 3.0});
    s.add("F_latt_b", at(0), {sincg(ka, n)}, {sincg(kb, n)});
    const auto found = of_kind(find_patterns(s.diff()), PatternKind::sincg_zero);
    REQUIRE(found.size() == 1);
    CHECK(found[0].evidence.find("with N = 10") != std::string::npos);
    // the same dF_latt_b without the index moving is not explained by hypersensitivity
    Sides t;
    t.add("hkl_frac", at(0), {1.0, ka, 3.0}, {1.0, ka, 3.0});
    t.add("F_latt_b", at(0), {sincg(ka, n)}, {sincg(kb, n)});
    CHECK(of_kind(find_patterns(t.diff()), PatternKind::sincg_zero).empty());
}

TEST_CASE("a polarization 1e-3 too large is one factor on polar and what follows", "[patterns]") {
    // the simulator's scale fault: polar x 1.001; I_pixel_final and image_value carry it
    Sides s;
    s.add("I_before_scaling", at(), {26260420913.6486}, {26260420913.6486});
    s.add("polar", at(), {0.912575818665327}, {0.912575818665327 * 1.001});
    s.add("I_pixel_final", at(), {446.254110667806}, {446.254110667806 * 1.001});
    s.add("image_value", at(), {446.25411987304688}, {446.25411987304688 * 1.001});
    const auto found = of_kind(find_patterns(s.diff()), PatternKind::shared_scale_factor);
    REQUIRE(found.size() == 1);
    CHECK(found[0].keys == std::vector<std::string>{"polar", "I_pixel_final", "image_value"});
    // a second key off by 1.0012 is another factor (1.2e-3 vs 1e-3: beyond a hundredth of it)
    Sides t = s;
    t.add("omega_pixel", at(), {4.15867865980257e-07}, {4.15867865980257e-07 * 1.0012});
    const auto two = of_kind(find_patterns(t.diff()), PatternKind::shared_scale_factor);
    REQUIRE(two.size() == 1);
    CHECK(std::find(two[0].keys.begin(), two[0].keys.end(), "omega_pixel") == two[0].keys.end());
}

TEST_CASE("an intensity difference carried down the chain is no normalisation", "[patterns]") {
    // a lattice error makes I_before_scaling 1.37 x; I_pixel_final and image_value follow it
    Sides s;
    s.add("I_before_scaling", at(), {26260420913.6486}, {1.37 * 26260420913.6486});
    s.add("I_pixel_final", at(), {1356.18762076638}, {1.37 * 1356.18762076638});
    s.add("image_value", at(), {1356.1876220703125}, {1.37 * 1356.1876220703125});
    CHECK(of_kind(find_patterns(s.diff()), PatternKind::shared_scale_factor).empty());
}

namespace {

// Detector of the triclinic golden case in the MOSFLM convention: odet along the beam (+x),
// fdet = +z, sdet = -y, 0.1 mm pixels. Position of pixel (s, f), sub-pixel centre offsets in
// pixels (0.5 = the pixel centre): pix0 + (f + cf) px fdet + (s + cs) px sdet.
struct Detector {
    std::vector<double> pix0{0.08, 0.0064, -0.008}, fdet{0, 0, 1}, sdet{0, -1, 0}, odet{1, 0, 0};
    double px = 1e-4;
    std::vector<double> position(double s, double f, double cs = 0.5, double cf = 0.5) const {
        std::vector<double> p(3);
        for (int i = 0; i < 3; ++i)
            p[i] = pix0[i] + (f + cf) * px * fdet[i] + (s + cs) * px * sdet[i];
        return p;
    }
    void add_frame(Sides& s, const std::vector<double>& pix0_b) const {
        s.add("pixel_size", {}, {px}, {px});
        s.add("pix0_vector", {}, pix0, pix0_b);
        s.add("fdet_vector", {}, fdet, fdet);
        s.add("sdet_vector", {}, sdet, sdet);
        s.add("odet_vector", {}, odet, odet);
    }
};

} // namespace

TEST_CASE("a pixel at the swapped indices' position, frame agreeing: slow/fast swap",
          "[patterns]") {
    // traced pixel (slow 10, fast 20): side b computes the position of (slow 20, fast 10), so it
    // moved -10 pixels along fast and +10 along slow
    const Detector d;
    Sides s;
    d.add_frame(s, d.pix0);
    s.add("pixel_pos", at(), d.position(10, 20), d.position(20, 10));
    const auto found = of_kind(find_patterns(s.diff()), PatternKind::pixel_mapping);
    REQUIRE(found.size() == 1);
    CHECK(found[0].keys == std::vector<std::string>{"pixel_pos"});
    CHECK(found[0].evidence.find(
              "moved (pixels) -10 along fast, 10 along slow, 0 along the normal") !=
          std::string::npos);
    CHECK(found[0].evidence.find("slow and fast indices are swapped") != std::string::npos);

    // what follows the direction moves by nearly one factor (1 - 1.56e-4 in the gate's flux
    // case): downstream of the moved pixel, not a normalisation; the position itself is turned
    // (component ratios differ), not scaled
    const double r = 1 - 1.56e-4;
    s.add("obliquity_factor", at(), {0.981}, {0.981 * r});
    s.add("polar", at(), {0.9923}, {0.9923 * r});
    s.add("cos_2theta", at(), {0.9785}, {0.9785 * r});
    CHECK(of_kind(find_patterns(s.diff()), PatternKind::shared_scale_factor).empty());

    SECTION("the same factor with the pixel in place is a shared factor") {
        Sides t;
        d.add_frame(t, d.pix0);
        t.add("pixel_pos", at(), d.position(10, 20), d.position(10, 20));
        t.add("obliquity_factor", at(), {0.981}, {0.981 * r});
        t.add("polar", at(), {0.9923}, {0.9923 * r});
        t.add("cos_2theta", at(), {0.9785}, {0.9785 * r});
        const auto scale = of_kind(find_patterns(t.diff()), PatternKind::shared_scale_factor);
        REQUIRE(scale.size() == 1);
        CHECK(scale[0].keys == std::vector<std::string>{"obliquity_factor", "polar", "cos_2theta"});
    }
}

TEST_CASE("a sub-pixel centre half a sub-pixel off is a fraction of a pixel, no swap",
          "[patterns]") {
    // oversample 2: sub-pixel (1, 0) centre at 0.75 px in slow; side b uses 0.75 + 0.25
    const Detector d;
    Sides s;
    d.add_frame(s, d.pix0);
    s.add("pixel_pos", at(), d.position(10, 20, 0.75, 0.25), d.position(10, 20, 1.0, 0.25));
    const auto found = of_kind(find_patterns(s.diff()), PatternKind::pixel_mapping);
    REQUIRE(found.size() == 1);
    CHECK(found[0].evidence.find("moved (pixels) 0 along fast, 0.25 along slow") !=
          std::string::npos);
    CHECK(found[0].evidence.find("a fraction of a pixel") != std::string::npos);
}

TEST_CASE("a thousandth of a pixel is a fraction; three whole pixels an index off", "[patterns]") {
    // harness --inject-fault geometry shifts the pixel 1e-3 of a pixel along fast: near 0
    // whole pixels, but no index error; a move of exactly -3 pixels along slow is one
    const Detector d;
    for (const auto& [ds, df, says] :
         {std::tuple<double, double, const char*>{0, 1e-3, "a fraction of a pixel"},
          {-3, 0, "a whole number of pixels on every one: an index off by that much"}}) {
        Sides s;
        d.add_frame(s, d.pix0);
        s.add("pixel_pos", at(), d.position(10, 20), d.position(10 + ds, 20 + df));
        const auto found = of_kind(find_patterns(s.diff()), PatternKind::pixel_mapping);
        INFO("move " << ds << " slow, " << df << " fast");
        REQUIRE(found.size() == 1);
        CHECK(found[0].evidence.find(says) != std::string::npos);
    }
}

TEST_CASE("a pixel that moved with pix0 is no mapping error", "[patterns]") {
    // pix0 off by 1 mm along the beam: every pixel moves with it, the frame disagrees
    const Detector d;
    std::vector<double> pix0_b = d.pix0;
    pix0_b[0] += 1e-3;
    Sides s;
    d.add_frame(s, pix0_b);
    std::vector<double> moved = d.position(10, 20);
    moved[0] += 1e-3;
    s.add("pixel_pos", at(), d.position(10, 20), moved);
    CHECK(of_kind(find_patterns(s.diff()), PatternKind::pixel_mapping).empty());
}
