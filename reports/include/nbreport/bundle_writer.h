// BundleWriter: builds one evidence bundle in a hidden staging folder and moves it into place,
// complete, in one atomic rename.
//
//   ROOT/NAME/.staging-<stamp>-<pid>-<random>-<host>/   while the run writes (hidden)
//   ROOT/NAME/<stamp>/                                   after commit(); <stamp>-2, -3, ... when
//   taken
//
// <stamp> is the UTC time at which the writer was created ("YYYYMMDDTHHMMSSZ"). commit() writes
// sha256.txt last, then renames the staging folder to the first free name with a rename that
// never replaces an existing entry (renameat2 RENAME_NOREPLACE; on file systems without it, the
// name is first reserved with mkdir). Concurrent writers, in one process or many, therefore get
// distinct bundles, and an existing bundle is never overwritten.
//
// A writer that is destroyed or aborted without commit() removes its staging folder. While it is
// open, the folder is registered with signal_cleanup.h, so a process that installed those
// handlers removes it when interrupted or crashing. A process that dies otherwise (SIGKILL)
// leaves only the hidden staging folder; the next writer for the same initiative removes it
// (staging_cleanup.h). Not thread-safe: one writer per thread.
#pragma once

#include "nbreport/staging_cleanup.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace nbreport {

struct BundleOptions {
    std::filesystem::path root; // --out; may be relative, and then so are the returned paths
    std::string initiative;     // --initiative; see initiative_name_error()
    // Time that names the bundle. Default: the real clock when the writer is created. Tests
    // pin it to force two bundles into the same second.
    std::optional<std::chrono::system_clock::time_point> stamp_time;
    // fsync every file and folder before the renames, so that a bundle that exists after a power
    // failure is also complete. Costs a few milliseconds per bundle on a disk.
    bool durable = true;
    // Remove stale staging folders of this initiative when the writer is created.
    bool clean_stale_staging = true;
    std::chrono::seconds stale_staging_age = kDefaultStaleStagingAge;

    // True when root is non-empty and the initiative name is valid; otherwise false and *error
    // (when given) says why.
    bool is_valid(std::string* error) const;
};

class BundleWriter {
  public:
    // Creates ROOT/NAME/ if needed, removes stale staging folders (if enabled) and creates this
    // writer's staging folder. Throws std::invalid_argument for invalid options and
    // std::system_error when the folders cannot be created.
    explicit BundleWriter(BundleOptions options);
    ~BundleWriter(); // abort() unless committed
    BundleWriter(BundleWriter&&) noexcept;
    BundleWriter& operator=(BundleWriter&&) noexcept;
    BundleWriter(const BundleWriter&) = delete;
    BundleWriter& operator=(const BundleWriter&) = delete;

    // Adding files. `relpath` is bundle-relative (bundle_path.h: std::invalid_argument when it is
    // invalid or would escape the bundle); parent folders are created. Each file is written under
    // a hidden temporary name and renamed to `relpath` when complete. Adding a path that already
    // exists is std::invalid_argument: nothing in a bundle is silently replaced.
    void add_text(std::string_view relpath, std::string_view content);
    void add_bytes(std::string_view relpath, std::string_view bytes);
    void add_copy(std::string_view relpath, const std::filesystem::path& source);

    // The staging location of `relpath` (validated, parent folders created) for callers that
    // write the file themselves. Everything under the staging folder at commit() is listed.
    std::filesystem::path path_for(std::string_view relpath);

    // Writes sha256.txt (every other regular file, sorted by path) and renames the staging folder
    // to ROOT/NAME/<stamp>[-N]. Returns that path. Throws std::runtime_error when the staging
    // folder holds anything but regular files and folders (symlinks, hidden entries), and
    // std::system_error on I/O failure; after a throw the writer is still uncommitted.
    std::filesystem::path commit();

    // Removes the staging folder. Idempotent; never throws.
    void abort() noexcept;

    const std::string& stamp() const { return stamp_; }
    const std::filesystem::path& initiative_dir() const { return initiative_dir_; } // ROOT/NAME
    const std::filesystem::path& staging_dir() const { return staging_dir_; } // empty when closed
    const std::filesystem::path& bundle_dir() const { return bundle_dir_; }   // set by commit()
    bool committed() const { return committed_; }

  private:
    void require_open(const char* operation) const;
    std::filesystem::path staged_path(std::string_view relpath);
    std::filesystem::path prepare_new_file(std::string_view relpath);

    BundleOptions options_;
    std::string stamp_;
    std::filesystem::path initiative_dir_;
    std::filesystem::path staging_dir_;
    std::filesystem::path bundle_dir_;
    bool committed_ = false;
    int cleanup_slot_ = -1; // signal_cleanup.h registration of staging_dir_
};

} // namespace nbreport
