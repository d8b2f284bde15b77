/* Structure factors: the HKL text file, the Fdump.bin cache, and tricubic interpolation.
 * (nanobragg_model.md §6.7, §7.7; c_reference_behaviour.md §6.)
 *
 * The table is Fhkl[h - h_min][k - k_min][l - l_min] with one extra (zero) slot per axis, as in
 * the C program; that padding is part of the Fdump.bin layout.
 */
#define _POSIX_C_SOURCE 200809L
#include "hkl.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_file.h"
#include "log.h"
#include "run_limits.h"

static nbref_status alloc_table(nbref_crystal* x, nbref_err* err) {
    size_t nh = (size_t)x->h_range + 1, nk = (size_t)x->k_range + 1, nl = (size_t)x->l_range + 1;
    double* block;
    double** rows;
    size_t h, k;
    x->Fhkl = (double***)calloc(nh, sizeof(double**));
    rows = (double**)calloc(nh * nk, sizeof(double*));
    block = (double*)calloc(nh * nk * nl, sizeof(double));
    if (!x->Fhkl || !rows || !block) {
        free(x->Fhkl);
        free(rows);
        free(block);
        x->Fhkl = NULL;
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for the structure-factor table");
    }
    for (h = 0; h < nh; ++h) {
        x->Fhkl[h] = rows + h * nk;
        for (k = 0; k < nk; ++k)
            x->Fhkl[h][k] = block + (h * nk + k) * nl;
    }
    return NBREF_OK;
}

void nbref_free_hkl(nbref_crystal* x) {
    nbref_sparse_free(&x->Fsparse);
    if (x->Fhkl) {
        free(x->Fhkl[0][0]);
        free(x->Fhkl[0]);
        free(x->Fhkl);
        x->Fhkl = NULL;
    }
}

/* One "h k l F" line: exactly four finite numbers, integral indices. Returns 1 for a reflection,
 * 0 for a blank line, -1 (with err set) for a malformed line. */
static int parse_hkl_line(const char* path, long lineno, const char* line, int hkl[3], double* F,
                          nbref_err* err) {
    double v[4];
    int n = 0, nonfinite;
    const char* p = line;
    const char* end;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            ++p;
        if (!*p)
            break;
        if (n == 4) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: more than 4 numbers (expected h k l F)", path,
                       lineno);
            return -1;
        }
        end = nbref_scan_number(p, &v[n], &nonfinite);
        if (!end || (*end && !isspace((unsigned char)*end))) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: not a number (expected h k l F)", path,
                       lineno);
            return -1;
        }
        if (nonfinite) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: non-finite value (expected h k l F)", path,
                       lineno);
            return -1;
        }
        ++n;
        p = end;
    }
    if (n == 0)
        return 0;
    if (n != 4) {
        nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: %d numbers (expected h k l F)", path, lineno, n);
        return -1;
    }
    for (n = 0; n < 3; ++n) {
        if (v[n] != floor(v[n])) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: Miller index %g is not an integer", path,
                       lineno, v[n]);
            return -1;
        }
        if (fabs(v[n]) > NBREF_MAX_MILLER_INDEX) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: Miller index %g beyond +-%d", path, lineno,
                       v[n], NBREF_MAX_MILLER_INDEX);
            return -1;
        }
        hkl[n] = (int)v[n];
    }
    *F = v[3];
    return 1;
}

/* One pass over the file: pass 1 (store == 0) finds the count and the index bounds, pass 2 fills
 * the table in file order, so a repeated reflection keeps its last value as in the C program. */
static nbref_status scan_hkl(const char* path, nbref_crystal* x, int store, nbref_err* err,
                             long* count) {
    nbref_text_reader* r = (nbref_text_reader*)malloc(sizeof(nbref_text_reader));
    int hkl[3], got;
    double F;
    nbref_status st = NBREF_OK;
    *count = 0;
    if (!r)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory reading %s", path);
    if (nbref_text_open(r, path, "HKL file", err) != NBREF_OK) {
        free(r);
        return NBREF_ERR_INPUT;
    }
    while ((got = nbref_text_next_line(r, err)) == 1) {
        int ok = parse_hkl_line(path, r->lineno, r->line, hkl, &F, err);
        if (ok < 0) {
            st = NBREF_ERR_INPUT;
            break;
        }
        if (ok == 0)
            continue;
        if (store && x->Fhkl) {
            x->Fhkl[hkl[0] - x->h_min][hkl[1] - x->k_min][hkl[2] - x->l_min] = F;
        } else if (store) {
            nbref_sparse_put(&x->Fsparse, hkl[0], hkl[1], hkl[2], F);
        } else {
            if (x->h_min > hkl[0])
                x->h_min = hkl[0];
            if (x->k_min > hkl[1])
                x->k_min = hkl[1];
            if (x->l_min > hkl[2])
                x->l_min = hkl[2];
            if (x->h_max < hkl[0])
                x->h_max = hkl[0];
            if (x->k_max < hkl[1])
                x->k_max = hkl[1];
            if (x->l_max < hkl[2])
                x->l_max = hkl[2];
        }
        ++*count;
    }
    if (got < 0)
        st = NBREF_ERR_INPUT;
    nbref_text_close(r);
    free(r);
    return st;
}

