// `trace_harness run --preset FILE`: a preset file from any path, checked field by field, its
// mistakes named with file:line (presets/README.md).
#include "harness_run.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace htest;
using nbtest::TempDir;

TEST_CASE("run --preset FILE: a preset file from any path, its errors name file:line", "[preset]") {
    TempDir dir("gate_preset");
    const fs::path preset = fs::path(NB_SOURCE_DIR) / "harness" / "presets" / "simple_cubic.json";
    const auto r = run_harness({"--preset", preset.string(), "--pixel", "74", "84", "--phi-mode",
                                "c-parity", "--threads", "2", "--out", "o", "--no-fsync"},
                               dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(read_json(bundle_of(r, dir.path()) / "metrics.json").at("case") == "simple_cubic");

    std::ofstream(dir.path() / "p.json") << "{\"name\": \"p\", \"description\": \"d\",\n"
                                            " \"inputs\": [], \"args\": [\"-N\", 5]}\n";
    const auto bad = run_harness({"--preset", "./p.json", "--pixel", "1", "1"}, dir.path());
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "trace_harness: input error: --preset: ./p.json:2: args[1]: must be a "
                     "non-empty string\n");
    CHECK_FALSE(fs::exists(dir.path() / "reports"));

    // an input without an embedded stand-in must be given
    std::ofstream(dir.path() / "q.json")
        << R"({"name": "q", "description": "d", "args": ["-default_F", "1"],
 "inputs": [{"flag": "-mat", "option": "--mat", "file_in_cwd": "A.mat", "what": "matrix"}]})";
    const auto absent = run_harness({"--preset", "q.json", "--pixel", "1", "1"}, dir.path());
    CHECK(absent.exit_code == 2);
    CHECK(absent.err == "trace_harness: input error: preset q: no -mat input: give --mat FILE or "
                        "put A.mat in the current directory\n");
}
