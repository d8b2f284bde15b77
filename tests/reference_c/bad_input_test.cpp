// Bad input to nanobragg_ref: each case must give exactly one line on stderr that names the input,
// the documented exit code (1 usage, 2 input error), and leave no output file behind (the run
// happens in an empty scratch folder holding only the inputs the case wrote).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "common/golden_paths.h"
#include "common/run_command.h"

using namespace nbtest;

namespace {

// A small valid command: 32x32 detector, cubic cell, structure factors from the case's HKL file.
std::vector<std::string> base(const std::string& hkl = "in.hkl") {
    return {NBREF_BINARY, "-cell", "50",        "50",  "50",         "90",
            "90",         "90",    "-hkl",      hkl,   "-N",         "3",
            "-detpixels", "32",    "-distance", "100", "-noprogress"};
}

void write_file(const fs::path& p, const std::string& content) {
    std::ofstream out(p, std::ios::binary);
    out << content;
}

struct Case {
    std::string name;
    std::vector<std::string> argv;
    std::vector<std::pair<std::string, std::string>> files; // name, content written first
    int exit_code;
    std::string must_mention; // the input the message must name
};

void check_case(const Case& c) {
    TempDir dir("badinput");
    std::vector<std::string> inputs;
    for (const auto& [name, content] : c.files) {
        write_file(dir.path() / name, content);
        inputs.push_back(name);
    }
    std::sort(inputs.begin(), inputs.end());
    CommandResult r = run_command(c.argv, dir.path());
    INFO("case " << c.name << ", stderr: " << r.err);
    CHECK(r.exit_code == c.exit_code);
    // exactly one line, prefixed with the tool name, naming the input
    REQUIRE(!r.err.empty());
    CHECK(r.err.back() == '\n');
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.rfind("nanobragg_ref: ", 0) == 0);
    CHECK(r.err.find(c.must_mention) != std::string::npos);
    // nothing written: only the case's own inputs remain
    CHECK(files_in(dir.path()) == inputs);
}

const std::string kGoodHkl = "0 0 1 10\n1 0 0 20\n0 1 0 30\n";

std::vector<std::string> with(std::vector<std::string> v, const std::vector<std::string>& extra) {
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
}

} // namespace

TEST_CASE("HKL file problems are input errors naming file and line", "[reference][badinput]") {
    check_case({"missing hkl", base("absent.hkl"), {}, 2, "absent.hkl"});
    check_case({"non-numeric", base(), {{"in.hkl", "0 0 1 10\n1 0 x 20\n"}}, 2, "in.hkl:2"});
    check_case({"truncated line", base(), {{"in.hkl", "0 0 1 10\n1 0\n"}}, 2, "in.hkl:2"});
    check_case({"five columns", base(), {{"in.hkl", "0 0 1 10 3\n"}}, 2, "in.hkl:1"});
    check_case({"non-integer index", base(), {{"in.hkl", "0 0.5 1 10\n"}}, 2, "in.hkl:1"});
    check_case({"empty", base(), {{"in.hkl", ""}}, 2, "in.hkl"});
    check_case({"binary garbage",
                base(),
                {{"in.hkl", std::string("\x01\x89PNG\0\xff", 7)}},
                2,
                "in.hkl:1"});
}

TEST_CASE("matrix file problems are input errors", "[reference][badinput]") {
    auto argv = [](const std::string& mat) {
        return std::vector<std::string>{NBREF_BINARY, "-mat",       mat,  "-default_F",
                                        "1",          "-detpixels", "16", "-noprogress"};
    };
    check_case({"missing mat", argv("absent.mat"), {}, 2, "absent.mat"});
    check_case({"eight numbers", argv("a.mat"), {{"a.mat", "1 0 0\n0 1 0\n0 0\n"}}, 2, "a.mat"});
    check_case({"non-numeric", argv("a.mat"), {{"a.mat", "1 0 0\n0 one 0\n0 0 1\n"}}, 2, "a.mat"});
}

