// Runs a command line in a directory and captures its exit code, stdout and stderr.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace nbtest {

struct CommandResult {
    int exit_code = -1; // 128 + signal when killed by a signal
    std::string out, err;
    long peak_rss_kb = 0; // the child's maximum resident set size
};

// argv[0] is the program; arguments are passed without a shell.
CommandResult run_command(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

// Starts argv in cwd (stdout discarded), waits until `ready()` holds (polled every 10 ms, at most
// 5 s), waits `delay` more, sends `sig` and returns the raw wait status.
int run_and_signal(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                   const std::function<bool()>& ready, std::chrono::milliseconds delay, int sig);

// Names of the regular files directly in dir, sorted.
std::vector<std::string> files_in(const std::filesystem::path& dir);

} // namespace nbtest
