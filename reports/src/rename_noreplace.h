// Renames that never replace an existing entry (internal).
#pragma once

#include <filesystem>

namespace nbreport::detail {

// How a folder is renamed without replacing anything.
enum class NoReplaceMethod {
    automatic,           // renameat2(RENAME_NOREPLACE); reserve_then_rename where unsupported
    reserve_then_rename, // mkdir(to) reserves the name (EEXIST if taken), then rename(2) onto
                         // that empty folder. A crash in between leaves an empty folder `to`.
};

// Renames folder `from` to `to` unless `to` exists. Returns false when `to` exists (including an
// empty folder); throws std::system_error on any other failure.
bool rename_directory_noreplace(const std::filesystem::path& from, const std::filesystem::path& to,
                                NoReplaceMethod method = NoReplaceMethod::automatic);

// Renames file `from` to `to` unless `to` exists: renameat2(RENAME_NOREPLACE), or link(2) +
// unlink(2) where unsupported. Returns false when `to` exists; throws on any other failure.
bool rename_file_noreplace(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace nbreport::detail
