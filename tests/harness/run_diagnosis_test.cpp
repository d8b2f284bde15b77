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

// summary.md and metrics.json of one bundle
struct Bundle {
    std::string summary;
    boost::json::object metrics;
    const boost::json::object& diagnosis() const { return metrics.at("diagnosis").as_object(); }
};

Bundle bundle_files(const nbtest::CommandResult& r, const fs::path& dir) {
    const fs::path b = bundle_of(r, dir);
    return {nbtest::read_text(b / "summary.md"), read_json(b / "metrics.json").as_object()};
}

Bundle peak_run(const std::vector<std::string>& extra, int expected_exit) {
    TempDir dir("harness_diagnosis");
    std::vector<std::string> args = kPeak;
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_harness(args, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == expected_exit);
    return bundle_files(r, dir.path());
}

std::string summary_of(const std::vector<std::string>& extra, int expected_exit) {
    return peak_run(extra, expected_exit).summary;
}

// metrics.json's dtype matrix rows of one run's dtype
std::vector<boost::json::object> dtype_rows(const Bundle& b, const std::string& dtype) {
    std::vector<boost::json::object> rows;
    for (const boost::json::value& v : b.diagnosis().at("dtype_matrix").at("rows").as_array())
        if (v.at("dtype").as_string() == dtype)
            rows.push_back(v.as_object());
    return rows;
}

} // namespace

TEST_CASE("spec mode: the carry-over's predicted effect is checked and explained",
          "[harness][diagnosis]") {
    // golden supervisor_synth: the C program's 116418538225194 is +2.0645 % over the spec
    // 114063664890443, and the spec trace's step 9 replacing step 0 predicts the same
    const Bundle b = peak_run({"--phi-mode", "spec"}, 0);
    const std::string& s = b.summary;
    INFO(s);
    CHECK(s.find("## Predictions checked\n\n- C-PARITY-001: explained: I_before_scaling at "
                 "(slow 1218, fast 1227) predicted +2.06 %, observed +2.06 %") !=
          std::string::npos);
    CHECK(s.find("## Divergence patterns") == std::string::npos); // nothing failed
    // metrics.json: the same check with its numbers; no pattern (no row failed), no matrix
    const auto& d = b.diagnosis();
    INFO(boost::json::serialize(d));
    CHECK(d.at("patterns").is_null());
    CHECK(d.at("dtype_matrix").is_null());
    const auto& p = d.at("predictions").as_array();
    REQUIRE(p.size() == 1);
    CHECK(p[0].at("verdict").as_string() == "explained");
    CHECK(p[0].at("subject").as_string() == "I_before_scaling at (slow 1218, fast 1227)");
    // (116418538225194 - 114063664890443) / 114063664890443, predicted and observed
    CHECK(p[0].at("observed").as_double() == Approx(0.020645).margin(5e-6));
    CHECK(p[0].at("predicted_lo").as_double() ==
          Approx(p[0].at("observed").as_double()).margin(1e-6)); // the stated tolerance
    CHECK(p[0].at("tolerance").as_double() == 1e-6);
    for (const auto& side : d.at("self_consistency").as_array())
        CHECK(side.at("verdict").as_string() == "consistent");
}

