#include "nbreport/signal_cleanup.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace nbreport {

namespace {

// A slot is free (0), being filled (1) or holds a folder to remove (2).
struct Slot {
    std::atomic<int> state{0};
    char path[4096];
};
static_assert(std::atomic<int>::is_always_lock_free, "the handlers read the slots");

Slot g_slots[kMaxCleanupFolders];
std::atomic<const char*> g_program{"nbreport"};
std::atomic<bool> g_installed{false};

// --- async-signal-safe helpers --------------------------------------------------------------

void write_stderr(const char* text) noexcept {
    std::size_t n = std::strlen(text);
    while (n > 0) {
        const ssize_t w = ::write(STDERR_FILENO, text, n);
        if (w <= 0) {
            if (w < 0 && errno == EINTR)
                continue;
            return;
        }
        text += w;
        n -= static_cast<std::size_t>(w);
    }
}

struct LinuxDirent64 {
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[1];
};

void remove_entry(int parent_fd, const char* name, int depth) noexcept;

// Empties the folder open as `fd`. Entries are re-listed until a pass removes nothing, because
// removing entries while listing may make getdents skip some.
void empty_folder(int fd, int depth) noexcept {
    alignas(8) char buffer[4096];
    for (int pass = 0; pass < 64; ++pass) {
        bool removed = false;
        if (::lseek(fd, 0, SEEK_SET) != 0)
            return;
        for (;;) {
            const long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
            if (n <= 0)
                break;
            for (long off = 0; off < n;) {
                const auto* d = reinterpret_cast<const LinuxDirent64*>(buffer + off);
                off += d->d_reclen;
                if (!std::strcmp(d->d_name, ".") || !std::strcmp(d->d_name, ".."))
                    continue;
                remove_entry(fd, d->d_name, depth + 1);
                removed = true;
            }
        }
        if (!removed)
            return;
    }
}

void remove_entry(int parent_fd, const char* name, int depth) noexcept {
    if (::unlinkat(parent_fd, name, 0) == 0 || errno == ENOENT)
        return;
    if (depth > 64) // deeper than any bundle; never follow a loop
        return;
    const int fd = ::openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    empty_folder(fd, depth);
    ::close(fd);
    ::unlinkat(parent_fd, name, AT_REMOVEDIR);
}

const char* signal_name(int sig) noexcept {
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV (invalid memory access)";
    case SIGBUS:
        return "SIGBUS (bus error)";
    case SIGFPE:
        return "SIGFPE (arithmetic exception)";
    case SIGILL:
        return "SIGILL (illegal instruction)";
    case SIGABRT:
        return "SIGABRT (abort)";
    default:
        return "a fatal signal";
    }
}

void on_interrupt(int sig) {
    const int saved = errno;
    remove_registered_folders();
    std::signal(sig, SIG_DFL);
    errno = saved;
    ::raise(sig); // delivered when the handler returns, with the default action
}

void on_crash(int sig) {
    remove_registered_folders();
    write_stderr(g_program.load());
    write_stderr(": internal error: ");
    write_stderr(signal_name(sig));
    write_stderr("; the run was abandoned and its staging folder removed\n");
    ::_exit(4);
}

void install(int sig, void (*handler)(int), bool on_alt_stack) {
    struct sigaction old;
    // a signal the process was started ignoring (nohup, a background job of a non-interactive
    // shell) stays ignored
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
        return;
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = on_alt_stack ? SA_ONSTACK : 0;
    if (::sigaction(sig, &sa, nullptr) != 0)
        throw std::system_error(errno, std::generic_category(), "sigaction");
}

} // namespace

int register_cleanup_folder(const std::filesystem::path& dir) noexcept {
    std::string absolute;
    try {
        absolute = std::filesystem::absolute(dir).lexically_normal().string();
    } catch (...) {
        return -1;
    }
    if (absolute.size() >= sizeof(Slot::path))
        return -1;
    for (std::size_t i = 0; i < kMaxCleanupFolders; ++i) {
        int expected = 0;
        if (!g_slots[i].state.compare_exchange_strong(expected, 1))
            continue;
        std::memcpy(g_slots[i].path, absolute.c_str(), absolute.size() + 1);
        g_slots[i].state.store(2);
        return static_cast<int>(i);
    }
    return -1;
}

void unregister_cleanup_folder(int slot) noexcept {
    if (slot >= 0 && static_cast<std::size_t>(slot) < kMaxCleanupFolders)
        g_slots[slot].state.store(0);
}

void remove_registered_folders() noexcept {
    for (Slot& s : g_slots)
        if (s.state.load() == 2)
            remove_entry(AT_FDCWD, s.path, 0);
}

bool cleanup_handles_crashes() noexcept {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(undefined_behavior_sanitizer)
    return false;
#else
    return true;
#endif
#else
    return true;
#endif
}

void install_cleanup_signal_handlers(const char* program_name) {
    g_program.store(program_name ? program_name : "nbreport");
    if (g_installed.exchange(true))
        return;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT})
        install(sig, on_interrupt, false);
    if (!cleanup_handles_crashes())
        return;
    // a stack overflow can only be reported from another stack (main thread; OpenMP workers
    // that overflow their own stacks cannot run a handler at all)
    static char alt_stack[1 << 16];
    stack_t ss;
    ss.ss_sp = alt_stack;
    ss.ss_size = sizeof alt_stack;
    ss.ss_flags = 0;
    const bool have_alt = ::sigaltstack(&ss, nullptr) == 0;
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
        install(sig, on_crash, have_alt);
}

} // namespace nbreport
