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

#include "log.h"

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
    if (x->Fhkl) {
        free(x->Fhkl[0][0]);
        free(x->Fhkl[0]);
        free(x->Fhkl);
        x->Fhkl = NULL;
    }
}

/* One "h k l F" line: exactly four finite numbers, integral indices. Returns 1 for a reflection,
 * 0 for a blank line, -1 (with err set) for a malformed line. */
static int parse_hkl_line(const char* path, long lineno, char* line, int hkl[3], double* F,
                          nbref_err* err) {
    double v[4];
    int n = 0;
    char* p = line;
    char* end;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            ++p;
        if (!*p)
            break;
        if (n == 4) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: more than 4 numbers (expected h k l F)", path,
                       lineno);
            return -1;
        }
        errno = 0;
        v[n] = strtod(p, &end);
        if (end == p || (*end && !isspace((unsigned char)*end))) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: not a number (expected h k l F)", path,
                       lineno);
            return -1;
        }
        if (!isfinite(v[n])) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: non-finite value", path, lineno);
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
        if (v[n] != floor(v[n]) || fabs(v[n]) > 1e6) {
            nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: Miller index %g is not an integer", path,
                       lineno, v[n]);
            return -1;
        }
        hkl[n] = (int)v[n];
    }
    *F = v[3];
    return 1;
}

/* Reads the whole file line by line: pass 1 finds the index bounds, pass 2 (store) fills the
 * table in file order, so a repeated reflection keeps its last value as in the C program. */
static nbref_status scan_hkl(const char* path, nbref_crystal* x, int store, nbref_err* err,
                             long* count) {
    FILE* fp = fopen(path, "r");
    char* line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int hkl[3];
    double F;
    nbref_status st = NBREF_OK;
    *count = 0;
    if (!fp)
        return nbref_fail(err, NBREF_ERR_INPUT, "%s: cannot open HKL file", path);
    while ((len = getline(&line, &cap, fp)) != -1) {
        int r;
        ssize_t i;
        ++lineno;
        for (i = 0; i < len; ++i) {
            unsigned char ch = (unsigned char)line[i];
            if (ch == 0 || (ch < 0x20 && !isspace(ch)) || ch >= 0x7f) {
                st = nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: binary data (not an HKL text file)",
                                path, lineno);
                break;
            }
        }
        if (st != NBREF_OK)
            break;
        r = parse_hkl_line(path, lineno, line, hkl, &F, err);
        if (r < 0) {
            st = NBREF_ERR_INPUT;
            break;
        }
        if (r == 0)
            continue;
        if (store) {
            x->Fhkl[hkl[0] - x->h_min][hkl[1] - x->k_min][hkl[2] - x->l_min] = F;
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
    if (st == NBREF_OK && ferror(fp))
        st = nbref_fail(err, NBREF_ERR_INPUT, "%s: read error", path);
    free(line);
    fclose(fp);
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

static nbref_status read_hkl_file(nbref_sim* s, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    const char* path = s->in.hklfilename;
    long count;
    nbref_status st;
    int h, k, l;

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
    if ((st = alloc_table(x, err)) != NBREF_OK)
        return st;
    if (x->default_F != 0.0) {
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
    if (s->write_fdump) {
        /* written with the other outputs when the run succeeds (nothing half-written) */
        nbref_log(s, "writing dump file for next time: %s\n", s->out.dumpfilename);
        s->fdump_pending = 1;
    }
    return NBREF_OK;
}

/* Fdump.bin: "h_min h_max k_min k_max l_min l_max\n\f", then the padded table as native doubles.
 * Read with the C program's own fscanf format (whose trailing whitespace directive also swallows
 * leading whitespace-valued bytes of the binary block, a quirk kept here). */
static nbref_status read_fdump(nbref_sim* s, FILE* fp, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    const char* path = s->out.dumpfilename;
    nbref_status st;
    int h, k;
    nbref_log(s, "reading Fs from %s\n", path);
    if (fscanf(fp, "%d%d%d%d%d%d\n\f", &x->h_min, &x->h_max, &x->k_min, &x->k_max, &x->l_min,
               &x->l_max) != 6)
        return nbref_fail(err, NBREF_ERR_INPUT, "%s: malformed Fdump header", path);
    x->h_range = x->h_max - x->h_min + 1;
    x->k_range = x->k_max - x->k_min + 1;
    x->l_range = x->l_max - x->l_min + 1;
    if (x->h_range < 1 || x->k_range < 1 || x->l_range < 1 || x->h_range > 100000 ||
        x->k_range > 100000 || x->l_range > 100000)
        return nbref_fail(err, NBREF_ERR_INPUT, "%s: implausible index ranges in Fdump header",
                          path);
    if ((st = alloc_table(x, err)) != NBREF_OK)
        return st;
    for (h = 0; h <= x->h_range; h++)
        for (k = 0; k <= x->k_range; k++)
            if (fread(x->Fhkl[h][k], sizeof(double), (size_t)x->l_range + 1, fp) !=
                (size_t)x->l_range + 1)
                return nbref_fail(err, NBREF_ERR_INPUT, "%s: truncated Fdump table", path);
    x->hkls = x->h_range * x->k_range * x->l_range;
    return NBREF_OK;
}

nbref_status nbref_load_structure_factors(nbref_sim* s, nbref_err* err) {
    nbref_status st = NBREF_OK;
    if (s->in.hklfilename) {
        st = read_hkl_file(s, err);
    } else if (s->read_fdump) {
        FILE* fp = fopen(s->out.dumpfilename, "rb");
        if (fp) {
            st = read_fdump(s, fp, err);
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
