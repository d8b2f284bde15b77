// --phi-mode spec: the reference runs with its phi = 0 fix and the harness reports what the
// unpatched C program gives, measured and predicted. The embedded-crystal goldens give both
// numbers independently: the peak pixel inside its 21x21 ROI is not its thread's first pass, so
// the C program's value there (golden run 2) carries the phi = 0.09 deg vectors into step 0; as a
// one-pixel ROI it is the thread's first pass, whose step 0 is unrotated, i.e. the spec value
// (golden run 3).
#include "harness_run.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace htest;
using nbtest::TempDir;

TEST_CASE("spec mode states the C program's value, the spec value and the difference",
          "[harness][carryover]") {
    TempDir dir("harness_spec");
    const auto r = run_harness({"--pixel", "1218", "1227", "--phi-mode", "spec", "--threads", "2",
                                "--schedule", "roi", "--roi", "1217", "1237", "1208", "1228"},
                               dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0); // spec simulator vs fixed reference: parity
    const fs::path b = bundle_of(r, dir.path());
    const boost::json::object m = read_json(b / "metrics.json").as_object();
    const boost::json::object& px = m.at("c_parity_001").at("pixels").at(0).as_object();
    // golden supervisor_synth/commands.txt: I_before_scaling 116418538225194 (run 2, the C
    // program in the ROI) and 114063664890443 (run 3, unrotated phi = 0 = spec)
    const double c = px.at("c_program").at("I_before_scaling").to_number<double>();
    const double spec = px.at("spec").at("I_before_scaling").to_number<double>();
    CHECK(c == Approx(116418538225194.0).epsilon(1e-13));
    CHECK(spec == Approx(114063664890443.0).epsilon(1e-13));
    // (114063664890443 - 116418538225194) / 116418538225194 = -2.0227 %
    const double measured = px.at("spec_vs_c_program_measured").to_number<double>();
    const double predicted = px.at("spec_vs_c_program_predicted").to_number<double>();
    CHECK(measured == Approx(-0.020227).margin(5e-6));
    // the prediction uses the spec trace alone (step 0's contribution replaced by step 9's)
    CHECK(predicted == Approx(measured).epsilon(1e-9));
    CHECK(px.at("zero_step").to_number<int>() == 0);
    CHECK(px.at("carried_step").to_number<int>() == 9);
    CHECK_FALSE(px.at("thread_first_pixel").as_bool());
    // the unpatched trace departs from the spec trace at the rotated vector of step 0
    CHECK(std::string(m.at("c_parity_001").at("first_departure").as_string()).rfind("ap at ", 0) ==
          0);
    CHECK(m.at("known_divergences").at(0).at("id") == "C-PARITY-001");
    // printed and in the summary, with the pixel named slow and fast
    CHECK(r.out.find("C-PARITY-001 at phi step 0, pixel (slow 1218, fast 1227)") !=
          std::string::npos);
    CHECK(r.out.find("-2.02 % measured, -2.02 % predicted") != std::string::npos);
    const std::string summary = nbtest::read_text(b / "summary.md");
    CHECK(summary.find("C-PARITY-001: the unpatched C program") != std::string::npos);
    CHECK(fs::exists(b / "trace_reference_unpatched.jsonl"));
}

TEST_CASE("a thread's first pixel keeps phi = 0 in the prediction", "[harness][carryover]") {
    TempDir dir("harness_spec");
    // the one-pixel ROI makes the pixel its thread's first pass: the C program equals spec
    const auto r = run_harness({"--pixel", "1218", "1227", "--phi-mode", "spec", "--threads", "2",
                                "--schedule", "roi", "--roi", "1227", "1227", "1218", "1218"},
                               dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const boost::json::object m = read_json(bundle_of(r, dir.path()) / "metrics.json").as_object();
    const boost::json::object& px = m.at("c_parity_001").at("pixels").at(0).as_object();
    CHECK(px.at("thread_first_pixel").as_bool());
    CHECK(px.at("spec_vs_c_program_measured").to_number<double>() == 0.0);
    CHECK(px.at("spec_vs_c_program_predicted").to_number<double>() == 0.0);
}

namespace {

// The supervisor preset with a -roi of its own (a preset file given by path), no --roi.
fs::path supervisor_preset_with_roi(const fs::path& dir, const std::vector<std::string>& roi) {
    boost::json::object preset =
        read_json(fs::path(NB_SOURCE_DIR) / "harness/presets/supervisor.json").as_object();
    preset["name"] = "supervisor_own_roi";
    boost::json::array& args = preset["args"].as_array();
    args.emplace_back("-roi");
    for (const std::string& v : roi)
        args.emplace_back(v);
    const fs::path file = dir / "supervisor_own_roi.json";
    std::ofstream(file) << boost::json::serialize(preset);
    return file;
}

} // namespace

TEST_CASE("a -roi among the case's own flags places the threads' first pixels as --roi does",
          "[harness][carryover]") {
    TempDir dir("harness_spec");
    // as the one-pixel --roi above, but the case says -roi 1227 1227 1218 1218 itself: under the
    // roi schedule (1218, 1227) is its thread's first pass and the C program equals spec (golden
    // run 3); read as the full frame it would be neither (the first rows of the two row blocks
    // are 0 and 1264)
    const fs::path preset =
        supervisor_preset_with_roi(dir.path(), {"1227", "1227", "1218", "1218"});
    const auto r = run_harness({"--preset", preset.string(), "--pixel", "1218", "1227",
                                "--phi-mode", "spec", "--threads", "2", "--schedule", "roi"},
                               dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const boost::json::object m = read_json(bundle_of(r, dir.path()) / "metrics.json").as_object();
    const boost::json::object& px = m.at("c_parity_001").at("pixels").at(0).as_object();
    CHECK(px.at("thread_first_pixel").as_bool());
    CHECK(px.at("spec_vs_c_program_measured").to_number<double>() == 0.0);
    CHECK(px.at("spec_vs_c_program_predicted").to_number<double>() == 0.0);
}

TEST_CASE("c-parity mode reports C-PARITY-001 as reproduced by both engines",
          "[harness][carryover]") {
    TempDir dir("harness_cparity");
    const auto r = run_harness(
        {"--pixel", "685", "1039", "--phi-mode", "c-parity", "--threads", "2"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const boost::json::object m = read_json(bundle_of(r, dir.path()) / "metrics.json").as_object();
    CHECK(m.at("c_parity_001").is_null()); // no extra run: both sides include the carry-over
    CHECK(m.at("known_divergences").at(0).at("mode_note").as_string().find("both sides") !=
          boost::json::string::npos);
}
