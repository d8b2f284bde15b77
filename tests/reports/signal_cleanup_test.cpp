// Staging folders of an interrupted or crashing process: removed by the handlers of
// signal_cleanup.h, in a forked child that really receives the signal.
#include "common/skip_test.h"
#include "test_support.h"

#include "nbreport/bundle_writer.h"
#include "nbreport/signal_cleanup.h"

#include <catch2/catch.hpp>

#include <csignal>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nbreport_test::entries;
using nbreport_test::TempDir;

namespace {

// A child that opens a bundle writer (its staging folder holds a nested file), installs the
// handlers and then receives `sig`; returns the child's wait status.
int staged_child_receives(const fs::path& root, int sig) {
    return nbreport_test::run_in_child([&] {
        nbreport::install_cleanup_signal_handlers("signal_cleanup_test");
        nbreport::BundleOptions options;
        options.root = root;
        options.initiative = "sig";
        nbreport::BundleWriter writer(options);
        writer.add_text("inputs/deep/file.txt", "staged\n");
        writer.add_text("summary.md", "x\n");
        if (entries(root / "sig", /*hidden=*/true).size() != 1)
            ::_exit(9); // the staging folder must exist before the signal
        ::kill(::getpid(), sig);
        ::pause(); // an interrupt is delivered when kill returns; never reached
    });
}

} // namespace

TEST_CASE("SIGINT and SIGTERM remove the staging folder, then kill the process as usual",
          "[signal_cleanup]") {
    for (int sig : {SIGINT, SIGTERM}) {
        TempDir root;
        const int status = staged_child_receives(root.path(), sig);
        INFO("signal " << sig);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == sig);
        CHECK(entries(root.path() / "sig", /*hidden=*/true).empty());
        CHECK(entries(root.path() / "sig", /*hidden=*/false).empty());
    }
}

TEST_CASE("a crash removes the staging folder and exits 4 with one line", "[signal_cleanup]") {
    if (!nbreport::cleanup_handles_crashes())
        nbtest::skip_test("sanitizer build: the crash handlers are not installed (the sanitizer "
                          "reports the crash instead); only the interrupt handlers are tested");
    TempDir root;
    const int status = staged_child_receives(root.path(), SIGSEGV);
    CHECK(nbreport_test::exited_with(status, 4));
    CHECK(entries(root.path() / "sig", /*hidden=*/true).empty());
}

TEST_CASE("a committed or aborted writer leaves nothing registered", "[signal_cleanup]") {
    TempDir root;
    nbreport::BundleOptions options;
    options.root = root.path();
    options.initiative = "sig";
    fs::path bundle;
    {
        nbreport::BundleWriter committed(options);
        committed.add_text("summary.md", "x\n");
        bundle = committed.commit();
        nbreport::BundleWriter aborted(options);
        aborted.abort();
    }
    // removing the registered folders now must not touch the committed bundle
    nbreport::remove_registered_folders();
    CHECK(fs::exists(bundle / "summary.md"));
    CHECK(entries(root.path() / "sig", /*hidden=*/true).empty());
}

TEST_CASE("a signal the process was started ignoring stays ignored", "[signal_cleanup]") {
    // nohup, or SIGINT of a background job of a non-interactive shell
    TempDir root;
    const int status = nbreport_test::run_in_child([&] {
        ::signal(SIGINT, SIG_IGN);
        nbreport::install_cleanup_signal_handlers("signal_cleanup_test");
        nbreport::BundleOptions options;
        options.root = root.path();
        options.initiative = "sig";
        nbreport::BundleWriter writer(options);
        ::kill(::getpid(), SIGINT);
        if (entries(root.path() / "sig", /*hidden=*/true).size() != 1)
            ::_exit(9); // the handler must not have run
        ::_exit(7);
    });
    CHECK(nbreport_test::exited_with(status, 7));
}
