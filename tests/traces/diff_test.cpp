// The diff engine on the golden supervisor traces (the ROI run, whose phi step 0 carries the
// phi 0.09 deg vectors, against the single-pixel run, whose phi step 0 is unrotated), plus
// alignment, one-sided keys, projections, tolerance overrides and the renderings.
#include "nbtrace/diff.h"
#include "nbtrace/diff_render.h"
#include "nbtrace/parse.h"
#include "nbtrace/registry.h"

#include "test_data.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <sstream>

using namespace nbtrace;
using nbtest::pass;
using nbtest::pixel;
using nbtest::with;

namespace {

const TraceFile& roi() {
    static const TraceFile f = read_trace_file(nbtest::golden("supervisor_trace_c.log"));
    return f;
}

const TraceFile& single() {
    static const TraceFile f =
        read_trace_file(nbtest::golden("supervisor_trace_c_single_pixel.log"));
    return f;
}

const DiffRow* row(const DiffResult& r, const std::string& key, const Indices& idx) {
    for (const DiffRow& d : r.rows)
        if (d.key == key && d.idx == idx)
            return &d;
    return nullptr;
}

std::vector<std::string> failing_keys(const DiffResult& r) {
    std::vector<std::string> out;
    for (const DiffRow& d : r.rows)
        if (d.status == RowStatus::fail)
            out.push_back(d.key);
    return out;
}

const Indices kPhi0 = with(pass(685, 1039, 0, 0, 0), 0, 0, 0);

} // namespace

TEST_CASE("a trace diffed with itself passes with no divergence", "[diff]") {
    const DiffResult r = diff_traces(roi().records, roi().records, {});
    CHECK(r.passed());
    CHECK(!r.first_divergence);
    CHECK(r.compared == roi().records.size());
    CHECK(r.failed == 0);
    CHECK(r.only_a + r.only_b == 0);
}

TEST_CASE("a default DiffResult never passes", "[diff]") {
    CHECK_FALSE(DiffResult{}.passed());
    // nothing in common: nothing compared is a failure too
    CHECK_FALSE(diff_traces(roi().records, {}, {}).passed());
}

TEST_CASE("supervisor ROI vs single pixel: the phi 0 rotated vectors diverge first", "[diff]") {
    const DiffResult r = diff_traces(roi().records, single().records, {});
    CHECK_FALSE(r.passed());
    REQUIRE(r.first_divergence);
    const DiffRow& first = r.rows[*r.first_divergence];
    CHECK(first.stage == Stage::orientation);
    CHECK(first.key == "a_rot");
    CHECK(first.idx == kPhi0);
    // rot_a_angstroms y: -21.8805340763623 (rotated by phi_last) vs -21.8717928453817 (unrotated)
    CHECK(first.a->values[1] == -21.8805340763623);
    CHECK(first.b->values[1] == -21.8717928453817);
    CHECK(first.components[0].close); // rotation about -x leaves x alone
    // everything upstream agrees
    for (std::size_t i = 0; i < *r.first_divergence; ++i)
        CHECK(r.rows[i].status == RowStatus::pass);
    // then, in pipeline order: b_rot, c_rot, the Miller index, the lattice factors, the scaling
    CHECK(failing_keys(r) == std::vector<std::string>{"a_rot", "b_rot", "c_rot", "hkl_frac",
                                                      "k_frac", "F_latt_a", "F_latt_b", "F_latt_c",
                                                      "F_latt", "I_before_scaling", "I_pixel_final",
                                                      "image_value"});
    // k_frac at phi 0: -0.607255839576692 vs -0.589167636095369 (TRACE_C_PHI phi_tic=0 lines)
    const DiffRow* k0 = row(r, "k_frac", kPhi0);
    REQUIRE(k0);
    CHECK(k0->status == RowStatus::fail);
    CHECK(k0->a->values[0] == -0.607255839576692);
    CHECK(k0->b->values[0] == -0.589167636095369);
    // phi steps 1-9 are the same in both runs
    for (int phi = 1; phi <= 9; ++phi)
        CHECK(row(r, "k_frac", with(pass(685, 1039, 0, 0, 0), 0, phi, 0))->status ==
              RowStatus::pass);
    // I_before_scaling 943654.80923755 vs 807189.768677586 (-14.5%)
    const DiffRow* ibs = row(r, "I_before_scaling", pixel(685, 1039));
    CHECK(ibs->a->values[0] == 943654.80923755);
    CHECK(ibs->b->values[0] == 807189.768677586);
    CHECK(ibs->max_rel == Approx(0.14462).epsilon(1e-3));
    // the per-stage summary carries the worst errors
    const StageSummary& lattice = r.stages[static_cast<int>(Stage::lattice)];
    CHECK(lattice.fail == 4);
    // F_latt at phi 0: -2.38319665299058 vs 1.3820825271655
    CHECK(lattice.max_abs == Approx(2.38319665299058 + 1.3820825271655));
}

