// Every trace log of the real nanoBragg C program (tests/data/golden) parses with every trace
// line accounted for, and the records carry the values, units and loop indices the C printed.
// Expected numbers are copied from the named golden file and line.
#include "nbtrace/parse.h"
#include "nbtrace/registry.h"

#include "test_data.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>

using namespace nbtrace;
using nbtest::find;
using nbtest::pass;
using nbtest::pixel;
using nbtest::with;

namespace {

// Lines of the file that start like a trace line, counted without the parser.
std::size_t trace_like_lines(const std::string& path) {
    std::ifstream in(path);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        for (const char* p : {"TRACE_C", "TRACE_PY", "DETECTOR_", "TRACE_CONFIG"})
            if (line.rfind(p, 0) == 0) {
                ++n;
                break;
            }
    return n;
}

std::size_t skipped(const ParseStats& s, const std::string& category) {
    const auto it = s.skipped.find(category);
    return it == s.skipped.end() ? 0 : it->second;
}

} // namespace

TEST_CASE("every golden C log parses and every trace line is accounted for", "[golden]") {
    for (const std::string& rel : nbtest::golden_logs()) {
        INFO(rel);
        const TraceFile f = read_trace_file(nbtest::golden(rel));
        CHECK(f.format == TraceFormat::legacy);
        CHECK(!f.records.empty());
        // an unknown key is a ParseError, so reaching here means zero unknown keys; and each
        // trace-like line produced records, or is a known lie, diagnostic, index or pixel marker
        std::size_t accounted = skipped(f.stats, "known_label") + skipped(f.stats, "diagnostic") +
                                skipped(f.stats, "index_check") + skipped(f.stats, "pixel_marker");
        for (const auto& [dialect, n] : f.stats.record_lines)
            if (dialect != "STDOUT")
                accounted += n;
        CHECK(accounted == trace_like_lines(nbtest::golden(rel)));
        for (const Record& r : f.records)
            CHECK(r.side == Side::reference);
    }
}

