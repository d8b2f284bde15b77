/* Structure factors: HKL file, Fdump.bin cache, tricubic interpolation. */
#ifndef NBREF_HKL_H
#define NBREF_HKL_H

#include <stdio.h>

#include "errors.h"
#include "sim_state.h"

/* -hkl FILE (writing Fdump.bin when s->write_fdump), or Fdump.bin when -hkl is absent and
 * s->read_fdump (the C program's silent cache, C-DESIGN-FLAW-005). Switches interpolation off
 * when no table was loaded. */
nbref_status nbref_load_structure_factors(nbref_sim* s, nbref_err* err);

void nbref_free_hkl(nbref_crystal* x);

/* Miller indices beyond this magnitude are an input error (the hashed table packs 21 bits). */
#define NBREF_MAX_MILLER_INDEX 1000000

/* F at integer (h, k, l) inside the listed box: the dense table, or the hashed one (default_F
 * for an unlisted reflection, which is what the dense table holds there). */
double nbref_sparse_value(const nbref_crystal* x, int h, int k, int l);
static inline double nbref_hkl_value(const nbref_crystal* x, int h, int k, int l) {
    if (x->Fhkl)
        return x->Fhkl[h - x->h_min][k - x->k_min][l - x->l_min];
    return nbref_sparse_value(x, h, k, l);
}

/* Fdump.bin content: "h_min h_max k_min k_max l_min l_max\n\f", then the padded table as native
 * doubles, l fastest. Dense tables only (a hashed table is never dumped). Returns 0 on a write
 * error. */
int nbref_write_fdump(const nbref_sim* s, FILE* fp);

/* Tricubic Lagrange interpolation on the 4x4x4 nodes ya at (h, k, l): along l for each (h, k)
 * node, then along k, then along h, as the C program's polin3. */
double nbref_polin3(const double* ha, const double* ka, const double* la, double ya[4][4][4],
                    double h, double k, double l);

#endif