TEST_CASE("alignment is by key and indices, never by position", "[diff]") {
    std::vector<Record> shuffled = single().records;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
    const DiffResult a = diff_traces(roi().records, single().records, {});
    const DiffResult b = diff_traces(roi().records, shuffled, {});
    REQUIRE(a.rows.size() == b.rows.size());
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        CHECK(a.rows[i].key == b.rows[i].key);
        CHECK(a.rows[i].status == b.rows[i].status);
    }
    CHECK(*a.first_divergence == *b.first_divergence);
}

TEST_CASE("one-sided keys are listed and fail only when required", "[diff]") {
    std::vector<Record> b = roi().records;
    b.erase(
        std::remove_if(b.begin(), b.end(), [](const Record& r) { return r.key == "image_value"; }),
        b.end());
    DiffResult r = diff_traces(roi().records, b, {});
    CHECK(r.passed());
    CHECK(r.only_a == 1);
    CHECK(row(r, "image_value", pixel(685, 1039))->status == RowStatus::only_a);
    DiffOptions required;
    required.required = {"image_value"};
    r = diff_traces(roi().records, b, required);
    CHECK_FALSE(r.passed());
    REQUIRE(r.missing_required.size() == 1);
    CHECK(r.missing_required[0].find("image_value") == 0);
    required.required = {"stol"};
    CHECK(diff_traces(roi().records, roi().records, required).missing_required ==
          std::vector<std::string>{"stol absent from both traces"});
}

TEST_CASE("k_frac is projected from hkl_frac[1] for a side that lacks it", "[diff]") {
    // a canonical-style trace with full hkl_frac per phi step and no k_frac
    std::vector<Record> sim;
    for (int phi = 0; phi < 10; ++phi) {
        const Record* c = nullptr;
        for (const Record& r : roi().records)
            if (r.key == "k_frac" && r.idx.phi == phi)
                c = &r;
        REQUIRE(c);
        // h and l are made up; k is the C's value, except a 1e-5 shift at phi 4
        const double k = c->values[0] + (phi == 4 ? 1e-5 : 0.0);
        sim.push_back(make_record(Side::simulator, "hkl_frac", c->idx, {-6.9, k, -13.8}));
    }
    const DiffResult r = diff_traces(roi().records, sim, {});
    const DiffRow* k3 = row(r, "k_frac", with(pass(685, 1039, 0, 0, 0), 0, 3, 0));
    REQUIRE(k3);
    CHECK(k3->b_projected);
    CHECK(k3->b->origin == Origin::derived);
    CHECK(k3->b->source_key == "hkl_frac[1]");
    CHECK(k3->status == RowStatus::pass);
    CHECK(k3->gating);
    const DiffRow* k4 = row(r, "k_frac", with(pass(685, 1039, 0, 0, 0), 0, 4, 0));
    CHECK(k4->status == RowStatus::fail);
    CHECK(k4->gating);
    DiffOptions no_projection_gate;
    no_projection_gate.gate_projections = false;
    CHECK_FALSE(
        row(diff_traces(roi().records, sim, no_projection_gate), "k_frac", k4->idx)->gating);
}

