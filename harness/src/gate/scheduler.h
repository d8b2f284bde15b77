// Running the gate's `trace_harness run` processes: at most `jobs` at a time, each in its own
// process (a crash or a hang stays in its run), stdout and stderr kept in files.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace harness::gate {

struct Job {
    std::vector<std::string> argv; // argv[0] is the program to execute
    std::filesystem::path stdout_file, stderr_file;
};

struct JobOutcome {
    int exit_code = -1; // -1: killed by a signal (a crash) or by the timeout
    bool timed_out = false;
    double wall_s = 0;
};

// Runs `jobs_list` in `cwd`, `jobs` at once, in list order; `done(i, outcome)` is called in the
// calling thread as job i ends. A job still running after `timeout_s` seconds is killed.
// Throws std::system_error when a process cannot be started.
void run_jobs(const std::vector<Job>& jobs_list, const std::filesystem::path& cwd, int jobs,
              double timeout_s, const std::function<void(std::size_t, const JobOutcome&)>& done);

} // namespace harness::gate
