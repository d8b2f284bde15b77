/* One-line error reporting shared by the set-up code. */
#ifndef NBREF_ERRORS_H
#define NBREF_ERRORS_H

#include <stddef.h>

#include "nbref/nbref.h"

/* Error sink: the first message wins (later ones would only describe consequences). */
typedef struct {
    char* buf;
    size_t len;
    int set;
} nbref_err;

void nbref_err_init(nbref_err* e, char* buf, size_t len);

/* Rewrites the NUL-terminated text in buf (capacity cap) so that every byte outside printable
 * ASCII (0x20..0x7e) reads \xNN: a message stays one line and cannot carry control or escape
 * sequences from a file name or value. The tail is dropped if the result would not fit. */
void nbref_printable_in_place(char* buf, size_t cap);

/* Formats a one-line message into e (if none is set yet), printable characters only (see
 * nbref_printable_in_place), and returns code. */
nbref_status nbref_fail(nbref_err* e, nbref_status code, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
