#include "nbreport/bundle_writer.h"

#include "atomic_file.h"
#include "file_io.h"
#include "nbreport/bundle_path.h"
#include "nbreport/manifest.h"
#include "nbreport/sha256.h"
#include "nbreport/signal_cleanup.h"
#include "nbreport/utc_time.h"
#include "rename_noreplace.h"
#include "staging_name.h"

#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nbreport {

namespace fs = std::filesystem;

namespace {

// <stamp>, <stamp>-2, ... <stamp>-kMaxBundlesPerSecond: the names commit() tries, in order.
constexpr int kMaxBundlesPerSecond = 1000;
constexpr int kMaxStagingAttempts = 100;

std::string bundle_name(const std::string& stamp, int n) {
    return n == 1 ? stamp : stamp + "-" + std::to_string(n);
}

fs::path create_staging_dir(const fs::path& initiative_dir, const std::string& stamp) {
    const std::string host = detail::this_host_tag();
    for (int attempt = 0; attempt < kMaxStagingAttempts; ++attempt) {
        const fs::path dir = initiative_dir / detail::format_staging_name(
                                                  {stamp, ::getpid(), detail::random_hex8(), host});
        if (::mkdir(dir.c_str(), 0777) == 0)
            return dir;
        if (errno != EEXIST)
            detail::throw_errno("cannot create staging folder", dir);
    }
    throw std::runtime_error("cannot find a free staging folder name in " +
                             initiative_dir.string());
}

// Throws std::invalid_argument when `relpath` is not a valid bundle path.
void require_valid_relpath(std::string_view relpath) {
    if (std::optional<std::string> error = bundle_relpath_error(relpath))
        throw std::invalid_argument("bundle path: " + *error);
}

// Refuses to go through a symlink that a caller of path_for() may have planted in the staging
// folder: every file of a bundle is written inside it.
void require_no_symlink_below(const fs::path& staging, std::string_view relpath) {
    fs::path partial = staging;
    for (const fs::path& part : fs::path(std::string(relpath))) {
        partial /= part;
        std::error_code ec;
        if (fs::is_symlink(fs::symlink_status(partial, ec)))
            throw std::invalid_argument("bundle path goes through a symlink: " +
                                        std::string(relpath));
    }
}

struct StagedContents {
    std::vector<ManifestEntry> files;
    std::vector<fs::path> folders; // the staging folder itself first
};

// Hashes every file below `staging`. Anything that is not a plain folder or a regular file with a
// valid bundle path (symlinks, fifos, hidden or left-over temporary files) is an error: the
// manifest must describe exactly what `sha256sum -c` and verify_bundle() will see.
StagedContents collect_staged_contents(const fs::path& staging, bool durable) {
    StagedContents contents;
    contents.folders.push_back(staging);
    for (fs::recursive_directory_iterator it(staging), end; it != end; ++it) {
        const fs::path& path = it->path();
        const std::string relpath = path.lexically_relative(staging).generic_string();
        const fs::file_status status = it->symlink_status();
        if (fs::is_directory(status)) {
            if (path.filename().string().front() == '.')
                throw std::runtime_error("hidden folder in bundle: " + relpath);
            contents.folders.push_back(path);
            continue;
        }
        if (!fs::is_regular_file(status))
            throw std::runtime_error("not a regular file in bundle: " + relpath);
        if (std::optional<std::string> error = bundle_relpath_error(relpath))
            throw std::runtime_error("unexpected file in bundle: " + *error);
        if (durable) { // files written through path_for() have not been synced yet
            const detail::UniqueFd fd = detail::open_or_throw(path, O_RDONLY);
            detail::fsync_or_throw(fd.get(), path);
        }
        contents.files.push_back({sha256_file_hex(path), relpath});
    }
    return contents;
}

} // namespace

bool BundleOptions::is_valid(std::string* error) const {
    std::optional<std::string> problem;
    if (root.empty())
        problem = "empty bundle root (--out)";
    else if (stale_staging_age.count() <= 0)
        problem = "stale-staging age must be positive";
    else
        problem = initiative_name_error(initiative);
    if (problem && error)
        *error = *problem;
    return !problem;
}

BundleWriter::BundleWriter(BundleOptions options) : options_(std::move(options)) {
    std::string error;
    if (!options_.is_valid(&error))
        throw std::invalid_argument("bundle options: " + error);
    stamp_ = utc_stamp(options_.stamp_time.value_or(std::chrono::system_clock::now()));
    initiative_dir_ = options_.root / options_.initiative;
    fs::create_directories(initiative_dir_);
    if (options_.clean_stale_staging)
        remove_stale_staging(initiative_dir_, options_.stale_staging_age);
    staging_dir_ = create_staging_dir(initiative_dir_, stamp_);
    cleanup_slot_ = register_cleanup_folder(staging_dir_);
}

