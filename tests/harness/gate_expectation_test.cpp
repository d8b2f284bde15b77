// A case that expects a known divergence passes only when that divergence, and nothing else, is
// what its run observed; and text the JUnit file cannot carry is replaced.
#include "gate/junit_xml.h"
#include "gate/result.h"

#include <catch2/catch.hpp>

using namespace harness::gate;

TEST_CASE("expect: a known divergence explains only the keys it lists", "[gate]") {
    // harness/known_divergences.json: C-PARITY-001 changes ap..c_rot, hkl_frac, k_frac,
    // hkl_rounded, the lattice factors, F_cell, I_contribution, the intensities, image_value
    const std::vector<std::string> first{"first divergence: ap at phi 0"};
    CHECK(unexplained_by("C-PARITY-001", first,
                         {"ap", "a_rot", "hkl_frac", "F_latt_b", "I_contribution", "I_pixel_final",
                          "image_value"}) == "");
    // the ROI images differ too: image_value is one of its keys
    CHECK(unexplained_by("C-PARITY-001",
                         {"first divergence: ap at phi 0", "ROI images: 3 pixel(s) outside "
                                                           "tolerance"},
                         {"ap"}) == "");
    // anything else is reported
    CHECK(unexplained_by("C-PARITY-001", first, {"ap", "pixel_pos", "polar"}) ==
          "a difference in pixel_pos; a difference in polar");
    CHECK(unexplained_by("C-PARITY-001", {"first divergence: ap", "required key missing: F_cell"},
                         {"ap"}) == "required key missing: F_cell");
    // Q5-THICKNESS lists no keys: it explains no difference at all
    CHECK(unexplained_by("Q5-THICKNESS", {"first divergence: capture_fraction"},
                         {"capture_fraction"}) == "a difference in capture_fraction");
    CHECK(unexplained_by("Q5-THICKNESS", {"ROI images: 1 pixel(s) outside tolerance"}, {}) ==
          "ROI images: 1 pixel(s) outside tolerance");
}

TEST_CASE("JUnit text: control characters and malformed UTF-8 become '?'", "[gate]") {
    CHECK(xml_safe("a\x01"
                   "b\tc\nd") == "a?b\tc\nd");
    CHECK(xml_safe("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac"); // é, €
    CHECK(xml_safe("x\xff"
                   "y") == "x?y");
    CHECK(xml_safe("\xe2\x82") == "??"); // a cut sequence
    CHECK(xml_safe("\xc0\xaf") == "??"); // an overlong form
    CHECK(xml_safe("\x7f") == "?");
    CHECK(xml_safe("\xed\xa0\x80") == "???"); // a UTF-16 surrogate
}
