// nanobragg_ref on hostile input: no crash, hang or silent result. Each TEST_CASE is one item of
// the hardening rules (README.md "Limits", "Exit codes") with its reproducers; the tables of
// tests/common/engine_cases.h are shared with nbsim's tests, so both engines agree on every rule.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/engine_case_check.h"
#include "common/golden_paths.h"
#include "common/run_command.h"
#include "nbref/nbref.h"
#include "ref_runner.h"

using namespace nbtest;

namespace {

const std::string kTool = "nanobragg_ref: ";

// nbref_create on an argument list; returns the status and fills `err`.
nbref_status create(std::vector<std::string> args, std::string& err, nbref_sim** out = nullptr) {
    args.insert(args.begin(), "nanobragg_ref");
    std::vector<const char*> argv;
    for (const auto& a : args)
        argv.push_back(a.c_str());
    char buf[1024] = "";
    nbref_sim* sim = nullptr;
    const nbref_status st =
        nbref_create((int)argv.size(), argv.data(), nullptr, &sim, buf, sizeof buf);
    err = buf;
    if (out)
        *out = sim;
    else
        nbref_destroy(sim);
    return st;
}

} // namespace

TEST_CASE("item 1: sizes and counts beyond the documented limits are usage errors naming the flag",
          "[reference][hardening]") {
    for (const EngineCase& c : limit_cases())
        if (c.name.find("thread") == std::string::npos &&
            c.name.find("THREADS") == std::string::npos)
            check_engine_case(NBREF_BINARY, kTool, c);
}

TEST_CASE("item 2: work and memory are estimated before running; --allow-huge lifts the defaults",
          "[reference][hardening]") {
    // hand count: ROI 2 x 3 pixels x 2^2 sub-pixels x 1 layer x 1 source x 5 phi x 3 domains
    const std::vector<std::string> run =
        small_run({"-roi", "0", "1", "0", "2", "-oversample", "2", "-phisteps", "5", "-osc", "1",
                   "-mosaic", "1", "-mosaic_domains", "3"});
    std::string err;
    nbref_sim* sim = nullptr;
    REQUIRE(create(run, err, &sim) == NBREF_OK);
    CHECK(nbref_estimated_evaluations(sim) == 6 * 4 * 5 * 3);
    // traced-only: 2 distinct pixels (one given twice) x 4 x 5 x 3
    char buf[256];
    REQUIRE(nbref_add_trace_pixel(sim, 0, 0, buf, sizeof buf) == NBREF_OK);
    REQUIRE(nbref_add_trace_pixel(sim, 2, 1, buf, sizeof buf) == NBREF_OK);
    REQUIRE(nbref_add_trace_pixel(sim, 0, 0, buf, sizeof buf) == NBREF_OK);
    nbref_set_traced_only(sim, 1);
    CHECK(nbref_estimated_evaluations(sim) == 2 * 4 * 5 * 3);
    nbref_destroy(sim);
    // full-frame schedule with a -dmin cut replays the 8 x 8 region's passes: + 64 x 4
    std::vector<std::string> replay = run;
    replay.insert(replay.end(), {"--schedule", "full-frame", "-dmin", "1"});
    REQUIRE(create(replay, err, &sim) == NBREF_OK);
    REQUIRE(nbref_add_trace_pixel(sim, 1, 1, buf, sizeof buf) == NBREF_OK);
    nbref_set_traced_only(sim, 1);
    CHECK(nbref_estimated_evaluations(sim) == 1 * 4 * 5 * 3 + 64 * 4);
    nbref_destroy(sim);

    // 17000^2 pixels x 8 bytes = 2.15 GiB > 2 GiB: refused unless --allow-huge (the image is
    // allocated lazily, so creating it costs no memory here)
    const std::vector<std::string> big =
        small_run({"-detpixels", "17000", "-roi", "0", "0", "0", "0"});
    CHECK(create(big, err) == NBREF_ERR_USAGE);
    CHECK_THAT(err, Catch::Contains("-detpixels") && Catch::Contains("--allow-huge"));
    std::vector<std::string> allowed = big;
    allowed.push_back("--allow-huge");
    CHECK(create(allowed, err) == NBREF_OK);
}

