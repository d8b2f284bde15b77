/* The documented limits of a run (README.md, "Limits"), shared value for value with nbsim.
 *
 * Hard limits are usage errors (exit 1) naming the flag, whatever the options. The estimates of
 * memory and work are refused above their default limits unless --allow-huge is given; with it
 * the work is still capped at 2^53 evaluations (counters and the normalisation stay exact).
 */
#ifndef NBREF_RUN_LIMITS_H
#define NBREF_RUN_LIMITS_H

#include "errors.h"
#include "sim_state.h"

#define NBREF_MAX_AXIS_PIXELS 1048576 /* 2^20 pixels along each detector axis */
#define NBREF_MAX_THREADS 1024
#define NBREF_MAX_OVERSAMPLE 1000
#define NBREF_MAX_PHISTEPS 1000000
#define NBREF_MAX_MOSAIC_DOMAINS 1000000
#define NBREF_MAX_ORIENTATIONS 10000000 /* phi steps x mosaic domains */
#define NBREF_MAX_LAYERS 10000
#define NBREF_MAX_SOURCES 1000000 /* divergence x dispersion grid, or source-file lines */
#define NBREF_MAX_EVALUATIONS 1e10
#define NBREF_MAX_EVALUATIONS_HUGE 9007199254740992.0 /* 2^53 */
#define NBREF_MAX_MEMORY_BYTES 2147483648.0           /* 2 GiB */

/* Structure-factor tables: dense (nanoBragg's layout) when the index box has at most
 * NBREF_DENSE_HKL_CELLS cells or at most NBREF_DENSE_CELLS_PER_REFLECTION cells per listed
 * reflection; hashed otherwise. */
#define NBREF_DENSE_HKL_CELLS 4194304.0
#define NBREF_DENSE_CELLS_PER_REFLECTION 8.0

int nbref_hkl_use_dense(double box_cells, double reflections);

/* Bytes of a dense table (padded box) or of a hashed one holding `reflections`. */
double nbref_hkl_table_bytes(int dense, double padded_cells, double reflections);

/* --threads N, else OMP_NUM_THREADS / the machine's count, at most NBREF_MAX_THREADS. */
nbref_status nbref_check_threads(const nbref_sim* s, nbref_err* err);

/* The resolved phi, mosaic, layer and source counts (after the sampling rules). */
nbref_status nbref_check_counts(const nbref_sim* s, nbref_err* err);

/* The resolved (possibly auto-selected) oversampling. */
nbref_status nbref_check_oversample(const nbref_sim* s, nbref_err* err);

/* Estimated memory: 8 bytes per detector pixel (float image and one output image at a time), the
 * structure-factor table, 200 bytes per orientation (phi step x mosaic domain) and 64 per
 * source. table_bytes < 0 = the table held by s. Refused above NBREF_MAX_MEMORY_BYTES unless
 * --allow-huge. */
nbref_status nbref_check_memory(const nbref_sim* s, double table_bytes, nbref_err* err);

/* Estimated work: evaluations = computed pixels (the ROI, or the traced pixels of a traced-only
 * run) x sub-pixels^2 x layers x sources x phi steps x mosaic domains, plus, when the run replays
 * skipped pixels' state with a -dmin cut, region pixels x sub-pixels^2 x layers x sources. */
double nbref_estimated_evaluations(const nbref_sim* s);
nbref_status nbref_check_work(const nbref_sim* s, nbref_err* err);

#endif
