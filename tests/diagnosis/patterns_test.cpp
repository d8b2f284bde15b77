// The pattern detectors on constructed diffs whose cause is known by construction, each next to
// a look-alike that must not be named.
#include "nbdiag/patterns.h"

#include "record_builders.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

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