TEST_CASE("supervisor trace: ten per-phi k_frac records, phi steps 0-9", "[golden]") {
    const TraceFile f = read_trace_file(nbtest::golden("supervisor_trace_c.log"));
    std::set<int> steps;
    for (const Record& r : f.records)
        if (r.key == "k_frac") {
            CHECK(r.idx == with(pass(685, 1039, 0, 0, 0), 0, *r.idx.phi, 0));
            steps.insert(*r.idx.phi);
        }
    CHECK(nbtest::count_key(f.records, "k_frac") == 10);
    CHECK(steps == std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    // supervisor_trace_c.log:201 and :211: C-PARITY-001, phi_tic 0 reuses the phi 0.09 deg vectors
    const auto k0 = find(f.records, "k_frac", with(pass(685, 1039, 0, 0, 0), 0, 0, 0));
    const auto k9 = find(f.records, "k_frac", with(pass(685, 1039, 0, 0, 0), 0, 9, 0));
    REQUIRE(k0);
    REQUIRE(k9);
    CHECK(k0->values[0] == -0.607255839576692);
    CHECK(k9->values[0] == k0->values[0]);
    // :203 phi_tic=1
    CHECK(find(f.records, "k_frac", with(pass(685, 1039, 0, 0, 0), 0, 1, 0))->values[0] ==
          -0.591177727127411);
    // phi_deg is the nominal angle and belongs to the phi step only (phi_tic=3 phi_deg=0.03)
    Indices phi3;
    phi3.phi = 3;
    CHECK(find(f.records, "phi_angle", phi3)->values[0] == 0.03);
}

TEST_CASE("supervisor trace: values in canonical units at their loop indices", "[golden]") {
    const TraceFile f = read_trace_file(nbtest::golden("supervisor_trace_c.log"));
    const Indices none;
    const Indices p0 = pass(685, 1039, 0, 0, 0);
    // :5 custom convention, :4 'pivoting detector around sample'
    CHECK(find(f.records, "convention", none)->values[0] == 0);
    CHECK(find(f.records, "pivot", none)->values[0] == 0);
    // :7 beam_center_m=Xclose:0.000211818 is metres/1000 (C-LOGGING-BUG-001); pixel_mm:0.172
    CHECK(find(f.records, "Xclose", none)->values[0] == Approx(0.211818).epsilon(1e-15));
    CHECK(find(f.records, "pixel_size", none)->values[0] == Approx(0.000172).epsilon(1e-15));
    // :32 DETECTOR_PIX0_VECTOR, and the same vector per pass (:176 pix0_vector_meters)
    const std::vector<double> pix0{-0.216475836204836, 0.216343050492215, -0.230192414300537};
    CHECK(find(f.records, "pix0_vector", none)->values == pix0);
    CHECK(find(f.records, "pix0_vector", p0)->values == pix0);
    // :188 scattering_vec_A_inv is 1/m despite its name
    CHECK(find(f.records, "scattering_vector", with(p0, 0, {}, {}))->values[1] == 3933478972.39855);
    // :186-187 lambda_meters 9.768e-11 and lambda_angstroms 0.9768 are one record
    CHECK(nbtest::count_key(f.records, "lambda") == 1);
    CHECK(find(f.records, "lambda", with(p0, 0, {}, {}))->values[0] == 9.768e-11);
    CHECK(f.stats.agreed == 1);
    // :189-191 the rotated vectors at phi 0 are the carried-over phi 0.09 deg ones
    const auto b_rot = find(f.records, "b_rot", with(p0, 0, 0, 0));
    REQUIRE(b_rot);
    CHECK(b_rot->values[1] == 0.671588233999813);
    CHECK(b_rot->source_key == "TRACE_C/rot_b_angstroms");
    // :192 rot_a_star_A_inv is not rotated: a crystal value without indices
    CHECK(find(f.records, "a_star", none)->values[0] == -0.0290510954135954);
    // :196 hkl_rounded, :200 F_latt, :202 F_cell
    CHECK(find(f.records, "hkl_rounded", with(p0, 0, 0, 0))->values ==
          std::vector<double>{-7, -1, -14});
    CHECK(find(f.records, "F_latt", with(p0, 0, 0, 0))->values[0] == -2.38319665299058);
    CHECK(find(f.records, "F_cell", with(p0, 0, 0, 0))->values[0] == 190.27);
    // :212-225 the final block belongs to the pixel only
    CHECK(find(f.records, "I_before_scaling", pixel(685, 1039))->values[0] == 943654.80923755);
    CHECK(find(f.records, "steps", pixel(685, 1039))->values[0] == 10);
    CHECK(find(f.records, "I_pixel_final", pixel(685, 1039))->values[0] == 2.88139542684698e-07);
    CHECK(find(f.records, "image_value", pixel(685, 1039))->values[0] == 2.88139546000821e-07);
    // omega per pass (:181 omega_pixel_sr) and as applied (:222 omega_pixel)
    CHECK(find(f.records, "omega_pixel", p0)->values[0] == 4.20412684465831e-07);
    CHECK(find(f.records, "omega_pixel", pixel(685, 1039))->values[0] == 4.20412684465831e-07);
    // obliquity_factor is evaluated inside the printf only
    CHECK(find(f.records, "obliquity_factor", p0)->origin == Origin::derived);
}

TEST_CASE("BEAM pivot: the hard-coded labels are skipped, the reprints are final vectors",
          "[golden]") {
    const TraceFile f = read_trace_file(nbtest::golden("simple_cubic/trace.log"));
    const Indices none;
    // detector_convention=MOSFLM and the three initial_* of the BEAM block, plus the fixed
    // convention_mapping string (simple_cubic/trace.log:14, 17-19, 31)
    CHECK(f.stats.skipped.at("known_label") == 5);
    CHECK(find(f.records, "initial_fdet", none) == std::nullopt);
    // the convention comes from ':2 mosflm convention selected.'
    CHECK(find(f.records, "convention", none)->values[0] == 2);
    CHECK(find(f.records, "pivot", none)->values[0] == 1);
    // :3 fdet_after_rotz (the real intermediate) and :24/:28 the reprints after :23 R_total
    CHECK(find(f.records, "fdet_after_rotz", none)->values == std::vector<double>{0, 0, 1});
    CHECK(find(f.records, "fdet_vector", none)->values == std::vector<double>{0, 0, 1});
    // :16 beam_center_m=X:6.45e-06 -> Xbeam 6.45 mm
    CHECK(find(f.records, "Xbeam", none)->values[0] == Approx(0.00645).epsilon(1e-15));
    // :23 R_total, row-major
    CHECK(find(f.records, "R_total", none)->values ==
          std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1});
    // :38 TRACE_C:pix0_vector and :39 DETECTOR_PIX0_VECTOR collapse into one record
    CHECK(find(f.records, "pix0_vector", none)->values ==
          std::vector<double>{0.1, 0.0065, -0.0065});
}

