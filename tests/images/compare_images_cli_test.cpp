// trace_harness compare-images through the built binary: exit codes of README.md's table,
// one-line errors naming the input, outputs written together or not at all.
#include "common/golden_paths.h"
#include "common/run_command.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;
using nbtest::TempDir;

namespace {

const std::string kExe = TRACE_HARNESS_EXE;

nbtest::CommandResult compare(std::vector<std::string> args, const fs::path& cwd) {
    args.insert(args.begin(), {kExe, "compare-images"});
    return nbtest::run_command(args, cwd);
}

std::string golden(const std::string& rel) {
    return (nbtest::golden_dir() / rel).string();
}

// one line on stderr
bool one_line(const std::string& err) {
    return !err.empty() && err.find('\n') == err.size() - 1;
}

} // namespace

TEST_CASE("compare-images: a float image against its own SMV int image", "[images]") {
    TempDir dir("cmp_cli");
    const auto r = compare({golden("simple_cubic/float.bin"), golden("simple_cubic/int.img"),
                            "--shape", "128x128", "--json", "m.json", "--min", "pearson=0.9999",
                            "--pixel", "74", "84", "--pick", "brightest:2"},
                           dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("PASS: 1 threshold(s) met\n", 0) == 0);
    CHECK(r.out.find("region: full frame of 128 fast x 128 slow (16384 pixels)") !=
          std::string::npos);
    CHECK(r.out.find("pixel 1 (slow 74, fast 84) [given]: A ") != std::string::npos);
    const boost::json::value doc = boost::json::parse(nbtest::read_text(dir.path() / "m.json"));
    CHECK(doc.at("verdict") == "pass");
    CHECK(doc.at("metrics").at("schema") == "nbimage-metrics");
    CHECK(doc.at("b").at("format") == "smv");
    CHECK(doc.at("pixels").as_array().size() == 3);
    CHECK(doc.at("pixels").at(1).at("source") == "brightest:2");
}

TEST_CASE("compare-images: a threshold not met is exit 3", "[images]") {
    TempDir dir("cmp_cli");
    // the two 101 x 101 crops come from different crystals: uncorrelated
    const auto r = compare({golden("supervisor_full_crop_s635-735_f989-1089.bin"),
                            golden("supervisor_synth/crop_s1168-1268_f1177-1277.bin"), "--shape",
                            "101x101", "--min", "pearson=0.9", "--max", "rmse=1e9"},
                           dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.out.rfind("FAIL: pearson >= 0.9: -0.000541", 0) == 0);
    CHECK(r.out.find("threshold rmse <= 1000000000: ") != std::string::npos);
    // A's sum (0.73) is below one photon: no ratio, and the reason
    CHECK(r.out.find("no ratio: |sum A| = 0.730505 is below the minimum signal sum 1") !=
          std::string::npos);
    const auto ratio = compare({golden("supervisor_full_crop_s635-735_f989-1089.bin"),
                                golden("supervisor_synth/crop_s1168-1268_f1177-1277.bin"),
                                "--shape", "101x101", "--min", "sum_ratio=0"},
                               dir.path());
    CHECK(ratio.exit_code == 3);
    CHECK(ratio.out.rfind("FAIL: sum_ratio >= 0: not available", 0) == 0);
}

TEST_CASE("compare-images: usage errors are exit 1, one line", "[images]") {
    TempDir dir("cmp_cli");
    const std::string a = golden("simple_cubic/float.bin"), b = golden("simple_cubic/int.img");
    const std::vector<std::vector<std::string>> cases = {
        {a},
        {a, b, "--max", "corr=1", "--shape", "128x128"},
        {a, b, "--pick", "hottest:3", "--shape", "128x128"},
        {a, b, "--shape", "128by128"},
        {a, b, "--shape", "128x128", "--roi", "0", "200", "0", "10"},
        {a, b, "--shape", "128x128", "--roi", "0", "10", "0", "10", "--pixel", "50", "50"},
        {a, b}, // raw float32 without --shape
        {a, b, "--shape", "128x128", "--peaks", "-1"},
    };
    for (const auto& args : cases) {
        const auto r = compare(args, dir.path());
        INFO(args.size() << " args: " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(one_line(r.err));
        CHECK(r.err.find("usage error") != std::string::npos);
    }
}

TEST_CASE("compare-images: input errors are exit 2 and name the file", "[images]") {
    TempDir dir("cmp_cli");
    const std::string a = golden("simple_cubic/float.bin");
    { std::ofstream(dir.path() / "short.bin", std::ios::binary) << "abc"; }
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{a, (dir.path() / "nope.bin").string(), "--shape", "128x128"}, "nope.bin: cannot open"},
        {{a, (dir.path() / "short.bin").string(), "--shape", "128x128"},
         "short.bin: 3 bytes, but raw float32"},
        // same bytes as 64 x 256 would be accepted for A, but the SMV says 128 x 128
        {{golden("triclinic_misset_phi_mosaic/float.bin"), golden("simple_cubic/int.img"),
          "--shape", "128x160"},
         "int.img: the file holds 128 fast x 128 slow"},
        {{golden("simple_cubic/int.img"), golden("triclinic_misset_phi_mosaic/int.img")},
         "triclinic_misset_phi_mosaic/int.img: 160 fast x 128 slow, but"},
    };
    for (const auto& [args, message] : cases) {
        const auto r = compare(args, dir.path());
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(one_line(r.err));
        CHECK(r.err.find(message) != std::string::npos);
    }
}

TEST_CASE("compare-images: outputs appear together or not at all", "[images]") {
    TempDir dir("cmp_cli");
    const std::vector<std::string> pair = {golden("simple_cubic/float.bin"),
                                           golden("simple_cubic/int.img"), "--shape", "128x128"};
    std::vector<std::string> ok = pair;
    ok.insert(ok.end(), {"--png-dir", "pics", "--json", "m.json"});
    const auto r = compare(ok, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(nbtest::files_in(dir.path() / "pics").size() == 8);
    CHECK(fs::is_regular_file(dir.path() / "m.json"));
    // a JSON path that cannot be written: exit 2, and no picture left behind either
    std::vector<std::string> bad = pair;
    bad.insert(bad.end(), {"--png-dir", "pics2", "--json", "no/such/dir/m.json"});
    const auto f = compare(bad, dir.path());
    CHECK(f.exit_code == 2);
    CHECK(one_line(f.err));
    CHECK(nbtest::files_in(dir.path() / "pics2").empty());
}
