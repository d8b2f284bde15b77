#include "test_support.h"

#include "nbreport/bundle_writer.h"
#include "nbreport/read_file.h"
#include "nbreport/sha256.h"
#include "nbreport/verify.h"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nbreport::BundleOptions;
using nbreport::BundleWriter;
using nbreport_test::entries;
using nbreport_test::TempDir;

namespace {

// 2025-10-08T21:24:59Z: a fixed second, so that several writers share one stamp.
const auto kFixedTime = std::chrono::system_clock::time_point{std::chrono::seconds{1759958699}};

BundleOptions options_in(const fs::path& root, bool fixed_time = true) {
    BundleOptions options;
    options.root = root;
    options.initiative = "cli-flags";
    if (fixed_time)
        options.stamp_time = kFixedTime;
    return options;
}

// The writer's tests check the manifest only; the files every harness bundle must have
// (verify.h kRequiredBundleFiles) are verify_test.cpp's subject.
const nbreport::VerifyOptions kManifestOnly{{}};

fs::path commit_small_bundle(const BundleOptions& options, const std::string& tag) {
    BundleWriter writer(options);
    writer.add_text("summary.md", "# " + tag + "\n");
    return writer.commit();
}

} // namespace

TEST_CASE("a committed bundle has its files, sha256.txt last, and passes sha256sum -c",
          "[bundle_writer]") {
    TempDir root;
    BundleWriter writer(options_in(root.path(), /*fixed_time=*/false));
    writer.add_text("commands.txt", "trace_harness --pixel 685 1039\n");
    writer.add_bytes("traces/c.bin", std::string("\0\1\2\xff", 4));
    nbreport_test::write_text(root.path() / "A.mat", "matrix\n");
    writer.add_copy("inputs/A.mat", root.path() / "A.mat");
    nbreport_test::write_text(writer.path_for("diffs/diff.tsv"), "key\tref\tsim\n");
    writer.add_text("summary notes.md", "with a space\n");

    // Before commit only the hidden staging folder exists.
    CHECK(entries(writer.initiative_dir(), /*hidden=*/false).empty());
    CHECK(entries(writer.initiative_dir(), /*hidden=*/true).size() == 1);

    const fs::path bundle = writer.commit();
    CHECK(writer.committed());
    CHECK(bundle.parent_path() == root.path() / "cli-flags");
    const std::string name = bundle.filename().string();
    // YYYYMMDDTHHMMSSZ from the real clock.
    CHECK(name.size() == 16);
    CHECK(name[8] == 'T');
    CHECK(name.back() == 'Z');
    CHECK(entries(writer.initiative_dir(), /*hidden=*/true).empty());

    const std::string manifest = nbreport::read_file(bundle / "sha256.txt");
    const std::string expected =
        nbreport::sha256_hex("trace_harness --pixel 685 1039\n") + "  commands.txt\n" +
        nbreport::sha256_hex("key\tref\tsim\n") + "  diffs/diff.tsv\n" +
        nbreport::sha256_hex("matrix\n") + "  inputs/A.mat\n" +
        nbreport::sha256_hex("with a space\n") + "  summary notes.md\n" +
        nbreport::sha256_hex(std::string("\0\1\2\xff", 4)) + "  traces/c.bin\n";
    CHECK(manifest == expected);

    CHECK(nbreport_test::shell("cd '" + bundle.string() +
                               "' && sha256sum --check --strict --quiet sha256.txt") == 0);
    CHECK(nbreport::verify_bundle(bundle, kManifestOnly).passed());
}

TEST_CASE("an empty bundle gets an empty sha256.txt, which verify does not pass",
          "[bundle_writer]") {
    TempDir root;
    BundleWriter writer(options_in(root.path()));
    const fs::path bundle = writer.commit();
    CHECK(nbreport::read_file(bundle / "sha256.txt").empty());
    const nbreport::VerifyResult result = nbreport::verify_bundle(bundle, kManifestOnly);
    CHECK_FALSE(result.passed());
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].kind == nbreport::VerifyProblemKind::manifest_empty);
}

