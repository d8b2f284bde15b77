// trace_harness run on hostile input: the engines run in-process, so whatever would crash or hang
// them would take the harness (and its staging folder) with it. Reproducers of each case.
#include "harness_run.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using htest::run_harness;
using nbtest::TempDir;

namespace {

const std::vector<std::string> kCell = {"-cell",      "50", "50", "50", "90",        "90", "90",
                                        "-default_F", "10", "-N", "3",  "-distance", "100"};

std::vector<std::string> run_with(std::vector<std::string> flags) {
    std::vector<std::string> a = {"--pixel", "0", "0", "--out", "out", "--"};
    a.insert(a.end(), kCell.begin(), kCell.end());
    a.insert(a.end(), flags.begin(), flags.end());
    return a;
}

bool nothing_left(const fs::path& dir) {
    const fs::path initiative = dir / "out" / "parity";
    return htest::bundles_in(initiative).empty() && htest::staging_in(initiative).empty();
}

} // namespace

TEST_CASE("an engine that used to crash in-process is refused before it runs",
          "[harness][hardening]") {
    // 65536^2 pixels overflowed the reference's int and killed the harness with it
    TempDir dir("hard");
    const auto r = run_harness(run_with({"-detpixels", "65536"}), dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("-detpixels"));
    CHECK(nothing_left(dir.path()));
}

TEST_CASE("a FIFO as --mat is refused at once, naming it", "[harness][hardening]") {
    TempDir dir("hard");
    REQUIRE(mkfifo((dir.path() / "A.mat").c_str(), 0600) == 0);
    const auto start = std::chrono::steady_clock::now();
    const auto r =
        run_harness({"--pixel", "685", "1039", "--mat", "A.mat", "--out", "out"}, dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("A.mat: a FIFO, not a regular file"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("input errors name the user's file, not the copy in the staging folder",
          "[harness][hardening]") {
    TempDir dir("hard");
    std::ofstream(dir.path() / "bad.hkl", std::ios::binary)
        << std::string("0 0 1 10\n1 0 \0 2\n", 17);
    std::ofstream(dir.path() / "zero.mat") << "0 0 0\n0 0 0\n0 0 0\n";
    const auto hkl = run_harness(run_with({"-detpixels", "8", "-hkl", "bad.hkl"}), dir.path());
    INFO(hkl.err);
    CHECK(hkl.exit_code == 2);
    CHECK_THAT(hkl.err, Catch::Contains(": bad.hkl:2: binary data"));
    CHECK_THAT(hkl.err, !Catch::Contains(".staging"));
    // a zero matrix gave an internal error about a non-finite trace record (exit 4)
    std::vector<std::string> args = {"--pixel",    "0",  "0",          "--out",
                                     "out",        "--", "-mat",       "zero.mat",
                                     "-default_F", "1",  "-detpixels", "8"};
    const auto mat = run_harness(args, dir.path());
    CHECK(mat.exit_code == 2);
    CHECK_THAT(mat.err, Catch::Contains(": zero.mat: orientation matrix is all zeros"));
    CHECK(nothing_left(dir.path()));
}

TEST_CASE("OMP_NUM_THREADS above 1024 is a usage error, not a silent fallback",
          "[harness][hardening]") {
    TempDir dir("hard");
    std::vector<std::string> argv = {"/usr/bin/env", "OMP_NUM_THREADS=100000", TRACE_HARNESS_EXE};
    const std::vector<std::string> rest = run_with({"-detpixels", "8"});
    argv.insert(argv.end(), rest.begin(), rest.end());
    const auto r = nbtest::run_command(argv, dir.path());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("OMP_NUM_THREADS=100000"));
}

TEST_CASE("SIGINT or SIGTERM during a run removes its staging folder", "[harness][hardening]") {
    for (int sig : {SIGINT, SIGTERM}) {
        TempDir dir("hard");
        // a 256 x 256 ROI with 10^2 sub-pixels and 40 phi steps: seconds of reference work
        std::vector<std::string> argv = {
            TRACE_HARNESS_EXE, "--pixel", "0", "0", "--roi", "0", "255", "0", "255",
            "--out",           "out",     "--"};
        argv.insert(argv.end(), kCell.begin(), kCell.end());
        argv.insert(argv.end(),
                    {"-detpixels", "256", "-oversample", "10", "-phisteps", "40", "-osc", "1"});
        // once the staging folder exists (the inputs are staged before the engines run)
        const fs::path initiative = dir.path() / "out" / "parity";
        const int status = nbtest::run_and_signal(
            argv, dir.path(), [&] { return !htest::staging_in(initiative).empty(); },
            std::chrono::milliseconds(200), sig);
        INFO("signal " << sig);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == sig);
        CHECK(nothing_left(dir.path()));
    }
}