TEST_CASE("item 2: an interrupted run dies of the signal and leaves no file",
          "[reference][hardening]") {
    TempDir dir("interrupt");
    // about 10^9 evaluations: seconds of work, interrupted after a fraction of a second
    const std::vector<std::string> argv = command(
        NBREF_BINARY,
        small_run({"-detpixels", "512", "-oversample", "10", "-phisteps", "40", "-osc", "1"}));
    const int status = run_and_signal(
        argv, dir.path(), [] { return true; }, std::chrono::milliseconds(300), SIGTERM);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(files_in(dir.path()).empty());
}

TEST_CASE("item 3: thread counts above 1024 are usage errors, OMP_NUM_THREADS too",
          "[reference][hardening]") {
    for (const EngineCase& c : limit_cases())
        if (c.name.find("thread") != std::string::npos ||
            c.name.find("THREADS") != std::string::npos)
            check_engine_case(NBREF_BINARY, kTool, c);
    // 1024 itself is accepted
    std::string err;
    CHECK(create(small_run({"--threads", "1024"}), err) == NBREF_OK);
}

TEST_CASE("item 4: degenerate physics is an input error naming the input (shared table)",
          "[reference][hardening]") {
    for (const EngineCase& c : degenerate_physics_cases())
        check_engine_case(NBREF_BINARY, kTool, c);
}

TEST_CASE("item 5: input files are read in bounded memory and refused up front when they cannot "
          "be text",
          "[reference][hardening]") {
    for (const EngineCase& c : input_reader_cases())
        check_engine_case(NBREF_BINARY, kTool, c);

    // a FIFO as -mat hung the run: refused before anything is read (no writer ever appears)
    TempDir dir("fifo");
    REQUIRE(mkfifo((dir.path() / "A.mat").c_str(), 0600) == 0);
    const auto start = std::chrono::steady_clock::now();
    const CommandResult r = run_command(
        {NBREF_BINARY, "-mat", "A.mat", "-default_F", "1", "-detpixels", "8", "-noprogress"},
        dir.path());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("A.mat: orientation matrix file is a FIFO"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("item 5: the structure-factor table grows with the reflections, not the index range",
          "[reference][hardening]") {
    // +-300 on the axes: 601^3 dense doubles = 1.7 GB (touched by the default_F pre-fill); the
    // hashed table holds 6 reflections. +-1000 ended as "out of memory" (exit 4).
    for (int n : {300, 1000}) {
        TempDir dir("sparse");
        std::ofstream(dir.path() / "axes.hkl") << axis_reflections(n);
        const CommandResult r = run_command(
            command(NBREF_BINARY,
                    small_run({"-hkl", "axes.hkl", "-default_F", "1", "-detpixels", "16"})),
            dir.path());
        INFO("+-" << n << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.peak_rss_kb < 100 * 1024);
        // the dense Fdump.bin cache is not written for a hashed table, and the log says so
        CHECK_THAT(r.out, Catch::Contains("not writing dump file Fdump.bin: 6 reflections"));
        CHECK(files_in(dir.path()) ==
              std::vector<std::string>{"axes.hkl", "floatimage.bin", "intimage.img"});
    }

    // Same image, hashed or dense: a far reflection no pixel reaches makes the table hashed;
    // every lookup inside the small box must give the same F, every other one default_F.
    const std::string near = "0 0 1 10\n1 0 0 20\n0 1 0 30\n-1 1 2 40\n";
    TempDir dir("same");
    std::ofstream(dir.path() / "dense.hkl") << near;
    std::ofstream(dir.path() / "hashed.hkl") << near << "300 300 300 99\n";
    RefOptions opts;
    const std::vector<std::string> common = {
        "-cell", "30", "30", "30",        "90", "90",         "90", "-default_F",
        "3",     "-N", "5",  "-distance", "60", "-detpixels", "48", "-nointerpolate"};
    auto with_hkl = [&](const std::string& name) {
        std::vector<std::string> a = common;
        a.insert(a.end(), {"-hkl", (dir.path() / name).string()});
        return a;
    };
    const RefResult dense = run_ref(with_hkl("dense.hkl"), opts);
    const RefResult hashed = run_ref(with_hkl("hashed.hkl"), opts);
    REQUIRE(dense.status == NBREF_OK);
    REQUIRE(hashed.status == NBREF_OK);
    CHECK(hashed.image == dense.image);
    float max = 0;
    for (float v : dense.image)
        max = std::max(max, v);
    CHECK(max > 0); // the case does see Bragg spots
}
