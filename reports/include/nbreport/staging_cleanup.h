// Removing the staging folders that runs which died before commit() left behind.
//
// A staging folder ROOT/NAME/.staging-<stamp>-<pid>-<random>-<host> is stale when
//   - it was made on this host and process <pid> no longer exists, or
//   - it has not been modified for `max_age` (covers other hosts and reused pids), or
//   - its name does not parse and it is older than `max_age`.
// Bundles and any other entries are never touched.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace nbreport {

inline constexpr std::chrono::seconds kDefaultStaleStagingAge = std::chrono::hours(24);

struct StagingCleanupResult {
    std::vector<std::filesystem::path> removed;
    std::vector<std::string> errors; // folders that were stale but could not be removed
};

// Removes the stale staging folders directly inside `initiative_dir` (ROOT/NAME). A missing
// `initiative_dir` is not an error. Never throws for a folder it cannot remove: see `errors`.
StagingCleanupResult remove_stale_staging(const std::filesystem::path& initiative_dir,
                                          std::chrono::seconds max_age = kDefaultStaleStagingAge);

} // namespace nbreport
