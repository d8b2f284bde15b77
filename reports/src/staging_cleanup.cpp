#include "nbreport/staging_cleanup.h"

#include "staging_name.h"

#include <cerrno>
#include <system_error>

#include <signal.h>

namespace nbreport {

namespace fs = std::filesystem;

namespace {

// kill(pid, 0) probes a process without signalling it; EPERM means it exists under another user.
bool process_exists(pid_t pid) {
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

bool older_than(const fs::path& dir, std::chrono::seconds max_age) {
    std::error_code ec;
    const fs::file_time_type modified = fs::last_write_time(dir, ec);
    if (ec)
        return false; // vanished or unreadable: leave it to a later run
    return fs::file_time_type::clock::now() - modified > max_age;
}

bool is_stale(const fs::path& dir, std::chrono::seconds max_age) {
    const std::optional<detail::StagingName> name =
        detail::parse_staging_name(dir.filename().string());
    if (name && name->host == detail::this_host_tag() && !process_exists(name->pid))
        return true;
    return older_than(dir, max_age);
}

} // namespace

StagingCleanupResult remove_stale_staging(const fs::path& initiative_dir,
                                          std::chrono::seconds max_age) {
    StagingCleanupResult result;
    std::error_code ec;
    fs::directory_iterator it(initiative_dir, ec);
    if (ec) {
        if (ec != std::errc::no_such_file_or_directory)
            result.errors.push_back("cannot list " + initiative_dir.string() + ": " + ec.message());
        return result;
    }
    for (const fs::directory_entry& entry : it) {
        const std::string name = entry.path().filename().string();
        if (name.compare(0, detail::kStagingPrefix.size(), detail::kStagingPrefix) != 0)
            continue;
        if (!entry.is_directory(ec) || entry.is_symlink(ec) || !is_stale(entry.path(), max_age))
            continue;
        std::error_code remove_error;
        fs::remove_all(entry.path(), remove_error);
        if (!remove_error)
            result.removed.push_back(entry.path());
        else if (fs::exists(fs::symlink_status(entry.path(), ec)))
            result.errors.push_back("cannot remove " + entry.path().string() + ": " +
                                    remove_error.message());
        // else: a concurrent run removed it first
    }
    return result;
}

} // namespace nbreport
