// Traces in the PyTorch port's dialects (tests/data/traces, written by this project in the port's
// grammar with values from the golden C traces; README there): TRACE_PY main lines, TRACE_PY_PHI
// v1 and v2, TRACE_PY_ROTSTAR, TRACE_PY_SOURCE and the tricubic diagnostic lines.
#include "nbtrace/parse.h"

#include "test_data.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace nbtrace;
using nbtest::find;
using nbtest::with;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The port prints the pixel centre: read as layer 0, sub-pixel (0,0); no pixel without --pixel.
Indices py_pass() {
    Indices i;
    i.layer = 0;
    i.sub_s = 0;
    i.sub_f = 0;
    return i;
}

} // namespace

TEST_CASE("every PyTorch fixture parses as the simulator side", "[pytorch]") {
    for (const std::string& rel : nbtest::pytorch_fixtures()) {
        INFO(rel);
        const TraceFile f = read_trace_file(nbtest::fixture(rel));
        CHECK(!f.records.empty());
        for (const Record& r : f.records)
            CHECK(r.side == Side::simulator);
    }
}

TEST_CASE("TRACE_PY main lines: port spellings map to canonical keys", "[pytorch]") {
    const TraceFile f = read_trace_file(nbtest::fixture("py_spec_685_1039.log"));
    const Indices pixel_only; // no TRACE_CONFIG and no --pixel: the pixel is unknown
    // I_before_scaling_pre_polar 807189.768677586 (the C's I_before_scaling is pre-polarization)
    CHECK(find(f.records, "I_before_scaling", pixel_only)->values[0] == 807189.768677586);
    CHECK(find(f.records, "I_before_scaling_post_polar", pixel_only)->values[0] ==
          738287.807014356);
    // F_cell_nearest 190.27 is the F_cell of a -nointerpolate run; the interpolated one is kept
    const Indices lattice = with(py_pass(), 0, 0, 0);
    CHECK(find(f.records, "F_cell", lattice)->values[0] == 190.27);
    CHECK(find(f.records, "F_cell", lattice)->source_key == "TRACE_PY/F_cell_nearest");
    CHECK(find(f.records, "F_cell_interpolated", lattice)->values[0] == 186.54);
    // floatimage_accumulated repeats I_pixel_final in the port: no image_value record
    CHECK(find(f.records, "I_pixel_final", pixel_only)->values[0] == 2.4647073117176e-07);
    CHECK(nbtest::count_key(f.records, "image_value") == 0);
    // 64 TRACE_PY_TRICUBIC values, GRID_START/END and three *_COORDS lines are diagnostics
    CHECK(f.stats.skipped.at("diagnostic") == 69);
    CHECK(find(f.records, "spindle_axis", {})->values == std::vector<double>{-1, 0, 0});
}

TEST_CASE("a given pixel completes the port's records", "[pytorch]") {
    ParseOptions o;
    o.pixel = Pixel{685, 1039};
    const TraceFile f = read_trace_file(nbtest::fixture("py_spec_685_1039.log"), o);
    CHECK(find(f.records, "I_pixel_final", nbtest::pixel(685, 1039)));
    CHECK(find(f.records, "pixel_pos", nbtest::pass(685, 1039, 0, 0, 0)));
    // a detector vector without pixel gating stays without pixel
    CHECK(find(f.records, "spindle_axis", {}));
}

TEST_CASE("TRACE_PY_PHI v2: S in 1/A becomes 1/m and agrees with scattering_vec_A_inv",
          "[pytorch]") {
    // main trace and per-phi lines of the same run, as one stdout would hold them
    const std::string text = read(nbtest::fixture("py_spec_685_1039.log")) +
                             read(nbtest::fixture("py_spec_685_1039_per_phi_v2.log"));
    const TraceFile f = parse_trace_text(text, "py_full");
    // scattering_vec_A_inv -1556230686.07047 ... and S_x=-0.155623068607047 (1/A): one record,
    // the ten S triplets checked against it to 1e-12 relative
    const auto s = find(f.records, "scattering_vector", with(py_pass(), 0, {}, {}));
    REQUIRE(s);
    CHECK(s->values[0] == -1556230686.07047);
    CHECK(f.stats.agreed >= 10);
    CHECK(nbtest::count_key(f.records, "k_frac") == 10);
    // phi_tic=9 k_frac=-0.607255839576692, V_actual=24682.2566301114
    CHECK(find(f.records, "k_frac", with(py_pass(), 0, 9, 0))->values[0] == -0.607255839576692);
    Indices phi9 = with(py_pass(), 0, 9, {});
    CHECK(find(f.records, "V_cell_phi", phi9)->values[0] == 24682.2566301114);
    CHECK(find(f.records, "bp_star_y", phi9)->values[0] == 0.0103860193252683);
    // the phi 0 F_latt_b of the per-phi line equals the main lattice line: one record
    CHECK(find(f.records, "F_latt_b", with(py_pass(), 0, 0, 0))->values[0] == -0.859009676580792);
}