int nbref_write_fdump(const nbref_sim* s, FILE* fp) {
    const nbref_crystal* x = &s->xtal;
    int h, k, ok = 1;
    fprintf(fp, "%d %d %d %d %d %d\n\f", x->h_min, x->h_max, x->k_min, x->k_max, x->l_min,
            x->l_max);
    for (h = 0; h <= x->h_range; h++)
        for (k = 0; k <= x->k_range; k++)
            if (fwrite(x->Fhkl[h][k], sizeof(double), (size_t)x->l_range + 1, fp) !=
                (size_t)x->l_range + 1)
                ok = 0;
    return ok;
}

static double box_cells(const nbref_crystal* x, int pad) {
    return ((double)x->h_range + pad) * ((double)x->k_range + pad) * ((double)x->l_range + pad);
}

static nbref_status read_hkl_file(nbref_sim* s, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    const char* path = s->in.hklfilename;
    long count;
    nbref_status st;
    int h, k, l, dense;

    x->h_min = x->k_min = x->l_min = 1000000000;
    x->h_max = x->k_max = x->l_max = -1000000000;
    nbref_log(s, "counting entries in %s\n", path);
    if ((st = scan_hkl(path, x, 0, err, &count)) != NBREF_OK)
        return st;
    if (count == 0)
        return nbref_fail(err, NBREF_ERR_INPUT, "%s: no reflections (expected lines of h k l F)",
                          path);
    x->hkls = (int)count;
    x->h_range = x->h_max - x->h_min + 1;
    x->k_range = x->k_max - x->k_min + 1;
    x->l_range = x->l_max - x->l_min + 1;
    dense = nbref_hkl_use_dense(box_cells(x, 0), (double)count);
    if ((st = nbref_check_memory(s, nbref_hkl_table_bytes(dense, box_cells(x, 1), (double)count),
                                 err)) != NBREF_OK)
        return st;
    if (dense) {
        if ((st = alloc_table(x, err)) != NBREF_OK)
            return st;
    } else if (!nbref_sparse_init(&x->Fsparse, (size_t)count)) {
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for the structure factors of %s",
                          path);
    }
    if (dense && x->default_F != 0.0) {
        /* the padding slot of each axis stays 0 */
        nbref_log(s, "initializing to default_F = %g:\n", x->default_F);
        for (h = 0; h < x->h_range; h++)
            for (k = 0; k < x->k_range; k++)
                for (l = 0; l < x->l_range; l++)
                    x->Fhkl[h][k][l] = x->default_F;
        nbref_log(s, "done initializing:\n");
    }
    nbref_log(s, "re-reading %s\n", path);
    if ((st = scan_hkl(path, x, 1, err, &count)) != NBREF_OK)
        return st;
    if (s->write_fdump && dense) {
        /* written with the other outputs when the run succeeds (nothing half-written) */
        nbref_log(s, "writing dump file for next time: %s\n", s->out.dumpfilename);
        s->fdump_pending = 1;
    } else if (s->write_fdump) {
        nbref_log(s,
                  "not writing dump file %s: %ld reflections over a %d x %d x %d index box are "
                  "stored hashed, and the dense cache would take %.3g GB\n",
                  s->out.dumpfilename, count, x->h_range, x->k_range, x->l_range,
                  8.0 * box_cells(x, 1) / 1e9);
    }
    return NBREF_OK;
}

/* Fdump.bin: "h_min h_max k_min k_max l_min l_max\n\f", then the padded table as native doubles.
 * Read with the C program's own fscanf format (whose trailing whitespace directive also swallows
 * leading whitespace-valued bytes of the binary block, a quirk kept here). The header must fit
 * the file before anything is allocated, and every value must be finite. */
