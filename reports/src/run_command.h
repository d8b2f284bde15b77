// Running a helper program and capturing its standard output (internal).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nbreport::detail {

struct CommandOutput {
    int exit_code = -1; // -1 when it did not exit normally
    std::string standard_output;
};

// Runs argv[0] (searched in PATH) with stdin and stderr on /dev/null and the current environment
// minus the variables named in `unset`, plus `set` ("NAME=value"). Uses posix_spawnp, which is
// safe in a process that already runs threads. nullopt when the program cannot be started.
std::optional<CommandOutput> run_command(const std::vector<std::string>& argv,
                                         const std::vector<std::string>& unset = {},
                                         const std::vector<std::string>& set = {});

} // namespace nbreport::detail
