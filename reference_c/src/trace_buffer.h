/* Trace events of one traced pixel, collected by the thread that computes it and delivered to the
 * user's callback in one piece when the pixel is done, so that the events of two pixels traced by
 * two threads never interleave. */
#ifndef NBREF_TRACE_BUFFER_H
#define NBREF_TRACE_BUFFER_H

#include "nbref/nbref.h"

typedef struct {
    const char* key; /* a string literal */
    nbref_indices idx;
    int n;
    double v[9];
} nbref_buffered_event;

typedef struct {
    nbref_buffered_event* ev;
    size_t n, cap;
    int out_of_memory;
} nbref_trace_buffer;

void nbref_tb_init(nbref_trace_buffer* tb);
void nbref_tb_free(nbref_trace_buffer* tb);
void nbref_tb_push(nbref_trace_buffer* tb, const char* key, const nbref_indices* idx, int n,
                   const double* v);
/* Delivers and clears the buffer (caller serialises). */
void nbref_tb_flush(nbref_trace_buffer* tb, nbref_trace_fn fn, void* user);

/* Indices with every field absent. */
nbref_indices nbref_no_indices(void);

#endif
