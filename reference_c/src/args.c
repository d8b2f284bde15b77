/* nanoBragg's command line, read the way the C program reads it.
 *
 * The C program matches every argv entry that starts with '-' against each option with strstr(),
 * a SUBSTRING test, in a fixed order, and takes values positionally. That has side effects we
 * reproduce on purpose (c_reference_behaviour.md §1.1): -twotheta_axis also sets twotheta and the
 * SAMPLE pivot; -mosaic_seed and -misset_seed also set -seed; -printout_pixel also sets -printout;
 * -pix0_vector_mm is the -pix0_vector handler; -width/-heigh match any option containing them.
 * (Not every claimed collision happens: "-pgmscale" does not contain "-scale", nor
 * "-close_distance" "-distance" -- the character before the name is not a dash -- and the real
 * program indeed leaves -scale and -distance alone there.) The option table below is in the C
 * program's order; several entries can fire for one argv entry.
 *
 * Where the C program is silent we are not (the harness must never guess):
 *   - a '-' token that matches no option is an error naming it (the C program ignores it);
 *   - a stray token that is neither an option nor an option's value is an error;
 *   - a missing value, a non-numeric value, NaN/inf, a negative size or count, and -phisteps 0 are
 *     errors (the C program would read garbage, crash, or use atof's 0).
 * Project extensions: --threads N, --schedule roi|full-frame, --phi0-fix, --allow-huge.
 *
 * Deliberate choices between the two public C variants (reference_c/README.md): -misset is matched
 * exactly (as in the instrumented build that made the goldens), so -misset_seed does not set
 * missetting angles; -dump FILE (upstream's Fdump file name) is matched exactly so that it does not
 * collide with -dump_pixel.
 */
#include "args.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "run_limits.h"

#define RTD (180.0 * M_1_PI)

typedef enum { M_SS, M_EQ, M_SS_LEN_EQ, M_SS_LEN_GT } match_mode;

typedef struct {
    const char* pat;
    match_mode mode;
    int len;
} alt;

/* What each table entry does; the big switch in apply() is the C program's handler bodies. */
typedef enum {
    A_NA,
    A_NB,
    A_NC,
    A_N,
    A_CELL,
    A_MISSET_RANDOM,
    A_MISSET,
    A_SAMPLE_XYZ,
    A_SAMPLE_X,
    A_SAMPLE_Y,
    A_SAMPLE_Z,
    A_DENSITY,
    A_MW,
    A_XBEAM,
    A_YBEAM,
    A_XCLOSE,
    A_YCLOSE,
    A_ORGX,
    A_ORGY,
    A_PIVOT,
    A_MOSFLM,
    A_XDS,
    A_ADXV,
    A_DENZO,
    A_DIALS,
    A_FDET,
    A_SDET,
    A_ODET,
    A_BEAMV,
    A_POLARV,
    A_SPINDLE,
    A_TWOTHETA_AXIS,
    A_PIX0,
    A_DISTANCE,
    A_CLOSE_DISTANCE,
    A_DET_ABS,
    A_DET_THICK,
    A_THICKSTEPS,
    A_TWOTHETA,
    A_ROTX,
    A_ROTY,
    A_ROTZ,
    A_DETSIZE,
    A_DETSIZE_F,
    A_DETSIZE_S,
    A_DETPIXELS,
    A_DETPIXELS_F,
    A_DETPIXELS_S,
    A_CURVED,
    A_PIXEL,
    A_POINT_PIXEL,
    A_POLAR,
    A_NOPOLAR,
    A_OS_THICK,
    A_OS_POLAR,
    A_OS_OMEGA,
    A_OVERSAMPLE,
    A_ROI,
    A_LAMBDA,
    A_ENERGY,
    A_FLUENCE,
    A_FLUX,
    A_EXPOSURE,
    A_BEAMSIZE,
    A_MOSAIC,
    A_MOSAIC_DOM,
    A_DISPERSION,
    A_DISPSTEPS,
    A_DIVERGENCE,
    A_HDIVRANGE,
    A_VDIVRANGE,
    A_HDIVSTEP,
    A_HDIVSTEPS,
    A_VDIVSTEP,
    A_VDIVSTEPS,
    A_DIVSTEPS,
    A_ROUND_DIV,
    A_SQUARE_DIV,
    A_ADC,
    A_PHI,
    A_OSC,
    A_PHISTEP,
    A_PHISTEPS,
    A_DMIN,
    A_MAT,
    A_HKL,
    A_DEFAULT_F,
    A_IMG,
    A_STOLOUT,
    A_STOL,
    A_4STOL,
    A_Q,
    A_SOURCEFILE,
    A_FLOATFILE,
    A_INTFILE,
    A_PGMFILE,
    A_NOISEFILE,
    A_NONOISE,
    A_NOPGM,
    A_SCALE,
    A_PGMSCALE,
    A_COHERENT,
    A_PRINTOUT,
    A_NOPROGRESS,
    A_PROGRESS,
    A_INTERPOLATE,
    A_NOINTERPOLATE,
    A_ROUND_XTAL,
    A_SQUARE_XTAL,
    A_GAUSS_XTAL,
    A_TOPHAT,
    A_FUDGE,
    A_PRINTOUT_PIXEL,
    A_TRACE_PIXEL,
    A_SEED,
    A_MOSAIC_SEED,
    A_MISSET_SEED,
    A_WATER,
    A_DUMP,
    A_MASK
} action;

typedef struct {
    alt alts[3]; /* alternatives, OR-ed; pat == NULL ends the list */
    int need;    /* values the option reads (the C program's argc > i+need guard) */
    action act;
    int stop; /* the C program's `continue`: no later entry is tried for this argv entry */
} option;

#define SS(p)                                                                                      \
    { p, M_SS, 0 }
#define EQ(p)                                                                                      \
    { p, M_EQ, 0 }
#define SSLEN(p, n)                                                                                \
    { p, M_SS_LEN_EQ, n }
