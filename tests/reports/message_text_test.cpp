#include "nbreport/message_text.h"

#include <catch2/catch.hpp>

#include <string>

using nbreport::printable;
using nbreport::with_user_paths;

TEST_CASE("printable escapes every byte outside printable ASCII", "[message_text]") {
    CHECK(printable("plain text, 0..9 ~") == "plain text, 0..9 ~");
    // a terminal escape, a bell, a newline that would forge a second line, a NUL, UTF-8, DEL
    CHECK(printable(std::string("a\x1b[2Jb\x07\nc\0d\xc3\xa9\x7f", 14)) ==
          "a\\x1b[2Jb\\x07\\x0ac\\x00d\\xc3\\xa9\\x7f");
}

TEST_CASE("with_user_paths puts the user's path where a copy's path was", "[message_text]") {
    const std::string staged = "out/parity/.staging-20251008T212459Z-1-ab-host/inputs/in.hkl";
    CHECK(
        with_user_paths("reference: " + staged + ":2: binary data", {{staged, "../data/in.hkl"}}) ==
        "reference: ../data/in.hkl:2: binary data");
    // every occurrence; a replacement that contains the copy's path does not loop
    CHECK(with_user_paths("x.hkl and x.hkl", {{"x.hkl", "dir/x.hkl"}}) ==
          "dir/x.hkl and dir/x.hkl");
    CHECK(with_user_paths("untouched", {{"", "never"}, {"absent", "y"}}) == "untouched");
}
