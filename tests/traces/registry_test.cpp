// The key registry: the canonical names are a contract with the engines, the legacy spellings
// carry the unit fixes, make_record enforces arity and index signatures, and a broken registry
// file is rejected with the name of the bad entry.
#include "nbtrace/registry.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace nbtrace;

namespace {

struct Contract {
    const char* key;
    Stage stage;
    const char* units;
    int arity;
};

// Canonical keys the engines emit (issue 2 brief): renaming any of them breaks the contract.
const Contract kContract[] = {
    {"convention", Stage::config, "enum", 1},
    {"pivot", Stage::config, "enum", 1},
    {"detpixels", Stage::config, "count", 2},
    {"roi", Stage::config, "count", 4},
    {"oversample", Stage::config, "count", 1},
    {"phi0", Stage::config, "deg", 1},
    {"phistep", Stage::config, "deg", 1},
    {"osc", Stage::config, "deg", 1},
    {"dmin", Stage::config, "m", 1},
    {"detector_mu", Stage::config, "1/m", 1},
    {"hkl_bounds", Stage::config, "count", 6},
    {"threads", Stage::config, "count", 1},
    {"schedule", Stage::config, "enum", 1},
    {"phi_mode", Stage::config, "enum", 1},
    {"phi0_fix", Stage::config, "flag", 1},
    {"fdet_vector", Stage::detector, "1", 3},
    {"pix0_vector", Stage::detector, "m", 3},
    {"close_distance", Stage::detector, "m", 1},
    {"twotheta", Stage::detector, "rad", 1},
    {"detector_rotx", Stage::detector, "rad", 1},
    {"ORGX", Stage::detector, "px", 1},
    {"dials_origin", Stage::detector, "mm", 3},
    {"R_total", Stage::detector, "1", 9},
    {"a_star", Stage::crystal, "1/A", 3},
    {"a0", Stage::crystal, "A", 3},
    {"N_cells", Stage::crystal, "count", 3},
    {"V_cell", Stage::crystal, "A^3", 1},
    {"unit_cell", Stage::crystal, "A,deg", 6},
    {"lambda0", Stage::beam, "m", 1},
    {"source_direction", Stage::beam, "1", 3},
    {"incident_vec", Stage::beam, "1", 3},
    {"lambda", Stage::beam, "m", 1},
    {"pixel_pos", Stage::pixel_geometry, "m", 3},
    {"airpath", Stage::pixel_geometry, "m", 1},
    {"scattering_vector", Stage::pixel_geometry, "1/m", 3},
    {"stol", Stage::pixel_geometry, "1/m", 1},
    {"phi_angle", Stage::orientation, "deg", 1},
    {"ap", Stage::orientation, "A", 3},
    {"a_rot", Stage::orientation, "A", 3},
    {"mosaic_umat", Stage::orientation, "1", 9},
    {"hkl_frac", Stage::miller, "1", 3},
    {"hkl_rounded", Stage::miller, "1", 3},
    {"k_frac", Stage::miller, "1", 1},
    {"F_latt_a", Stage::lattice, "1", 1},
    {"F_latt", Stage::lattice, "1", 1},
    {"F_cell", Stage::structure_factor, "1", 1},
    {"F_cell_interpolated", Stage::structure_factor, "1", 1},
    {"I_contribution", Stage::accumulate, "1", 1},
    {"I_before_scaling", Stage::accumulate, "1", 1},
    {"I_bg", Stage::accumulate, "photons", 1},
    {"r_e", Stage::scale, "m", 1},
    {"r_e_sqr", Stage::scale, "m^2", 1},
    {"fluence", Stage::scale, "photons/m^2", 1},
    {"omega_pixel", Stage::scale, "sr", 1},
    {"I_pixel_final", Stage::scale, "photons", 1},
    {"I_before_scaling_post_polar", Stage::scale, "1", 1},
    {"image_value", Stage::image, "photons", 1},
};

// A minimal registry text pair for the negative tests (built from valid pieces).
const std::string kDialects = R"({"schema_version": 1,
  "gatings": {"none": {}, "pix": {"pixel": "trace"}},
  "dialects": [{"name": "D", "side": "reference", "grammar": "key_values", "prefix": "D: ", "gating": "pix"}]})";