#define SSGT(p, n)                                                                                 \
    { p, M_SS_LEN_GT, n }
#define NONE                                                                                       \
    { NULL, M_SS, 0 }

/* In the C program's order (nanoBragg.c main(), option loop). */
static const option kOptions[] = {
    {{SS("-Na"), NONE, NONE}, 1, A_NA, 1},
    {{SS("-Nb"), NONE, NONE}, 1, A_NB, 1},
    {{SS("-Nc"), NONE, NONE}, 1, A_NC, 1},
    {{EQ("-N"), NONE, NONE}, 1, A_N, 1},
    {{SS("-cell"), NONE, NONE}, 1, A_CELL, 0},
    {{EQ("-misset"), NONE, NONE}, 1, A_MISSET_RANDOM, 0}, /* stops only for "random" */
    {{EQ("-misset"), NONE, NONE}, 3, A_MISSET, 0},
    {{SS("-samplesize"), SS("-sample_size"), NONE}, 1, A_SAMPLE_XYZ, 0},
    {{SS("-sample_thick"), SS("-sample_x"), NONE}, 1, A_SAMPLE_X, 0},
    {{SS("-sample_width"), SS("-sample_y"), SS("-width")}, 1, A_SAMPLE_Y, 0},
    {{SS("-sample_heigh"), SS("-sample_z"), SS("-heigh")}, 1, A_SAMPLE_Z, 0},
    {{SS("-xtalsize"), SS("-xtal_size"), NONE}, 1, A_SAMPLE_XYZ, 0},
    {{SS("-xtal_thick"), SS("-xtal_x"), NONE}, 1, A_SAMPLE_X, 0},
    {{SS("-xtal_width"), SS("-xtal_y"), SS("-width")}, 1, A_SAMPLE_Y, 0},
    {{SS("-xtal_heigh"), SS("-xtal_z"), SS("-heigh")}, 1, A_SAMPLE_Z, 0},
    {{SS("-density"), SS("-sample_den"), NONE}, 1, A_DENSITY, 0},
    {{EQ("-MW"), SS("-molec"), NONE}, 1, A_MW, 0},
    {{SS("-Xbeam"), NONE, NONE}, 1, A_XBEAM, 0},
    {{SS("-Ybeam"), NONE, NONE}, 1, A_YBEAM, 0},
    {{SS("-Xclose"), NONE, NONE}, 1, A_XCLOSE, 0},
    {{SS("-Yclose"), NONE, NONE}, 1, A_YCLOSE, 0},
    {{SS("-ORGX"), NONE, NONE}, 1, A_ORGX, 0},
    {{SS("-ORGY"), NONE, NONE}, 1, A_ORGY, 0},
    {{SS("-pivot"), NONE, NONE}, 1, A_PIVOT, 0},
    {{SS("-mosflm"), NONE, NONE}, 0, A_MOSFLM, 0},
    {{SS("-xds"), NONE, NONE}, 0, A_XDS, 0},
    {{SS("-adxv"), NONE, NONE}, 0, A_ADXV, 0},
    {{SS("-denzo"), NONE, NONE}, 0, A_DENZO, 0},
    {{SS("-dials"), NONE, NONE}, 0, A_DIALS, 0},
    {{SS("-fdet_vector"), NONE, NONE}, 3, A_FDET, 0},
    {{SS("-sdet_vector"), NONE, NONE}, 3, A_SDET, 0},
    {{SS("-odet_vector"), NONE, NONE}, 3, A_ODET, 0},
    {{SS("-beam_vector"), NONE, NONE}, 3, A_BEAMV, 0},
    {{SS("-polar_vector"), NONE, NONE}, 3, A_POLARV, 0},
    {{SS("-spindle_axis"), NONE, NONE}, 3, A_SPINDLE, 0},
    {{SS("-twotheta_axis"), NONE, NONE}, 3, A_TWOTHETA_AXIS, 0},
    {{SS("-pix0_vector"), NONE, NONE}, 3, A_PIX0, 0},
    {{SS("-distance"), NONE, NONE}, 1, A_DISTANCE, 0},
    {{SS("-close_distance"), NONE, NONE}, 1, A_CLOSE_DISTANCE, 0},
    {{SS("-detector_abs"), NONE, NONE}, 1, A_DET_ABS, 0},
    {{SSLEN("-detector_thick", 15), NONE, NONE}, 1, A_DET_THICK, 0},
    {{SS("-detector_thicksteps"), NONE, NONE}, 1, A_THICKSTEPS, 0},
    {{SS("-thicksteps"), NONE, NONE}, 1, A_THICKSTEPS, 0},
    {{SS("-twotheta"), NONE, NONE}, 1, A_TWOTHETA, 0},
    {{SS("-detector_rotx"), NONE, NONE}, 1, A_ROTX, 0},
    {{SS("-detector_roty"), NONE, NONE}, 1, A_ROTY, 0},
    {{SS("-detector_rotz"), NONE, NONE}, 1, A_ROTZ, 0},
    {{SSLEN("-detsize", 8), NONE, NONE}, 1, A_DETSIZE, 0},
    {{SS("-detsize_f"), NONE, NONE}, 1, A_DETSIZE_F, 0},
    {{SS("-detsize_s"), NONE, NONE}, 1, A_DETSIZE_S, 0},
    {{SSLEN("-detpixels", 10), NONE, NONE}, 1, A_DETPIXELS, 0},
    {{SS("-detpixels_f"), SS("-detpixels_x"), NONE}, 1, A_DETPIXELS_F, 0},
    {{SS("-detpixels_s"), SS("-detpixels_y"), NONE}, 1, A_DETPIXELS_S, 0},
    {{SS("-curved_det"), NONE, NONE},
     1,
     A_CURVED,
     0}, /* reads no value, but needs a token after it */
    {{SS("-pixel"), NONE, NONE}, 1, A_PIXEL, 0},
    {{SS("-point_pixel"), NONE, NONE}, 0, A_POINT_PIXEL, 0},
    {{SSLEN("-polar", 6), NONE, NONE}, 1, A_POLAR, 0},
    {{SS("-nopolar"), NONE, NONE}, 0, A_NOPOLAR, 0},
    {{SS("-oversample_thick"), NONE, NONE}, 0, A_OS_THICK, 1},
    {{SS("-oversample_polar"), NONE, NONE}, 0, A_OS_POLAR, 1},
    {{SS("-oversample_omega"), NONE, NONE}, 0, A_OS_OMEGA, 1},
    {{SS("-oversample"), NONE, NONE}, 1, A_OVERSAMPLE, 0},
    {{SS("-roi"), NONE, NONE}, 4, A_ROI, 0},
    {{SS("-lambda"), SS("-wave"), NONE}, 1, A_LAMBDA, 0},
    {{SS("-energy"), NONE, NONE}, 1, A_ENERGY, 0},
    {{SS("-fluence"), NONE, NONE}, 1, A_FLUENCE, 0},
    {{SS("-flux"), NONE, NONE}, 1, A_FLUX, 0},
    {{SS("-exposure"), NONE, NONE}, 1, A_EXPOSURE, 0},
    {{SS("-beamsize"), NONE, NONE}, 1, A_BEAMSIZE, 0},
    {{SSLEN("-mosaic", 7), SS("-mosaici"), SS("-mosaic_spr")}, 1, A_MOSAIC, 0},
    {{SS("-mosaic_dom"), NONE, NONE}, 1, A_MOSAIC_DOM, 0},
    {{SS("-dispersion"), NONE, NONE}, 1, A_DISPERSION, 0},
    {{SS("-dispsteps"), NONE, NONE}, 1, A_DISPSTEPS, 0},
    {{SS("-divergence"), NONE, NONE}, 1, A_DIVERGENCE, 0},
    {{SS("-hdivrange"), NONE, NONE}, 1, A_HDIVRANGE, 0},
    {{SS("-vdivrange"), NONE, NONE}, 1, A_VDIVRANGE, 0},
    {{SSLEN("-hdivstep", 9), NONE, NONE}, 1, A_HDIVSTEP, 0},
    {{SS("-hdivsteps"), NONE, NONE}, 1, A_HDIVSTEPS, 0},
    {{SSLEN("-vdivstep", 9), NONE, NONE}, 1, A_VDIVSTEP, 0},
    {{SS("-vdivsteps"), NONE, NONE}, 1, A_VDIVSTEPS, 0},
    {{SS("-divsteps"), NONE, NONE}, 1, A_DIVSTEPS, 0},
    {{SS("-round_div"), NONE, NONE}, 0, A_ROUND_DIV, 0},
    {{SS("-square_div"), NONE, NONE}, 0, A_SQUARE_DIV, 0},
    {{SS("-adc"), NONE, NONE}, 1, A_ADC, 0},
    {{SSLEN("-phi", 4), NONE, NONE}, 1, A_PHI, 0},
    {{SS("-osc"), NONE, NONE}, 1, A_OSC, 0},
    {{SSLEN("-phistep", 8), NONE, NONE}, 1, A_PHISTEP, 0},
    {{SS("-phisteps"), NONE, NONE}, 1, A_PHISTEPS, 0},
    {{SS("-dmin"), NONE, NONE}, 1, A_DMIN, 0},
    {{SS("-mat"), NONE, NONE}, 1, A_MAT, 0},
    {{SS("-hkl"), NONE, NONE}, 1, A_HKL, 0},
    {{SS("-default_F"), NONE, NONE}, 1, A_DEFAULT_F, 0},
    {{SS("-img"), NONE, NONE}, 1, A_IMG, 0},
    {{SSGT("-stolout", 7), NONE, NONE}, 1, A_STOLOUT, 0},
    {{SSLEN("-stol", 5), NONE, NONE}, 1, A_STOL, 0},
    {{SSLEN("-4stol", 6), NONE, NONE}, 1, A_4STOL, 0},
    {{SSLEN("-Q", 2), NONE, NONE}, 1, A_Q, 0},
    {{SS("-sourcefile"), NONE, NONE}, 1, A_SOURCEFILE, 0},
    {{SS("-floatfile"), SS("-floatimage"), NONE}, 1, A_FLOATFILE, 0},
    {{SS("-intfile"), SS("-intimage"), NONE}, 1, A_INTFILE, 0},
    {{SS("-pgmfile"), SS("-pgmimage"), NONE}, 1, A_PGMFILE, 0},
    {{SS("-noisefile"), SS("-noiseimage"), NONE}, 1, A_NOISEFILE, 0},
    {{SS("-nonoise"), NONE, NONE}, 0, A_NONOISE, 0},
    {{SS("-nopgm"), NONE, NONE}, 0, A_NOPGM, 0},
    {{SS("-scale"), NONE, NONE}, 1, A_SCALE, 0},
    {{SS("-pgmscale"), NONE, NONE}, 1, A_PGMSCALE, 0},
    {{SS("-coherent"), NONE, NONE}, 0, A_COHERENT, 0},
    {{SS("-printout"), NONE, NONE}, 0, A_PRINTOUT, 0},
    {{SS("-noprogress"), NONE, NONE}, 0, A_NOPROGRESS, 0},
    {{SS("-progress"), NONE, NONE}, 0, A_PROGRESS, 0},
    {{SS("-interpolate"), NONE, NONE}, 0, A_INTERPOLATE, 0},
    {{SS("-nointerpolate"), NONE, NONE}, 0, A_NOINTERPOLATE, 0},
    {{SS("-round_xtal"), NONE, NONE}, 0, A_ROUND_XTAL, 0},
    {{SS("-square_xtal"), NONE, NONE}, 0, A_SQUARE_XTAL, 0},
    {{SS("-gauss_xtal"), NONE, NONE}, 0, A_GAUSS_XTAL, 0},
    {{SS("-binary_spots"), SS("-tophat_spots"), NONE}, 0, A_TOPHAT, 0},
    {{SS("-fudge"), NONE, NONE}, 1, A_FUDGE, 0},
    {{SS("-printout_pixel"), NONE, NONE}, 2, A_PRINTOUT_PIXEL, 0},
    {{SS("-trace_pixel"), SS("-dump_pixel"), NONE}, 2, A_TRACE_PIXEL, 0},
    {{SS("-seed"), NONE, NONE}, 1, A_SEED, 0},
    {{SS("-mosaic_seed"), NONE, NONE}, 1, A_MOSAIC_SEED, 0},
    {{SS("-misset_seed"), NONE, NONE}, 1, A_MISSET_SEED, 0},
    {{SS("-water"), NONE, NONE}, 1, A_WATER, 0},
    /* read by the C program's first pass only; listed so that it counts as known */
    {{SS("-mask"), NONE, NONE}, 1, A_MASK, 0},
    {{EQ("-dump"), NONE, NONE}, 1, A_DUMP, 0},
};

