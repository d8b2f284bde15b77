#include "test_support.h"

#include "nbreport/bundle_writer.h"
#include "nbreport/read_file.h"
#include "nbreport/verify.h"
#include "nbreport/verify_render.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace fs = std::filesystem;
using nbreport::verify_bundle;
using nbreport::VerifyProblemKind;
using nbreport_test::TempDir;

namespace {

// A small bundle shaped like a harness bundle: text, JSON, a nested trace, binary bytes.
fs::path make_sample_bundle(const fs::path& root) {
    nbreport::BundleOptions options;
    options.root = root;
    options.initiative = "sample";
    nbreport::BundleWriter writer(options);
    writer.add_text("commands.txt", "trace_harness --pixel 685 1039 --phi-mode c-parity\n");
    writer.add_text("env.json", "{\n  \"schema_version\": 1\n}\n");
    writer.add_text("traces/reference.jsonl", "{\"key\":\"hkl_frac\",\"values\":[1,2,3]}\n");
    std::string binary;
    for (int i = 0; i < 256; ++i)
        binary.push_back(static_cast<char>(i));
    writer.add_bytes("image/roi.bin", binary);
    writer.add_text("metrics.json", "{\n  \"verdict\": \"pass\"\n}\n");
    writer.add_text("summary.md", "PASS\n");
    return writer.commit();
}

std::vector<fs::path> files_below(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            files.push_back(e.path());
    return files;
}

bool has_problem(const nbreport::VerifyResult& r, VerifyProblemKind kind, const std::string& path) {
    for (const auto& p : r.problems)
        if (p.kind == kind && p.path == path)
            return true;
    return false;
}

} // namespace

TEST_CASE("a fresh bundle verifies, and sha256sum -c agrees", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    const auto result = verify_bundle(bundle);
    CHECK(result.passed());
    CHECK(result.files_listed == 6);
    CHECK(result.files_matched == 6);
    CHECK(result.problems.empty());
    CHECK_THAT(nbreport::render_verify_result(result), Catch::StartsWith("PASS: "));
    CHECK(nbreport_test::shell("cd '" + bundle.string() +
                               "' && sha256sum --check --strict --quiet sha256.txt") == 0);
}

TEST_CASE("changing any one byte of any file makes verify fail", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    const std::vector<fs::path> files = files_below(bundle);
    REQUIRE(files.size() == 7); // six files and sha256.txt
    std::size_t flips = 0;
    for (const fs::path& file : files) {
        const std::string original = nbreport::read_file(file);
        for (std::size_t i = 0; i < original.size(); ++i) {
            std::string changed = original;
            changed[i] = static_cast<char>(changed[i] ^ 0x01);
            nbreport_test::write_text(file, changed);
            const auto result = verify_bundle(bundle);
            if (result.passed())
                FAIL("verify passed with byte " << i << " of " << file << " flipped");
            ++flips;
        }
        nbreport_test::write_text(file, original);
        REQUIRE(verify_bundle(bundle).passed());
    }
    CHECK(flips > 500);
}

TEST_CASE("sha256sum -c also catches a changed byte", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    nbreport_test::write_text(bundle / "summary.md", "FAIL\n");
    CHECK(nbreport_test::shell("cd '" + bundle.string() +
                               "' && sha256sum --check --strict --quiet sha256.txt "
                               ">/dev/null 2>&1") != 0);
}

TEST_CASE("truncating or appending to a file makes verify fail", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    const std::string original = nbreport::read_file(bundle / "env.json");
    nbreport_test::write_text(bundle / "env.json", original + " ");
    CHECK(has_problem(verify_bundle(bundle), VerifyProblemKind::hash_mismatch, "env.json"));
    nbreport_test::write_text(bundle / "env.json", original.substr(0, 3));
    CHECK(has_problem(verify_bundle(bundle), VerifyProblemKind::hash_mismatch, "env.json"));
}

TEST_CASE("an unlisted file makes verify fail", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    SECTION("at the top") {
        nbreport_test::write_text(bundle / "extra.txt", "x");
        const auto result = verify_bundle(bundle);
        CHECK_FALSE(result.passed());
        CHECK(has_problem(result, VerifyProblemKind::unlisted_file, "extra.txt"));
    }
    SECTION("nested and hidden") {
        nbreport_test::write_text(bundle / "traces" / ".hidden", "x");
        CHECK(
            has_problem(verify_bundle(bundle), VerifyProblemKind::unlisted_file, "traces/.hidden"));
    }
    SECTION("a symlink") {
        fs::create_symlink("/etc/hostname", bundle / "link");
        CHECK(has_problem(verify_bundle(bundle), VerifyProblemKind::unlisted_file, "link"));
    }
}

TEST_CASE("a listed file that is missing or replaced by a symlink fails", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    SECTION("missing") {
        fs::remove(bundle / "summary.md");
        CHECK(has_problem(verify_bundle(bundle), VerifyProblemKind::missing_file, "summary.md"));
    }
    SECTION("symlink to identical content elsewhere") {
        const std::string content = nbreport::read_file(bundle / "summary.md");
        nbreport_test::write_text(root.path() / "copy.md", content);
        fs::remove(bundle / "summary.md");
        fs::create_symlink(root.path() / "copy.md", bundle / "summary.md");
        CHECK(has_problem(verify_bundle(bundle), VerifyProblemKind::not_a_regular_file,
                          "summary.md"));
    }
}