TEST_CASE("a polarization 1e-3 too large is named a shared scale factor", "[harness][diagnosis]") {
    const Bundle b = peak_run({"--inject-fault", "scale"}, 3);
    const std::string& s = b.summary;
    INFO(s);
    const std::size_t at = s.find("## Divergence patterns");
    REQUIRE(at != std::string::npos);
    CHECK(s.find("- **one scale factor shared by several keys (units or a normalisation)**: polar",
                 at) != std::string::npos);
    CHECK(s.find("b/a = 1 + 0.001 (", at) != std::string::npos);
    // metrics.json: the same finding, its factor the injected 1.001 (polar and I_pixel_final are
    // doubles, the median of the keys' factors is one of them: 1e-9 is far above their rounding
    // and far below the 1e-3 the fault adds)
    const auto& patterns = b.diagnosis().at("patterns").as_array();
    INFO(boost::json::serialize(patterns));
    const boost::json::value* scale = nullptr;
    for (const auto& p : patterns)
        if (p.at("pattern").as_string() == "scale-factor")
            scale = &p;
    REQUIRE(scale);
    CHECK(scale->at("keys").as_array().at(0).as_string() == "polar");
    CHECK(scale->at("factor").as_double() == Approx(1.001).margin(1e-9));
    CHECK(scale->at("key_numbers").as_array().at(0).at("median_ratio").as_double() ==
          Approx(1.001).margin(1e-9));
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
    const Bundle b = peak_run({"--dtype", "float32,float64"}, 0);
    const std::string& s = b.summary;
    INFO(s);
    CHECK(s.find("## dtype matrix") != std::string::npos);
    CHECK(s.find("### Divergences of the float64 run: 0 within precision, 0 logic") !=
          std::string::npos);
    CHECK(s.find(", 0 logic", s.find("### Divergences of the float32 run")) != std::string::npos);
    // metrics.json: both runs, and the float32 run's rows, each with its sensitivity
    const auto& m = b.diagnosis().at("dtype_matrix");
    INFO(boost::json::serialize(m));
    CHECK(m.at("side").as_string() == "simulator");
    const auto& runs = m.at("runs").as_array();
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].at("dtype").as_string() == "float64");
    CHECK(runs[0].at("failing_rows").as_int64() == 0);
    CHECK(runs[1].at("dtype").as_string() == "float32");
    CHECK(runs[1].at("logic").as_int64() == 0);
    CHECK(dtype_rows(b, "float64").empty());
    const auto rows32 = dtype_rows(b, "float32");
    CHECK(static_cast<std::int64_t>(rows32.size()) == runs[1].at("failing_rows").as_int64());
    CHECK(!rows32.empty());
    for (const auto& r : rows32) {
        INFO(boost::json::serialize(r));
        CHECK(r.at("label").as_string() == "within precision");
        // the definition: parity difference at most 2 x the simulator's own f32-f64 change
        CHECK(r.at("parity_rel").as_double() <= 2 * r.at("sensitivity").as_double());
    }
    // W16: the simulator's dtype switch changed its printed values
    bool control_ok = false;
    for (const auto& c : b.diagnosis().at("negative_controls").as_array())
        if (c.at("name").as_string().rfind("dtype float64 -> float32 (simulator", 0) == 0)
            control_ok = c.at("verdict").as_string() == "OK";
    CHECK(control_ok);

    const Bundle f = peak_run({"--dtype", "float32,float64", "--inject-fault", "lattice"}, 3);
    INFO(f.summary);
    CHECK(f.summary.find("| F_latt_b |") != std::string::npos);
    CHECK(f.summary.find("| logic |") != std::string::npos);
    bool f_latt_b_logic = false;
    for (const auto& r : dtype_rows(f, "float64"))
        if (r.at("key").as_string() == "F_latt_b")
            f_latt_b_logic = r.at("label").as_string() == "logic";
    CHECK(f_latt_b_logic);
}

namespace {

// nbsim stating its detector size the way the C program does (the harness reads a backend's
// image with it); `traces`: its stdout (TRACE_PY lines) kept, else images only.
fs::path nbsim_as_c_program(const fs::path& dir, bool traces) {
    const fs::path script = dir / (traces ? "nbsim_traced.sh" : "nbsim_images.sh");
    std::ofstream(script) << "#!/bin/bash\necho \"  distance=0.231275 detsize=0.423636x0.434644  "
                             "pixel=0.000172 meters (2463x2527 pixels)\"\n"
                          << "exec " << NBSIM_BINARY << " \"$@\"" << (traces ? "" : " >/dev/null")
                          << "\n";
    fs::permissions(script, fs::perms::owner_all);
    return script;
}

// nbsim as a backend whose float32 spelling is no flag at all: its "float32" run is float64
std::vector<std::string> dtype_ignoring_backend(const fs::path& dir) {
    const fs::path json = dir / "ignores_dtype.json";
    std::ofstream(json)
        << R"({"format": "trace_harness-backend", "schema_version": 1, "name": "ignores-dtype",
      "program": {"env": "NB_TEST_UNUSED", "kind": "executable"}, "argv": ["{program}"],
      "environment": {}, "dialects": ["TRACE_PY"], "trace_pixel": ["-trace_pixel", "{slow}", "{fast}"],
      "roi": ["-roi", "{fmin}", "{fmax}", "{smin}", "{smax}"], "float_image": ["-floatfile", "{file}"],
      "extra_args": [], "dtypes": {"float64": [], "float32": []},
      "device": [], "renamed_flags": {}, "lacking_flags": {},
      "full_frame_always": false, "phi_carryover": false})";
    return {"--b", json.string(), "--b-program", nbsim_as_c_program(dir, true).string()};
}

} // namespace

