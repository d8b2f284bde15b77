// The reference engine's TRACE_C output against the real C program's golden traces, compared the
// way a user would: `nanobragg_ref ... -trace_pixel S F > log`, then
// `trace_harness diff golden.log log --rtol 1e-12` must exit 0 (issue: every TRACE_C value agrees
// to <= 1e-12 relative). A perturbed command must make the same diff fail (exit 3).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "common/golden_paths.h"
#include "common/run_command.h"
#include "common/supervisor_args.h"

using namespace nbtest;

namespace {

struct TraceCase {
    std::string name;
    std::vector<std::string> args; // without the program name
    fs::path golden_log;
};

std::vector<TraceCase> cases() {
    const std::string p1 = (golden_dir() / "inputs" / "P1_synth_R12.hkl").string();
    auto synth = supervisor_args((synth_inputs_dir() / "A_synth.mat").string(),
                                 (synth_inputs_dir() / "synth.hkl").string());
    auto roi_peak = synth, single_peak = synth;
    for (const char* a : {"-roi", "1217", "1237", "1208", "1228", "-trace_pixel", "1218", "1227"})
        roi_peak.push_back(a);
    for (const char* a : {"-roi", "1227", "1227", "1218", "1218", "-trace_pixel", "1218", "1227"})
        single_peak.push_back(a);
    return {
        {"simple_cubic",
         {"-cell", "100",        "100", "100",         "90",  "90",           "90",  "-default_F",
          "100",   "-N",         "5",   "-lambda",     "1.0", "-distance",    "100", "-pixel",
          "0.1",   "-detpixels", "128", "-oversample", "1",   "-trace_pixel", "74",  "84"},
         golden_dir() / "simple_cubic" / "trace.log"},
        {"triclinic_misset_phi_mosaic",
         {"-cell", "70",           "80",    "90",           "75",  "85",
          "95",    "-misset",      "10",    "20",           "30",  "-hkl",
          p1,      "-N",           "8",     "-lambda",      "1.2", "-distance",
          "80",    "-pixel",       "0.1",   "-detpixels_x", "160", "-detpixels_y",
          "128",   "-oversample",  "1",     "-phi",         "0",   "-osc",
          "1",     "-phisteps",    "5",     "-mosaic",      "0.3", "-mosaic_domains",
          "6",     "-mosaic_seed", "12345", "-trace_pixel", "112", "59"},
         golden_dir() / "triclinic_misset_phi_mosaic" / "trace.log"},
        {"oversample_sources_polar",
         {"-cell", "50",           "60",   "70",           "90",  "90",
          "90",    "-misset",      "15",   "25",           "35",  "-hkl",
          p1,      "-N",           "5",    "-lambda",      "1.0", "-dispersion",
          "0.5",   "-dispsteps",   "3",    "-divergence",  "1.0", "-divsteps",
          "3",     "-polar",       "0.95", "-distance",    "100", "-pixel",
          "0.1",   "-detpixels_x", "128",  "-detpixels_y", "112", "-oversample",
          "2",     "-trace_pixel", "13",   "114"},
         golden_dir() / "oversample_sources_polar" / "trace.log"},
        {"supervisor_synth ROI", roi_peak,
         golden_dir() / "supervisor_synth" / "trace_roi_peak.log"},
        {"supervisor_synth single pixel", single_peak,
         golden_dir() / "supervisor_synth" / "trace_single_peak.log"},
    };
}

CommandResult run_reference(const std::vector<std::string>& args, const fs::path& dir) {
    std::vector<std::string> argv{NBREF_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    for (const char* a : {"-nonoise", "-nopgm", "--threads", "2"}) // the golden runs' 2 threads
        argv.push_back(a);
    return run_command(argv, dir);
}

} // namespace

TEST_CASE("nanobragg_ref traces agree with the C program's to 1e-12 relative",
          "[harness][reference][golden]") {
    for (const auto& c : cases()) {
        DYNAMIC_SECTION(c.name) {
            TempDir dir("reftrace");
            CommandResult ref = run_reference(c.args, dir.path());
            REQUIRE(ref.exit_code == 0);
            const fs::path log = dir.path() / "reference.log";
            std::ofstream(log) << ref.out;
            CommandResult diff = run_command(
                {TRACE_HARNESS_EXE, "diff", c.golden_log.string(), log.string(), "--rtol", "1e-12"},
                dir.path());
            INFO(diff.out << diff.err);
            CHECK(diff.exit_code == 0);
            CHECK(diff.out.find("RESULT: PASS") != std::string::npos);
        }
    }
}

TEST_CASE("the 1e-12 comparison fails when the reference is perturbed",
          "[harness][reference][golden]") {
    // negative control: the simple_cubic command at 100.0001 mm instead of 100 mm
    auto c = cases()[0];
    auto it = std::find(c.args.begin(), c.args.end(), "-distance");
    REQUIRE(it + 1 < c.args.end());
    REQUIRE(*(it + 1) == "100");
    *(it + 1) = "100.0001";
    TempDir dir("reftrace-neg");
    CommandResult ref = run_reference(c.args, dir.path());
    REQUIRE(ref.exit_code == 0);
    const fs::path log = dir.path() / "reference.log";
    std::ofstream(log) << ref.out;
    CommandResult diff = run_command(
        {TRACE_HARNESS_EXE, "diff", c.golden_log.string(), log.string(), "--rtol", "1e-12"},
        dir.path());
    CHECK(diff.exit_code == 3);
}