Indices pixel_only() {
    Indices i;
    i.pixel_slow = 685;
    i.pixel_fast = 1039;
    return i;
}

std::string keys_with(const std::string& key_entry) {
    return R"({"schema_version": 1,
      "tolerance_classes": [{"name": "exact", "atol": 0, "rtol": 0, "why": "w"}],
      "keys": [)" +
           key_entry + "]}";
}

} // namespace

TEST_CASE("the embedded registry holds every canonical contract key", "[registry]") {
    const Registry& reg = registry();
    for (const Contract& c : kContract) {
        INFO(c.key);
        const KeyInfo* k = reg.find(c.key);
        REQUIRE(k != nullptr);
        CHECK(k->stage == c.stage);
        CHECK(k->units == c.units);
        CHECK(k->arity == c.arity);
        CHECK(reg.tolerance_class(k->tolerance) != nullptr);
    }
}

TEST_CASE("keys are in report order: pipeline stage first, then registry order", "[registry]") {
    const std::vector<KeyInfo>& keys = registry().keys();
    for (std::size_t i = 1; i < keys.size(); ++i) {
        CHECK(static_cast<int>(keys[i - 1].stage) <= static_cast<int>(keys[i].stage));
        CHECK(keys[i].order == static_cast<int>(i));
    }
    // within orientation the spindle rotation comes before the mosaic rotation
    CHECK(registry().at("ap").order < registry().at("a_rot").order);
}

TEST_CASE("enum labels are registry data", "[registry]") {
    const KeyInfo& conv = registry().at("convention");
    CHECK(conv.label_of(0) == "CUSTOM");
    CHECK(conv.label_of(2) == "MOSFLM");
    CHECK(conv.label_of(5) == "DENZO");
    CHECK(registry().at("pivot").label_of(1) == "BEAM");
    CHECK(registry().at("phi_mode").label_of(1) == "c_parity");
}

TEST_CASE("unit lies of the legacy traces are normalised in the data", "[registry]") {
    const Registry& reg = registry();
    // scattering_vec_A_inv is printed in 1/m (e.g. -1.556e9) by both programs: scale 1
    const Alias* c_s = reg.find_alias("TRACE_C", "scattering_vec_A_inv");
    REQUIRE(c_s);
    CHECK(c_s->key == "scattering_vector");
    CHECK(c_s->scale == 1);
    CHECK(reg.find_alias("TRACE_PY", "scattering_vec_A_inv")->scale == 1);
    // TRACE_PY_PHI v2 S_x S_y S_z are in 1/A: scale 1e10, one component each
    const Alias* sy = reg.find_alias("TRACE_PY_PHI", "S_y");
    REQUIRE(sy);
    CHECK(sy->key == "scattering_vector");
    CHECK(sy->scale == 1e10);
    CHECK(sy->component == 1);
    // C-LOGGING-BUG-001: beam_center_m prints metres/1000; pixel_mm is in mm
    CHECK(reg.find_alias("TRACE_C_SETUP", "beam_center_m:Xclose")->scale == 1000);
    CHECK(reg.find_alias("TRACE_C_SETUP", "beam_center_m:X")->key == "Xbeam");
    const Alias* px = reg.find_alias("TRACE_C_SETUP", "beam_center_m:pixel_mm");
    CHECK(px->key == "pixel_size");
    CHECK(px->scale == 1e-3);
    // lambda_angstroms is a second spelling of lambda, only checked against lambda_meters
    const Alias* la = reg.find_alias("TRACE_C", "lambda_angstroms");
    CHECK(la->key == "lambda");
    CHECK(la->scale == 1e-10);
    REQUIRE(la->agree_rtol);
    CHECK(*la->agree_rtol == 1e-12);
    // the PyTorch trace prints I_pixel_final again as floatimage_accumulated
    CHECK(reg.find_alias("TRACE_PY", "floatimage_accumulated")->key == "I_pixel_final");
    CHECK(reg.find_alias("TRACE_C", "floatimage_accumulated")->key == "image_value");
}

