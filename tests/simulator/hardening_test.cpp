// nbsim on hostile input: no crash, hang or silent result. Each TEST_CASE is one item of the
// hardening rules (README.md "Limits", "Exit codes") with its reproducers; the tables of
// tests/common/engine_cases.h are shared with nanobragg_ref's tests, so both engines agree on
// every rule.
#include "sim_test_support.h"

#include "common/engine_case_check.h"
#include "common/golden_paths.h"
#include "common/run_command.h"
#include "nbsim/command_line.h"
#include "nbsim/errors.h"
#include "nbsim/experiment.h"
#include "nbsim/image_io.h"
#include "nbsim/limits.h"
#include "nbsim/simulation.h"
#include "nbsim/structure_factors.h"
#include "nbsim/text_input.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace nbtest;

namespace {

const std::string kTool = "nbsim: error: ";

bool is_thread_case(const EngineCase& c) {
    return c.name.find("thread") != std::string::npos ||
           c.name.find("THREADS") != std::string::npos;
}

nbsim::Experiment experiment(const std::vector<std::string>& args) {
    std::ostringstream log;
    return nbsim::build_experiment(nbsim::parse_command_line(args, -1).args, log);
}

} // namespace

TEST_CASE("sim item 1: sizes and counts beyond the documented limits are usage errors",
          "[sim][hardening]") {
    for (const EngineCase& c : limit_cases())
        if (!is_thread_case(c))
            check_engine_case(simtest::nbsim_binary(), kTool, c);
}

TEST_CASE("sim item 2: work and memory are estimated before running; --allow-huge lifts the "
          "defaults",
          "[sim][hardening]") {
    // the same hand counts as nanobragg_ref's test: ROI 2 x 3 x 2^2 x 5 phi x 3 domains
    const std::vector<std::string> run =
        small_run({"-roi", "0", "1", "0", "2", "-oversample", "2", "-phisteps", "5", "-osc", "1",
                   "-mosaic", "1", "-mosaic_domains", "3"});
    const nbsim::Experiment ex = experiment(run);
    nbsim::RunOptions opts;
    nbsim::SimulationRequest req;
    CHECK(nbsim::estimated_evaluations(ex, opts, req) == 6 * 4 * 5 * 3);
    req.trace_pixels = {{0, 0}, {2, 1}, {0, 0}};
    req.trace_pixels_only = true;
    CHECK(nbsim::estimated_evaluations(ex, opts, req) == 2 * 4 * 5 * 3);
    std::vector<std::string> replay = run;
    replay.insert(replay.end(), {"-dmin", "1"});
    const nbsim::Experiment ex_dmin = experiment(replay);
    opts.schedule = nbsim::Schedule::full_frame;
    req.trace_pixels = {{1, 1}};
    CHECK(nbsim::estimated_evaluations(ex_dmin, opts, req) == 1 * 4 * 5 * 3 + 64 * 4);

    // 17000^2 pixels x 8 bytes = 2.15 GiB > 2 GiB: refused unless --allow-huge
    const std::vector<std::string> big =
        small_run({"-detpixels", "17000", "-roi", "0", "0", "0", "0"});
    CHECK_THROWS_WITH(experiment(big),
                      Catch::Contains("-detpixels") && Catch::Contains("--allow-huge"));
    std::vector<std::string> allowed = big;
    allowed.push_back("--allow-huge");
    CHECK(experiment(allowed).allow_huge);
}

TEST_CASE("sim item 2: an interrupted run dies of the signal and leaves no file",
          "[sim][hardening]") {
    TempDir dir("interrupt");
    const std::vector<std::string> argv = command(
        simtest::nbsim_binary(), small_run({"-detpixels", "1024", "-oversample", "10", "-phisteps",
                                            "40", "-osc", "1", "--threads", "1"}));
    const int status = run_and_signal(
        argv, dir.path(), [] { return true; }, std::chrono::milliseconds(300), SIGINT);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGINT);
    CHECK(files_in(dir.path()).empty());
}