TEST_CASE("two bundles committed in the same second get distinct names", "[bundle_writer]") {
    TempDir root;
    const BundleOptions options = options_in(root.path());
    const fs::path first = commit_small_bundle(options, "first");
    const fs::path second = commit_small_bundle(options, "second");
    const fs::path third = commit_small_bundle(options, "third");
    CHECK(first.filename() == "20251008T212459Z");
    CHECK(second.filename() == "20251008T212459Z-2");
    CHECK(third.filename() == "20251008T212459Z-3");
    CHECK(nbreport::read_file(first / "summary.md") == "# first\n");
    CHECK(nbreport::read_file(second / "summary.md") == "# second\n");
}

TEST_CASE("two bundles from the real clock back to back get distinct names", "[bundle_writer]") {
    TempDir root;
    const BundleOptions options = options_in(root.path(), /*fixed_time=*/false);
    const fs::path first = commit_small_bundle(options, "first");
    const fs::path second = commit_small_bundle(options, "second");
    CHECK(first != second);
    CHECK(entries(root.path() / "cli-flags", false).size() == 2);
}

TEST_CASE("commit never overwrites an existing folder of the same name", "[bundle_writer]") {
    TempDir root;
    const fs::path initiative = root.path() / "cli-flags";
    fs::create_directories(initiative / "20251008T212459Z");   // empty
    fs::create_directories(initiative / "20251008T212459Z-2"); // not empty
    nbreport_test::write_text(initiative / "20251008T212459Z-2" / "keep.txt", "old\n");
    nbreport_test::write_text(initiative / "20251008T212459Z-3", "a file, not a folder\n");

    const fs::path bundle = commit_small_bundle(options_in(root.path()), "new");
    CHECK(bundle.filename() == "20251008T212459Z-4");
    CHECK(fs::is_empty(initiative / "20251008T212459Z"));
    CHECK(nbreport::read_file(initiative / "20251008T212459Z-2" / "keep.txt") == "old\n");
    CHECK(nbreport::read_file(initiative / "20251008T212459Z-3") == "a file, not a folder\n");
}

TEST_CASE("concurrent processes committing in the same second get one bundle each",
          "[bundle_writer]") {
    TempDir root;
    const BundleOptions options = options_in(root.path());
    constexpr int kProcesses = 8;
    std::vector<pid_t> children;
    for (int i = 0; i < kProcesses; ++i) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = 0;
            try {
                BundleWriter writer(options);
                writer.add_text("who.txt", std::to_string(i) + "\n");
                writer.commit();
            } catch (...) {
                code = 1;
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK(nbreport_test::exited_with(status, 0));
    }
    const std::set<std::string> bundles = entries(root.path() / "cli-flags", false);
    CHECK(bundles.size() == kProcesses);
    CHECK(entries(root.path() / "cli-flags", true).empty());
    std::set<std::string> writers;
    for (const std::string& name : bundles) {
        const fs::path bundle = root.path() / "cli-flags" / name;
        CHECK(nbreport::verify_bundle(bundle, kManifestOnly).passed());
        writers.insert(nbreport::read_file(bundle / "who.txt"));
    }
    CHECK(writers.size() == kProcesses); // no bundle replaced another
}

TEST_CASE("a writer destroyed without commit leaves no bundle and no staging folder",
          "[bundle_writer]") {
    TempDir root;
    fs::path staging;
    {
        BundleWriter writer(options_in(root.path()));
        writer.add_text("env.json", "{}\n");
        staging = writer.staging_dir();
        CHECK(fs::is_directory(staging));
    }
    CHECK_FALSE(fs::exists(staging));
    CHECK(fs::is_empty(root.path() / "cli-flags"));
}

TEST_CASE("abort removes the staging folder and closes the writer", "[bundle_writer]") {
    TempDir root;
    BundleWriter writer(options_in(root.path()));
    writer.add_text("env.json", "{}\n");
    writer.abort();
    writer.abort(); // idempotent
    CHECK(fs::is_empty(root.path() / "cli-flags"));
    CHECK_THROWS_AS(writer.add_text("x.txt", "x"), std::logic_error);
    CHECK_THROWS_AS(writer.commit(), std::logic_error);
}

TEST_CASE("a moved-from writer owns nothing", "[bundle_writer]") {
    TempDir root;
    BundleWriter first(options_in(root.path()));
    BundleWriter second(std::move(first));
    CHECK(first.staging_dir().empty());
    second.add_text("a.txt", "a\n");
    CHECK(fs::exists(second.commit() / "a.txt"));
}

