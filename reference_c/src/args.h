/* The nanoBragg command line (see args.c for the matching rules). */
#ifndef NBREF_ARGS_H
#define NBREF_ARGS_H

#include "errors.h"
#include "sim_state.h"

/* The C program's first pass: remembers the -img and -mask file names. */
void nbref_scan_header_files(nbref_sim* s, int argc, const char* const* argv);

/* The main pass over all options, with the C program's side effects and our validation. */
nbref_status nbref_parse_args(nbref_sim* s, int argc, const char* const* argv, nbref_err* err);

#endif
