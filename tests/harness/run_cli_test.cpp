// trace_harness run: bad command lines and inputs get one line on stderr naming the option or
// file, the documented exit code (1 usage, 2 input), and leave nothing behind.
#include "harness_run.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

using namespace htest;
using nbtest::TempDir;

namespace {

struct BadCase {
    std::vector<std::string> args;
    int exit_code;
    std::string must_mention;
};

void check_refused(const BadCase& c) {
    TempDir dir("harness_cli");
    std::ofstream(dir.path() / "bad.mat") << "not a matrix\n";
    const auto r = run_harness(c.args, dir.path());
    std::string joined;
    for (const auto& a : c.args)
        joined += a + " ";
    INFO(joined << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.rfind("trace_harness: ", 0) == 0);
    CHECK(r.err.find(c.must_mention) != std::string::npos);
    CHECK(r.out.empty());
    CHECK(nbtest::files_in(dir.path()) == std::vector<std::string>{"bad.mat"});
}

} // namespace

TEST_CASE("usage errors name the option", "[harness][cli]") {
    const std::vector<BadCase> cases = {
        // the supervisor detector is 2527 slow x 2463 fast
        {{"--pixel", "2527", "10"}, 1, "--pixel 2527 10"},
        {{"--pixel", "10", "2463"}, 1, "--pixel 10 2463"},
        {{"--pixel", "10"}, 1, "--pixel"},
        {{"--roi", "0", "10", "0"}, 1, "--roi"},
        {{"--roi", "10", "5", "0", "3"}, 1, "--roi"},
        {{"--roi", "0", "3000", "0", "10"}, 1, "-roi"},
        {{"--pixel", "5", "5", "--roi", "10", "20", "10", "20"}, 1, "outside --roi"},
        {{"--pixel", "5", "5", "--threads", "0"}, 1, "--threads"},
        {{"--pixel", "5", "5", "--phi-mode", "cparity"}, 1, "--phi-mode"},
        {{"--pixel", "5", "5", "--schedule", "rows"}, 1, "--schedule"},
        {{"--pixel", "5", "5", "--dtype", "half"}, 1, "--dtype"},
        {{"--pixel", "5", "5", "--preset", "nope"}, 1, "--preset"},
        {{"--pixel", "5", "5", "--atol", "meters=1"}, 1, "meters"},
        {{"--pixel", "5", "5", "--rtol", "-1"}, 1, "rtol"},
        {{"--pixel", "5", "5", "--initiative", "../up"}, 1, "--initiative"},
        {{"--pixel", "5", "5", "--frobnicate"}, 1, "frobnicate"},
        {{"--pixel", "5", "5", "--"}, 1, "--"},
        {{"--pixel", "5", "5", "--", "-cell", "50", "50", "50", "90", "90", "90", "-default_F",
          "10", "-detpixels", "32", "-bogus"},
         1,
         "-bogus"},
        {{"--phi-mode", "spec"}, 1, "nothing to compare"},
        {{"--pick", "brightest:0"}, 1, "--pick"},
        {{"--pick", "darkest:3"}, 1, "--pick"},
        {{"--pick", "worst"}, 1, "--pick"},
        {{"--pixel", "5", "5", "--mat", "A.mat", "--", "-default_F", "1"}, 1, "--mat"},
    };
    for (const BadCase& c : cases)
        check_refused(c);
}

TEST_CASE("input errors name the file", "[harness][cli]") {
    const std::vector<BadCase> cases = {
        {{"--pixel", "5", "5", "--mat", "missing.mat"}, 2, "missing.mat"},
        {{"--pixel", "5", "5", "--hkl", "missing.hkl"}, 2, "missing.hkl"},
        {{"--pixel", "5", "5", "--", "-hkl", "nowhere.hkl", "-cell", "50", "50", "50", "90", "90",
          "90"},
         2,
         "nowhere.hkl"},
    };
    for (const BadCase& c : cases)
        check_refused(c);
}

TEST_CASE("an unwritable --out is an input error naming it", "[harness][cli]") {
    TempDir dir("harness_cli");
    std::ofstream(dir.path() / "afile") << "x";
    const auto r = run_harness({"--pixel", "5", "5", "--out", "afile"}, dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--out afile") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("help, presets and the implicit run subcommand", "[harness][cli]") {
    TempDir dir("harness_cli");
    const auto help = run_harness({"run", "--help"}, dir.path());
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--pixel") != std::string::npos);
    const auto presets = run_harness({"--list-presets"}, dir.path());
    CHECK(presets.exit_code == 0);
    CHECK(presets.out.find("supervisor: ") != std::string::npos);
    CHECK(presets.out.find("simple_cubic: ") != std::string::npos);
    CHECK(nbtest::files_in(dir.path()).empty());
    // `run` spelled out is the same command as the implicit one
    const auto r = run_harness(
        {"run", "--pixel", "64", "64", "--preset", "simple_cubic", "--out", "out"}, dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("bundle: out/parity/") != std::string::npos);
}

TEST_CASE("a nanoBragg command line after -- is a case of its own", "[harness][cli]") {
    TempDir dir("harness_cli");
    // the small triclinic golden's command shape, with an HKL file given on the command line
    fs::copy_file(nbtest::golden_dir() / "inputs" / "P1_synth_R12.hkl", dir.path() / "p1.hkl");
    const auto r =
        run_harness({"--pixel", "20",           "30",     "--phi-mode", "c-parity", "--threads",
                     "2",       "--",           "-cell",  "60",         "70",       "80",
                     "85",      "95",           "100",    "-misset",    "5",        "10",
                     "15",      "-hkl",         "p1.hkl", "-N",         "4",        "-lambda",
                     "1.0",     "-distance",    "80",     "-pixel",     "0.1",      "-detpixels_x",
                     "48",      "-detpixels_y", "40",     "-phi",       "0",        "-osc",
                     "0.4",     "-phisteps",    "4",      "-mosaic",    "0.5",      "-mosaic_dom",
                     "3",       "-trace_pixel", "1",      "2"},
                    dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const fs::path b = bundle_of(r, dir.path());
    const boost::json::object m = read_json(b / "metrics.json").as_object();
    CHECK(m.at("case") == "custom");
    CHECK(m.at("pixels").as_array().size() == 1); // --pixel wins over the command's -trace_pixel
    CHECK(fs::exists(b / "inputs" / "p1.hkl"));
    // mosaic domains: per-domain rotated vectors compared
    bool per_domain = false;
    for (const auto& s : m.at("stages").as_array())
        if (s.at("stage") == "orientation")
            per_domain = s.at("rows").to_number<int>() > 12;
    CHECK(per_domain);
}
