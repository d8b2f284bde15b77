#include "errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void nbref_err_init(nbref_err* e, char* buf, size_t len) {
    e->buf = buf;
    e->len = len;
    e->set = 0;
    if (buf && len > 0)
        buf[0] = '\0';
}

nbref_status nbref_fail(nbref_err* e, nbref_status code, const char* fmt, ...) {
    va_list ap;
    char* nl;
    if (e->set || !e->buf || e->len == 0)
        return code;
    va_start(ap, fmt);
    vsnprintf(e->buf, e->len, fmt, ap);
    va_end(ap);
    /* keep it one line whatever the arguments contained */
    while ((nl = strpbrk(e->buf, "\r\n")) != NULL)
        *nl = ' ';
    e->set = 1;
    return code;
}
