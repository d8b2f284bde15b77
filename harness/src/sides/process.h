// Running an external program the way the harness needs it: in a given working directory, with
// a given environment, stdout and stderr into files, a time limit, and its exit status, wall time
// and peak memory measured by the harness itself (wait4's rusage).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harness {

struct ProcessRequest {
    std::vector<std::string> argv;              // argv[0] is looked up in PATH when it has no '/'
    std::string workdir;                        // created by the caller
    std::map<std::string, std::string> env_set; // added to (or replacing in) the harness's env
    std::string stdout_path, stderr_path;
    double timeout_s = 0;       // 0: none
    std::string progress_label; // shown on stderr when it is a terminal and the run takes > 1 s
};

struct ProcessResult {
    bool started = false;   // false: exec failed (message in error)
    bool timed_out = false; // killed (SIGKILL to its process group) after timeout_s
    int exit_code = -1;     // when it exited
    int signal = 0;         // when a signal ended it
    double wall_s = 0;
    long peak_rss_kb = 0;
    std::string error;

    bool ok() const { return started && !timed_out && signal == 0 && exit_code == 0; }
    // "exit status 2", "killed by signal 11", "timed out after 5 s", "could not start: ..."
    std::string describe() const;
};

ProcessResult run_process(const ProcessRequest& request);

// The last `n` lines of a file (for error messages), printable characters only.
std::string last_lines(const std::string& path, int n);

} // namespace harness
