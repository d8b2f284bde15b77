#include "atomic_file.h"

#include "file_io.h"
#include "rename_noreplace.h"

#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace nbreport::detail {

namespace {

std::filesystem::path temp_path_beside(const std::filesystem::path& dest) {
    static std::atomic<unsigned long> counter{0};
    const std::string name = std::string(kTempPrefix) + std::to_string(::getpid()) + "-" +
                             std::to_string(counter.fetch_add(1));
    return dest.parent_path() / name;
}

// Creates a temporary file beside `dest`, lets `fill` write into it, then renames it to `dest`.
void write_via_temp(const std::filesystem::path& dest, bool durable,
                    const std::function<void(int fd, const std::filesystem::path&)>& fill) {
    const std::filesystem::path temp = temp_path_beside(dest);
    try {
        UniqueFd fd = open_or_throw(temp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        fill(fd.get(), temp);
        if (durable)
            fsync_or_throw(fd.get(), temp);
        if (::close(fd.release()) != 0) // a failed close can be a failed write (NFS, quotas)
            throw_errno("cannot close", temp);
        if (!rename_file_noreplace(temp, dest))
            throw std::invalid_argument("bundle file already exists: " + dest.string());
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
}

} // namespace

void write_file_atomically(const std::filesystem::path& dest, std::string_view bytes,
                           bool durable) {
    write_via_temp(dest, durable, [bytes](int fd, const std::filesystem::path& temp) {
        write_all(fd, bytes, temp);
    });
}

void copy_file_atomically(const std::filesystem::path& dest, const std::filesystem::path& source,
                          bool durable) {
    const UniqueFd in = open_or_throw(source, O_RDONLY);
    write_via_temp(dest, durable, [&](int fd, const std::filesystem::path& temp) {
        char buffer[1 << 16];
        while (const std::size_t n = read_some(in.get(), buffer, sizeof buffer, source))
            write_all(fd, std::string_view(buffer, n), temp);
    });
}

} // namespace nbreport::detail
