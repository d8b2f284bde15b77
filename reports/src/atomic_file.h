// Writing a file so that it appears under its name only when complete (internal).
//
// The bytes go to a hidden temporary file in the same folder (".nbtmp-<pid>-<n>"), which is then
// renamed to `dest` without replacing anything: a reader never sees half a file, and a failure
// removes the temporary file.
#pragma once

#include <filesystem>
#include <string_view>

namespace nbreport::detail {

inline constexpr std::string_view kTempPrefix = ".nbtmp-";

// Throws std::invalid_argument when `dest` already exists, std::system_error on I/O failure.
// With `durable`, the file is fsync'ed before the rename.
void write_file_atomically(const std::filesystem::path& dest, std::string_view bytes, bool durable);

// The same, with the bytes of `source` (streamed, so large files are never held in memory).
void copy_file_atomically(const std::filesystem::path& dest, const std::filesystem::path& source,
                          bool durable);

} // namespace nbreport::detail
