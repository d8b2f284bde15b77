#include "nbreport/manifest.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using nbreport::format_manifest;
using nbreport::ManifestEntry;
using nbreport::parse_manifest;

namespace {

const std::string kHashA(64, 'a');
const std::string kHash0(64, '0');

} // namespace

TEST_CASE("format_manifest sorts by path in byte order, two spaces, newline each", "[manifest]") {
    // Byte order: "B" (0x42) < "a" (0x61); "a.txt" < "a/x" because '.' (0x2E) < '/' (0x2F).
    const std::string text =
        format_manifest({{kHashA, "a/x"}, {kHash0, "a.txt"}, {kHashA, "B.md"}});
    CHECK(text == kHashA + "  B.md\n" + kHash0 + "  a.txt\n" + kHashA + "  a/x\n");
}

TEST_CASE("format_manifest refuses what sha256sum -c would not accept", "[manifest]") {
    CHECK_THROWS_AS(format_manifest({{std::string(64, 'A'), "x"}}), std::invalid_argument);
    CHECK_THROWS_AS(format_manifest({{std::string(63, 'a'), "x"}}), std::invalid_argument);
    CHECK_THROWS_AS(format_manifest({{kHashA, "../x"}}), std::invalid_argument);
    CHECK_THROWS_AS(format_manifest({{kHashA, "sha256.txt"}}), std::invalid_argument);
    CHECK_THROWS_AS(format_manifest({{kHashA, "x"}, {kHash0, "x"}}), std::invalid_argument);
}

TEST_CASE("parse_manifest reads back what format_manifest writes", "[manifest]") {
    const std::string text = format_manifest({{kHashA, "env.json"}, {kHash0, "traces/c.jsonl"}});
    const auto parsed = parse_manifest(text);
    CHECK(parsed.errors.empty());
    REQUIRE(parsed.entries.size() == 2);
    CHECK(parsed.entries[0].path == "env.json");
    CHECK(parsed.entries[1].sha256 == kHash0);
    CHECK(parse_manifest("").entries.empty());
    CHECK(parse_manifest("").errors.empty());
}

TEST_CASE("parse_manifest reports each malformed line with its number", "[manifest]") {
    struct Case {
        std::string line;
        std::string why;
    };
    const Case cases[] = {
        {"", "empty line"},
        {std::string(64, 'A') + "  x", "lowercase hex"},
        {kHashA.substr(0, 63) + "  x", "lowercase hex"},
        {kHashA + " file.txt", "exactly two spaces"},
        {kHashA + " *file.txt", "exactly two spaces"},
        {kHashA + "  ../x", "must not leave the bundle"},
        {kHashA + "  /etc/passwd", "absolute"},
        {"# comment", "too short"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        // Line 1 is good, line 2 is the malformed one, line 3 good again.
        const auto parsed =
            parse_manifest(kHashA + "  first\n" + c.line + "\n" + kHash0 + "  third\n");
        REQUIRE(parsed.errors.size() == 1);
        CHECK(parsed.errors[0].line == 2);
        CHECK_THAT(parsed.errors[0].message, Catch::Contains(c.why));
        CHECK(parsed.entries.size() == 2);
    }
}

TEST_CASE("parse_manifest reports duplicates and a missing final newline", "[manifest]") {
    const auto duplicate = parse_manifest(kHashA + "  x\n" + kHash0 + "  x\n");
    REQUIRE(duplicate.errors.size() == 1);
    CHECK(duplicate.errors[0].line == 2);
    CHECK_THAT(duplicate.errors[0].message, Catch::Contains("listed twice"));

    const auto no_newline = parse_manifest(kHashA + "  x\n" + kHash0 + "  y");
    REQUIRE(no_newline.errors.size() == 1);
    CHECK(no_newline.errors[0].line == 2);
    CHECK_THAT(no_newline.errors[0].message, Catch::Contains("no newline"));
}

TEST_CASE("parse_manifest reports a line out of byte order, and still reads it", "[manifest]") {
    // "B.md" (0x42) sorts before "a.txt" (0x61): listing a.txt first puts line 2 out of order
    const std::string text = kHashA + "  a.txt\n" + kHash0 + "  B.md\n" + kHashA + "  c.md\n";
    const auto parsed = parse_manifest(text);
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].line == 2);
    CHECK(parsed.errors[0].message == "out of order: B.md after a.txt (paths are sorted in byte "
                                      "order)");
    CHECK(parsed.entries.size() == 3);
}