TEST_CASE("source, image and mask file problems are input errors", "[reference][badinput]") {
    check_case({"missing sourcefile",
                with(base(), {"-sourcefile", "absent.txt"}),
                {{"in.hkl", kGoodHkl}},
                2,
                "absent.txt"});
    // the C program turns a trailing comment into a source at the origin with lambda 0 (NaNs)
    check_case({"comment in sourcefile",
                with(base(), {"-sourcefile", "src.txt"}),
                {{"in.hkl", kGoodHkl}, {"src.txt", "-10 0 0 1 1e-10 # main beam\n"}},
                2,
                "src.txt:1"});
    check_case({"missing mask",
                with(base(), {"-mask", "absent.img"}),
                {{"in.hkl", kGoodHkl}},
                2,
                "absent.img"});
    check_case({"not an SMV image",
                with(base(), {"-img", "x.img"}),
                {{"in.hkl", kGoodHkl}, {"x.img", std::string(600, 'x')}},
                2,
                "x.img"});
}

TEST_CASE("NaN, negative sizes and zero phi steps are usage errors", "[reference][badinput]") {
    check_case(
        {"NaN lambda", with(base(), {"-lambda", "nan"}), {{"in.hkl", kGoodHkl}}, 1, "-lambda"});
    check_case({"inf distance",
                with(base(), {"-distance", "inf"}),
                {{"in.hkl", kGoodHkl}},
                1,
                "-distance"});
    check_case(
        {"negative pixel", with(base(), {"-pixel", "-0.1"}), {{"in.hkl", kGoodHkl}}, 1, "-pixel"});
    check_case({"negative N", with(base(), {"-N", "-3"}), {{"in.hkl", kGoodHkl}}, 1, "-N"});
    check_case({"negative crystal size",
                with(base(), {"-xtalsize", "-0.1"}),
                {{"in.hkl", kGoodHkl}},
                1,
                "-xtalsize"});
    check_case({"zero phi steps",
                with(base(), {"-phisteps", "0"}),
                {{"in.hkl", kGoodHkl}},
                1,
                "-phisteps"});
}

TEST_CASE("pixels and ROIs off the detector are usage errors", "[reference][badinput]") {
    // the detector is 32 x 32: valid indices 0..31
    check_case({"ROI past the edge",
                with(base(), {"-roi", "0", "32", "0", "10"}),
                {{"in.hkl", kGoodHkl}},
                1,
                "-roi"});
    check_case({"ROI reversed",
                with(base(), {"-roi", "10", "5", "0", "10"}),
                {{"in.hkl", kGoodHkl}},
                1,
                "-roi"});
    check_case({"trace pixel off",
                with(base(), {"-trace_pixel", "40", "3"}),
                {{"in.hkl", kGoodHkl}},
                1,
                "-trace_pixel 40 3"});
}

TEST_CASE("unknown flags, stray tokens and missing values are usage errors",
          "[reference][badinput]") {
    check_case(
        {"unknown flag", with(base(), {"-lamda", "1"}), {{"in.hkl", kGoodHkl}}, 1, "'-lamda'"});
    check_case({"stray token", with(base(), {"oops"}), {{"in.hkl", kGoodHkl}}, 1, "'oops'"});
    check_case({"missing value", with(base(), {"-lambda"}), {{"in.hkl", kGoodHkl}}, 1, "-lambda"});
    check_case({"bad schedule",
                with(base(), {"--schedule", "rows"}),
                {{"in.hkl", kGoodHkl}},
                1,
                "--schedule"});
    check_case({"no structure factors",
                {NBREF_BINARY, "-cell", "50", "50", "50", "90", "90", "90", "-detpixels", "8"},
                {},
                1,
                "-hkl"});
    check_case(
        {"no crystal", {NBREF_BINARY, "-default_F", "1", "-detpixels", "8"}, {}, 1, "-cell"});
}

TEST_CASE("a valid run in the same setting writes its outputs", "[reference][badinput]") {
    // negative control: the harness of this file must see files appear when the run succeeds
    TempDir dir("goodinput");
    write_file(dir.path() / "in.hkl", kGoodHkl);
    CommandResult r = run_command(with(base(), {"-nonoise", "-nopgm"}), dir.path());
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(files_in(dir.path()) ==
          std::vector<std::string>{"Fdump.bin", "floatimage.bin", "in.hkl", "intimage.img"});
}
