#include "nbreport/env_capture.h"

#include "git_probe.h"
#include "host_probe.h"
#include "library_versions.h"
#include "nbreport/build_info.h"
#include "nbreport/sha256.h"

#include <utility>

namespace nbreport {

std::string_view to_string(GitSource source) {
    switch (source) {
    case GitSource::runtime:
        return "runtime";
    case GitSource::build:
        return "build";
    case GitSource::unavailable:
        return "unavailable";
    }
    return "unavailable";
}

EnvRecord capture_environment(const EnvCaptureOptions& options) {
    EnvRecord record;
    record.timing.start_utc = std::chrono::system_clock::now();
    record.timing.steady_start = std::chrono::steady_clock::now();
    record.tool.name = options.tool_name;
    record.tool.version =
        options.tool_version.empty() ? std::string(project_version()) : options.tool_version;
    record.git = detail::probe_git(options.source_dir);
    record.build = build_info();
    record.openmp = detail::probe_openmp();
    record.host = detail::probe_host();
    record.libraries = detail::library_versions();
    return record;
}

InputFile describe_input_file(const std::filesystem::path& path, std::optional<std::string> role) {
    InputFile input;
    input.role = std::move(role);
    input.path = path.generic_string();
    input.sha256 = sha256_file_hex(path);
    input.size_bytes = std::filesystem::file_size(path);
    return input;
}

void finish_timing(EnvRecord& record) {
    record.timing.end_utc = std::chrono::system_clock::now();
    const std::chrono::duration<double> wall =
        std::chrono::steady_clock::now() - record.timing.steady_start;
    record.timing.wall_s = wall.count();
}

} // namespace nbreport
