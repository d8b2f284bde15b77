/* nbref: the reference engine, a faithful C99 re-creation of the nanoBragg C program's simulation.
 *
 * Life cycle:
 *   nbref_create()          parse a nanoBragg command line and do the whole set-up (files,
 * geometry, sources, mosaic domains), printing what the C program prints to opts->log; refuses
 * runs beyond the documented limits (README.md "Limits") and degenerate physics
 *   nbref_add_trace_pixel() optionally trace more pixels than -trace_pixel gives
 *   nbref_run()             the pixel loop (OpenMP over rows, C-PARITY-001 semantics), ROI only
 *   nbref_write_outputs()   float/SMV/PGM/noise images and the end-of-run statistics, as the C does
 *   nbref_destroy()
 *
 * Tracing: for traced pixels the engine calls opts->trace_fn with every intermediate value as it is
 * used, keyed by the project's canonical trace keys (traces/registry) with loop indices. Events of
 * one pixel are delivered together, in computation order, never interleaved with another pixel's.
 * Set-up values (effective configuration) are delivered once during nbref_create() with all indices
 * absent (-1).
 *
 * Status codes are the project's exit codes: 0 ok, 1 usage, 2 input, 4 internal.
 */
#ifndef NBREF_NBREF_H
#define NBREF_NBREF_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    NBREF_OK = 0,
    NBREF_ERR_USAGE = 1,   /* unknown flag, missing or invalid value, pixel/ROI off the detector */
    NBREF_ERR_INPUT = 2,   /* missing, unreadable or malformed input file */
    NBREF_ERR_INTERNAL = 4 /* out of memory, failed write, broken invariant */
} nbref_status;

/* Which loop order decides each OpenMP thread's "first pass" (C-PARITY-001):
 *   ROI        the region actually computed, which is what the C program does with -roi;
 *   FULL_FRAME the whole detector, so that a traced pixel gets the value it has in a full-frame
 *              run while only the ROI is computed. */
typedef enum { NBREF_SCHEDULE_ROI = 0, NBREF_SCHEDULE_FULL_FRAME = 1 } nbref_schedule;

#define NBREF_MAX_TRACE_PIXELS 256

/* Loop position of a traced value; -1 = not applicable. */
typedef struct {
    int pixel_slow, pixel_fast;
    int layer, sub_s, sub_f;
    int source, phi, mosaic;
} nbref_indices;

typedef struct {
    const char* key; /* canonical trace key, e.g. "hkl_frac", "ap", "I_pixel_final" */
    nbref_indices idx;
    int n;                /* number of values, 1..9 */
    const double* values; /* in the key's canonical units */
} nbref_trace_event;

typedef void (*nbref_trace_fn)(void* user, const nbref_trace_event* ev);

typedef struct {
    FILE* log;               /* the C program's stdout text; NULL = silent */
    nbref_trace_fn trace_fn; /* NULL = no events */
    void* trace_user;
    int write_fdump; /* write the Fdump.bin cache after reading -hkl, as the C program does */
    int read_fdump;  /* without -hkl, read Fdump.bin from the cwd silently, as the C program does */
} nbref_create_options;

typedef struct nbref_sim nbref_sim;

/* Defaults: log = NULL, no tracing, no Fdump.bin written or read (the harness's choice; the
 * nanobragg_ref command turns both on to behave like the C program). */
void nbref_create_options_init(nbref_create_options* opts);

/* Parses argv (argv[0] is the program name) and performs the set-up. Beyond nanoBragg's flags it
 * accepts --threads N, --schedule roi|full-frame and --phi0-fix. On error returns a status, writes
 * a one-line message naming the input to err, and leaves *out NULL. */
nbref_status nbref_create(int argc, const char* const* argv, const nbref_create_options* opts,
                          nbref_sim** out, char* err, size_t errlen);

/* Adds a traced pixel (slow, fast); at most NBREF_MAX_TRACE_PIXELS. */
nbref_status nbref_add_trace_pixel(nbref_sim* sim, int slow, int fast, char* err, size_t errlen);

/* Compute only the traced pixels (which must lie in the ROI) instead of the whole ROI. Each still
 * gets the value it has in a run of the schedule region: the state the C program's thread would
 * carry into it is replayed from the region pixels skipped before it. */
void nbref_set_traced_only(nbref_sim* sim, int on);

/* The work nbref_run() would do, in evaluations (README.md "Limits"): computed pixels (the ROI,
 * or the traced pixels with nbref_set_traced_only) x sub-pixels^2 x layers x sources x phi steps
 * x mosaic domains, plus region pixels x sub-pixels^2 x layers x sources when skipped pixels'
 * state is replayed through a -dmin cut. nbref_run() refuses more than 1e10 (2^53 with
 * --allow-huge) as a usage error. */
double nbref_estimated_evaluations(const nbref_sim* sim);

/* Runs the pixel loop over the ROI with the configured threads, schedule and phi0 fix. */
nbref_status nbref_run(nbref_sim* sim, char* err, size_t errlen);

/* Writes the image files the command line asks for (temp file + rename; nothing half-written)
 * and prints the C program's end-of-run lines to the log. */
nbref_status nbref_write_outputs(nbref_sim* sim, char* err, size_t errlen);

/* The float image (slow-major, fast fastest), valid after nbref_run(). */
const float* nbref_image(const nbref_sim* sim, int* fpixels, int* spixels);

/* Effective run switches and detector size. */
int nbref_threads(const nbref_sim* sim);
nbref_schedule nbref_get_schedule(const nbref_sim* sim);
int nbref_phi0_fix(const nbref_sim* sim);

void nbref_destroy(nbref_sim* sim);

/* Installs SIGINT, SIGTERM, SIGHUP and SIGQUIT handlers that remove the temporary files of an
 * nbref_write_outputs() in progress before the process dies of the signal (nanobragg_ref does;
 * a program with its own handlers should not call it). */
void nbref_remove_temporaries_on_signals(void);

/* A trace consumer that prints the C program's per-pixel TRACE_C lines (TRACE_C:, TRACE_C_PHI,
 * TRACE_C_SOURCE2, and TRACE_C_TAP5/TRACE_C_TAP5_HKL when those environment variables are set),
 * in its order and format, from the event stream. Use nbref_legacy_trace as trace_fn with a
 * nbref_legacy_printer as trace_user. */
typedef struct nbref_legacy_printer nbref_legacy_printer;
nbref_legacy_printer* nbref_legacy_printer_new(FILE* out);
void nbref_legacy_printer_free(nbref_legacy_printer* p);
void nbref_legacy_trace(void* printer, const nbref_trace_event* ev);

#ifdef __cplusplus
}
#endif

#endif
