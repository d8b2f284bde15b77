/* Opening and reading the user's input files in bounded memory.
 *
 * Every input (HKL, matrix, source, Fdump, SMV image and mask, -stol table) must be a regular
 * file of at most NBREF_MAX_INPUT_BYTES: a FIFO, a character device such as /dev/zero, a socket
 * or a folder is refused up front, without reading a byte (it could block or never end). Text
 * inputs are read line by line through a fixed buffer: a line longer than NBREF_MAX_LINE_BYTES,
 * or a byte that no text file holds (NUL, another control character than tab, CR, VT, FF, or
 * anything above 0x7e), ends the read with an input error naming file and line.
 */
#ifndef NBREF_INPUT_FILE_H
#define NBREF_INPUT_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "errors.h"

#define NBREF_MAX_INPUT_BYTES (1LL << 30)
#define NBREF_MAX_LINE_BYTES 4096

/* Opens `path` for reading after the checks above; `what` names the role in messages ("HKL
 * file"). Returns the descriptor, or -1 with err set (input error). *size_out gets the size. */
int nbref_open_input(const char* path, const char* what, long long* size_out, nbref_err* err);

/* 1 when something exists at path (opened without blocking, so a FIFO does not hang). */
int nbref_input_exists(const char* path);

/* The same as a stdio stream ("rb"); NULL with err set. */
FILE* nbref_fopen_input(const char* path, const char* what, long long* size_out, nbref_err* err);

/* 1 when byte c may appear in a text input. */
int nbref_is_text_byte(unsigned char c);

typedef struct {
    int fd;
    const char* path;
    long lineno;
    size_t len;                          /* length of line (without its newline) */
    char line[NBREF_MAX_LINE_BYTES + 1]; /* the current line, NUL-terminated */
    char buf[1 << 16];
    size_t pos, end;
    int eof;
} nbref_text_reader;

/* Opens a text input (see above). Returns NBREF_OK or an input error. The reader is large: keep
 * it on the heap or in static storage, not in a small stack frame. */
nbref_status nbref_text_open(nbref_text_reader* r, const char* path, const char* what,
                             nbref_err* err);

/* Reads the next line into r->line: 1 = a line, 0 = end of file, -1 = error (err set: line too
 * long, binary data, read error). */
int nbref_text_next_line(nbref_text_reader* r, nbref_err* err);

void nbref_text_close(nbref_text_reader* r);

/* One number token at p, in the grammar both engines accept: [+-] digits [. digits]
 * [(e|E) [+-] digits] with at least one mantissa digit (no hex, no digit separators), or the
 * words nan, inf, infinity (any case, signed). Returns the end of the token, or NULL when p does
 * not start with a number. *nonfinite is set for the words and for values that overflow; *out
 * gets the correctly rounded value otherwise. The caller checks what follows the token. */
const char* nbref_scan_number(const char* p, double* out, int* nonfinite);

#endif
