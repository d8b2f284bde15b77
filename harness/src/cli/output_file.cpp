#include "cli/output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace harness {

bool write_output_file(const std::string& path, std::string_view text, std::string* error) {
    namespace fs = std::filesystem;
    const fs::path dest(path);
    const fs::path dir = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
    const fs::path tmp =
        dir / (".nbout-" + std::to_string(::getpid()) + "-" + dest.filename().string());
    const auto fail = [&](const char* what, int err) {
        if (error)
            *error = path + ": cannot write: " + what +
                     (err ? std::string(": ") + std::strerror(err) : "");
        std::error_code ec;
        fs::remove(tmp, ec);
        return false;
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail("cannot create a file in its folder", errno);
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            ::close(fd);
            return fail("write failed", err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        return fail("write failed", errno);
    if (std::rename(tmp.c_str(), dest.c_str()) != 0)
        return fail("rename failed", errno);
    return true;
}

} // namespace harness
