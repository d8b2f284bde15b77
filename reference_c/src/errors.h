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

/* Formats a one-line message into e (if none is set yet) and returns code. */
nbref_status nbref_fail(nbref_err* e, nbref_status code, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
