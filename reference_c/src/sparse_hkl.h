/* A hashed structure-factor table for HKL files whose index box is mostly empty.
 *
 * nanoBragg stores F on the dense box h_min..h_max x k_min..k_max x l_min..l_max, so six
 * reflections at +-300 cost 601^3 doubles (1.7 GB). Above the density rule of
 * nbref_hkl_use_dense() the reference stores the listed reflections in this open-addressing
 * table instead (16 bytes per slot, at most half the slots used): memory grows with the
 * reflections, not with the index range. Lookups of an unlisted index inside the box return
 * default_F, exactly what the dense table holds there.
 */
#ifndef NBREF_SPARSE_HKL_H
#define NBREF_SPARSE_HKL_H

#include <stddef.h>

typedef struct {
    long long* keys; /* -1 = empty slot */
    double* values;
    size_t mask;  /* slots - 1 (a power of two) */
    size_t count; /* distinct reflections stored */
} nbref_sparse_hkl;

/* Room for n reflections; returns 0 when out of memory. */
int nbref_sparse_init(nbref_sparse_hkl* t, size_t n);
void nbref_sparse_free(nbref_sparse_hkl* t);

/* Stores F at (h, k, l) (|index| < 2^20), replacing an earlier value: a repeated reflection keeps
 * its last value, as in the C program. */
void nbref_sparse_put(nbref_sparse_hkl* t, int h, int k, int l, double F);

/* F of (h, k, l), or `otherwise` when it is not listed. */
double nbref_sparse_get(const nbref_sparse_hkl* t, int h, int k, int l, double otherwise);

/* Bytes the table would take for n reflections (the memory estimate uses it). */
double nbref_sparse_bytes(double n);

#endif
