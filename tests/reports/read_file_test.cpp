#include "test_support.h"

#include "nbreport/read_file.h"

#include <catch2/catch.hpp>

#include <system_error>

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
