#include "nbreport/read_file.h"

#include "file_io.h"

#include <fcntl.h>

namespace nbreport {

std::string read_file(const std::filesystem::path& path) {
    const detail::UniqueFd fd = detail::open_or_throw(path, O_RDONLY);
    std::string bytes;
    char buffer[1 << 16];
    while (const std::size_t n = detail::read_some(fd.get(), buffer, sizeof buffer, path))
        bytes.append(buffer, n);
    return bytes;
}

} // namespace nbreport
