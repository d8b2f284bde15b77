#include "test_support.h"

#include "nbreport/bundle_writer.h"
#include "nbreport/staging_cleanup.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using nbreport::BundleOptions;
using nbreport::BundleWriter;
using nbreport::remove_stale_staging;
using nbreport_test::entries;
using nbreport_test::TempDir;

namespace {

BundleOptions options_in(const fs::path& root) {
    BundleOptions options;
    options.root = root;
    options.initiative = "crash";
    options.durable = false;
    return options;
}

// A child that creates a writer, writes part of a bundle and then leaves without committing
// and without running any destructor, as a crash would.
void start_bundle_and_die(const BundleOptions& options) {
    BundleWriter writer(options);
    writer.add_text("env.json", "{}\n");
    writer.add_text("traces/reference.jsonl", "{}\n");
    ::_exit(0);
}

} // namespace

TEST_CASE("a process that dies before commit leaves no bundle, and cleanup removes its staging",
          "[staging_cleanup]") {
    TempDir root;
    const BundleOptions options = options_in(root.path());
    const int status = nbreport_test::run_in_child([&] { start_bundle_and_die(options); });
    REQUIRE(nbreport_test::exited_with(status, 0));

    const fs::path initiative = root.path() / "crash";
    CHECK(entries(initiative, /*hidden=*/false).empty()); // no bundle
    REQUIRE(entries(initiative, /*hidden=*/true).size() == 1);

    // Its pid is gone, so the folder is stale at once, whatever its age.
    const auto result = remove_stale_staging(initiative);
    CHECK(result.removed.size() == 1);
    CHECK(result.errors.empty());
    CHECK(fs::is_empty(initiative));
}

TEST_CASE("a process killed with SIGKILL before commit leaves no bundle; the next run cleans up",
          "[staging_cleanup]") {
    TempDir root;
    const BundleOptions options = options_in(root.path());
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        BundleWriter writer(options);
        writer.add_text("env.json", "{}\n");
        (void)!::write(ready[1], "x", 1);
        ::pause(); // killed here, mid-run
        ::_exit(2);
    }
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    ::close(ready[1]);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));

    const fs::path initiative = root.path() / "crash";
    CHECK(entries(initiative, false).empty());
    CHECK(entries(initiative, true).size() == 1);

    // The next writer of the initiative removes the dead run's staging folder when created.
    BundleWriter next(options);
    CHECK(entries(initiative, true).size() == 1); // only its own
    CHECK(*entries(initiative, true).begin() == next.staging_dir().filename().string());
    next.add_text("a.txt", "a\n");
    next.commit();
    CHECK(entries(initiative, false).size() == 1);
    CHECK(entries(initiative, true).empty());
}

TEST_CASE("cleanup keeps the staging folder of a live writer", "[staging_cleanup]") {
    TempDir root;
    BundleWriter live(options_in(root.path()));
    const auto result = remove_stale_staging(root.path() / "crash");
    CHECK(result.removed.empty());
    CHECK(fs::is_directory(live.staging_dir()));

    // A second writer of the same initiative in the same process leaves it alone too.
    BundleWriter second(options_in(root.path()));
    CHECK(fs::is_directory(live.staging_dir()));
}

TEST_CASE("cleanup removes staging folders of other hosts or unknown names only when old",
          "[staging_cleanup]") {
    TempDir root;
    const fs::path initiative = root.path() / "crash";
    // pid 1 exists; the host is not this one: only age can make these stale.
    const fs::path other_host = initiative / ".staging-20251008T212459Z-1-0123abcd-elsewhere";
    const fs::path unparsable = initiative / ".staging-garbage";
    const fs::path not_staging = initiative / ".keep-me";
    for (const fs::path& dir : {other_host, unparsable, not_staging})
        fs::create_directories(dir);

    CHECK(remove_stale_staging(initiative).removed.empty());

    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(48);
    for (const fs::path& dir : {other_host, unparsable, not_staging})
        fs::last_write_time(dir, old);
    const auto result = remove_stale_staging(initiative, std::chrono::hours(24));
    CHECK(result.removed.size() == 2);
    CHECK_FALSE(fs::exists(other_host));
    CHECK_FALSE(fs::exists(unparsable));
    CHECK(fs::exists(not_staging)); // not a staging folder: never touched
}

TEST_CASE("cleanup of a missing initiative folder is not an error", "[staging_cleanup]") {
    TempDir root;
    const auto result = remove_stale_staging(root.path() / "never-created");
    CHECK(result.removed.empty());
    CHECK(result.errors.empty());
}
