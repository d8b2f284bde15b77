// HostInfo and OpenMpInfo for env.json (internal).
#pragma once

#include "nbreport/env_record.h"

#include <optional>
#include <string>
#include <string_view>

namespace nbreport::detail {

HostInfo probe_host();

OpenMpInfo probe_openmp();

// The value of `key` in os-release text (KEY=value or KEY="value"), unquoted.
std::optional<std::string> os_release_value(std::string_view text, std::string_view key);

// The first "model name" value of /proc/cpuinfo text.
std::optional<std::string> cpuinfo_model_name(std::string_view text);

} // namespace nbreport::detail
