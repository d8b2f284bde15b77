#include "nbreport/bundle_path.h"

#include <catch2/catch.hpp>

#include <string>

using nbreport::bundle_relpath_error;
using nbreport::initiative_name_error;

TEST_CASE("bundle_relpath_error accepts plain relative paths", "[bundle_path]") {
    for (const char* ok : {"env.json", "traces/c.jsonl", "a/b/c/d.txt", "summary notes.md",
                           "trace.v2.log", "sub/sha256.txt", "x..y", "résumé.md"}) {
        INFO(ok);
        CHECK_FALSE(bundle_relpath_error(ok));
    }
}

TEST_CASE("bundle_relpath_error rejects paths that escape or confuse the manifest",
          "[bundle_path]") {
    const std::string with_newline = "a\nb";
    for (const std::string& bad :
         {std::string(""), std::string("/etc/passwd"), std::string(".."), std::string("../x"),
          std::string("a/../../x"), std::string("a/.."), std::string("./a"), std::string("a/./b"),
          std::string("a//b"), std::string("a/"), std::string(".hidden"), std::string("a/.nbtmp-1"),
          std::string("a\\b"), with_newline, std::string("tab\there"), std::string("sha256.txt"),
          std::string(256, 'x')}) {
        INFO(bad);
        CHECK(bundle_relpath_error(bad));
    }
}

TEST_CASE("bundle_relpath_error says why", "[bundle_path]") {
    CHECK_THAT(*bundle_relpath_error("../x"), Catch::Contains("must not leave the bundle"));
    CHECK_THAT(*bundle_relpath_error("/abs"), Catch::Contains("absolute"));
    CHECK_THAT(*bundle_relpath_error("sha256.txt"), Catch::Contains("reserved"));
}

TEST_CASE("initiative_name_error accepts one plain component only", "[bundle_path]") {
    CHECK_FALSE(initiative_name_error("cli-flags"));
    CHECK_FALSE(initiative_name_error("2025-10_phase.l"));
    for (const char* bad : {"", ".", "..", ".hidden", "-x", "a/b", "a b", "/abs", "a\\b"}) {
        INFO(bad);
        CHECK(initiative_name_error(bad));
    }
}