TEST_CASE("display-only values are compared but do not gate", "[diff]") {
    std::vector<Record> b = roi().records;
    for (Record& r : b)
        if (r.key == "obliquity_factor") // evaluated in the C's printf only
            r.values[0] *= 1.01;
    const DiffResult r = diff_traces(roi().records, b, {});
    CHECK(r.failed == 1);
    CHECK(r.failed_gating == 0);
    CHECK(r.passed());
    CHECK(!r.first_divergence);
    REQUIRE(r.first_difference);
    CHECK(r.rows[*r.first_difference].key == "obliquity_factor");
}

TEST_CASE("tolerances: per-class atol override, class-pinned rtol", "[diff]") {
    std::vector<Record> b = roi().records;
    for (Record& r : b)
        if (r.key == "pixel_pos")
            r.values[0] += 1e-9; // 1 nm: fails rtol 1e-6 * 0.038 m = 3.8e-8? no: passes
    CHECK(diff_traces(roi().records, b, {}).passed());
    for (Record& r : b)
        if (r.key == "pixel_pos")
            r.values[0] += 1e-7; // now 1.01e-7 m > 3.8e-8 m allowed
    CHECK_FALSE(diff_traces(roi().records, b, {}).passed());
    DiffOptions loose;
    loose.atol["length_m"] = 1e-6;
    CHECK(diff_traces(roi().records, b, loose).passed());
    // steps is exact whatever rtol says
    std::vector<Record> c = roi().records;
    for (Record& r : c)
        if (r.key == "steps")
            r.values[0] = 11;
    DiffOptions huge;
    huge.rtol = 0.5;
    CHECK_FALSE(diff_traces(roi().records, c, huge).passed());
}

TEST_CASE("two different values for one slot are a caller bug", "[diff]") {
    std::vector<Record> b = roi().records;
    Record extra = *nbtest::find(b, "steps", pixel(685, 1039));
    extra.values[0] = 11;
    b.push_back(extra);
    CHECK_THROWS_WITH(diff_traces(roi().records, b, {}),
                      "two different records of steps at pixel(s=685,f=1039) in one trace");
}

TEST_CASE("DiffOptions::is_valid names the bad option", "[diff]") {
    std::string e;
    DiffOptions o;
    CHECK(o.is_valid(&e));
    o.atol["lenght_m"] = 1;
    CHECK_FALSE(o.is_valid(&e));
    CHECK(e.find("unknown tolerance class 'lenght_m'") == 0);
    o = {};
    o.required = {"kfrac"};
    CHECK_FALSE(o.is_valid(&e));
    o = {};
    o.rtol = -1;
    CHECK_FALSE(o.is_valid(&e));
}

TEST_CASE("renderings: JSON has a stable schema, TSV one line per component", "[diff]") {
    const DiffResult r = diff_traces(roi().records, single().records, {}, "A.log", "B.log");
    std::ostringstream json;
    render_json(r, json);
    const boost::json::value v = boost::json::parse(json.str());
    CHECK(v.at("schema").as_string() == "nbtrace-diff");
    CHECK(v.at("schema_version").as_int64() == 2);
    CHECK(v.at("passed").as_bool() == false);
    CHECK(v.at("first_divergence").at("key").as_string() == "a_rot");
    CHECK(v.at("first_divergence").at("idx").at("phi").as_int64() == 0);
    CHECK(v.at("rows").as_array().size() == r.rows.size());
    CHECK(v.at("counts").at("failed_gating").as_int64() == 12);
    CHECK(v.at("stages").as_array().size() == kStageCount);

    std::ostringstream tsv;
    render_tsv(r, tsv);
    const std::string t = tsv.str();
    CHECK(t.rfind("stage\tkey\tindices\tcomponent\ta\tb\t", 0) == 0);
    CHECK(t.find("orientation\ta_rot\tpixel(s=685,f=1039) layer 0 sub(0,0) source 0 phi 0 "
                 "mosaic 0\t1\t-21.8805340763623\t-21.8717928453817\t") != std::string::npos);

    std::ostringstream table;
    render_table(r, table);
    const std::string s = table.str();
    CHECK(s.find("FIRST DIVERGENCE:\n  orientation / a_rot (TRACE_C/rot_a_angstroms)") !=
          std::string::npos);
    CHECK(s.find("also diverging in orientation at these indices: b_rot, c_rot") !=
          std::string::npos);
    CHECK(s.find("RESULT: FAIL") != std::string::npos);
}
