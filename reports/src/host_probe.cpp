#include "host_probe.h"

#include "nbreport/read_file.h"

#include <cstdlib>

#include <sys/utsname.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace nbreport::detail {

namespace {

std::string_view trim(std::string_view s) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && blank(s.back()))
        s.remove_suffix(1);
    return s;
}

// Calls `visit(line)` for each line of `text` until it returns true.
template <typename Visit>
void for_each_line(std::string_view text, Visit visit) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        if (visit(text.substr(0, end)) || end == std::string_view::npos)
            return;
        text.remove_prefix(end + 1);
    }
}

std::optional<std::string> read_optional(const char* path) {
    try {
        return read_file(path);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::string> non_empty(std::string_view s) {
    if (s.empty())
        return std::nullopt;
    return std::string(s);
}

} // namespace

std::optional<std::string> os_release_value(std::string_view text, std::string_view key) {
    std::optional<std::string> value;
    for_each_line(text, [&](std::string_view line) {
        if (line.size() <= key.size() || line.substr(0, key.size()) != key ||
            line[key.size()] != '=')
            return false;
        std::string_view v = trim(line.substr(key.size() + 1));
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
            v = v.substr(1, v.size() - 2);
        value = non_empty(v);
        return true;
    });
    return value;
}

std::optional<std::string> cpuinfo_model_name(std::string_view text) {
    std::optional<std::string> model;
    for_each_line(text, [&](std::string_view line) {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || trim(line.substr(0, colon)) != "model name")
            return false;
        model = non_empty(trim(line.substr(colon + 1)));
        return true;
    });
    return model;
}

HostInfo probe_host() {
    HostInfo host;
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) == 0)
        host.hostname = non_empty(name);
    if (const std::optional<std::string> cpuinfo = read_optional("/proc/cpuinfo"))
        host.cpu_model = cpuinfo_model_name(*cpuinfo);
    if (const long cores = ::sysconf(_SC_NPROCESSORS_ONLN); cores > 0)
        host.logical_cores = static_cast<int>(cores);
    struct utsname uts {};
    if (::uname(&uts) == 0) {
        host.os.sysname = non_empty(uts.sysname);
        host.os.release = non_empty(uts.release);
        host.os.machine = non_empty(uts.machine);
    }
    std::optional<std::string> os_release = read_optional("/etc/os-release");
    if (!os_release)
        os_release = read_optional("/usr/lib/os-release");
    if (os_release)
        host.os.pretty_name = os_release_value(*os_release, "PRETTY_NAME");
    return host;
}

OpenMpInfo probe_openmp() {
    OpenMpInfo info;
#ifdef _OPENMP
    info.max_threads = omp_get_max_threads();
#endif
    if (const char* env = std::getenv("OMP_NUM_THREADS"))
        info.omp_num_threads = std::string(env);
    return info;
}

} // namespace nbreport::detail