static nbref_status read_fdump(nbref_sim* s, FILE* fp, long long file_bytes, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    const char* path = s->out.dumpfilename;
    nbref_status st;
    int h, k, l;
    if (fscanf(fp, "%9d%9d%9d%9d%9d%9d\n\f", &x->h_min, &x->h_max, &x->k_min, &x->k_max, &x->l_min,
               &x->l_max) != 6)
        return nbref_fail(err, NBREF_ERR_INPUT, "%s: malformed Fdump header", path);
    x->h_range = x->h_max - x->h_min + 1;
    x->k_range = x->k_max - x->k_min + 1;
    x->l_range = x->l_max - x->l_min + 1;
    if (x->h_range < 1 || x->k_range < 1 || x->l_range < 1 ||
        8.0 * box_cells(x, 1) > (double)file_bytes)
        return nbref_fail(err, NBREF_ERR_INPUT,
                          "%s: Fdump header's index ranges (%d..%d, %d..%d, %d..%d) do not fit "
                          "the file's %lld bytes",
                          path, x->h_min, x->h_max, x->k_min, x->k_max, x->l_min, x->l_max,
                          file_bytes);
    nbref_log(s, "reading Fs from %s\n", path);
    if ((st = nbref_check_memory(s, nbref_hkl_table_bytes(1, box_cells(x, 1), 0), err)) !=
            NBREF_OK ||
        (st = alloc_table(x, err)) != NBREF_OK)
        return st;
    for (h = 0; h <= x->h_range; h++)
        for (k = 0; k <= x->k_range; k++) {
            if (fread(x->Fhkl[h][k], sizeof(double), (size_t)x->l_range + 1, fp) !=
                (size_t)x->l_range + 1)
                return nbref_fail(err, NBREF_ERR_INPUT, "%s: truncated Fdump table", path);
            for (l = 0; l <= x->l_range; l++)
                if (!isfinite(x->Fhkl[h][k][l]))
                    return nbref_fail(err, NBREF_ERR_INPUT,
                                      "%s: non-finite structure factor at h k l = %d %d %d", path,
                                      h + x->h_min, k + x->k_min, l + x->l_min);
        }
    x->hkls = x->h_range * x->k_range * x->l_range;
    return NBREF_OK;
}

nbref_status nbref_load_structure_factors(nbref_sim* s, nbref_err* err) {
    nbref_status st = NBREF_OK;
    if (s->in.hklfilename) {
        st = read_hkl_file(s, err);
    } else if (s->read_fdump) {
        long long bytes = 0;
        if (nbref_input_exists(s->out.dumpfilename)) {
            /* a missing cache is silently skipped, as in the C program */
            FILE* fp = nbref_fopen_input(s->out.dumpfilename, "Fdump file", &bytes, err);
            if (!fp)
                return NBREF_ERR_INPUT;
            st = read_fdump(s, fp, bytes, err);
            fclose(fp);
        }
    }
    if (st != NBREF_OK)
        return st;
    /* nothing to interpolate without a table */
    if (s->xtal.hkls == 0)
        s->xtal.interpolate = 0;
    return NBREF_OK;
}

double nbref_sparse_value(const nbref_crystal* x, int h, int k, int l) {
    return nbref_sparse_get(&x->Fsparse, h, k, l, x->default_F);
}

/* 4-point Lagrange polynomial through (xa[i], ya[i]) evaluated at x, term by term as the C. */
static double polint(const double* xa, const double* ya, double x) {
    double x0, x1, x2, x3;
    x0 = (x - xa[1]) * (x - xa[2]) * (x - xa[3]) * ya[0] /
         ((xa[0] - xa[1]) * (xa[0] - xa[2]) * (xa[0] - xa[3]));
    x1 = (x - xa[0]) * (x - xa[2]) * (x - xa[3]) * ya[1] /
         ((xa[1] - xa[0]) * (xa[1] - xa[2]) * (xa[1] - xa[3]));
    x2 = (x - xa[0]) * (x - xa[1]) * (x - xa[3]) * ya[2] /
         ((xa[2] - xa[0]) * (xa[2] - xa[1]) * (xa[2] - xa[3]));
    x3 = (x - xa[0]) * (x - xa[1]) * (x - xa[2]) * ya[3] /
         ((xa[3] - xa[0]) * (xa[3] - xa[1]) * (xa[3] - xa[2]));
    return x0 + x1 + x2 + x3;
}

double nbref_polin3(const double* ha, const double* ka, const double* la, double ya[4][4][4],
                    double h, double k, double l) {
    double along_k[4], along_h[4];
    int i, j;
    /* for each h node: interpolate along l for each k node, then along k; finally along h */
    for (i = 0; i < 4; ++i) {
        for (j = 0; j < 4; ++j)
            along_k[j] = polint(la, ya[i][j], l);
        along_h[i] = polint(ka, along_k, k);
    }
    return polint(ha, along_h, h);
}