BundleWriter::~BundleWriter() {
    abort();
}

BundleWriter::BundleWriter(BundleWriter&& other) noexcept
    : options_(std::move(other.options_)), stamp_(std::move(other.stamp_)),
      initiative_dir_(std::move(other.initiative_dir_)),
      staging_dir_(std::exchange(other.staging_dir_, {})),
      bundle_dir_(std::exchange(other.bundle_dir_, {})), committed_(other.committed_),
      cleanup_slot_(std::exchange(other.cleanup_slot_, -1)) {}

BundleWriter& BundleWriter::operator=(BundleWriter&& other) noexcept {
    if (this != &other) {
        abort();
        options_ = std::move(other.options_);
        stamp_ = std::move(other.stamp_);
        initiative_dir_ = std::move(other.initiative_dir_);
        staging_dir_ = std::exchange(other.staging_dir_, {});
        bundle_dir_ = std::exchange(other.bundle_dir_, {});
        committed_ = other.committed_;
        cleanup_slot_ = std::exchange(other.cleanup_slot_, -1);
    }
    return *this;
}

void BundleWriter::require_open(const char* operation) const {
    if (staging_dir_.empty())
        throw std::logic_error(std::string("BundleWriter::") + operation + " after " +
                               (committed_ ? "commit()" : "abort()"));
}

fs::path BundleWriter::staged_path(std::string_view relpath) {
    require_valid_relpath(relpath);
    require_no_symlink_below(staging_dir_, relpath);
    const fs::path dest = staging_dir_ / fs::path(std::string(relpath));
    fs::create_directories(dest.parent_path());
    return dest;
}

fs::path BundleWriter::prepare_new_file(std::string_view relpath) {
    const fs::path dest = staged_path(relpath);
    std::error_code ec;
    if (fs::exists(fs::symlink_status(dest, ec)))
        throw std::invalid_argument("bundle file already exists: " + std::string(relpath));
    return dest;
}

void BundleWriter::add_text(std::string_view relpath, std::string_view content) {
    require_open("add_text");
    detail::write_file_atomically(prepare_new_file(relpath), content, options_.durable);
}

void BundleWriter::add_bytes(std::string_view relpath, std::string_view bytes) {
    require_open("add_bytes");
    detail::write_file_atomically(prepare_new_file(relpath), bytes, options_.durable);
}

void BundleWriter::add_copy(std::string_view relpath, const fs::path& source) {
    require_open("add_copy");
    detail::copy_file_atomically(prepare_new_file(relpath), source, options_.durable);
}

fs::path BundleWriter::path_for(std::string_view relpath) {
    require_open("path_for");
    return staged_path(relpath);
}

fs::path BundleWriter::commit() {
    require_open("commit");
    const StagedContents contents = collect_staged_contents(staging_dir_, options_.durable);
    const fs::path manifest = staging_dir_ / std::string(kManifestName);
    detail::write_file_atomically(manifest, format_manifest(contents.files), options_.durable);
    try {
        if (options_.durable)
            for (const fs::path& folder : contents.folders)
                detail::fsync_directory(folder);
        for (int n = 1; n <= kMaxBundlesPerSecond; ++n) {
            const fs::path target = initiative_dir_ / bundle_name(stamp_, n);
            if (!detail::rename_directory_noreplace(staging_dir_, target))
                continue;
            committed_ = true;
            staging_dir_.clear();
            unregister_cleanup_folder(std::exchange(cleanup_slot_, -1));
            bundle_dir_ = target;
            if (options_.durable) {
                try { // the bundle exists and is complete; only its survival of a power cut
                    detail::fsync_directory(initiative_dir_); // is at stake here
                } catch (const std::system_error&) {
                }
            }
            return bundle_dir_;
        }
        throw std::runtime_error("no free bundle name for " + stamp_ + " in " +
                                 initiative_dir_.string());
    } catch (...) {
        if (!committed_) // leave the staging folder as it was, so that commit() can be retried
            ::unlink(manifest.c_str());
        throw;
    }
}

void BundleWriter::abort() noexcept {
    if (staging_dir_.empty())
        return;
    std::error_code ec;
    fs::remove_all(staging_dir_, ec);
    staging_dir_.clear();
    unregister_cleanup_folder(std::exchange(cleanup_slot_, -1));
}

} // namespace nbreport