TEST_CASE("the BEAM-pivot block maps its reprints to the final vectors", "[registry]") {
    const Registry& reg = registry();
    CHECK(reg.find_alias("TRACE_C_SETUP", "fdet_after_rotz")->key == "fdet_after_rotz");
    CHECK(reg.find_alias("TRACE_C_SETUP", "fdet_after_rotz", "beam_pivot_final")->key ==
          "fdet_vector");
    CHECK(reg.find_alias("TRACE_C_SETUP", "odet_after_twotheta", "beam_pivot_final")->key ==
          "odet_vector");
    // an alias restricted to one block is not valid elsewhere
    CHECK(reg.find_alias("TRACE_C_SETUP", "detector_convention", "sample_pivot") != nullptr);
    CHECK(reg.find_alias("TRACE_C_SETUP", "detector_convention") == nullptr);
}

TEST_CASE("every TRACE_PY key of harness_lessons 3.2 has a spelling", "[registry]") {
    const Registry& reg = registry();
    const char* py[] = {"pix0_vector_meters",
                        "fdet_vec",
                        "sdet_vec",
                        "pixel_pos_meters",
                        "R_distance_meters",
                        "omega_pixel_sr",
                        "close_distance_meters",
                        "obliquity_factor",
                        "diffracted_vec",
                        "incident_vec",
                        "lambda_meters",
                        "lambda_angstroms",
                        "scattering_vec_A_inv",
                        "rot_a_angstroms",
                        "rot_b_angstroms",
                        "rot_c_angstroms",
                        "spindle_axis_raw",
                        "spindle_axis_normalized",
                        "spindle_magnitude",
                        "rot_a_star_A_inv",
                        "rot_b_star_A_inv",
                        "rot_c_star_A_inv",
                        "hkl_frac",
                        "hkl_rounded",
                        "F_latt_a",
                        "F_latt_b",
                        "F_latt_c",
                        "F_latt",
                        "F_cell_interpolated",
                        "F_cell_nearest",
                        "F_cell",
                        "I_before_scaling",
                        "I_before_scaling_pre_polar",
                        "I_before_scaling_post_polar",
                        "r_e_meters",
                        "r_e_sqr",
                        "fluence_photons_per_m2",
                        "steps",
                        "oversample_thick",
                        "oversample_polar",
                        "oversample_omega",
                        "capture_fraction",
                        "polar",
                        "omega_pixel",
                        "cos_2theta",
                        "I_pixel_final",
                        "floatimage_accumulated"};
    for (const char* n : py) {
        INFO(n);
        CHECK(reg.find_alias("TRACE_PY", n) != nullptr);
    }
    for (const char* n : {"phi_deg", "k_frac", "F_latt_b", "F_latt", "S_x", "S_y", "S_z",
                          "a_star_y", "b_star_y", "c_star_y", "V_actual"}) {
        INFO(n);
        CHECK(reg.find_alias("TRACE_PY_PHI", n) != nullptr);
    }
    for (const char* n : {"ap_y", "bp_y", "cp_y"})
        CHECK(reg.find_alias("TRACE_PY_ROTSTAR", n) != nullptr);
    for (const char* n : {"source_direction", "wavelength_angstroms", "source_weight",
                          "I_contribution_pre_polar", "I_contribution_post_polar", "polar"})
        CHECK(reg.find_alias("TRACE_PY_SOURCE", n) != nullptr);
    CHECK(reg.find_alias("TRACE_PY", "F_cell_nearest")->key == "F_cell");
    CHECK(reg.find_alias("TRACE_PY", "I_before_scaling_pre_polar")->key == "I_before_scaling");
}

