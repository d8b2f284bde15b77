// The reference engine against the real nanoBragg C program's golden outputs
// (tests/data/golden/<case>/commands.txt, OMP_NUM_THREADS=2): the float image must be
// bit-identical, the SMV int image byte-identical, and the stdout -- TRACE_C lines included --
// identical line for line once the input paths of this checkout are mapped back to the golden
// run's relative ones.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "common/golden_paths.h"
#include "common/golden_small_cases.h"
#include "ref_runner.h"

using namespace nbtest;

TEST_CASE("reference reproduces the small golden cases bit for bit", "[reference][golden]") {
    for (const auto& gc : golden_small_cases()) {
        DYNAMIC_SECTION(gc.name) {
            TempDir tmp(gc.name);
            const fs::path gdir = golden_dir() / gc.name;
            auto [ts, tf] = gc.trace_pixel;
            std::vector<std::string> args = gc.args;
            const std::string out = tmp.path().string() + "/";
            for (const char* a : {"-floatfile", "float.bin", "-intfile", "int.img", "-nopgm",
                                  "-nonoise", "-noprogress", "-trace_pixel"})
                args.push_back(std::strcmp(a, "float.bin") == 0 || std::strcmp(a, "int.img") == 0
                                   ? out + a
                                   : std::string(a));
            args.push_back(std::to_string(ts));
            args.push_back(std::to_string(tf));
            args.push_back("-dump");
            args.push_back(out + "Fdump.bin");

            RefOptions opts;
            opts.threads = 2; // the golden runs used OMP_NUM_THREADS=2
            opts.write_outputs = true;
            opts.write_fdump = true; // the C program writes Fdump.bin after reading -hkl
            RefResult r = run_ref(args, opts);
            REQUIRE(r.status == NBREF_OK);

            // float image: bit-identical (compare the raw bytes)
            const std::string golden_float = read_bytes(gdir / "float.bin");
            const std::string ours = read_bytes(tmp.path() / "float.bin");
            CHECK(ours.size() == golden_float.size());
            CHECK(ours == golden_float);
            // SMV int image: 512-byte header + uint16 pixels, byte-identical
            CHECK(read_bytes(tmp.path() / "int.img") == read_bytes(gdir / "int.img"));

            // stdout: identical after mapping this checkout's paths to the golden run's
            std::string log = replace_all(r.log, out, "");
            log = replace_all(log, (golden_dir() / "inputs").string(), "../inputs");
            const std::string golden_log = read_text(gdir / "trace.log");
            auto ours_lines = lines_starting_with(log, {""});
            auto golden_lines = lines_starting_with(golden_log, {""});
            REQUIRE(ours_lines.size() == golden_lines.size());
            for (size_t i = 0; i < ours_lines.size(); ++i) {
                INFO("stdout line " << i + 1);
                CHECK(ours_lines[i] == golden_lines[i]);
            }
        }
    }
}

TEST_CASE("the golden TRACE_C values come from trace events, not from a separate printer path",
          "[reference][trace]") {
    // simple_cubic, pixel (74, 84): the event stream carries the values the golden trace prints.
    // Golden: TRACE_C: I_pixel_final and hkl_frac lines of
    // tests/data/golden/simple_cubic/trace.log.
    auto gc = golden_small_cases()[0];
    gc.args.insert(gc.args.end(),
                   {"-nopgm", "-nonoise", "-noprogress", "-trace_pixel", "74", "84"});
    RefResult r = run_ref(gc.args);
    REQUIRE(r.status == NBREF_OK);
    const std::string golden = read_text(golden_dir() / "simple_cubic" / "trace.log");
    auto final_line = lines_starting_with(golden, {"TRACE_C: I_pixel_final"});
    REQUIRE(final_line.size() == 1);
    const double golden_final =
        std::stod(final_line[0].substr(std::strlen("TRACE_C: I_pixel_final ")));
    const double ours = r.pixel_value("I_pixel_final", 74, 84).v.at(0);
    // %.15g in the golden: 15 significant digits
    CHECK(ours == Approx(golden_final).epsilon(1e-14));
    // the image cell is the float32 of the same value
    CHECK(r.pixel(74, 84) == static_cast<float>(ours));
}
