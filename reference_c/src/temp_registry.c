#include "temp_registry.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "nbref/nbref.h"

#define NBREF_TEMP_SLOTS 16
#define NBREF_TEMP_PATH 4200

static char g_paths[NBREF_TEMP_SLOTS][NBREF_TEMP_PATH];
static int g_used[NBREF_TEMP_SLOTS]; /* accessed with __atomic builtins */

int nbref_temp_register(const char* path) {
    int i;
    size_t n = strlen(path);
    if (n >= NBREF_TEMP_PATH)
        return -1;
    for (i = 0; i < NBREF_TEMP_SLOTS; ++i) {
        int expected = 0;
        if (__atomic_compare_exchange_n(&g_used[i], &expected, 1, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            memcpy(g_paths[i], path, n + 1);
            __atomic_store_n(&g_used[i], 2,
                             __ATOMIC_SEQ_CST); /* complete: the handler may use it */
            return i;
        }
    }
    return -1;
}

void nbref_temp_unregister(int slot) {
    if (slot >= 0 && slot < NBREF_TEMP_SLOTS)
        __atomic_store_n(&g_used[slot], 0, __ATOMIC_SEQ_CST);
}

static void on_signal(int sig) {
    int i;
    for (i = 0; i < NBREF_TEMP_SLOTS; ++i)
        if (__atomic_load_n(&g_used[i], __ATOMIC_SEQ_CST) == 2)
            unlink(g_paths[i]);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered on return, with the default action */
}

void nbref_remove_temporaries_on_signals(void) {
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    size_t i;
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) {
        struct sigaction sa, old;
        /* a signal the process was started ignoring (nohup, a background job) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}
