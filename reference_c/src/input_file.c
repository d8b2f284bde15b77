#include "input_file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char* kind_of_file(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

int nbref_open_input(const char* path, const char* what, long long* size_out, nbref_err* err) {
    struct stat st;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        nbref_fail(err, NBREF_ERR_INPUT, "%s: cannot open %s (%s)", path, what, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        nbref_fail(err, NBREF_ERR_INPUT, "%s: cannot stat %s (%s)", path, what, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        nbref_fail(err, NBREF_ERR_INPUT,
                   "%s: %s is %s, not a regular file (refused: it could block or never end)", path,
                   what, kind_of_file(st.st_mode));
        close(fd);
        return -1;
    }
    if ((long long)st.st_size > NBREF_MAX_INPUT_BYTES) {
        nbref_fail(err, NBREF_ERR_INPUT, "%s: %s has %lld bytes, more than the %lld allowed", path,
                   what, (long long)st.st_size, (long long)NBREF_MAX_INPUT_BYTES);
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (size_out)
        *size_out = (long long)st.st_size;
    return fd;
}

int nbref_input_exists(const char* path) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

FILE* nbref_fopen_input(const char* path, const char* what, long long* size_out, nbref_err* err) {
    int fd = nbref_open_input(path, what, size_out, err);
    FILE* fp;
    if (fd < 0)
        return NULL;
    fp = fdopen(fd, "rb");
    if (!fp) {
        close(fd);
        nbref_fail(err, NBREF_ERR_INTERNAL, "%s: cannot read %s", path, what);
    }
    return fp;
}

int nbref_is_text_byte(unsigned char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

nbref_status nbref_text_open(nbref_text_reader* r, const char* path, const char* what,
                             nbref_err* err) {
    r->path = path;
    r->lineno = 0;
    r->len = 0;
    r->pos = r->end = 0;
    r->eof = 0;
    r->line[0] = '\0';
    r->fd = nbref_open_input(path, what, NULL, err);
    return r->fd < 0 ? NBREF_ERR_INPUT : NBREF_OK;
}

/* Refills the buffer; 0 at end of file, -1 on a read error. */
static int refill(nbref_text_reader* r, nbref_err* err) {
    ssize_t n;
    do
        n = read(r->fd, r->buf, sizeof r->buf);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        nbref_fail(err, NBREF_ERR_INPUT, "%s: read error (%s)", r->path, strerror(errno));
        return -1;
    }
    r->pos = 0;
    r->end = (size_t)n;
    if (n == 0)
        r->eof = 1;
    return n > 0;
}

int nbref_text_next_line(nbref_text_reader* r, nbref_err* err) {
    size_t len = 0;
    int any = 0;
    for (;;) {
        unsigned char c;
        if (r->pos == r->end) {
            int got = r->eof ? 0 : refill(r, err);
            if (got < 0)
                return -1;
            if (got == 0)
                break;
        }
        c = (unsigned char)r->buf[r->pos++];
        if (!any) {
            any = 1;
            ++r->lineno;
        }
        if (c == '\n')
            break;
        if (!nbref_is_text_byte(c)) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: binary data (byte 0x%02x; not a text file)",
                       r->path, r->lineno, c);
            return -1;
        }
        if (len == NBREF_MAX_LINE_BYTES) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: line longer than %d bytes", r->path,
                       r->lineno, NBREF_MAX_LINE_BYTES);
            return -1;
        }
        r->line[len++] = (char)c;
    }
    r->line[len] = '\0';
    r->len = len;
    return any;
}

void nbref_text_close(nbref_text_reader* r) {
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
}

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}

/* Case-insensitive prefix match of word at p; returns its length or 0. */
static size_t word_at(const char* p, const char* word) {
    size_t i;
    for (i = 0; word[i]; ++i)
        if (tolower((unsigned char)p[i]) != word[i])
            return 0;
    return i;
}

const char* nbref_scan_number(const char* p, double* out, int* nonfinite) {
    const char* q = p;
    const char* mantissa;
    size_t w;
    *nonfinite = 0;
    if (*q == '+' || *q == '-')
        ++q;
    if ((w = word_at(q, "infinity")) || (w = word_at(q, "inf")) || (w = word_at(q, "nan"))) {
        *nonfinite = 1;
        return q + w;
    }
    mantissa = q;
    while (is_digit(*q))
        ++q;
    if (*q == '.') {
        ++q;
        while (is_digit(*q))
            ++q;
    }
    if (q == mantissa || (q == mantissa + 1 && *mantissa == '.'))
        return NULL; /* no digit */
    if (*q == 'e' || *q == 'E') {
        const char* e = q + 1;
        if (*e == '+' || *e == '-')
            ++e;
        if (!is_digit(*e))
            return NULL;
        while (is_digit(*e))
            ++e;
        q = e;
    }
    *out = strtod(p, NULL); /* the validated decimal token, correctly rounded */
    if (!(*out - *out == 0.0))
        *nonfinite = 1; /* overflow to infinity, e.g. 1e999 */
    return q;
}