TEST_CASE("paths that escape the bundle are rejected", "[bundle_writer]") {
    TempDir root;
    BundleWriter writer(options_in(root.path()));
    for (const char* bad : {"../escape.txt", "/tmp/abs.txt", "a/../../escape.txt", "..",
                            "sha256.txt", ".hidden", "a//b", ""}) {
        INFO(bad);
        CHECK_THROWS_AS(writer.add_text(bad, "x"), std::invalid_argument);
        CHECK_THROWS_AS(writer.add_bytes(bad, "x"), std::invalid_argument);
        CHECK_THROWS_AS(writer.path_for(bad), std::invalid_argument);
    }
    CHECK_FALSE(fs::exists(root.path() / "escape.txt"));
    CHECK_FALSE(fs::exists(root.path() / "cli-flags" / "escape.txt"));
}

TEST_CASE("a symlink planted in the staging folder is not followed", "[bundle_writer]") {
    TempDir root;
    TempDir outside;
    BundleWriter writer(options_in(root.path()));
    writer.add_text("summary.md", "x\n");
    fs::create_directory_symlink(outside.path(), writer.path_for("link"));
    CHECK_THROWS_AS(writer.add_text("link/x.txt", "x"), std::invalid_argument);
    CHECK(fs::is_empty(outside.path()));
    // commit refuses to list a symlink, and the writer stays usable.
    CHECK_THROWS_AS(writer.commit(), std::runtime_error);
    fs::remove(writer.staging_dir() / "link");
    CHECK(nbreport::verify_bundle(writer.commit(), kManifestOnly).passed());
}

TEST_CASE("commit refuses hidden files written into the staging folder", "[bundle_writer]") {
    TempDir root;
    BundleWriter writer(options_in(root.path()));
    nbreport_test::write_text(writer.staging_dir() / ".stray", "x");
    CHECK_THROWS_AS(writer.commit(), std::runtime_error);
    CHECK_FALSE(writer.committed());
    CHECK_FALSE(fs::exists(writer.staging_dir() / "sha256.txt"));
}

TEST_CASE("nothing in a bundle is silently replaced", "[bundle_writer]") {
    TempDir root;
    BundleWriter writer(options_in(root.path()));
    writer.add_text("env.json", "first\n");
    CHECK_THROWS_AS(writer.add_text("env.json", "second\n"), std::invalid_argument);
    nbreport_test::write_text(writer.path_for("own.txt"), "own\n");
    CHECK_THROWS_AS(writer.add_text("own.txt", "other\n"), std::invalid_argument);
    const fs::path bundle = writer.commit();
    CHECK(nbreport::read_file(bundle / "env.json") == "first\n");
    CHECK(nbreport::read_file(bundle / "own.txt") == "own\n");
}

TEST_CASE("a failed copy leaves neither the file nor a temporary file", "[bundle_writer]") {
    TempDir root;
    BundleWriter writer(options_in(root.path()));
    writer.add_text("summary.md", "x\n");
    CHECK_THROWS(writer.add_copy("inputs/A.mat", root.path() / "no-such.mat"));
    // no stray or hidden files
    CHECK(nbreport::verify_bundle(writer.commit(), kManifestOnly).passed());
}

TEST_CASE("invalid options are rejected before anything is created", "[bundle_writer]") {
    TempDir root;
    BundleOptions options = options_in(root.path());
    std::string error;
    options.initiative = "../up";
    CHECK_FALSE(options.is_valid(&error));
    CHECK_THAT(error, Catch::Contains("initiative"));
    CHECK_THROWS_AS(BundleWriter(options), std::invalid_argument);
    options.initiative = "ok";
    options.root.clear();
    CHECK_THROWS_AS(BundleWriter(options), std::invalid_argument);
    CHECK(fs::is_empty(root.path()));
}

TEST_CASE("a relative root gives relative bundle paths", "[bundle_writer]") {
    TempDir root;
    const fs::path saved = fs::current_path();
    fs::current_path(root.path());
    BundleOptions options = options_in("reports");
    fs::path bundle;
    {
        BundleWriter writer(options);
        writer.add_text("a.txt", "a\n");
        bundle = writer.commit();
    }
    fs::current_path(saved);
    CHECK(bundle == fs::path("reports/cli-flags/20251008T212459Z"));
    CHECK(nbreport::verify_bundle(root.path() / bundle, kManifestOnly).passed());
}