typedef enum { V_ANY, V_NONNEG, V_POSITIVE } vrule;

typedef struct {
    nbref_sim* s;
    int argc;
    const char* const* argv;
    unsigned char* is_value;
    nbref_err* err;
} argctx;

static int alt_matches(const alt* a, const char* tok) {
    if (!a->pat)
        return 0;
    switch (a->mode) {
    case M_EQ:
        return strcmp(tok, a->pat) == 0;
    case M_SS:
        return strstr(tok, a->pat) != NULL;
    case M_SS_LEN_EQ:
        return strstr(tok, a->pat) != NULL && (int)strlen(tok) == a->len;
    case M_SS_LEN_GT:
        return strstr(tok, a->pat) != NULL && (int)strlen(tok) > a->len;
    }
    return 0;
}

static int option_matches(const option* o, const char* tok) {
    int k;
    for (k = 0; k < 3; ++k)
        if (alt_matches(&o->alts[k], tok))
            return 1;
    return 0;
}

/* A token that reads completely as a finite number (what atof would read, but checked). */
static int parse_number(const char* t, double* out) {
    char* end;
    double v;
    if (!t || !*t)
        return 0;
    v = strtod(t, &end);
    if (end == t || *end != '\0')
        return 0;
    *out = v;
    return 1;
}

