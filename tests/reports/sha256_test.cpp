#include "test_support.h"

#include "nbreport/sha256.h"

#include <catch2/catch.hpp>

#include <string>
#include <system_error>

using nbreport::sha256_file_hex;
using nbreport::sha256_hex;
using nbreport_test::TempDir;

// Known answers from FIPS 180-2 / NIST CSRC examples (and `printf '' | sha256sum`).
TEST_CASE("sha256_hex matches the standard test vectors", "[sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256_hex hashes embedded NUL bytes", "[sha256]") {
    const std::string with_nul("a\0b", 3);
    CHECK(sha256_hex(with_nul) != sha256_hex("ab"));
    CHECK(sha256_hex(with_nul).size() == 64);
}

TEST_CASE("sha256_file_hex equals sha256_hex of the file's bytes", "[sha256]") {
    TempDir dir;
    SECTION("empty file") {
        nbreport_test::write_text(dir.path() / "empty", "");
        CHECK(sha256_file_hex(dir.path() / "empty") ==
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
    SECTION("a file larger than the 64 KiB read buffer") {
        std::string big;
        for (int i = 0; i < 200000; ++i)
            big.push_back(static_cast<char>(i * 31 % 251));
        nbreport_test::write_text(dir.path() / "big", big);
        CHECK(sha256_file_hex(dir.path() / "big") == sha256_hex(big));
    }
}

TEST_CASE("sha256_file_hex names the path of a file it cannot read", "[sha256]") {
    TempDir dir;
    const auto missing = dir.path() / "no-such-file";
    CHECK_THROWS_WITH(sha256_file_hex(missing), Catch::Contains("no-such-file"));
    CHECK_THROWS_AS(sha256_file_hex(missing), std::system_error);
}
