#include "rename_noreplace.h"

#include "file_io.h"

#include <cerrno>
#include <cstdio>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nbreport::detail {

namespace {

enum class Outcome { renamed, exists, unsupported };

// renameat2(RENAME_NOREPLACE): atomic, and fails with EEXIST instead of replacing `to`.
Outcome try_renameat2_noreplace(const std::filesystem::path& from,
                                const std::filesystem::path& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return Outcome::renamed;
    if (errno == EEXIST)
        return Outcome::exists;
    if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP)
        return Outcome::unsupported;
    throw_errno("cannot rename " + from.string() + " to", to);
}

bool reserve_then_rename(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (::mkdir(to.c_str(), 0700) != 0) {
        if (errno == EEXIST)
            return false;
        throw_errno("cannot create", to);
    }
    // `to` is now our own empty folder; rename(2) replaces an empty folder atomically.
    if (::rename(from.c_str(), to.c_str()) != 0) {
        const int saved = errno;
        ::rmdir(to.c_str());
        errno = saved;
        throw_errno("cannot rename " + from.string() + " to", to);
    }
    return true;
}

} // namespace

bool rename_directory_noreplace(const std::filesystem::path& from, const std::filesystem::path& to,
                                NoReplaceMethod method) {
    if (method == NoReplaceMethod::automatic) {
        const Outcome outcome = try_renameat2_noreplace(from, to);
        if (outcome != Outcome::unsupported)
            return outcome == Outcome::renamed;
    }
    return reserve_then_rename(from, to);
}

bool rename_file_noreplace(const std::filesystem::path& from, const std::filesystem::path& to) {
    const Outcome outcome = try_renameat2_noreplace(from, to);
    if (outcome != Outcome::unsupported)
        return outcome == Outcome::renamed;
    if (::link(from.c_str(), to.c_str()) != 0) {
        if (errno == EEXIST)
            return false;
        throw_errno("cannot link " + from.string() + " to", to);
    }
    ::unlink(from.c_str());
    return true;
}

} // namespace nbreport::detail