static nbref_status real_arg(argctx* c, int i, int k, vrule rule, double* out) {
    const char* opt = c->argv[i];
    const char* t = c->argv[i + k];
    double v;
    if (!parse_number(t, &v))
        return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: invalid value '%s' (expected a number)",
                          opt, t);
    if (!isfinite(v))
        return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: value '%s' is not finite", opt, t);
    if (rule == V_NONNEG && v < 0)
        return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: negative value '%s' is not allowed", opt,
                          t);
    if (rule == V_POSITIVE && !(v > 0))
        return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: value '%s' must be positive", opt, t);
    *out = v;
    return NBREF_OK;
}

/* Integer values are validated as numbers, then converted with atoi() like the C program
 * (so "2.5" gives 2: the C program's documented truncation). */
static nbref_status int_arg(argctx* c, int i, int k, vrule rule, int* out) {
    double v;
    nbref_status st = real_arg(c, i, k, rule, &v);
    if (st != NBREF_OK)
        return st;
    if (fabs(v) > INT_MAX)
        return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: value '%s' is out of range", c->argv[i],
                          c->argv[i + k]);
    *out = atoi(c->argv[i + k]);
    if (rule == V_POSITIVE && *out <= 0)
        return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: value '%s' must be a positive integer",
                          c->argv[i], c->argv[i + k]);
    return NBREF_OK;
}

/* A count with a documented maximum (run_limits.h). */
static nbref_status count_arg(argctx* c, int i, vrule rule, int max, const char* what, int* out) {
    nbref_status st = int_arg(c, i, 1, rule, out);
    if (st == NBREF_OK && *out > max)
        return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: %d %s, more than the %d allowed",
                          c->argv[i], *out, what, max);
    return st;
}

/* A wavelength from -lambda or -energy: negative is a usage error like any negative size, zero
 * is degenerate physics (an input error): no scattering vector can be formed. */
static nbref_status wavelength_arg(argctx* c, int i, int is_energy, double* lambda0) {
    double v;
    nbref_status st = real_arg(c, i, 1, V_NONNEG, &v);
    if (st != NBREF_OK)
        return st;
    if (v == 0.0)
        return nbref_fail(c->err, NBREF_ERR_INPUT, "%s 0: %s", c->argv[i],
                          is_energy ? "zero photon energy (infinite wavelength)"
                                    : "zero wavelength");
    *lambda0 = is_energy ? (12398.42 / v) / 1.0e10 : v / 1.0e10;
    return NBREF_OK;
}

static nbref_status vector_arg(argctx* c, int i, double* v) {
    double x, y, z;
    nbref_status st;
    if ((st = real_arg(c, i, 1, V_ANY, &x)) || (st = real_arg(c, i, 2, V_ANY, &y)) ||
        (st = real_arg(c, i, 3, V_ANY, &z)))
        return st;
    v[1] = x;
    v[2] = y;
    v[3] = z;
    return NBREF_OK;
}

