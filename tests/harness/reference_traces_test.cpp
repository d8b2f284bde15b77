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
#include "common/golden_small_cases.h"
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
    auto synth = supervisor_args((synth_inputs_dir() / "A_synth.mat").string(),
                                 (synth_inputs_dir() / "synth.hkl").string());
    auto roi_peak = synth, single_peak = synth;
    for (const char* a : {"-roi", "1217", "1237", "1208", "1228", "-trace_pixel", "1218", "1227"})
        roi_peak.push_back(a);
    for (const char* a : {"-roi", "1227", "1227", "1218", "1218", "-trace_pixel", "1218", "1227"})
        single_peak.push_back(a);
    std::vector<TraceCase> out;
    for (const GoldenSmallCase& g : golden_small_cases()) {
        TraceCase c{g.name, g.args, golden_dir() / g.name / "trace.log"};
        c.args.insert(c.args.end(), {"-trace_pixel", std::to_string(g.trace_pixel.first),
                                     std::to_string(g.trace_pixel.second)});
        out.push_back(std::move(c));
    }
    out.insert(out.end(), {
                              {"supervisor_synth ROI", roi_peak,
                               golden_dir() / "supervisor_synth" / "trace_roi_peak.log"},
                              {"supervisor_synth single pixel", single_peak,
                               golden_dir() / "supervisor_synth" / "trace_single_peak.log"},
                          });
    return out;
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
