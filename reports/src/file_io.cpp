#include "file_io.h"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace nbreport::detail {

void throw_errno(const std::string& what, const std::filesystem::path& path) {
    throw std::system_error(errno, std::generic_category(), what + ": " + path.string());
}

UniqueFd::~UniqueFd() {
    if (fd_ >= 0)
        ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = other.release();
    }
    return *this;
}

int UniqueFd::release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

UniqueFd open_or_throw(const std::filesystem::path& path, int flags, mode_t mode) {
    int fd;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        throw_errno("cannot open", path);
    return UniqueFd(fd);
}

std::size_t read_some(int fd, char* buffer, std::size_t size, const std::filesystem::path& path) {
    for (;;) {
        const ssize_t n = ::read(fd, buffer, size);
        if (n >= 0)
            return static_cast<std::size_t>(n);
        if (errno != EINTR)
            throw_errno("cannot read", path);
    }
}

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw_errno("cannot write", path);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void fsync_or_throw(int fd, const std::filesystem::path& path) {
    if (::fsync(fd) != 0)
        throw_errno("cannot fsync", path);
}

void fsync_directory(const std::filesystem::path& dir) {
    const UniqueFd fd = open_or_throw(dir, O_RDONLY | O_DIRECTORY);
    fsync_or_throw(fd.get(), dir);
}

} // namespace nbreport::detail