/* Applies one option; *consumed = number of value tokens it read. */
static nbref_status apply(argctx* c, action act, int i, int* consumed) {
    nbref_sim* s = c->s;
    nbref_detector* d = &s->det;
    nbref_beam* b = &s->beam;
    nbref_crystal* x = &s->xtal;
    const char* const* argv = c->argv;
    nbref_status st = NBREF_OK;
    double v = 0;
    int n = 0;

    *consumed = 1;
    switch (act) {
    /* crystal size in unit cells: integers, values <= 1 are clamped to 1 later */
    case A_NA:
        if ((st = int_arg(c, i, 1, V_NONNEG, &n)) == NBREF_OK)
            x->Na = n;
        break;
    case A_NB:
        if ((st = int_arg(c, i, 1, V_NONNEG, &n)) == NBREF_OK)
            x->Nb = n;
        break;
    case A_NC:
        if ((st = int_arg(c, i, 1, V_NONNEG, &n)) == NBREF_OK)
            x->Nc = n;
        break;
    case A_N:
        if ((st = int_arg(c, i, 1, V_NONNEG, &n)) == NBREF_OK)
            x->Na = x->Nb = x->Nc = n;
        break;
    case A_CELL: {
        /* up to six values; reading stops at the first token that starts with '-' */
        double* dst[6];
        int k;
        dst[0] = &x->a[0];
        dst[1] = &x->b[0];
        dst[2] = &x->c[0];
        dst[3] = &x->alpha;
        dst[4] = &x->beta;
        dst[5] = &x->gamma;
        x->user_cell = 1;
        for (k = 1; k <= 6 && i + k < c->argc && argv[i + k][0] != '-'; ++k) {
            if ((st = real_arg(c, i, k, V_POSITIVE, &v)) != NBREF_OK)
                return st;
            *dst[k - 1] = (k <= 3) ? v : v / RTD;
        }
        *consumed = k - 1;
        if (*consumed == 0)
            return nbref_fail(c->err, NBREF_ERR_USAGE, "-cell: needs at least the a length (A)");
        break;
    }
    case A_MISSET_RANDOM:
        *consumed = 0;
        if (strstr(argv[i + 1], "rand")) {
            x->misset[0] = -1;
            *consumed = 1;
            return NBREF_OK;
        }
        break;
    case A_MISSET:
        *consumed = 3;
        x->misset[0] = 1;
        if ((st = real_arg(c, i, 1, V_ANY, &x->misset[1])) ||
            (st = real_arg(c, i, 2, V_ANY, &x->misset[2])) ||
            (st = real_arg(c, i, 3, V_ANY, &x->misset[3])))
            return st;
        x->misset[1] /= RTD;
        x->misset[2] /= RTD;
        x->misset[3] /= RTD;
        break;
    case A_SAMPLE_XYZ:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->sample_x = x->sample_y = x->sample_z = v / 1000;
        break;
    case A_SAMPLE_X:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->sample_x = v / 1000;
        break;
    case A_SAMPLE_Y:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->sample_y = v / 1000;
        break;
    case A_SAMPLE_Z:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->sample_z = v / 1000;
        break;
    case A_DENSITY:
    case A_MW:
        /* read but without effect: the C program overwrites both before use */
        st = real_arg(c, i, 1, V_NONNEG, &v);
        break;
    case A_XBEAM:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->Xbeam = v / 1000.0, d->detector_pivot = NBREF_PIVOT_BEAM;
        break;
    case A_YBEAM:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->Ybeam = v / 1000.0, d->detector_pivot = NBREF_PIVOT_BEAM;
        break;
    case A_XCLOSE:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->Xclose = v / 1000.0, d->detector_pivot = NBREF_PIVOT_SAMPLE;
        break;
    case A_YCLOSE:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->Yclose = v / 1000.0, d->detector_pivot = NBREF_PIVOT_SAMPLE;
        break;
    case A_ORGX:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->ORGX = v, d->detector_pivot = NBREF_PIVOT_SAMPLE;
        break;
    case A_ORGY:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->ORGY = v, d->detector_pivot = NBREF_PIVOT_SAMPLE;
        break;
    case A_PIVOT: {
        int any = 0;
        if (strstr(argv[i + 1], "sample"))
            d->detector_pivot = NBREF_PIVOT_SAMPLE, any = 1;
        if (strstr(argv[i + 1], "beam"))
            d->detector_pivot = NBREF_PIVOT_BEAM, any = 1;
        if (!any)
            return nbref_fail(c->err, NBREF_ERR_USAGE,
                              "-pivot: invalid value '%s' (expected sample or beam)", argv[i + 1]);
        break;
    }
    /* a named convention sets the pivot here; the convention block forces it again later */
    case A_MOSFLM:
        d->beam_convention = NBREF_CONV_MOSFLM, d->detector_pivot = NBREF_PIVOT_BEAM;
        *consumed = 0;
        break;
    case A_XDS:
        d->beam_convention = NBREF_CONV_XDS, d->detector_pivot = NBREF_PIVOT_SAMPLE;
        *consumed = 0;
        break;
    case A_ADXV:
        d->beam_convention = NBREF_CONV_ADXV, d->detector_pivot = NBREF_PIVOT_BEAM;
        *consumed = 0;
        break;
    case A_DENZO:
        d->beam_convention = NBREF_CONV_DENZO, d->detector_pivot = NBREF_PIVOT_BEAM;
        *consumed = 0;
        break;
    case A_DIALS:
        d->beam_convention = NBREF_CONV_DIALS, d->detector_pivot = NBREF_PIVOT_BEAM;
        *consumed = 0;
        break;
    /* any explicit vector switches to the CUSTOM convention (C-DESIGN-FLAW-001) */
    case A_FDET:
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        st = vector_arg(c, i, d->fdet_vector);
        break;
    case A_SDET:
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        st = vector_arg(c, i, d->sdet_vector);
        break;
    case A_ODET:
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        st = vector_arg(c, i, d->odet_vector);
        break;
    case A_BEAMV:
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        st = vector_arg(c, i, b->beam_vector);
        break;
    case A_POLARV:
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        st = vector_arg(c, i, b->polar_vector);
        break;
    case A_SPINDLE:
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        st = vector_arg(c, i, b->spindle_vector);
        break;
    case A_TWOTHETA_AXIS:
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        st = vector_arg(c, i, d->twotheta_axis);
        break;
    case A_PIX0:
        /* stored, then always overwritten by the geometry (C-DESIGN-FLAW-003): only the switch to
         * CUSTOM has an effect */
        *consumed = 3;
        d->beam_convention = NBREF_CONV_CUSTOM;
        d->pix0_vector[0] = 1.0;
        st = vector_arg(c, i, d->pix0_vector);
        break;
    case A_DISTANCE:
        if ((st = real_arg(c, i, 1, V_POSITIVE, &v)) == NBREF_OK)
            d->distance = v / 1000.0, d->detector_pivot = NBREF_PIVOT_BEAM;
        break;
    case A_CLOSE_DISTANCE:
        if ((st = real_arg(c, i, 1, V_POSITIVE, &v)) == NBREF_OK)
            d->close_distance = v / 1000.0, d->detector_pivot = NBREF_PIVOT_SAMPLE;
        break;
    case A_DET_ABS:
        if (strstr(argv[i + 1], "inf")) {
            d->detector_thick = 0.0;
            d->detector_mu = 0.0;
        } else if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK) {
            if (v == 0.0) {
                d->detector_thick = 0.0;
                d->detector_mu = 0.0;
            } else {
                d->detector_mu = 1.0 / (v * 1e-6);
            }
        }
        break;
    case A_DET_THICK:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            d->detector_thick = v * 1e-6;
        break;
    case A_THICKSTEPS:
        st =
            count_arg(c, i, V_NONNEG, NBREF_MAX_LAYERS, "detector layers", &d->detector_thicksteps);
        break;
    case A_TWOTHETA:
        /* also fires for -twotheta_axis: twotheta = its first component in degrees (quirk Q1) */
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->detector_twotheta = v / RTD, d->detector_pivot = NBREF_PIVOT_SAMPLE;
        break;
    case A_ROTX:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->detector_rotx = v / RTD;
        break;
    case A_ROTY:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->detector_roty = v / RTD;
        break;
    case A_ROTZ:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            d->detector_rotz = v / RTD;
        break;
    case A_DETSIZE:
        if ((st = real_arg(c, i, 1, V_POSITIVE, &v)) == NBREF_OK)
            d->detsize_f = d->detsize_s = v / 1000.0;
        break;
    case A_DETSIZE_F:
        if ((st = real_arg(c, i, 1, V_POSITIVE, &v)) == NBREF_OK)
            d->detsize_f = v / 1000.0;
        break;
    case A_DETSIZE_S:
        if ((st = real_arg(c, i, 1, V_POSITIVE, &v)) == NBREF_OK)
            d->detsize_s = v / 1000.0;
        break;
    case A_DETPIXELS:
        if ((st = count_arg(c, i, V_POSITIVE, NBREF_MAX_AXIS_PIXELS, "pixels per axis", &n)) ==
            NBREF_OK)
            d->fpixels = d->spixels = n;
        break;
    case A_DETPIXELS_F:
        st = count_arg(c, i, V_POSITIVE, NBREF_MAX_AXIS_PIXELS, "pixels per axis", &d->fpixels);
        break;
    case A_DETPIXELS_S:
        st = count_arg(c, i, V_POSITIVE, NBREF_MAX_AXIS_PIXELS, "pixels per axis", &d->spixels);
        break;
    case A_CURVED:
        /* no value, but the C program requires a following token: a non-flag one right after
         * it ("-curved_det 1") is that dummy, which the C program ignores as a stray word */
        d->curved_detector = 1;
        *consumed = argv[i + 1][0] != '-' ? 1 : 0;
        break;
    case A_PIXEL:
        if ((st = real_arg(c, i, 1, V_POSITIVE, &v)) == NBREF_OK)
            d->pixel_size = v / 1000.0;
        break;
    case A_POINT_PIXEL:
        d->point_pixel = 1;
        *consumed = 0;
        break;
    case A_POLAR:
        if ((st = real_arg(c, i, 1, V_ANY, &b->polarization)) == NBREF_OK)
            b->nopolar = 0;
        break;
    case A_NOPOLAR:
        b->nopolar = 1;
        *consumed = 0;
        break;
    case A_OS_THICK:
        d->oversample_thick = 1;
        *consumed = 0;
        break;
    case A_OS_POLAR:
        d->oversample_polar = 1;
        *consumed = 0;
        break;
    case A_OS_OMEGA:
        d->oversample_omega = 1;
        *consumed = 0;
        break;
    case A_OVERSAMPLE:
        st = count_arg(c, i, V_NONNEG, NBREF_MAX_OVERSAMPLE, "sub-pixels per axis", &d->oversample);
        break;
    case A_ROI:
        *consumed = 4;
        if ((st = int_arg(c, i, 1, V_NONNEG, &d->roi_xmin)) ||
            (st = int_arg(c, i, 2, V_NONNEG, &d->roi_xmax)) ||
            (st = int_arg(c, i, 3, V_NONNEG, &d->roi_ymin)) ||
            (st = int_arg(c, i, 4, V_NONNEG, &d->roi_ymax)))
            return st;
        break;
    case A_LAMBDA:
        st = wavelength_arg(c, i, 0, &b->lambda0);
        break;
    case A_ENERGY:
        st = wavelength_arg(c, i, 1, &b->lambda0);
        break;
    case A_FLUENCE:
        st = real_arg(c, i, 1, V_NONNEG, &b->fluence);
        break;
    case A_FLUX:
        st = real_arg(c, i, 1, V_NONNEG, &b->flux);
        break;
    case A_EXPOSURE:
        st = real_arg(c, i, 1, V_NONNEG, &b->exposure);
        break;
    case A_BEAMSIZE:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->beamsize = v / 1000;
        break;
    case A_MOSAIC:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->mosaic_spread = v / RTD;
        break;
    case A_MOSAIC_DOM:
        st = count_arg(c, i, V_NONNEG, NBREF_MAX_MOSAIC_DOMAINS, "mosaic domains",
                       &x->mosaic_domains);
        break;
    case A_DISPERSION:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->dispersion = v / 100.0;
        break;
    case A_DISPSTEPS:
        st = count_arg(c, i, V_NONNEG, NBREF_MAX_SOURCES, "dispersion steps", &b->dispsteps);
        break;
    case A_DIVERGENCE:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->hdivrange = b->vdivrange = v / 1000.0;
        break;
    case A_HDIVRANGE:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->hdivrange = v / 1000.0;
        break;
    case A_VDIVRANGE:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->vdivrange = v / 1000.0;
        break;
    case A_HDIVSTEP:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->hdivstep = v / 1000.0;
        break;
    case A_HDIVSTEPS:
        st = count_arg(c, i, V_NONNEG, NBREF_MAX_SOURCES, "divergence steps", &b->hdivsteps);
        break;
    case A_VDIVSTEP:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->vdivstep = v / 1000.0;
        break;
    case A_VDIVSTEPS:
        st = count_arg(c, i, V_NONNEG, NBREF_MAX_SOURCES, "divergence steps", &b->vdivsteps);
        break;
    case A_DIVSTEPS:
        if ((st = count_arg(c, i, V_NONNEG, NBREF_MAX_SOURCES, "divergence steps", &n)) == NBREF_OK)
            b->hdivsteps = b->vdivsteps = n;
        break;
    case A_ROUND_DIV:
        b->round_div = 1;
        *consumed = 0;
        break;
    case A_SQUARE_DIV:
        b->round_div = 0;
        *consumed = 0;
        break;
    case A_ADC:
        st = real_arg(c, i, 1, V_ANY, &s->out.adc_offset);
        break;
    case A_PHI:
        if ((st = real_arg(c, i, 1, V_ANY, &v)) == NBREF_OK)
            x->phi0 = v / RTD;
        break;
    case A_OSC:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->osc = v / RTD;
        break;
    case A_PHISTEP:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->phistep = v / RTD;
        break;
    case A_PHISTEPS:
        /* the C program silently turns 0 into 1; zero rotation steps is an error here */
        if ((st = count_arg(c, i, V_NONNEG, NBREF_MAX_PHISTEPS, "phi steps", &x->phisteps)) ==
                NBREF_OK &&
            x->phisteps == 0)
            return nbref_fail(c->err, NBREF_ERR_USAGE, "%s: zero phi steps (need at least 1)",
                              argv[i]);
        break;
    case A_DMIN:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            b->dmin = v * 1e-10;
        break;
    case A_MAT:
        s->in.matfilename = argv[i + 1];
        break;
    case A_HKL:
        s->in.hklfilename = argv[i + 1];
        break;
    case A_DEFAULT_F:
        st = real_arg(c, i, 1, V_ANY, &x->default_F);
        break;
    case A_IMG:
        s->in.imginfilename = argv[i + 1];
        break;
    case A_STOLOUT:
        break; /* output file name of a feature the pixel loop never uses */
    case A_STOL:
    case A_4STOL:
    case A_Q:
        s->in.stolfilename = argv[i + 1]; /* read, never used by the pixel loop (Q12) */
        break;
    case A_SOURCEFILE:
        s->in.sourcefilename = argv[i + 1];
        break;
    case A_FLOATFILE:
        s->out.floatfilename = argv[i + 1];
        break;
    case A_INTFILE:
        s->out.intfilename = argv[i + 1];
        break;
    case A_PGMFILE:
        s->out.pgmfilename = argv[i + 1];
        s->out.write_pgm = 1;
        break;
    case A_NOISEFILE:
        s->out.noisefilename = argv[i + 1];
        s->out.calculate_noise = 1;
        break;
    case A_NONOISE:
        s->out.calculate_noise = 0;
        *consumed = 0;
        break;
    case A_NOPGM:
        s->out.write_pgm = 0;
        *consumed = 0;
        break;
    case A_SCALE:
        st = real_arg(c, i, 1, V_ANY, &s->out.intfile_scale);
        break;
    case A_PGMSCALE:
        if ((st = real_arg(c, i, 1, V_ANY, &s->out.pgm_scale)) == NBREF_OK)
            s->out.write_pgm = 1;
        break;
    case A_COHERENT:
        *consumed = 0; /* parsed, no effect */
        break;
    case A_PRINTOUT:
        s->printout = 1;
        *consumed = 0;
        break;
    case A_NOPROGRESS:
        s->progress_meter = 0;
        *consumed = 0;
        break;
    case A_PROGRESS:
        s->progress_meter = 1;
        *consumed = 0;
        break;
    case A_INTERPOLATE:
        x->interpolate = 1;
        *consumed = 0;
        break;
    case A_NOINTERPOLATE:
        x->interpolate = 0;
        *consumed = 0;
        break;
    case A_ROUND_XTAL:
        x->xtal_shape = NBREF_SHAPE_ROUND;
        *consumed = 0;
        break;
    case A_SQUARE_XTAL:
        x->xtal_shape = NBREF_SHAPE_SQUARE;
        *consumed = 0;
        break;
    case A_GAUSS_XTAL:
        x->xtal_shape = NBREF_SHAPE_GAUSS;
        *consumed = 0;
        break;
    case A_TOPHAT:
        x->xtal_shape = NBREF_SHAPE_TOPHAT;
        *consumed = 0;
        break;
    case A_FUDGE:
        st = real_arg(c, i, 1, V_NONNEG, &x->fudge);
        break;
    case A_PRINTOUT_PIXEL: /* fast first */
        *consumed = 2;
        if ((st = int_arg(c, i, 1, V_ANY, &s->printout_fpixel)) ||
            (st = int_arg(c, i, 2, V_ANY, &s->printout_spixel)))
            return st;
        break;
    case A_TRACE_PIXEL: /* slow first */
        *consumed = 2;
        if ((st = int_arg(c, i, 1, V_ANY, &s->trace_slow[0])) ||
            (st = int_arg(c, i, 2, V_ANY, &s->trace_fast[0])))
            return st;
        s->n_trace = 1;
        break;
    case A_SEED:
        /* also fires for -mosaic_seed and -misset_seed (quirk Q1); seeds are stored negated */
        if ((st = int_arg(c, i, 1, V_ANY, &n)) == NBREF_OK)
            s->seed = -n;
        break;
    case A_MOSAIC_SEED:
        if ((st = int_arg(c, i, 1, V_ANY, &n)) == NBREF_OK)
            x->mosaic_seed = -n;
        break;
    case A_MISSET_SEED:
        if ((st = int_arg(c, i, 1, V_ANY, &n)) == NBREF_OK)
            x->misset_seed = -n;
        break;
    case A_WATER:
        if ((st = real_arg(c, i, 1, V_NONNEG, &v)) == NBREF_OK)
            x->water_size = v / 1e6;
        break;
    case A_DUMP:
        s->out.dumpfilename = argv[i + 1];
        break;
    case A_MASK:
        s->in.maskfilename = argv[i + 1];
        break;
    }
    return st;
}

