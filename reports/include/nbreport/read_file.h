// Reading a whole file into memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace nbreport {

// The bytes of `path`, exactly (binary, no newline translation).
// Throws std::system_error naming the path when it cannot be opened or read.
std::string read_file(const std::filesystem::path& path);

// The largest input file read_input_file() callers accept (the engines' limit too).
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t{1} << 30;

// An input file a user named that cannot be used; what() is one line naming the path.
class InputFileError : public std::runtime_error {
  public:
    explicit InputFileError(const std::string& what) : std::runtime_error(what) {}
};

// The bytes of an input file given by a user, read in bounded memory. Refused up front, without
// reading a byte, unless it is a regular file: a FIFO, a character device such as /dev/zero, a
// socket or a folder could block forever or never end. Refused when it holds more than
// `max_bytes`. Throws InputFileError; messages show the path with printable characters only.
std::string read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes);

} // namespace nbreport
