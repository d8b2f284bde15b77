// What trace_harness run's summary diagnoses: the divergence patterns of a run with a fault
// injected into the simulator (nbsim --inject-fault), C-PARITY-001's prediction checked in spec
// mode, and the dtype matrix of --dtype float32,float64.
#include "harness_run.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace htest;
using nbtest::TempDir;

namespace {

// the embedded crystal's peak pixel in its 21 x 21 ROI (golden supervisor_synth)
const std::vector<std::string> kPeak = {"--pixel", "1218",       "1227", "--threads",
                                        "2",       "--schedule", "roi",  "--roi",
                                        "1217",    "1237",       "1208", "1228"};

std::string summary_of(const std::vector<std::string>& extra, int expected_exit) {
    TempDir dir("harness_diagnosis");
    std::vector<std::string> args = kPeak;
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_harness(args, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == expected_exit);
    return nbtest::read_text(bundle_of(r, dir.path()) / "summary.md");
}

} // namespace

TEST_CASE("spec mode: the carry-over's predicted effect is checked and explained",
          "[harness][diagnosis]") {
    // golden supervisor_synth: the C program's 116418538225194 is +2.0645 % over the spec
    // 114063664890443, and the spec trace's step 9 replacing step 0 predicts the same
    const std::string s = summary_of({"--phi-mode", "spec"}, 0);
    INFO(s);
    CHECK(s.find("## Predictions checked\n\n- C-PARITY-001: explained: I_before_scaling at "
                 "(slow 1218, fast 1227) predicted +2.06 %, observed +2.06 %") !=
          std::string::npos);
    CHECK(s.find("## Divergence patterns") == std::string::npos); // nothing failed
}

TEST_CASE("a polarization 1e-3 too large is named a shared scale factor", "[harness][diagnosis]") {
    const std::string s = summary_of({"--inject-fault", "scale"}, 3);
    INFO(s);
    const std::size_t at = s.find("## Divergence patterns");
    REQUIRE(at != std::string::npos);
    CHECK(s.find("- **one scale factor shared by several keys (units or a normalisation)**: polar",
                 at) != std::string::npos);
    CHECK(s.find("b/a = 1 + 0.001 (", at) != std::string::npos);
}

TEST_CASE("a pixel shifted by 1e-3 is a constant offset across phi steps", "[harness][diagnosis]") {
    // 10 steps of 0.01 deg: the shift moves the scattering vector the same at every step
    const std::string s = summary_of({"--inject-fault", "geometry"}, 3);
    INFO(s);
    CHECK(s.find("- **constant offset across phi steps (geometry signature)**:") !=
          std::string::npos);
}

TEST_CASE("the dtype matrix labels each divergence (dtype float32,float64)",
          "[harness][diagnosis]") {
    // float64 reference against the simulator in both dtypes: the float64 run passes; the
    // float32 run's differences are the simulator's own float32-vs-float64 change, so every
    // failing row of it is within precision; with the lattice fault (Nb + 1) the lattice rows
    // are logic
    const std::string s = summary_of({"--dtype", "float32,float64"}, 0);
    INFO(s);
    CHECK(s.find("## dtype matrix") != std::string::npos);
    CHECK(s.find("### Divergences of the float64 run: 0 within precision, 0 logic") !=
          std::string::npos);
    CHECK(s.find(", 0 logic", s.find("### Divergences of the float32 run")) != std::string::npos);
    const std::string f =
        summary_of({"--dtype", "float32,float64", "--inject-fault", "lattice"}, 3);
    INFO(f);
    CHECK(f.find("| F_latt_b |") != std::string::npos);
    CHECK(f.find("| logic |") != std::string::npos);
}

namespace {

// A backend with the C program's phi = 0 carry-over: nbsim in c-parity mode, stating its
// detector size the way the C program does (the harness reads the image with it), images only.
std::vector<std::string> carryover_backend(const fs::path& dir) {
    const fs::path script = dir / "nbsim_carryover.sh";
    std::ofstream(script) << "#!/bin/bash\necho \"  distance=0.231275 detsize=0.423636x0.434644  "
                             "pixel=0.000172 meters (2463x2527 pixels)\"\n"
                          << "exec " << NBSIM_BINARY << " \"$@\" >/dev/null\n";
    fs::permissions(script, fs::perms::owner_all);
    const fs::path json = dir / "carryover.json";
    std::ofstream(json)
        << R"({"format": "trace_harness-backend", "schema_version": 1, "name": "carryover",
      "program": {"env": "NB_TEST_UNUSED", "kind": "executable"}, "argv": ["{program}"],
      "environment": {}, "dialects": [], "trace_pixel": [],
      "roi": ["-roi", "{fmin}", "{fmax}", "{smin}", "{smax}"], "float_image": ["-floatfile", "{file}"],
      "extra_args": ["--phi-mode", "c-parity", "--schedule", "roi"], "dtypes": {"float64": []},
      "device": [], "renamed_flags": {}, "lacking_flags": {"-trace_pixel": "images only"},
      "full_frame_always": false, "phi_carryover": true})";
    return {"--a", json.string(), "--a-program", script.string(), "--b", "simulator"};
}

std::string carryover_roi_summary(const std::vector<std::string>& extra) {
    TempDir dir("harness_carryover_roi");
    std::vector<std::string> args = carryover_backend(dir.path());
    for (const char* a :
         {"--pixel", "1218", "1227", "--threads", "2", "--roi", "1217", "1237", "1208", "1228"})
        args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_harness(args, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 3); // the ROI images differ: the carry-over is real
    return nbtest::read_text(bundle_of(r, dir.path()) / "summary.md");
}

} // namespace

TEST_CASE("a carry-over side against a spec side: the ROI difference checked",
          "[harness][diagnosis]") {
    // the carry-over changes step 0 of every pixel but the thread's first: the ROI sum moves
    // by +1.99 % (52.7 against 51.6), the first pixel (1208, 1217) unchanged; the reference run
    // with and without its phi = 0 fix (the model, an engine independent of the nbsim backend)
    // predicts each pixel's change, and every one agrees to 2e-6 (twice the default rtol 1e-6)
    const std::string s = carryover_roi_summary({});
    INFO(s);
    CHECK(s.find("- C-PARITY-001: explained: ROI sum (441 pixels) predicted +1.99 %, observed "
                 "+1.99 % (tolerance 2e-06)") != std::string::npos);
    CHECK(s.find("changes 440 of 441 pixels, sum spec 51.6 -> 52.7") != std::string::npos);
    // a spec side whose polarization is 1e-3 off changes the first pixel too: not the carry-over
    const std::string f = carryover_roi_summary({"--inject-fault", "scale"});
    INFO(f);
    CHECK(f.find("- C-PARITY-001: NOT explained: ROI sum (441 pixels)") != std::string::npos);
    CHECK(f.find("1 pixels holding a thread's first pass changed") != std::string::npos);
    CHECK(f.find("of 441 pixels changed otherwise than the model predicts") != std::string::npos);
}