/* --threads N, --schedule roi|full-frame, --phi0-fix: marks the tokens it consumed. */
static nbref_status parse_extensions(argctx* c, unsigned char* skip) {
    int i;
    for (i = 1; i < c->argc; ++i) {
        const char* t = c->argv[i];
        if (strcmp(t, "--phi0-fix") == 0) {
            c->s->run.phi0_fix = 1;
            skip[i] = 1;
        } else if (strcmp(t, "--allow-huge") == 0) {
            c->s->run.allow_huge = 1;
            skip[i] = 1;
        } else if (strcmp(t, "--threads") == 0) {
            double v;
            if (i + 1 >= c->argc)
                return nbref_fail(c->err, NBREF_ERR_USAGE, "--threads: missing value");
            if (!parse_number(c->argv[i + 1], &v) || v != floor(v) || v < 1)
                return nbref_fail(c->err, NBREF_ERR_USAGE,
                                  "--threads: invalid value '%s' (expected an integer >= 1)",
                                  c->argv[i + 1]);
            if (v > NBREF_MAX_THREADS)
                return nbref_fail(c->err, NBREF_ERR_USAGE,
                                  "--threads %s: more than the %d threads allowed", c->argv[i + 1],
                                  NBREF_MAX_THREADS);
            c->s->run.threads = (int)v;
            skip[i] = skip[i + 1] = 1;
            ++i;
        } else if (strcmp(t, "--schedule") == 0) {
            const char* v = (i + 1 < c->argc) ? c->argv[i + 1] : NULL;
            if (!v)
                return nbref_fail(c->err, NBREF_ERR_USAGE, "--schedule: missing value");
            if (strcmp(v, "roi") == 0)
                c->s->run.schedule = NBREF_SCHEDULE_ROI;
            else if (strcmp(v, "full-frame") == 0)
                c->s->run.schedule = NBREF_SCHEDULE_FULL_FRAME;
            else
                return nbref_fail(c->err, NBREF_ERR_USAGE,
                                  "--schedule: invalid value '%s' (expected roi or full-frame)", v);
            skip[i] = skip[i + 1] = 1;
            ++i;
        } else if (strncmp(t, "--", 2) == 0) {
            return nbref_fail(c->err, NBREF_ERR_USAGE, "unknown option '%s'", t);
        }
    }
    return NBREF_OK;
}

