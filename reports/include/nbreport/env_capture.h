// Filling an EnvRecord: capture_environment() at the start of a run, describe_input_file() for
// each input, finish_timing() at the end; the harness fills `run` and `timing.engine_wall_s`.
#pragma once

#include "nbreport/env_record.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace nbreport {

struct EnvCaptureOptions {
    std::string tool_name = "trace_harness";
    std::string tool_version; // empty: project_version()
    // The source tree to ask `git -C <dir>` about (rev-parse HEAD, status --porcelain). When it is
    // unset or git fails there, git.commit/dirty fall back to the values baked in at configure
    // time, and git.source says which was used.
    std::optional<std::filesystem::path> source_dir;
};

// Captures tool, git, build, OpenMP, host, OS and library versions, and starts the clock
// (timing.start_utc). Never throws for a value it cannot find: that value is null.
EnvRecord capture_environment(const EnvCaptureOptions& options);

// Size and SHA-256 of an input file; `path` keeps the spelling given (relative stays relative).
// Throws std::system_error when the file cannot be read.
InputFile describe_input_file(const std::filesystem::path& path,
                              std::optional<std::string> role = std::nullopt);

// Sets timing.end_utc to now and timing.wall_s to the steady-clock time since capture.
void finish_timing(EnvRecord& record);

} // namespace nbreport
