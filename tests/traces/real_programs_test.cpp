// The trace registry's loop-index statements and the diff's verdicts, checked on fresh output of
// the real programs (tests/data/real_programs: our runs of the traced nanoBragg C program and of
// its PyTorch port; loop_semantics/README.md says what each file shows and how it was checked).
#include "nbtrace/diff.h"
#include "nbtrace/parse.h"
#include "nbtrace/trace_pair.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace nbtrace;

namespace {

std::string data(const std::string& rel) {
    return std::string(NB_TEST_DATA_DIR) + "/real_programs/" + rel;
}

std::vector<const Record*> of_key(const TraceFile& f, const std::string& key) {
    std::vector<const Record*> out;
    for (const Record& r : f.records)
        if (r.key == key && r.stage != Stage::unregistered)
            out.push_back(&r);
    return out;
}

// (layer, sub_s, sub_f) of every record of `key`, in file order
std::set<std::tuple<int, int, int>> passes_of(const TraceFile& f, const std::string& key) {
    std::set<std::tuple<int, int, int>> out;
    for (const Record* r : of_key(f, key))
        out.emplace(r->idx.layer.value_or(-1), r->idx.sub_s.value_or(-1),
                    r->idx.sub_f.value_or(-1));
    return out;
}

} // namespace

TEST_CASE("TRACE_C: one geometry block per (layer, sub-slow, sub-fast), layer outermost",
          "[real_programs][loops]") {
    // oversample O and L layers: L*O^2 blocks (loop_semantics/README.md: 1, 4, 9, 12)
    const TraceFile os1 = read_trace_file(data("loop_semantics/os1/c_trace.log"));
    CHECK(passes_of(os1, "pixel_pos") == std::set<std::tuple<int, int, int>>{{0, 0, 0}});
    const TraceFile os2 = read_trace_file(data("loop_semantics/os2/c_trace.log"));
    CHECK(passes_of(os2, "pixel_pos") ==
          std::set<std::tuple<int, int, int>>{{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}});
    const TraceFile os3 = read_trace_file(data("loop_semantics/os3/c_trace.log"));
    CHECK(passes_of(os3, "pixel_pos").size() == 9);
    const TraceFile thick = read_trace_file(data("loop_semantics/os2_thick3/c_trace.log"));
    const auto t = passes_of(thick, "pixel_pos");
    CHECK(t.size() == 12);
    CHECK(t.count({2, 1, 1}) == 1);
    // the per-phi lines: P = 3 per block, mosaic domain 0, source 0
    const std::vector<const Record*> k = of_key(os2, "k_frac");
    CHECK(k.size() == 4 * 3);
    for (const Record* r : k) {
        CHECK(r->idx.mosaic == 0);
        CHECK(r->idx.source == 0);
    }
    // the source-2 tap: once per block, at source 2
    const std::vector<const Record*> l2 = of_key(os2, "F_cell_squared");
    CHECK(l2.size() == 4);
    for (const Record* r : l2)
        CHECK(r->idx.source == 2);
    // steps = S*M*P*O^2 = 15*3*3*4, layers not counted (the same with 3 layers)
    CHECK(of_key(os2, "steps").front()->values[0] == 540);
    CHECK(of_key(thick, "steps").front()->values[0] == 540);
}

TEST_CASE("TRACE_C: the set-up pix0 is every block's pix0 (one record)", "[real_programs][loops]") {
    const TraceFile os2 = read_trace_file(data("loop_semantics/os2/c_trace.log"));
    const std::vector<const Record*> pix0 = of_key(os2, "pix0_vector");
    REQUIRE(pix0.size() >= 2); // the set-up line and the per-block copies
    for (const Record* r : pix0)
        CHECK(r->values == pix0.front()->values);
}

TEST_CASE("TRACE_PY: once per run, at the pixel centre (no sub-pixel index when O > 1)",
          "[real_programs][loops]") {
    // oversample 1: the centre is sub-pixel (0,0) of layer 0
    const TraceFile os1 = read_trace_file(data("loop_semantics/os1/py_trace.log"));
    CHECK(passes_of(os1, "pixel_pos") == std::set<std::tuple<int, int, int>>{{0, 0, 0}});
    // oversample 2 and 3 ("TRACE: Oversample = N"): one record without layer or sub-pixel
    for (const char* v : {"os2", "os3", "os2_thick3"}) {
        INFO(v);
        const TraceFile f =
            read_trace_file(data(std::string("loop_semantics/") + v + "/py_trace.log"));
        CHECK(passes_of(f, "pixel_pos") == std::set<std::tuple<int, int, int>>{{-1, -1, -1}});
        CHECK(passes_of(f, "hkl_frac") == std::set<std::tuple<int, int, int>>{{-1, -1, -1}});
    }
}

