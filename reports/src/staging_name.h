// The name of a staging folder, ".staging-<stamp>-<pid>-<random>-<host>" (internal).
//
// pid and host let the next run tell a dead run's folder from a live one's; random (8 hex) keeps
// two writers of one process apart. Hidden, so that nothing that lists bundles sees it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace nbreport::detail {

inline constexpr std::string_view kStagingPrefix = ".staging-";

struct StagingName {
    std::string stamp; // "YYYYMMDDTHHMMSSZ"
    pid_t pid = 0;
    std::string random; // 8 lowercase hex
    std::string host;   // this_host_tag()
};

std::string format_staging_name(const StagingName& name);

// nullopt when `name` is not exactly the format above.
std::optional<StagingName> parse_staging_name(std::string_view name);

// gethostname() reduced to [A-Za-z0-9._-] (others become '_'), at most 64 characters; "unknown"
// when it cannot be read.
std::string this_host_tag();

// 8 random lowercase hex characters.
std::string random_hex8();

} // namespace nbreport::detail
