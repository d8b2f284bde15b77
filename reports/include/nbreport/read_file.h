// Reading a whole file into memory.
#pragma once

#include <filesystem>
#include <string>

namespace nbreport {

// The bytes of `path`, exactly (binary, no newline translation).
// Throws std::system_error naming the path when it cannot be opened or read.
std::string read_file(const std::filesystem::path& path);

} // namespace nbreport
