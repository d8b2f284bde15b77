// The legacy writers speak the programs' own dialects: the TRACE_C writer reproduces the C's
// per-pixel lines byte for byte, and whatever a writer prints parses back to the same records.
#include "nbtrace/legacy_writer.h"
#include "nbtrace/parse.h"
#include "nbtrace/registry.h"

#include "test_data.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace nbtrace;

namespace {

// The lines of `text` that start with one of the per-pixel TRACE_C prefixes.
std::vector<std::string> per_pixel_lines(std::istream& in) {
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        for (const char* p : {"TRACE_C: ", "TRACE_C_PHI ", "TRACE_C_SOURCE2: ", "TRACE_CONFIG:"})
            if (line.rfind(p, 0) == 0) {
                out.push_back(line);
                break;
            }
    return out;
}

// Records that carry a pixel index: what the per-pixel dialects are about.
std::vector<Record> with_pixel(const std::vector<Record>& records) {
    std::vector<Record> out;
    for (const Record& r : records)
        if (r.idx.pixel_slow)
            out.push_back(r);
    return out;
}

void require_same_values(const std::vector<Record>& a, const std::vector<Record>& b) {
    REQUIRE(a.size() == b.size());
    for (const Record& r : a) {
        INFO(r.key << " " << r.idx.to_string());
        const auto other = nbtest::find(b, r.key, r.idx);
        REQUIRE(other);
        CHECK(other->values == r.values);
    }
}

} // namespace

TEST_CASE("the TRACE_C writer reproduces the C's per-pixel lines", "[writer][golden]") {
    for (const std::string& rel : nbtest::golden_logs()) {
        INFO(rel);
        const TraceFile f = read_trace_file(nbtest::golden(rel));
        std::ostringstream written;
        write_trace_c(written, f.records);
        std::ifstream original(nbtest::golden(rel));
        std::istringstream ours(written.str());
        CHECK(per_pixel_lines(ours) == per_pixel_lines(original));
    }
}

TEST_CASE("TRACE_C output parses back to the same per-pixel records", "[writer][golden]") {
    for (const char* rel : {"supervisor_trace_c.log", "oversample_sources_polar/trace.log"}) {
        INFO(rel);
        const TraceFile f = read_trace_file(nbtest::golden(rel));
        std::ostringstream written;
        const WriteReport rep = write_trace_c(written, f.records);
        CHECK(rep.lines > 0);
        // set-up intermediates have no per-pixel line (they are TRACE_C:key=value set-up output)
        CHECK(rep.unwritten.count("term_fast_before_rot") + rep.unwritten.count("Rx") > 0);
        const TraceFile back = parse_trace_text(written.str(), "written");
        require_same_values(with_pixel(f.records), with_pixel(back.records));
    }
}

TEST_CASE("TRACE_PY output parses back to the same records", "[writer][pytorch]") {
    // main trace + per-phi v2 lines of one run, with the pixel supplied
    std::string text;
    for (const char* rel : {"py_spec_685_1039.log", "py_spec_685_1039_per_phi_v2.log"}) {
        std::ifstream in(nbtest::fixture(rel));
        std::ostringstream s;
        s << in.rdbuf();
        text += s.str();
    }
    ParseOptions o;
    o.pixel = Pixel{685, 1039};
    const TraceFile f = parse_trace_text(text, "py", o);
    std::ostringstream written;
    const WriteReport rep = write_trace_py(written, f.records);
    CHECK(rep.unwritten.empty());
    const std::string out = written.str();
    // the v2 per-phi format, field by field as the port printed it
    CHECK(out.find("TRACE_PY_PHI phi_tic=9 phi_deg=0.09 k_frac=-0.607255839576692 "
                   "F_latt_b=1.05079664302326 F_latt=-2.38319665299058 S_x=-0.155623068607047 ") !=
          std::string::npos);
    const TraceFile back = parse_trace_text(out, "written", o);
    REQUIRE(back.records.size() == f.records.size());
    for (const Record& r : f.records) {
        INFO(r.key << " " << r.idx.to_string());
        const auto other = nbtest::find(back.records, r.key, r.idx);
        REQUIRE(other);
        // S is re-printed in 1/A from the 1/m record: equal to 1e-12 relative, not bit-equal
        for (std::size_t i = 0; i < r.values.size(); ++i)
            CHECK(other->values[i] == Approx(r.values[i]).epsilon(1e-13).margin(0));
    }
}

TEST_CASE("an engine's records written as TRACE_PY, with sources and ROTSTAR", "[writer]") {
    std::vector<Record> recs;
    const Indices px = nbtest::pixel(1, 2);
    recs.push_back(make_record(Side::simulator, "I_pixel_final", px, {42.6700248718262}));
    for (int s = 0; s < 2; ++s) {
        Indices si;
        si.source = s;
        recs.push_back(make_record(Side::simulator, "source_direction", si, {0, 0, 1}));
        recs.push_back(make_record(Side::simulator, "source_weight", si, {s ? 0.2 : 1.0}));
    }
    for (int phi = 0; phi < 2; ++phi) {
        Indices pi = nbtest::pass(1, 2, 0, 0, 0);
        pi.source = 0;
        pi.phi = phi;
        recs.push_back(make_record(Side::simulator, "ap", pi, {1, -21.87 - phi, 3}));
        recs.push_back(make_record(Side::simulator, "bp", pi, {1, 0.717 - phi, 3}));
        recs.push_back(make_record(Side::simulator, "cp", pi, {1, -24.39 - phi, 3}));
    }
    std::ostringstream written;
    write_trace_py(written, recs);
    const std::string out = written.str();
    CHECK(out.find("TRACE_PY: I_pixel_final 42.6700248718262\n") != std::string::npos);
    CHECK(out.find("TRACE_PY: floatimage_accumulated 42.6700248718262\n") != std::string::npos);
    CHECK(out.find("TRACE_PY_SOURCE 1: source_index 1\n"
                   "TRACE_PY_SOURCE 1: source_direction 0 0 1\n") != std::string::npos);
    CHECK(out.find("TRACE_PY_SOURCE 1: source_weight 0.2\n") != std::string::npos);
    CHECK(out.find("TRACE_PY_ROTSTAR phi_tic=1 ap_y=-22.87 bp_y=-0.283 cp_y=-25.39\n") !=
          std::string::npos);
}
