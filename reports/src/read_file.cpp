#include "nbreport/read_file.h"

#include "file_io.h"
#include "nbreport/message_text.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>

namespace nbreport {

std::string read_file(const std::filesystem::path& path) {
    const detail::UniqueFd fd = detail::open_or_throw(path, O_RDONLY);
    std::string bytes;
    char buffer[1 << 16];
    while (const std::size_t n = detail::read_some(fd.get(), buffer, sizeof buffer, path))
        bytes.append(buffer, n);
    return bytes;
}

namespace {

const char* kind_of_file(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

} // namespace

std::string read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
    const std::string name = printable(path.string());
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer
    const int raw = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (raw < 0)
        throw InputFileError(name + ": cannot open (" + std::strerror(errno) + ")");
    const detail::UniqueFd fd(raw);
    struct stat st;
    if (::fstat(fd.get(), &st) != 0)
        throw InputFileError(name + ": cannot stat (" + std::strerror(errno) + ")");
    if (!S_ISREG(st.st_mode))
        throw InputFileError(name + ": " + kind_of_file(st.st_mode) +
                             ", not a regular file (refused: it could block or never end)");
    if (static_cast<std::uintmax_t>(st.st_size) > max_bytes)
        throw InputFileError(name + ": " + std::to_string(st.st_size) + " bytes, more than the " +
                             std::to_string(max_bytes) + " an input may have");
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[1 << 16];
    try {
        while (const std::size_t n = detail::read_some(fd.get(), buffer, sizeof buffer, path)) {
            if (bytes.size() + n > max_bytes) // the file grew while being read
                throw InputFileError(name + ": more than the " + std::to_string(max_bytes) +
                                     " bytes an input may have");
            bytes.append(buffer, n);
        }
    } catch (const std::system_error& e) {
        throw InputFileError(name + ": read error (" + e.code().message() + ")");
    }
    return bytes;
}

} // namespace nbreport
