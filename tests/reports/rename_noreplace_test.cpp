// The fallback used where renameat2(RENAME_NOREPLACE) is unsupported (e.g. NFS) is exercised
// here directly, since this machine's file system supports the primary method.
#include "test_support.h"

#include "rename_noreplace.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nbreport::detail::NoReplaceMethod;
using nbreport::detail::rename_directory_noreplace;
using nbreport::detail::rename_file_noreplace;
using nbreport_test::TempDir;

TEST_CASE("rename_directory_noreplace never replaces, with either method", "[rename_noreplace]") {
    const NoReplaceMethod method =
        GENERATE(NoReplaceMethod::automatic, NoReplaceMethod::reserve_then_rename);
    TempDir dir;
    const fs::path from = dir.path() / "staging";
    fs::create_directories(from / "sub");
    nbreport_test::write_text(from / "sub" / "f.txt", "new");

    SECTION("free name") {
        CHECK(rename_directory_noreplace(from, dir.path() / "target", method));
        CHECK(fs::exists(dir.path() / "target" / "sub" / "f.txt"));
        CHECK_FALSE(fs::exists(from));
    }
    SECTION("an empty folder of that name exists") {
        fs::create_directory(dir.path() / "target");
        CHECK_FALSE(rename_directory_noreplace(from, dir.path() / "target", method));
        CHECK(fs::is_empty(dir.path() / "target"));
        CHECK(fs::exists(from));
    }
    SECTION("a file of that name exists") {
        nbreport_test::write_text(dir.path() / "target", "old");
        CHECK_FALSE(rename_directory_noreplace(from, dir.path() / "target", method));
        CHECK(fs::is_regular_file(dir.path() / "target"));
    }
}

TEST_CASE("the reserve-then-rename fallback gives racing processes distinct names",
          "[rename_noreplace]") {
    TempDir dir;
    constexpr int kProcesses = 6;
    for (int i = 0; i < kProcesses; ++i)
        fs::create_directories(dir.path() / ("staging" + std::to_string(i)) / "x");
    std::vector<pid_t> children;
    for (int i = 0; i < kProcesses; ++i) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const fs::path from = dir.path() / ("staging" + std::to_string(i));
            for (int n = 1; n <= 100; ++n)
                if (rename_directory_noreplace(from, dir.path() / ("b" + std::to_string(n)),
                                               NoReplaceMethod::reserve_then_rename))
                    ::_exit(0);
            ::_exit(1);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK(nbreport_test::exited_with(status, 0));
    }
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        CHECK(fs::exists(e.path() / "x")); // every bundle is a full staging folder, none empty
        names.insert(e.path().filename().string());
    }
    CHECK(names.size() == kProcesses);
}

TEST_CASE("rename_file_noreplace never replaces a file", "[rename_noreplace]") {
    TempDir dir;
    nbreport_test::write_text(dir.path() / "tmp", "new");
    nbreport_test::write_text(dir.path() / "dest", "old");
    CHECK_FALSE(rename_file_noreplace(dir.path() / "tmp", dir.path() / "dest"));
    CHECK(rename_file_noreplace(dir.path() / "tmp", dir.path() / "free"));
    CHECK(fs::exists(dir.path() / "free"));
}