TEST_CASE("sim item 3: thread counts above 1024 are usage errors, OMP_NUM_THREADS too",
          "[sim][hardening]") {
    for (const EngineCase& c : limit_cases())
        if (is_thread_case(c))
            check_engine_case(simtest::nbsim_binary(), kTool, c);
    CHECK(nbsim::parse_command_line({"--threads", "1024"}, -1).run.threads == 1024);
}

TEST_CASE("sim item 4: degenerate physics is an input error naming the input (shared table)",
          "[sim][hardening]") {
    for (const EngineCase& c : degenerate_physics_cases())
        check_engine_case(simtest::nbsim_binary(), kTool, c);
}

TEST_CASE("sim item 5: input files are read in bounded memory and refused up front when they "
          "cannot be text",
          "[sim][hardening]") {
    for (const EngineCase& c : input_reader_cases())
        check_engine_case(simtest::nbsim_binary(), kTool, c);

    TempDir dir("fifo");
    REQUIRE(mkfifo((dir.path() / "A.mat").c_str(), 0600) == 0);
    const auto start = std::chrono::steady_clock::now();
    const CommandResult r = run_command({simtest::nbsim_binary(), "-mat", "A.mat", "-default_F",
                                         "1", "-detpixels", "8", "-noprogress"},
                                        dir.path());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("A.mat: orientation matrix file is a FIFO"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("sim item 5: the structure-factor table grows with the reflections, not the index "
          "range",
          "[sim][hardening]") {
    // +-300 on the axes took 5.1 GB (a dense grid and its kernel copy); +-1000 ended as
    // "internal error: out of memory" without naming the file
    for (int n : {300, 1000}) {
        TempDir dir("sparse");
        std::ofstream(dir.path() / "axes.hkl") << axis_reflections(n);
        const CommandResult r = run_command(
            command(simtest::nbsim_binary(), small_run({"-hkl", "axes.hkl", "-default_F", "1",
                                                        "-detpixels", "16", "-dump", "cache.bin"})),
            dir.path());
        INFO("+-" << n << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.peak_rss_kb < 100 * 1024);
        CHECK_THAT(r.out, Catch::Contains("not writing dump file cache.bin: 6 reflections"));
        const nbsim::StructureFactors sf =
            nbsim::read_hkl_file((dir.path() / "axes.hkl").string(), 1.0);
        CHECK_FALSE(sf.dense());
        CHECK(sf.nearest(n, 0, 0) == 1.0);
        CHECK(sf.nearest(-n, 0, 0) == 1.0);
        CHECK(sf.nearest(1, 2, 3) == 1.0); // unlisted inside the box: default_F
    }

    // Same image, hashed or dense (see the reference's test): a far reflection no pixel reaches
    const std::string near = "0 0 1 10\n1 0 0 20\n0 1 0 30\n-1 1 2 40\n";
    TempDir dir("same");
    std::ofstream(dir.path() / "dense.hkl") << near;
    std::ofstream(dir.path() / "hashed.hkl") << near << "300 300 300 99\n";
    const std::string common = "-cell 30 30 30 90 90 90 -default_F 3 -N 5 -distance 60 "
                               "-detpixels 48 -nointerpolate -hkl ";
    const simtest::SimRun dense =
        simtest::run_sim(common + (dir.path() / "dense.hkl").string(), simtest::spec(2));
    const simtest::SimRun hashed =
        simtest::run_sim(common + (dir.path() / "hashed.hkl").string(), simtest::spec(2));
    REQUIRE(dense.ex.structure_factors.dense());
    REQUIRE_FALSE(hashed.ex.structure_factors.dense());
    // dense runs the vectorised kernel, hashed the general one: the same terms summed in another
    // order, in double, then rounded to the float image: at most 2 float ulps apart (2^-22)
    REQUIRE(dense.result.image.size() == hashed.result.image.size());
    float max = 0;
    for (std::size_t i = 0; i < dense.result.image.size(); ++i) {
        const float a = dense.result.image[i], b = hashed.result.image[i];
        CHECK(std::fabs(a - b) <= 0x1p-22f * std::fabs(a));
        max = std::max(max, a);
    }
    CHECK(max > 0);
}

TEST_CASE("sim item 7: the number grammar both engines share", "[sim][hardening]") {
    struct Row {
        const char* text;
        std::size_t length; // 0 = not a number
        double value;
        bool nonfinite;
    };
    const Row rows[] = {
        {"1", 1, 1.0, false},      {"-2.5e3 x", 6, -2500.0, false},
        {"+4", 2, 4.0, false},     {".5", 2, 0.5, false},
        {"5.", 2, 5.0, false},     {"1e", 0, 0, false},
        {".", 0, 0, false},        {"0x1", 1, 0.0, false}, // the caller rejects the 'x'
        {"nan", 3, 0, true},       {"-Infinity", 9, 0, true},
        {"inf", 3, 0, true},       {"1e999", 5, 0, true},
        {"1e-400", 6, 0.0, false}, {"0.1", 3, 0.1, false},
        {"1,5", 1, 1.0, false},    {"", 0, 0, false},
        {"-", 0, 0, false},        {"1e+5", 4, 1e5, false},
    };
    for (const Row& row : rows) {
        double v = -1;
        bool nonfinite = false;
        INFO("'" << row.text << "'");
        const std::size_t n = nbsim::scan_number(row.text, v, nonfinite);
        CHECK(n == row.length);
        if (n && !row.nonfinite)
            CHECK(v == row.value); // correctly rounded, as strtod
        CHECK(nonfinite == row.nonfinite);
    }
}

TEST_CASE("sim item 7: the line reader keeps lines across its 64 KiB reads and reports lines",
          "[sim][hardening]") {
    // 20000 reflections (~330 KB): lines straddle the read chunks; file and memory agree
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += std::to_string(i % 41 - 20) + " " + std::to_string(i % 37 - 18) + " " +
                std::to_string(i / 1000) + (i % 3 ? " 1.25\r\n" : " 7\n");
    text += "\n\n1 1 1 2.5"; // blank lines, no final newline
    TempDir dir("lines");
    std::ofstream(dir.path() / "many.hkl", std::ios::binary) << text;
    const nbsim::StructureFactors file =
        nbsim::read_hkl_file((dir.path() / "many.hkl").string(), 0.0);
    const nbsim::StructureFactors memory = nbsim::parse_hkl_text(text, "many.hkl", 0.0);
    CHECK(file.listed == 20001);
    CHECK(file.values == memory.values);
    CHECK(file.nearest(1, 1, 1) == 2.5);
    CHECK(file.nearest(-20, -18, 0) == 7.0);  // i = 0
    CHECK(file.nearest(-19, -17, 0) == 1.25); // i = 1

    CHECK_THROWS_WITH(nbsim::parse_hkl_text("1 2 3 4\n\n1 2 3\n", "x.hkl", 0),
                      Catch::Contains("x.hkl:3: malformed HKL line (3 numbers"));
    CHECK_THROWS_WITH(nbsim::parse_hkl_text("1 2 3 4\n1 2 3 4\t\x01\n", "x.hkl", 0),
                      Catch::Contains("x.hkl:2: binary data (byte 0x01"));
    CHECK_THROWS_WITH(nbsim::parse_hkl_text("", "x.hkl", 0),
                      Catch::Contains("x.hkl: HKL file lists no reflections"));
}

TEST_CASE("sim item 7: a file of more than 2^20 reflections is read twice, last value wins",
          "[sim][hardening]") {
    // 2^20 + 1 distinct reflections on a 100 x 100 x 105 box, then (0, 0, 0) again: the first
    // pass keeps at most 2^20 of them, so the table is filled by a second pass over the file
    const int n = (1 << 20) + 1;
    std::string text;
    text.reserve(static_cast<std::size_t>(n) * 14);
    for (int i = 0; i < n; ++i)
        text += std::to_string(i % 100) + " " + std::to_string(i / 100 % 100) + " " +
                std::to_string(i / 10000) + " " + std::to_string(i % 7 + 1) + "\n";
    text += "0 0 0 99\n";
    TempDir dir("twopass");
    std::ofstream(dir.path() / "big.hkl", std::ios::binary) << text;
    const nbsim::StructureFactors sf = nbsim::read_hkl_file((dir.path() / "big.hkl").string(), 0);
    CHECK(sf.listed == n + 1);
    CHECK(sf.dense());
    CHECK(sf.nearest(0, 0, 0) == 99.0);
    const int i = 5 + 3 * 100 + 2 * 10000; // (5, 3, 2)
    CHECK(sf.nearest(5, 3, 2) == i % 7 + 1);
    CHECK(sf.nearest(0, 0, 104) == (104 * 10000) % 7 + 1);
}

TEST_CASE("sim item 5: an SMV mask is read through the bounded reader, pixels and all",
          "[sim][hardening]") {
    // 8 x 8 mask, all 1 except (slow 2, fast 3): that pixel is skipped (0), the others are the
    // image of the same run without a mask
    std::string smv = "{\nHEADER_BYTES=512;\nDIM=2;\nBYTE_ORDER=little_endian;\n"
                      "TYPE=unsigned_short;\nSIZE1=8;\nSIZE2=8;\nPIXEL_SIZE=0.1;\n}\f";
    smv.append(512 - smv.size(), ' ');
    for (int i = 0; i < 64; ++i)
        smv += i == 2 * 8 + 3 ? std::string("\x00\x00", 2) : std::string("\x01\x00", 2);
    TempDir dir("mask");
    std::ofstream(dir.path() / "mask.img", std::ios::binary) << smv;
    const std::string run = "-cell 30 30 30 90 90 90 -default_F 3 -N 5 -distance 60 -pixel 0.1 "
                            "-detpixels 8";
    const simtest::SimRun plain = simtest::run_sim(run, simtest::spec(1));
    const simtest::SimRun masked =
        simtest::run_sim(run + " -mask " + (dir.path() / "mask.img").string(), simtest::spec(1));
    REQUIRE(masked.result.image.size() == 64);
    for (int i = 0; i < 64; ++i) {
        INFO("pixel " << i);
        CHECK(masked.result.image[i] == (i == 19 ? 0.0f : plain.result.image[i]));
    }
    CHECK(plain.result.image[19] > 0);
}

TEST_CASE("sim outputs: an earlier file of an output's name is replaced, or absent after a failure",
          "[sim][io]") {
    // StagedOutputs::remove_earlier_files removes the earlier file on a helper thread while the
    // new one is written: after commit() the destination holds the new bytes; without commit()
    // (a failed run) it holds nothing -- never the stale file, never a partial one.
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::path(NB_BINARY_DIR) / "tests" / "simulator" / "scratch" / "earlier_outputs";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string a = (dir / "a.bin").string(), b = (dir / "b.img").string();
    auto write = [](const std::string& path, const std::string& text) {
        std::ofstream(path, std::ios::binary) << text;
    };
    auto read = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    write(a, std::string(100000, 'o'));
    write(b, "old");
    {
        nbsim::StagedOutputs out;
        out.remove_earlier_files({a, b});
        out.add(a, "new a");
        out.add(b, "new b");
        out.commit();
    }
    CHECK(read(a) == "new a");
    CHECK(read(b) == "new b");
    {
        nbsim::StagedOutputs out;
        out.remove_earlier_files({a, b});
        out.add(a, "never committed");
    }
    CHECK_FALSE(fs::exists(a));
    CHECK_FALSE(fs::exists(b));
    CHECK(fs::is_empty(dir)); // no temporary file left either
    fs::remove_all(dir);
}
