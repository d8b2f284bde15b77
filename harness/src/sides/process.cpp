#include "sides/process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace harness {

std::string ProcessResult::describe() const {
    if (!started)
        return "could not start: " + error;
    if (timed_out) {
        std::ostringstream s;
        s << "timed out after " << wall_s << " s (killed)";
        return s.str();
    }
    if (signal != 0)
        return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    return "exit status " + std::to_string(exit_code);
}

ProcessResult run_process(const ProcessRequest& req) {
    ProcessResult res;
    // the child's environment: the harness's, with env_set applied
    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string kv(*e);
        const std::size_t eq = kv.find('=');
        if (eq != std::string::npos)
            env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    for (const auto& [k, v] : req.env_set)
        env[k] = v;
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : env)
        env_strings.push_back(k + "=" + v);
    std::vector<char*> envp, argv;
    for (std::string& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = req.argv;
    for (std::string& s : args)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    // a pipe that closes on a successful exec tells the parent whether the program started
    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) != 0) {
        res.error = std::strerror(errno);
        return res;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        res.error = std::strerror(errno);
        return res;
    }
    if (pid == 0) {
        setpgid(0, 0);
        const auto fail = [&](const char* what) {
            const int err = errno;
            std::string msg = std::string(what) + ": " + std::strerror(err);
            (void)!write(status_pipe[1], msg.data(), msg.size());
            _exit(127);
        };
        close(status_pipe[0]);
        if (chdir(req.workdir.c_str()) != 0)
            fail("cannot enter its working directory");
        const int out = open(req.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = open(req.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int in = open("/dev/null", O_RDONLY);
        if (out < 0 || err < 0 || in < 0)
            fail("cannot open its output files");
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        // PATH lookup with the child's environment
        environ = envp.data();
        execvp(argv[0], argv.data());
        fail("cannot run");
    }
    close(status_pipe[1]);
    setpgid(pid, pid);
    char buf[512];
    const ssize_t n = read(status_pipe[0], buf, sizeof buf);
    close(status_pipe[0]);
    if (n > 0) {
        res.error = std::string(buf, static_cast<std::size_t>(n));
        int st;
        waitpid(pid, &st, 0);
        return res;
    }
    res.started = true;
    const bool tty = isatty(2) && !req.progress_label.empty();
    double last_progress = 0;
    int status = 0;
    struct rusage usage {};
    for (;;) {
        const pid_t w = wait4(pid, &status, WNOHANG, &usage);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (w == pid)
            break;
        if (req.timeout_s > 0 && elapsed > req.timeout_s) {
            kill(-pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            res.timed_out = true;
            break;
        }
        if (tty && elapsed > 1 && elapsed - last_progress >= 0.5) {
            std::fprintf(stderr, "\r  %s: running, %.1f s", req.progress_label.c_str(), elapsed);
            std::fflush(stderr);
            last_progress = elapsed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(elapsed < 1 ? 2 : 20));
    }
    if (tty && last_progress > 0)
        std::fprintf(stderr, "\r%*s\r", 60, "");
    res.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    res.peak_rss_kb = usage.ru_maxrss;
    if (!res.timed_out) {
        if (WIFEXITED(status))
            res.exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            res.signal = WTERMSIG(status);
    }
    return res;
}

std::string last_lines(const std::string& path, int n) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        for (char& c : line)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7F)
                c = '?';
        if (!line.empty())
            lines.push_back(line.substr(0, 300));
    }
    std::string out;
    for (std::size_t i = lines.size() > static_cast<std::size_t>(n) ? lines.size() - n : 0;
         i < lines.size(); ++i)
        out += (out.empty() ? "" : " | ") + lines[i];
    return out;
}

} // namespace harness