TEST_CASE("a missing sha256.txt is an error", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    fs::remove(bundle / "sha256.txt");
    const auto result = verify_bundle(bundle);
    CHECK_FALSE(result.passed());
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].kind == VerifyProblemKind::manifest_missing);
}

TEST_CASE("a path that is not a folder is an error", "[verify]") {
    TempDir root;
    const auto result = verify_bundle(root.path() / "nope");
    CHECK(result.verdict == nbreport::VerifyVerdict::fail);
    CHECK(result.problems.at(0).kind == VerifyProblemKind::bundle_not_a_directory);
}

TEST_CASE("a malformed sha256.txt line is reported with its line number", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    std::string manifest = nbreport::read_file(bundle / "sha256.txt");
    // Lines are sorted by path: commands.txt, env.json, image/roi.bin, metrics.json,
    // summary.md, traces/...
    // Turn line 3's two-space separator into one space.
    std::size_t line_start = 0;
    for (int line = 1; line < 3; ++line)
        line_start = manifest.find('\n', line_start) + 1;
    manifest.erase(line_start + 64, 1);
    nbreport_test::write_text(bundle / "sha256.txt", manifest);

    const auto result = verify_bundle(bundle);
    CHECK_FALSE(result.passed());
    REQUIRE(result.problems.size() == 2); // the bad line, and the file it no longer lists
    CHECK(result.problems[0].kind == VerifyProblemKind::malformed_line);
    CHECK(result.problems[0].line == 3u);
    CHECK(result.problems[1].kind == VerifyProblemKind::unlisted_file);
    CHECK(result.problems[1].path == "image/roi.bin");

    const std::string text = nbreport::render_verify_result(result);
    CHECK_THAT(text, Catch::StartsWith("FAIL: "));
    CHECK_THAT(text, Catch::Contains("/sha256.txt:3: error: malformed-line: "));
    CHECK_THAT(text, Catch::Contains("/image/roi.bin: error: unlisted-file: "));
}

TEST_CASE("a default VerifyResult is not a pass", "[verify]") {
    const nbreport::VerifyResult result;
    CHECK(result.verdict == nbreport::VerifyVerdict::not_run);
    CHECK_FALSE(result.passed());
}

// Reproducer: an empty folder holding an empty sha256.txt passed verify (nothing listed, nothing
// unlisted). sha256sum -c refuses it ("no properly formatted checksum lines"); so does verify.
TEST_CASE("a manifest that lists no file is not a bundle", "[verify]") {
    TempDir root;
    const fs::path bundle = root.path() / "empty";
    fs::create_directories(bundle);
    nbreport_test::write_text(bundle / "sha256.txt", "");
    const auto result = verify_bundle(bundle);
    CHECK_FALSE(result.passed());
    CHECK(has_problem(result, VerifyProblemKind::manifest_empty, "sha256.txt"));
    // and every required file is reported missing, by name
    for (const char* required : nbreport::kRequiredBundleFiles)
        CHECK(has_problem(result, VerifyProblemKind::required_file_missing, required));
}

// A consistent manifest of a bundle that lacks one of the files every bundle has: dropping a
// file and its line keeps sha256sum -c happy, verify names the missing file.
TEST_CASE("a bundle without commands.txt, env.json, metrics.json or summary.md fails", "[verify]") {
    for (const std::string required : nbreport::kRequiredBundleFiles) {
        TempDir root;
        const fs::path bundle = make_sample_bundle(root.path());
        std::string manifest = nbreport::read_file(bundle / "sha256.txt");
        const std::size_t at = manifest.find("  " + required + "\n");
        REQUIRE(at != std::string::npos);
        const std::size_t begin = at - 64;
        manifest.erase(begin, 64 + 2 + required.size() + 1);
        nbreport_test::write_text(bundle / "sha256.txt", manifest);
        fs::remove(bundle / required);
        const auto result = verify_bundle(bundle);
        INFO("without " << required);
        CHECK_FALSE(result.passed());
        REQUIRE(result.problems.size() == 1);
        CHECK(result.problems[0].kind == VerifyProblemKind::required_file_missing);
        CHECK(result.problems[0].path == required);
        CHECK_THAT(nbreport::render_verify_result(result), Catch::Contains(required));
    }
}

// Reproducer: "sha256sum b.txt a.txt > sha256.txt" passed. Order matters: the writer sorts by
// path in byte order, so a manifest out of order was written or edited by something else.
TEST_CASE("a manifest out of byte order fails at the first line out of order", "[verify]") {
    TempDir root;
    const fs::path bundle = make_sample_bundle(root.path());
    std::string manifest = nbreport::read_file(bundle / "sha256.txt");
    // swap lines 1 (commands.txt) and 2 (env.json)
    const std::size_t first_end = manifest.find('\n') + 1;
    const std::size_t second_end = manifest.find('\n', first_end) + 1;
    const std::string swapped = manifest.substr(first_end, second_end - first_end) +
                                manifest.substr(0, first_end) + manifest.substr(second_end);
    nbreport_test::write_text(bundle / "sha256.txt", swapped);
    const auto result = verify_bundle(bundle);
    CHECK_FALSE(result.passed());
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].kind == VerifyProblemKind::malformed_line);
    CHECK(result.problems[0].line == 2u);
    CHECK_THAT(result.problems[0].detail, Catch::Contains("out of order: commands.txt after "
                                                          "env.json"));
    CHECK(result.files_matched == 6); // every file still matched: only the order is wrong
}
