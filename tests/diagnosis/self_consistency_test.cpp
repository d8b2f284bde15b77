// Self-consistency of each side on our recorded runs of the real programs
// (tests/data/real_programs): the nanoBragg C program's traces agree with themselves; the
// PyTorch port's traces print its rotated vectors in metres under the rot_*_angstroms names and
// hkl_frac re-derived from them, which the Miller-index check must catch.
#include "diagnosis_test_data.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

using namespace nbdiag;
using nbtest::judge_file;
using nbtest::real_program;
using nbtest::results_of;
using nbtest::verdict_of;

TEST_CASE("the C program's simple_cubic trace agrees with itself, numbers by hand",
          "[self_consistency]") {
    const SelfConsistency s = judge_file(real_program("simple_cubic/c_trace.log"));
    INFO([&] {
        std::ostringstream o;
        render_self_consistency(s, o);
        return o.str();
    }());
    CHECK_FALSE(s.suspect());
    for (const char* check : {"miller_index", "k_frac", "f_latt_axis", "f_latt", "steps",
                              "i_before_scaling", "i_pixel_final", "image_cell"})
        CHECK(verdict_of(s, check) == "PASS");
    // one term (steps 1): I = F_cell^2 F_latt^2 = 100^2 * 99.6598944881904^2, printed
    // 99320945.6939725
    const auto sum = results_of(s, "i_before_scaling");
    REQUIRE(sum.size() == 1);
    CHECK(sum[0]->computed == Approx(1e4 * 99.6598944881904 * 99.6598944881904).epsilon(1e-15));
    CHECK(sum[0]->printed == 99320945.6939725);
    // F_latt_a = sin(5 pi h)/sin(pi h), h = -0.0235167018691306 (printed): 4.89150863159859
    const auto axes = results_of(s, "f_latt_axis");
    REQUIRE(axes.size() == 3);
    const double pi = 3.14159265358979323846, h = -0.0235167018691306;
    CHECK(axes[0]->computed == Approx(std::sin(5 * pi * h) / std::sin(pi * h)).epsilon(1e-15));
    CHECK(axes[0]->printed == 4.89150863159859);
}

TEST_CASE("the port's simple_cubic trace: vectors in metres and a re-derived hkl_frac are caught",
          "[self_consistency]") {
    const SelfConsistency s = judge_file(real_program("simple_cubic/py_trace.log"));
    CHECK(s.suspect());
    // a units slip named for each rotated vector: |a_rot| |a*| = 1e-8 * 0.01 = 1e-10
    REQUIRE(s.findings.size() == 3);
    CHECK(s.findings[0].key == "a_rot");
    CHECK(s.findings[0].what.find("metres under an Angstrom name") != std::string::npos);
    // l = c . S with c = 1e-8 m (printed as 1e-08) and S_z = 194954142.431355 1/m: 1.9495...,
    // where the port printed 1.94954142431355e-10
    const auto miller = results_of(s, "miller_index");
    REQUIRE(miller.size() == 3);
    CHECK(miller[2]->verdict == CheckVerdict::fail);
    CHECK(miller[2]->computed == Approx(1e-8 * 194954142.431355).epsilon(1e-12));
    CHECK(miller[2]->printed == 1.94954142431355e-10);
    CHECK(miller[2]->note.find("re-derives") != std::string::npos);
    // the sum the port printed is not F_cell^2 F_latt^2 of its printed F_cell 100, F_latt 125
    const auto sum = results_of(s, "i_before_scaling");
    REQUIRE(sum.size() == 1);
    CHECK(sum[0]->verdict == CheckVerdict::fail);
    CHECK(sum[0]->computed == 100.0 * 100 * 125 * 125);
    CHECK(sum[0]->printed == 99320999.6271645);
    // ... while its final scaling does follow from its printed terms
    CHECK(verdict_of(s, "i_pixel_final") == "PASS");
    CHECK(verdict_of(s, "post_polar") == "PASS");
    const std::set<std::string> keys = s.suspect_keys();
    for (const char* k : {"hkl_frac", "a_rot", "I_before_scaling", "F_latt", "F_cell"})
        CHECK(keys.count(k));
    CHECK_FALSE(keys.count("I_pixel_final"));
}

namespace {

struct CaseExpectation {
    const char* c_trace;
    const char* py_trace;
    const char* port_final; // verdict of the port's i_pixel_final check
};

} // namespace