TEST_CASE("component keys are declared in the data", "[registry]") {
    const KeyInfo& k = registry().at("k_frac");
    REQUIRE(k.component_of);
    CHECK(k.component_of->of == "hkl_frac");
    CHECK(k.component_of->component == 1);
    CHECK(registry().at("ap_y").component_of->of == "ap");
    CHECK(registry().components_of("hkl_frac").size() == 1);
}

TEST_CASE("make_record fills stage and units and checks the record", "[registry]") {
    const Indices idx = [] {
        Indices i;
        i.pixel_slow = 685;
        i.pixel_fast = 1039;
        i.source = 0;
        i.phi = 3;
        i.mosaic = 0;
        return i;
    }();
    const Record r = make_record(Side::simulator, "k_frac", idx, {-0.595197691574922});
    CHECK(r.stage == Stage::miller);
    CHECK(r.units == "1");
    CHECK(r.origin == Origin::production);
    CHECK_THROWS_WITH(make_record(Side::simulator, "kfrac", idx, {1.0}),
                      Catch::Contains("unknown key 'kfrac'"));
    CHECK_THROWS_WITH(make_record(Side::simulator, "hkl_frac", idx, {1.0, 2.0}),
                      Catch::Contains("takes 3 values, got 2"));
    // phi_angle carries only the phi index
    CHECK_THROWS_WITH(make_record(Side::simulator, "phi_angle", idx, {0.03}),
                      Catch::Contains("index pixel does not apply"));
    Indices no_phi = idx;
    no_phi.phi.reset();
    CHECK_THROWS_WITH(make_record(Side::simulator, "k_frac", no_phi, {0.1}),
                      Catch::Contains("index phi is required"));
    CHECK_THROWS_WITH(make_record(Side::reference, "steps", pixel_only(), {10.5}),
                      Catch::Contains("takes integers"));
    // a non-finite value is an observation (the C prints inf for a zero wavelength), kept
    CHECK(std::isnan(
        make_record(Side::reference, "pixel_pos", pixel_only(), {std::nan(""), 0, 0}).values[0]));
    // intensities may be NaN: a broken computation propagates there and must stay visible
    CHECK_NOTHROW(make_record(Side::reference, "I_pixel_final", pixel_only(), {std::nan("")}));
}

TEST_CASE("a broken registry is rejected naming the entry", "[registry]") {
    const std::string good = R"({"key": "n", "stage": "config", "units": "count", "arity": 1,
        "tolerance": "exact", "indices": ["pixel"], "integer": true, "description": "d",
        "aliases": [{"dialect": "D", "name": "n"}]})";
    CHECK_NOTHROW(Registry::from_json(keys_with(good), kDialects));
    std::string bad = good;
    bad.replace(bad.find("\"exact\""), 7, "\"loose\"");
    CHECK_THROWS_WITH(Registry::from_json(keys_with(bad), kDialects),
                      Catch::Contains("key n") && Catch::Contains("unknown tolerance class loose"));
    bad = good;
    bad.replace(bad.find("\"dialect\": \"D\""), 14, "\"dialect\": \"E\"");
    CHECK_THROWS_WITH(Registry::from_json(keys_with(bad), kDialects),
                      Catch::Contains("alias E") && Catch::Contains("unknown dialect"));
    // the gating of the alias gives only the pixel, the key requires a phi step
    bad = good;
    bad.replace(bad.find("[\"pixel\"]"), 9, "[\"pixel\", \"phi\"]");
    CHECK_THROWS_WITH(Registry::from_json(keys_with(bad), kDialects),
                      Catch::Contains("does not provide required index phi"));
    CHECK_THROWS_WITH(Registry::from_json(keys_with(good + "," + good), kDialects),
                      Catch::Contains("defined twice"));
    CHECK_THROWS_WITH(Registry::from_json("{", kDialects), Catch::Contains("not valid JSON"));
}