TEST_CASE("C against the port, no --pixel: pixels settle, coverage stated, first divergence "
          "named",
          "[real_programs][pairs]") {
    struct Case {
        const char* c;
        const char* py;
        const char* first_key; // the first divergence the diff names (measured, see below)
        bool centre_only;      // oversample > 1: the port's geometry is the pixel centre
    };
    // What the diff finds, and why it is believed (tests/data/real_programs/README.md):
    //  simple_cubic: the port's rot_*_angstroms hold metres (|a| = 1e-8), its hkl_frac is
    //    1e-10 of the C's (flagged as a unit mismatch) -- the trace, not the image: the images
    //    agree to 1e-7.
    //  triclinic: the reciprocal vectors already differ (a_star) -- the port ignores
    //    -mosaic_seed and its mosaic domain 0 is a rotation; the images differ by 2 %.
    //  oversample_sources_polar: the port prints the nominal beam where the C prints source 0.
    //  supervisor(_synth): close_distance 2.8e-8 m and pix0 1.2e-7 m apart (a geometry
    //    difference the length class now sees), then fluence 1e24 vs 1.26e29 (the five orders
    //    of magnitude of the port's image).
    const Case cases[] = {
        {"simple_cubic/c_trace.log", "simple_cubic/py_trace.log", "a_rot", false},
        {"triclinic_misset_phi_mosaic/c_trace.log", "triclinic_misset_phi_mosaic/py_trace.log",
         "a_star", false},
        {"oversample_sources_polar/c_trace.log", "oversample_sources_polar/py_trace.log",
         "incident_vec", true},
        {"supervisor_synth/c_roi_trace.log", "supervisor_synth/py_roi_trace.log", "close_distance",
         false},
        {"supervisor_synth/c_single_trace.log", "supervisor_synth/py_roi_trace.log",
         "close_distance", false},
        {"supervisor/c_roi_trace.log", "supervisor/py_roi_trace.log", "close_distance", false},
    };
    for (const Case& c : cases) {
        INFO(c.c << " vs " << c.py);
        const TracePair pair = read_trace_pair({{data(c.c)}, {}}, {{data(c.py)}, {}});
        REQUIRE_FALSE(pair.pixel_mismatch);
        REQUIRE(pair.pixel_note); // the port names no pixel: it takes the C trace's
        CHECK(pair.b.pixels == pair.a.pixels);
        const DiffResult r = diff_traces(pair.a.records, pair.b.records, {});
        CHECK(r.verdict == Verdict::fail);
        REQUIRE(r.first_divergence);
        CHECK(r.rows[*r.first_divergence].key == c.first_key);
        CHECK(r.keys_both > 30);
        if (c.centre_only) {
            // sub-pixel passes against the pixel centre: said, never compared
            CHECK(std::any_of(r.misaligned_keys.begin(), r.misaligned_keys.end(),
                              [](const std::string& k) {
                                  return k == "pixel_pos (A: pixel layer sub; B: pixel)";
                              }));
            continue;
        }
        // every key both printed lined up, and every coverage group was compared
        CHECK(r.misaligned_keys.empty());
        CHECK(r.keys_compared == r.keys_both);
        for (const CoverageGroup& g : r.coverage) {
            INFO(g.name);
            CHECK(g.compared > 0);
        }
    }
}

TEST_CASE("unit mismatch suspected where the port prints metres as Angstrom",
          "[real_programs][pairs]") {
    const TracePair pair = read_trace_pair({{data("simple_cubic/c_trace.log")}, {}},
                                           {{data("simple_cubic/py_trace.log")}, {}});
    const DiffResult r = diff_traces(pair.a.records, pair.b.records, {});
    const auto row = std::find_if(r.rows.begin(), r.rows.end(),
                                  [](const DiffRow& d) { return d.key == "hkl_frac"; });
    REQUIRE(row != r.rows.end());
    CHECK(row->status == RowStatus::fail);
    CHECK(row->unit_slip_power == -10);
}