TEST_CASE("five cases: the C program consistent, the port instrumentation suspect",
          "[self_consistency]") {
    // What each check found (diagnosis/README.md has the table). The port's I_pixel_final fails
    // only with 15 sources: it applies polarization per source and prints one polar.
    const CaseExpectation cases[] = {
        {"simple_cubic/c_trace.log", "simple_cubic/py_trace.log", "PASS"},
        {"triclinic_misset_phi_mosaic/c_trace.log", "triclinic_misset_phi_mosaic/py_trace.log",
         "PASS"},
        {"oversample_sources_polar/c_trace.log", "oversample_sources_polar/py_trace.log", "FAIL"},
        {"supervisor_synth/c_roi_trace.log", "supervisor_synth/py_roi_trace.log", "PASS"},
        {"supervisor_synth/c_single_trace.log", "supervisor_synth/py_roi_trace.log", "PASS"},
        {"supervisor/c_roi_trace.log", "supervisor/py_roi_trace.log", "PASS"}};
    for (const CaseExpectation& e : cases) {
        INFO(e.c_trace);
        const SelfConsistency c = judge_file(real_program(e.c_trace));
        CHECK_FALSE(c.suspect());
        CHECK(c.count(CheckVerdict::fail) == 0);
        for (const char* check :
             {"miller_index", "k_frac", "f_latt_axis", "f_latt", "i_pixel_final", "image_cell"})
            CHECK(verdict_of(c, check) == "PASS");
        const SelfConsistency py = judge_file(real_program(e.py_trace));
        CHECK(py.suspect());
        CHECK(verdict_of(py, "miller_index") == "FAIL");
        CHECK(verdict_of(py, "i_pixel_final") == e.port_final);
        CHECK(py.findings.size() == 3);
    }
}

TEST_CASE("each side's image cell is its I_pixel_final in float32", "[self_consistency]") {
    struct Image {
        const char* trace;
        const char* image;
        int fast_pixels, slow, fast, slow0, fast0;
    };
    // (slow, fast) of the traced pixel; detector widths from the C program's stdout
    // "(FASTxSLOW pixels)"; the supervisor images are 21 x 21 ROI crops
    const Image images[] = {
        {"simple_cubic/c_trace.log", "simple_cubic/c_float.bin", 128, 74, 84, 0, 0},
        {"simple_cubic/py_trace.log", "simple_cubic/py_float.bin", 128, 74, 84, 0, 0},
        {"triclinic_misset_phi_mosaic/py_trace.log", "triclinic_misset_phi_mosaic/py_float.bin",
         160, 112, 59, 0, 0},
        {"oversample_sources_polar/py_trace.log", "oversample_sources_polar/py_float.bin", 128, 13,
         114, 0, 0},
        {"supervisor/c_roi_trace.log", "supervisor/c_roi_float_s675-695_f1029-1049.bin", 21, 685,
         1039, 675, 1029},
        {"supervisor/py_roi_trace.log", "supervisor/py_roi_float_s675-695_f1029-1049.bin", 21, 685,
         1039, 675, 1029}};
    for (const Image& i : images) {
        INFO(i.trace);
        SideFacts facts;
        facts.image_cell = read_float_image_cell(real_program(i.image), i.fast_pixels, i.slow,
                                                 i.fast, i.slow0, i.fast0);
        REQUIRE(facts.image_cell);
        facts.image_source = i.image;
        const SelfConsistency s = judge_file(real_program(i.trace), &facts);
        bool from_file = false;
        for (const CheckResult* c : results_of(s, "image_cell"))
            if (c->note.find(i.image) != std::string::npos) {
                from_file = true;
                CHECK(c->verdict == CheckVerdict::pass);
                CHECK(c->printed == double(float(c->computed)));
            }
        CHECK(from_file);
    }
}

TEST_CASE("the C program's xtal line gives the shape and N", "[self_consistency]") {
    const SideFacts f = read_side_facts(real_program("triclinic_misset_phi_mosaic/c_trace.log"));
    REQUIRE(f.n_cells);
    CHECK(*f.n_cells == std::vector<int>{8, 8, 8}); // "  parallelpiped xtal: 8x8x8 cells"
    CHECK(f.xtal_shape == 0);
    CHECK_FALSE(read_side_facts(real_program("simple_cubic/py_trace.log")).n_cells);
}