TEST_CASE("oversample 2: four passes in C loop order, source 2 tap, 15 sources", "[golden]") {
    const TraceFile f = read_trace_file(nbtest::golden("oversample_sources_polar/trace.log"));
    // the stdout lines '  2x2 pixel oversample steps' and '  15 sources'
    CHECK(find(f.records, "oversample", {})->values[0] == 2);
    CHECK(find(f.records, "sources", {})->values[0] == 15);
    // pixel_pos_meters of the four passes (trace.log:172, 208, 244, 280): subS outer, subF inner
    CHECK(find(f.records, "pixel_pos", pass(13, 114, 0, 0, 0))->values ==
          std::vector<double>{0.1, 0.004375, 0.004925});
    CHECK(find(f.records, "pixel_pos", pass(13, 114, 0, 0, 1))->values ==
          std::vector<double>{0.1, 0.004375, 0.004975});
    CHECK(find(f.records, "pixel_pos", pass(13, 114, 0, 1, 0))->values ==
          std::vector<double>{0.1, 0.004325, 0.004925});
    CHECK(find(f.records, "pixel_pos", pass(13, 114, 0, 1, 1))->values ==
          std::vector<double>{0.1, 0.004325, 0.004975});
    CHECK(nbtest::count_key(f.records, "pixel_pos") == 4);
    // TRACE_C_SOURCE2 of the first pass (:196-204): source index 2, phi 0, mosaic 0
    const Indices s2 = with(pass(13, 114, 0, 0, 0), 2, 0, 0);
    CHECK(find(f.records, "I_contribution", s2)->values[0] == 36433684.9885112);
    CHECK(find(f.records, "F_latt", s2)->values[0] == 120.072254272708);
    CHECK(find(f.records, "cos_2theta", with(pass(13, 114, 0, 0, 0), 2, {}, {}))->values[0] ==
          0.997812527716594);
    // lambda_angstroms 1.0025 of source 2 is the only wavelength of that source
    CHECK(find(f.records, "lambda", with(pass(13, 114, 0, 0, 0), 2, {}, {}))->values[0] ==
          Approx(1.0025e-10).epsilon(1e-15));
    // one I_contribution per pass
    CHECK(nbtest::count_key(f.records, "I_contribution") == 4);
    CHECK(f.stats.skipped.at("index_check") == 4); // source_index 2, once per pass
    CHECK(find(f.records, "steps", pixel(13, 114))->values[0] == 60);
}

TEST_CASE("triclinic with mosaic: phi 0 carries the last phi step (C-PARITY-001)", "[golden]") {
    const TraceFile f = read_trace_file(nbtest::golden("triclinic_misset_phi_mosaic/trace.log"));
    const Indices p0 = pass(112, 59, 0, 0, 0);
    // trace.log TRACE_C_PHI phi_tic=0 and phi_tic=4 (0.8 deg) print the same k_frac
    CHECK(find(f.records, "k_frac", with(p0, 0, 0, 0))->values[0] == -4.02882484033911);
    CHECK(find(f.records, "k_frac", with(p0, 0, 4, 0))->values[0] == -4.02882484033911);
    CHECK(nbtest::count_key(f.records, "k_frac") == 5);
    CHECK(find(f.records, "mosaic_domains", {})->values[0] == 6);
}

TEST_CASE("a log without a traced pixel still yields the set-up records", "[golden]") {
    const TraceFile f = read_trace_file(nbtest::golden("supervisor_synth/full_stdout.log"));
    CHECK(nbtest::count_key(f.records, "pixel_pos") == 0);
    CHECK(find(f.records, "pix0_vector", {})->values[2] == -0.230192414300537);
    CHECK(f.stats.skipped.at("progress") == 40);
}