TEST_CASE("TRACE_PY_PHI v1 and TRACE_PY_ROTSTAR", "[pytorch]") {
    const TraceFile v1 = read_trace_file(nbtest::fixture("py_spec_per_phi_v1.log"));
    CHECK(nbtest::count_key(v1.records, "k_frac") == 10);
    CHECK(nbtest::count_key(v1.records, "scattering_vector") == 0);
    // py_spec_per_phi_v1.log:1 phi_tic=0 k_frac=-0.589167636095369
    CHECK(find(v1.records, "k_frac", with(py_pass(), 0, 0, 0))->values[0] == -0.589167636095369);

    const TraceFile rot = read_trace_file(nbtest::fixture("py_carryover_685_1039_rotstar.log"));
    // TRACE_PY_ROTSTAR phi_tic=9 ap_y=-21.8805340763623: the y of the C's carried-over a at
    // phi 0 (supervisor_trace_c.log:189), i.e. the rotation by phi_last
    CHECK(find(rot.records, "ap_y", with(py_pass(), 0, 9, {}))->values[0] == -21.8805340763623);
    CHECK(nbtest::count_key(rot.records, "bp_y") == 10);
}

TEST_CASE("TRACE_PY_SOURCE blocks carry the source index", "[pytorch]") {
    const TraceFile f = read_trace_file(nbtest::fixture("py_two_sources_20_30.txt"));
    Indices s0;
    s0.source = 0;
    Indices s1;
    s1.source = 1;
    // 'TRACE_PY_SOURCE 1: source_weight 0.200000002980232' (float32 run)
    CHECK(find(f.records, "source_weight", s1)->values[0] == 0.200000002980232);
    // wavelength_angstroms 0.9768 and 0.97680002450943 (A -> m)
    CHECK(find(f.records, "source_lambda", s0)->values[0] == Approx(0.9768e-10).epsilon(1e-15));
    CHECK(find(f.records, "source_lambda", s1)->values[0] ==
          Approx(0.97680002450943e-10).epsilon(1e-15));
    CHECK(find(f.records, "I_source_pre_polar", with(py_pass(), 0, {}, {}))->values[0] ==
          154421184);
    CHECK(find(f.records, "I_source_pre_polar", with(py_pass(), 1, {}, {}))->values[0] == 12.5);
    // the port derives the per-source polar as post/pre intensity: display-only
    CHECK(find(f.records, "polar", with(py_pass(), 1, {}, {}))->origin == Origin::derived);
    // warnings, progress and 'TRACE: r_e^2 = ...' lines are skipped
    CHECK(f.stats.skipped.at("free_form_trace") > 0);
    CHECK(f.stats.skipped.at("other_stdout") > 0);
}

TEST_CASE("a float32 run's two spellings of S agree to float32 rounding, no closer", "[pytorch]") {
    // the port run with -dtype float32 prints scattering_vec_A_inv rounded to float32 and the
    // per-phi S_x from a double (measured on the triclinic case: -17642478 against
    // -17642477.7600914, 1.4e-8 relative); a double run's spellings agree to 1e-12
    const std::string text = "TRACE_PY: scattering_vec_A_inv -17642478 -493744128 -223484240\n"
                             "TRACE_PY_PHI phi_tic=0 phi_deg=0 k_frac=0.5 F_latt_b=8 F_latt=512 "
                             "S_x=-0.00176424777600914 S_y=-0.0493744127452374 "
                             "S_z=-0.0223484244197607 a_star_y=0.01 b_star_y=0.01 "
                             "c_star_y=0.01 V_actual=24682.2566301114\n";
    CHECK_THROWS_AS(parse_trace_text(text, "py_float32"), ParseError);
    ParseOptions o;
    o.min_agree_rtol = kFloat32AgreeRtol;
    const TraceFile f = parse_trace_text(text, "py_float32", o);
    CHECK(f.stats.agreed == 1);
    CHECK(find(f.records, "scattering_vector", with(py_pass(), 0, {}, {}))->values[0] == -17642478);
    // a spelling off by more than two float32 roundings (1e-6) is still a conflict
    std::string off = text;
    off.replace(off.find("S_x=-0.00176424777600914"), 24, "S_x=-0.00176424960000000");
    CHECK_THROWS_AS(parse_trace_text(off, "py_float32", o), ParseError);
}
