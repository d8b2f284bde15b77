#include "trace_buffer.h"

#include <stdlib.h>
#include <string.h>

void nbref_tb_init(nbref_trace_buffer* tb) {
    memset(tb, 0, sizeof(*tb));
}

void nbref_tb_free(nbref_trace_buffer* tb) {
    free(tb->ev);
    memset(tb, 0, sizeof(*tb));
}

void nbref_tb_push(nbref_trace_buffer* tb, const char* key, const nbref_indices* idx, int n,
                   const double* v) {
    nbref_buffered_event* e;
    if (tb->n == tb->cap) {
        size_t cap = tb->cap ? 2 * tb->cap : 256;
        nbref_buffered_event* grown =
            (nbref_buffered_event*)realloc(tb->ev, cap * sizeof(nbref_buffered_event));
        if (!grown) {
            tb->out_of_memory = 1;
            return;
        }
        tb->ev = grown;
        tb->cap = cap;
    }
    e = &tb->ev[tb->n++];
    e->key = key;
    e->idx = *idx;
    e->n = n;
    memcpy(e->v, v, (size_t)n * sizeof(double));
}

void nbref_tb_flush(nbref_trace_buffer* tb, nbref_trace_fn fn, void* user) {
    size_t i;
    for (i = 0; fn && i < tb->n; ++i) {
        nbref_trace_event ev;
        ev.key = tb->ev[i].key;
        ev.idx = tb->ev[i].idx;
        ev.n = tb->ev[i].n;
        ev.values = tb->ev[i].v;
        fn(user, &ev);
    }
    tb->n = 0;
}

nbref_indices nbref_no_indices(void) {
    nbref_indices i;
    i.pixel_slow = i.pixel_fast = i.layer = i.sub_s = i.sub_f = -1;
    i.source = i.phi = i.mosaic = -1;
    return i;
}