TEST_CASE("a dtype switch that changes nothing is a FAILED control, not a matrix (W16)",
          "[harness][diagnosis]") {
    TempDir dir("harness_dtype_ignored");
    std::vector<std::string> args = dtype_ignoring_backend(dir.path());
    for (const char* a : {"--pixel", "1218", "1227", "--threads", "2", "--roi", "1217", "1237",
                          "1208", "1228", "--dtype", "float32,float64"})
        args.push_back(a);
    const auto r = run_harness(args, dir.path());
    INFO(r.out << r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 3));
    CHECK(r.out.find("control FAILED: dtype float64 -> float32 (ignores-dtype") !=
          std::string::npos);
    const Bundle b = bundle_files(r, dir.path());
    bool failed = false;
    for (const auto& c : b.diagnosis().at("negative_controls").as_array())
        if (c.at("name").as_string().rfind("dtype float64 -> float32 (ignores-dtype", 0) == 0)
            failed = c.at("verdict").as_string() == "FAILED" && c.at("changed").as_int64() == 0;
    CHECK(failed);
}

namespace {

// A backend with the C program's phi = 0 carry-over: nbsim in c-parity mode, images only.
std::vector<std::string> carryover_backend(const fs::path& dir) {
    const fs::path script = nbsim_as_c_program(dir, false);
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

Bundle carryover_roi_run(const std::vector<std::string>& extra) {
    TempDir dir("harness_carryover_roi");
    std::vector<std::string> args = carryover_backend(dir.path());
    for (const char* a :
         {"--pixel", "1218", "1227", "--threads", "2", "--roi", "1217", "1237", "1208", "1228"})
        args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_harness(args, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 3); // the ROI images differ: the carry-over is real
    return bundle_files(r, dir.path());
}

} // namespace

TEST_CASE("a carry-over side against a spec side: the ROI difference checked",
          "[harness][diagnosis]") {
    // the carry-over changes step 0 of every pixel but the thread's first: the ROI sum moves
    // by +1.99 % (52.7 against 51.6), the first pixel (1208, 1217) unchanged; the reference run
    // with and without its phi = 0 fix (the model, an engine independent of the nbsim backend)
    // predicts each pixel's change, and every one agrees to 2e-6 (twice the default rtol 1e-6)
    const Bundle b = carryover_roi_run({});
    const std::string& s = b.summary;
    INFO(s);
    CHECK(s.find("- C-PARITY-001: explained: ROI sum (441 pixels) predicted +1.99 %, observed "
                 "+1.99 % (tolerance 2e-06)") != std::string::npos);
    CHECK(s.find("changes 440 of 441 pixels, sum spec 51.6 -> 52.7") != std::string::npos);
    // a spec side whose polarization is 1e-3 off changes the first pixel too: not the carry-over
    const Bundle f = carryover_roi_run({"--inject-fault", "scale"});
    INFO(f.summary);
    CHECK(f.summary.find("- C-PARITY-001: NOT explained: ROI sum (441 pixels)") !=
          std::string::npos);
    CHECK(f.summary.find("1 pixels holding a thread's first pass changed") != std::string::npos);
    CHECK(f.summary.find("of 441 pixels changed otherwise than the model predicts") !=
          std::string::npos);
    // metrics.json: the same checks, a predicted value (lo = hi) within its tolerance of the
    // observed one when explained, the problems named when not
    const auto& ok = b.diagnosis().at("predictions").as_array();
    INFO(boost::json::serialize(ok));
    REQUIRE(ok.size() == 1);
    CHECK(ok[0].at("subject").as_string() == "ROI sum (441 pixels)");
    CHECK(ok[0].at("verdict").as_string() == "explained");
    CHECK(ok[0].at("tolerance").as_double() == 2e-6);
    CHECK(ok[0].at("predicted_lo").as_double() == ok[0].at("predicted_hi").as_double());
    CHECK(ok[0].at("observed").as_double() == Approx(0.0199).margin(5e-5)); // +1.99 %
    CHECK(ok[0].at("observed").as_double() ==
          Approx(ok[0].at("predicted_lo").as_double()).margin(2e-6));
    const auto& p = f.diagnosis().at("predictions").as_array();
    INFO(boost::json::serialize(p));
    REQUIRE(p.size() == 1);
    CHECK(p[0].at("subject").as_string() == "ROI sum (441 pixels)");
    CHECK(p[0].at("verdict").as_string() == "NOT explained");
    CHECK(!p[0].at("problems").as_array().empty());
}