nbref_status nbref_parse_args(nbref_sim* s, int argc, const char* const* argv, nbref_err* err) {
    argctx c;
    unsigned char* is_value;
    unsigned char* skip;
    nbref_status st = NBREF_OK;
    int i;
    size_t k;

    is_value = (unsigned char*)calloc((size_t)argc + 1, 1);
    skip = (unsigned char*)calloc((size_t)argc + 1, 1);
    if (!is_value || !skip) {
        free(is_value);
        free(skip);
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory parsing the command line");
    }
    c.s = s;
    c.argc = argc;
    c.argv = argv;
    c.is_value = is_value;
    c.err = err;

    st = parse_extensions(&c, skip);

    for (i = 1; st == NBREF_OK && i < argc; ++i) {
        const char* tok = argv[i];
        int matched = 0;
        if (skip[i])
            continue;
        if (tok[0] != '-') {
            if (!is_value[i])
                st = nbref_fail(err, NBREF_ERR_USAGE, "unexpected argument '%s'", tok);
            continue;
        }
        for (k = 0; st == NBREF_OK && k < sizeof(kOptions) / sizeof(kOptions[0]); ++k) {
            const option* o = &kOptions[k];
            int consumed = 0, j;
            if (!option_matches(o, tok))
                continue;
            matched = 1;
            if (i + o->need >= argc) {
                if (o->act == A_CURVED) {
                    /* the C program ignores -curved_det as the last argument (quirk Q11) */
                    fprintf(stderr, "warning: -curved_det is ignored as the last argument, "
                                    "as the C program does\n");
                    continue;
                }
                st = nbref_fail(err, NBREF_ERR_USAGE, "%s: missing value (needs %d)", tok, o->need);
                break;
            }
            st = apply(&c, o->act, i, &consumed);
            for (j = 1; j <= consumed && i + j < argc; ++j)
                is_value[i + j] = 1;
            if (o->stop && !(o->act == A_MISSET_RANDOM && consumed == 0))
                break;
            if (o->act == A_MISSET_RANDOM && consumed == 1)
                break; /* "random": the C program continues with the next argv entry */
        }
        if (st == NBREF_OK && !matched && !is_value[i])
            st = nbref_fail(err, NBREF_ERR_USAGE,
                            "unknown option '%s' (the C program would silently ignore it)", tok);
    }
    free(is_value);
    free(skip);
    return st;
}

/* The C program's first pass: -img and -mask headers are read before all other flags. */
void nbref_scan_header_files(nbref_sim* s, int argc, const char* const* argv) {
    int i;
    for (i = 1; i < argc; ++i) {
        if (argv[i][0] != '-')
            continue;
        if (strstr(argv[i], "-img") && argc > i + 1)
            s->in.imginfilename = argv[i + 1];
        if (strstr(argv[i], "-mask") && argc > i + 1)
            s->in.maskfilename = argv[i + 1];
    }
}
