#include "temp_cleanup.h"

#include <atomic>
#include <csignal>
#include <cstring>

#include <unistd.h>

namespace nbsim {

namespace {

constexpr int kSlots = 16;
constexpr std::size_t kPathBytes = 4200;

struct Slot {
    std::atomic<int> state{0}; // 0 free, 1 being filled, 2 registered
    char path[kPathBytes];
};
Slot g_slots[kSlots];

void on_signal(int sig) {
    for (Slot& s : g_slots)
        if (s.state.load() == 2)
            ::unlink(s.path);
    std::signal(sig, SIG_DFL);
    ::raise(sig); // delivered when the handler returns, with the default action
}

} // namespace

int register_temp_file(const std::string& path) noexcept {
    if (path.size() >= kPathBytes)
        return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = 0;
        if (!g_slots[i].state.compare_exchange_strong(expected, 1))
            continue;
        std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
        g_slots[i].state.store(2);
        return i;
    }
    return -1;
}

void unregister_temp_file(int slot) noexcept {
    if (slot >= 0 && slot < kSlots)
        g_slots[slot].state.store(0);
}

void install_temp_cleanup_handlers() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
        struct sigaction sa, old;
        // a signal the process was started ignoring (nohup, a background job) stays ignored
        if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        std::memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(sig, &sa, nullptr);
    }
}

} // namespace nbsim
