// libFuzzer target: nanobragg_ref's HKL reader on arbitrary bytes, through the library's own
// entry point (nbref_create with -hkl) on an in-memory file (memfd: a regular file, as the
// reader requires). Every input must end as a set-up or as an input or usage error whose
// one-line message names the file; never a crash, a hang or an allocation beyond the limits.
#include "nbref/nbref.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <sys/mman.h>
#include <unistd.h>

namespace {

int memory_file() {
    static const int fd = memfd_create("fuzz.hkl", 0);
    return fd;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int fd = memory_file();
    if (fd < 0 || ftruncate(fd, 0) != 0 ||
        (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)))
        std::abort();
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    const char* argv[] = {
        "nanobragg_ref", "-cell",      "50",  "50", "50", "90",         "90", "90",        "-hkl",
        path.c_str(),    "-default_F", "1.5", "-N", "3",  "-detpixels", "8",  "--threads", "1"};
    char err[1024];
    nbref_sim* sim = nullptr;
    const nbref_status st = nbref_create(static_cast<int>(sizeof argv / sizeof argv[0]), argv,
                                         nullptr, &sim, err, sizeof err);
    if (st == NBREF_OK) {
        if (nbref_run(sim, err, sizeof err) != NBREF_OK)
            std::abort(); // an accepted table must run
        nbref_destroy(sim);
        return 0;
    }
    // an input error names the file; a usage error can only be the memory estimate of -hkl
    const bool names_input =
        (st == NBREF_ERR_INPUT && !std::strncmp(err, path.c_str(), path.size())) ||
        (st == NBREF_ERR_USAGE && !std::strncmp(err, "-hkl", 4));
    if (sim || !names_input || std::strchr(err, '\n'))
        std::abort(); // one line naming the input, nothing allocated
    return 0;
}
