#include "gate/scheduler.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <map>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace harness::gate {

namespace {

using Clock = std::chrono::steady_clock;

struct Running {
    std::size_t index;
    Clock::time_point start;
    bool killed = false;
};

pid_t start(const Job& job, const std::filesystem::path& cwd) {
    std::vector<char*> argv;
    for (const std::string& a : job.argv)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int out = ::open(job.stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err = ::open(job.stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || err < 0) {
        const int e = errno;
        if (out >= 0)
            ::close(out);
        if (err >= 0)
            ::close(err);
        throw std::system_error(e, std::generic_category(), job.stdout_file.string());
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        // the child: only async-signal-safe calls until exec
        if (::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 || ::chdir(cwd.c_str()) != 0)
            ::_exit(127);
        const int null_in = ::open("/dev/null", O_RDONLY);
        if (null_in >= 0)
            ::dup2(null_in, 0);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    const int e = errno;
    ::close(out);
    ::close(err);
    if (pid < 0)
        throw std::system_error(e, std::generic_category(), "fork");
    return pid;
}

} // namespace

void run_jobs(const std::vector<Job>& jobs_list, const std::filesystem::path& cwd, int jobs,
              double timeout_s, const std::function<void(std::size_t, const JobOutcome&)>& done) {
    std::map<pid_t, Running> running;
    std::size_t next = 0;
    while (next < jobs_list.size() || !running.empty()) {
        while (next < jobs_list.size() && static_cast<int>(running.size()) < jobs) {
            running[start(jobs_list[next], cwd)] = Running{next, Clock::now()};
            ++next;
        }
        bool ended = false;
        for (auto it = running.begin(); it != running.end(); ++it) {
            int status = 0;
            const pid_t pid = ::waitpid(it->first, &status, WNOHANG); // only our own children
            if (pid < 0 && errno == EINTR)
                continue;
            if (pid < 0)
                throw std::system_error(errno, std::generic_category(), "waitpid");
            if (pid == 0)
                continue;
            const Running r = it->second;
            running.erase(it);
            JobOutcome o;
            o.wall_s = std::chrono::duration<double>(Clock::now() - r.start).count();
            o.timed_out = r.killed;
            o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            done(r.index, o);
            ended = true;
            break;
        }
        if (ended)
            continue;
        for (auto& [p, r] : running)
            if (!r.killed &&
                std::chrono::duration<double>(Clock::now() - r.start).count() > timeout_s) {
                ::kill(p, SIGKILL);
                r.killed = true;
            }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

} // namespace harness::gate
