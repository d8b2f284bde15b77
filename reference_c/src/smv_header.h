/* Reading SMV (ADSC) images for -img and -mask: header keywords and uint16 pixel data. */
#ifndef NBREF_SMV_HEADER_H
#define NBREF_SMV_HEADER_H

#include "errors.h"
#include "sim_state.h"

typedef struct {
    char* header; /* NUL-terminated, header_size bytes */
    int header_size;
    int width, height;    /* SIZE1 (fast), SIZE2 (slow) */
    unsigned short* data; /* width*height pixels in file byte order (the C program never swaps) */
} nbref_smv;

/* Reads header and data. Missing file, non-SMV content or short data are input errors. */
nbref_status nbref_smv_read(const char* path, nbref_smv* out, nbref_err* err);

/* Value after '=' following the LAST occurrence of keyword in the header (so DISTANCE can pick up
 * CLOSE_DISTANCE, as in the C program); NaN when the keyword is absent, 0 when no '=' follows. */
double nbref_smv_value(const nbref_smv* f, const char* keyword);

void nbref_smv_free(nbref_smv* f);

/* Seeds the parameters from the -mask header, then the -img header (the C program's first pass),
 * keeping the mask pixels. The mask's BEAM_CENTER_Y is flipped (detsize_s - Y), the image's not. */
nbref_status nbref_apply_header_files(nbref_sim* s, nbref_err* err);

#endif
