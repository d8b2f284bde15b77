// Negative controls on recorded traces of the real programs: a side against itself shows no
// difference; a switch that changes the computation changes the printed values; a switch that
// changes nothing is reported, as failed when it should have changed something (W16: a
// c-parity run reported as success with exactly the spec-mode intensity).
#include "diagnosis_test_data.h"

#include "nbdiag/negative_controls.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace nbdiag;
using nbtest::real_program;
using nbtest::side_records;

TEST_CASE("a side diffed against itself shows no difference", "[negative_controls]") {
    for (const char* f :
         {"simple_cubic/c_trace.log", "simple_cubic/py_trace.log", "supervisor/c_roi_trace.log"}) {
        INFO(f);
        const std::vector<nbtrace::Record> r = side_records(real_program(f));
        const ControlResult c = self_diff_control("A", r);
        CHECK(c.verdict == ControlVerdict::ok);
        CHECK(c.changed == 0);
        CHECK(c.compared > 20);
    }
}

TEST_CASE("the phi = 0 carry-over changes the C program's trace", "[negative_controls]") {
    // the same pixel traced as its thread's first pixel (one-pixel ROI: fresh vectors) and
    // inside the 21 x 21 ROI (C-PARITY-001: phi step 0 reuses the previous pixel's last
    // rotation): the switch "first pixel of its thread" must change the values
    const std::vector<nbtrace::Record> first =
        side_records(real_program("supervisor_synth/c_single_trace.log"));
    const std::vector<nbtrace::Record> carried =
        side_records(real_program("supervisor_synth/c_roi_trace.log"));
    // phi_deg 0, 0.01, ..., 0.09 (TRACE_C_PHI): the carry-over can act; a single step at 0
    // (simple_cubic) cannot
    CHECK(carryover_can_act(first));
    CHECK_FALSE(carryover_can_act(side_records(real_program("simple_cubic/c_trace.log"))));
    const ControlResult c = switch_control("carry-over", first, carried, true);
    CHECK(c.verdict == ControlVerdict::ok);
    CHECK(c.changed > 0);
    CHECK(c.detail.find("I_pixel_final 49.9754197") != std::string::npos); // c_single's value
}

TEST_CASE("a switch that changes nothing is reported", "[negative_controls]") {
    const std::vector<nbtrace::Record> r = side_records(real_program("simple_cubic/c_trace.log"));
    const ControlResult must = switch_control("phi mode spec -> c-parity", r, r, true);
    CHECK(must.verdict == ControlVerdict::failed);
    CHECK(must.changed == 0);
    const ControlResult may =
        switch_control("phi mode spec -> c-parity", r, r, false, "every phi is 0");
    CHECK(may.verdict == ControlVerdict::unchanged_expected);
    CHECK(may.ok());
    std::ostringstream text;
    render_controls({must, may}, text);
    CHECK(text.str().find("FAILED  phi mode spec -> c-parity (must change)") != std::string::npos);
    CHECK(text.str().find("UNCHANGED") != std::string::npos);
    // nothing in common proves nothing
    CHECK(switch_control("x", r, {}, false).verdict == ControlVerdict::failed);
}
