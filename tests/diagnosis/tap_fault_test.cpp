// A fault in a trace tap only -- the printed value changed, the computation and the image not --
// is caught by self-consistency and not by parity. And the trace lines of the port team's worst
// weeks (harness_lessons.md 6.2: W1 a configuration-derived value printed where the used one
// belongs, W6 per-phi values re-derived in trace code) would have been caught.
#include "diagnosis_test_data.h"

#include "nbtrace/diff.h"

#include <catch2/catch.hpp>

using namespace nbdiag;
using nbtest::EditedCopy;
using nbtest::judge_file;
using nbtest::real_program;
using nbtest::results_of;
using nbtest::side_records;
using nbtest::verdict_of;

namespace {

// Parity of the edited trace against the untouched one at the default tolerance (rtol 1e-6).
bool parity_passes(const std::string& edited, const std::string& original) {
    const nbtrace::DiffResult d =
        nbtrace::diff_traces(side_records(original), side_records(edited), {});
    return d.passed();
}

SideFacts image_of_simple_cubic() {
    SideFacts f;
    f.image_cell = read_float_image_cell(real_program("simple_cubic/c_float.bin"), 128, 74, 84);
    f.image_source = "simple_cubic/c_float.bin";
    return f;
}

} // namespace

TEST_CASE("a printed hkl_frac off by 1e-8 relative: self-consistency FAIL, parity PASS",
          "[tap_fault]") {
    const std::string original = real_program("simple_cubic/c_trace.log");
    // h printed 1e-8 relative off (kHklLineTapFault); the image is the program's, unchanged
    const EditedCopy tap(original, nbtest::kHklLine, nbtest::kHklLineTapFault);
    CHECK(parity_passes(tap.path(), original));
    const SideFacts image = image_of_simple_cubic();
    const SelfConsistency s = judge_file(tap.path(), &image);
    CHECK(s.suspect());
    const auto miller = results_of(s, "miller_index");
    REQUIRE(miller.size() == 3);
    CHECK(miller[0]->verdict == CheckVerdict::fail); // h: 2.35e-10 off, tolerance ~1e-15
    CHECK(miller[0]->error == Approx(0.0235167021043 - 0.0235167018691306).epsilon(1e-6));
    CHECK(miller[1]->verdict == CheckVerdict::pass);
    CHECK(miller[2]->verdict == CheckVerdict::pass);
    CHECK(s.suspect_keys().count("hkl_frac"));
    // the image still agrees with the printed final value: only the tap lies
    CHECK(verdict_of(s, "image_cell") == "PASS");
    // the untouched trace is consistent
    CHECK_FALSE(judge_file(original, &image).suspect());
}

TEST_CASE("a printed I_pixel_final off by 1e-8 relative: self-consistency FAIL, parity PASS",
          "[tap_fault]") {
    const std::string original = real_program("simple_cubic/c_trace.log");
    const EditedCopy tap(original, "TRACE_C: I_pixel_final 99.2275533472897",
                         "TRACE_C: I_pixel_final 99.2275543395");
    CHECK(parity_passes(tap.path(), original));
    const SelfConsistency s = judge_file(tap.path());
    CHECK(verdict_of(s, "i_pixel_final") == "FAIL");
    CHECK(s.suspect_keys().count("I_pixel_final"));
}

TEST_CASE("W1: a configuration-derived polarization printed where the used one belongs",
          "[tap_fault]") {
    // the first port harness printed polar from the configuration (1 for an unpolarised
    // default) instead of the factor the pixel used, 0.999764860633072 here
    const EditedCopy tap(real_program("simple_cubic/c_trace.log"),
                         "TRACE_C: polar 0.999764860633072", "TRACE_C: polar 1");
    const SelfConsistency s = judge_file(tap.path());
    const auto final_ = results_of(s, "i_pixel_final");
    REQUIRE(final_.size() == 1);
    CHECK(final_[0]->verdict == CheckVerdict::fail);
    // 99.2275533472897 / 0.999764860633072 = 99.2508911..., what the printed terms give
    CHECK(final_[0]->computed == Approx(99.2275533472897 / 0.999764860633072).epsilon(1e-13));
    CHECK(s.suspect_keys().count("polar"));
}

TEST_CASE("W6: per-phi values re-derived in trace code", "[tap_fault]") {
    SECTION("a per-phi k_frac at phi 0 from a re-derived geometry (dk ~ 6)") {
        const EditedCopy tap(real_program("triclinic_misset_phi_mosaic/c_trace.log"),
                             "TRACE_C_PHI phi_tic=0 phi_deg=0 k_frac=-4.02882484033911 "
                             "F_latt_b=7.32838158458464 F_latt=-429.390011235725",
                             "TRACE_C_PHI phi_tic=0 phi_deg=0 k_frac=2.02882484033911 "
                             "F_latt_b=7.32838158458464 F_latt=-429.390011235725");
        const SelfConsistency s = judge_file(tap.path());
        CHECK(verdict_of(s, "k_frac") == "FAIL");
        CHECK(s.suspect_keys().count("k_frac"));
    }
    SECTION("a per-phi F_latt_b recomputed from another k than the printed one") {
        // phi_tic 1: k = -4.04397634850396 gives F_latt_b 6.48849967492287 with Nb = 8; the
        // trace code's own recomputation printed 6.5
        const EditedCopy tap(real_program("triclinic_misset_phi_mosaic/c_trace.log"),
                             "TRACE_C_PHI phi_tic=1 phi_deg=0.2 k_frac=-4.04397634850396 "
                             "F_latt_b=6.48849967492287 F_latt=-326.944236548965",
                             "TRACE_C_PHI phi_tic=1 phi_deg=0.2 k_frac=-4.04397634850396 "
                             "F_latt_b=6.5 F_latt=-326.944236548965");
        const SelfConsistency s = judge_file(tap.path());
        bool caught = false;
        for (const CheckResult* c : results_of(s, "f_latt_axis"))
            if (c->key == "F_latt_b" && c->idx.phi == 1) {
                caught = c->verdict == CheckVerdict::fail;
                CHECK(c->computed == Approx(6.48849967492287).epsilon(1e-12));
            }
        CHECK(caught);
    }
}
