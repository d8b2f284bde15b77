// Values baked into the library when CMake configured the build (reports/CMakeLists.txt).
#pragma once

#include "nbreport/env_record.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace nbreport {

std::string_view project_version(); // PROJECT_VERSION, e.g. "0.1.0"

// The source tree this binary was configured from: a default for EnvCaptureOptions::source_dir.
// An absolute path of the build machine, so it is never written into a bundle.
std::filesystem::path source_dir_at_build();

BuildInfo build_info();

std::optional<std::string> git_commit_at_build(); // null when the tree had no commit or no git
std::optional<bool> git_dirty_at_build();

} // namespace nbreport
