// Runs a command line in a directory and captures its exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace nbtest {

struct CommandResult {
    int exit_code = -1;
    std::string out, err;
};

// argv[0] is the program; arguments are passed without a shell.
CommandResult run_command(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

// Names of the regular files directly in dir, sorted.
std::vector<std::string> files_in(const std::filesystem::path& dir);

} // namespace nbtest
