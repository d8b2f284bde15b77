#include "test_support.h"

#include "nbreport/read_file.h"

#include <catch2/catch.hpp>

#include <system_error>

#include <sys/stat.h>

using nbreport_test::TempDir;

TEST_CASE("read_file returns the exact bytes, NULs and CRs included", "[read_file]") {
    TempDir dir;
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes.push_back(static_cast<char>(i));
    bytes += "line\r\n";
    nbreport_test::write_text(dir.path() / "bytes.bin", bytes);
    CHECK(nbreport::read_file(dir.path() / "bytes.bin") == bytes);
}

TEST_CASE("read_file of a missing file throws with the path", "[read_file]") {
    TempDir dir;
    CHECK_THROWS_AS(nbreport::read_file(dir.path() / "absent.txt"), std::system_error);
    CHECK_THROWS_WITH(nbreport::read_file(dir.path() / "absent.txt"),
                      Catch::Contains("absent.txt"));
}

// Reproducer: a FIFO given as an input hung the run (the reader waited for a writer), and
// /dev/zero was read to about 2 GB before it was refused.
TEST_CASE("read_input_file refuses FIFOs, devices and folders without reading", "[read_file]") {
    TempDir dir;
    const auto fifo = dir.path() / "fifo.mat";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(nbreport::read_input_file(fifo, 1 << 20),
                      Catch::Contains("fifo.mat: a FIFO, not a regular file"));
    CHECK_THROWS_WITH(nbreport::read_input_file("/dev/zero", 1 << 20),
                      Catch::Contains("/dev/zero: a character device"));
    CHECK_THROWS_WITH(nbreport::read_input_file(dir.path(), 1 << 20), Catch::Contains("a folder"));
    CHECK_THROWS_AS(nbreport::read_input_file(dir.path() / "absent", 1 << 20),
                    nbreport::InputFileError);
}

TEST_CASE("read_input_file reads a regular file up to its limit, not beyond", "[read_file]") {
    TempDir dir;
    nbreport_test::write_text(dir.path() / "in.hkl", "1 2 3 4\n");
    CHECK(nbreport::read_input_file(dir.path() / "in.hkl", 8) == "1 2 3 4\n");
    CHECK_THROWS_WITH(nbreport::read_input_file(dir.path() / "in.hkl", 7),
                      Catch::Contains("in.hkl: 8 bytes, more than the 7"));
    // a name with control bytes is printed escaped, on one line
    const auto odd = dir.path() / "a\nb\x1b.hkl";
    CHECK_THROWS_WITH(nbreport::read_input_file(odd, 10), Catch::Contains("a\\x0ab\\x1b.hkl"));
}
