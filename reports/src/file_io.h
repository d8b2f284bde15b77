// POSIX file primitives with errors that name the path (internal).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace nbreport::detail {

// Throws std::system_error(errno) with "<what>: <path>".
[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path);

// An owned file descriptor, closed on destruction.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    int release() noexcept;

  private:
    int fd_ = -1;
};

// open(2) with O_CLOEXEC; throws on failure.
UniqueFd open_or_throw(const std::filesystem::path& path, int flags, mode_t mode = 0666);

// Reads up to `size` bytes, retrying on EINTR; returns 0 at end of file; throws on error.
std::size_t read_some(int fd, char* buffer, std::size_t size, const std::filesystem::path& path);

// Writes all of `bytes`, retrying on EINTR and short writes; throws on error.
void write_all(int fd, std::string_view bytes, const std::filesystem::path& path);

void fsync_or_throw(int fd, const std::filesystem::path& path);

// fsync of a folder, so that entries created or renamed in it survive a power failure.
void fsync_directory(const std::filesystem::path& dir);

} // namespace nbreport::detail
