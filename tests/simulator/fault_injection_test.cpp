// --inject-fault (RunOptions::fault): the deliberate errors parity tools are tested with. Each must
// change its own stage and leave everything upstream of it bit-identical, or a harness test that
// expects "first divergence at <stage>" would pass for the wrong reason.
#include "sim_test_support.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace simtest;

namespace {

const nbsim::PixelIndex kPixel{685, 1039}; // the supervisor pixel of the goldens

RecordIndex traced(nbsim::Fault fault) {
    nbsim::RunOptions run = c_parity(2, nbsim::Schedule::full_frame);
    run.fault = fault;
    return index_records(run_sim(supervisor_synth_args(), run, {kPixel}, true).records);
}

const std::vector<double>& at(const RecordIndex& r, const std::string& key, nbtrace::Indices idx) {
    auto it = r.find({key, idx});
    REQUIRE(it != r.end());
    return it->second;
}

nbtrace::Indices pass0() {
    nbtrace::Indices i;
    i.pixel_slow = kPixel.slow;
    i.pixel_fast = kPixel.fast;
    i.layer = 0;
    i.sub_s = 0;
    i.sub_f = 0;
    return i;
}

// Keys of `a` whose values differ in `b`.
std::set<std::string> changed_keys(const RecordIndex& a, const RecordIndex& b) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a) {
        auto it = b.find(k);
        if (it == b.end() || it->second != v)
            keys.insert(k.first);
    }
    return keys;
}

} // namespace

TEST_CASE("the geometry fault moves every sub-pixel 1e-3 pixel along the fast axis",
          "[sim][fault]") {
    const RecordIndex ok = traced(nbsim::Fault::none), bad = traced(nbsim::Fault::geometry);
    const std::vector<double>& p = at(ok, "pixel_pos", pass0());
    const std::vector<double>& q = at(bad, "pixel_pos", pass0());
    const std::vector<double>& f = at(ok, "fdet_vector", {});
    // shift = 1e-3 * 0.172 mm along fdet; 1e-16 m = a few ulps of a 0.23 m coordinate
    for (int k = 0; k < 3; ++k)
        CHECK(std::fabs((q[k] - p[k]) - 1.72e-7 * f[k]) < 1e-16);
    const std::set<std::string> changed = changed_keys(ok, bad);
    CHECK(changed.count("pixel_pos"));
    for (const char* upstream : {"pix0_vector", "fdet_vector", "distance", "a0", "lambda0"})
        CHECK_FALSE(changed.count(upstream));
}

TEST_CASE("the lattice fault changes F_latt_b and nothing upstream of it", "[sim][fault]") {
    const RecordIndex ok = traced(nbsim::Fault::none), bad = traced(nbsim::Fault::lattice);
    const std::set<std::string> changed = changed_keys(ok, bad);
    CHECK(changed.count("F_latt_b"));
    for (const char* same : {"pixel_pos", "scattering_vector", "a_rot", "hkl_frac", "hkl_rounded",
                             "F_latt_a", "F_latt_c", "F_cell", "N_cells"})
        CHECK_FALSE(changed.count(same));
}

TEST_CASE("the scale fault makes the polarization 1e-3 too large", "[sim][fault]") {
    const RecordIndex ok = traced(nbsim::Fault::none), bad = traced(nbsim::Fault::scale);
    nbtrace::Indices px;
    px.pixel_slow = kPixel.slow;
    px.pixel_fast = kPixel.fast;
    CHECK(at(bad, "polar", px)[0] == Approx(at(ok, "polar", px)[0] * 1.001).epsilon(1e-15));
    const std::set<std::string> changed = changed_keys(ok, bad);
    for (const char* same : {"pixel_pos", "hkl_frac", "F_latt", "F_cell", "I_contribution",
                             "I_before_scaling", "omega_pixel", "capture_fraction"})
        CHECK_FALSE(changed.count(same));
    CHECK(changed.count("I_pixel_final"));
}
