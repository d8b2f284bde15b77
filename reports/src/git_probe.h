// GitInfo for env.json (internal).
#pragma once

#include "nbreport/env_record.h"

#include <filesystem>
#include <optional>

namespace nbreport::detail {

// Asks `git -C <source_dir>` for HEAD and `status --porcelain` (any output = dirty, untracked
// files included); falls back to the values baked in at configure time; records which was used.
GitInfo probe_git(const std::optional<std::filesystem::path>& source_dir);

} // namespace nbreport::detail
