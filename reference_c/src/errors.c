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

void nbref_printable_in_place(char* buf, size_t cap) {
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(buf), extra = 0, i, j;
    for (i = 0; i < n; ++i)
        extra += ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] > 0x7e) ? 3 : 0;
    /* drop the tail that no longer fits once every escape is four characters */
    while (n + extra >= cap && n > 0) {
        --n;
        extra -= ((unsigned char)buf[n] < 0x20 || (unsigned char)buf[n] > 0x7e) ? 3 : 0;
    }
    buf[n + extra] = '\0';
    for (i = n, j = n + extra; i-- > 0;) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 || c > 0x7e) {
            buf[--j] = hex[c & 0xf];
            buf[--j] = hex[c >> 4];
            buf[--j] = 'x';
            buf[--j] = '\\';
        } else {
            buf[--j] = (char)c;
        }
    }
}

nbref_status nbref_fail(nbref_err* e, nbref_status code, const char* fmt, ...) {
    va_list ap;
    if (e->set || !e->buf || e->len == 0)
        return code;
    va_start(ap, fmt);
    vsnprintf(e->buf, e->len, fmt, ap);
    va_end(ap);
    nbref_printable_in_place(e->buf, e->len);
    e->set = 1;
    return code;
}
