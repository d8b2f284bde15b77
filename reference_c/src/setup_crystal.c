/* Crystal set-up: reciprocal cell from -cell or a MOSFLM -mat file, misset, real-space
 * regeneration, crystal size in cells and the oversampling recommendation.
 * (nanobragg_model.md §2; c_reference_behaviour.md §1.2, §2.1.)
 *
 * The free-form "TRACE:" lines are those the instrumented C program prints on every run; they are
 * reproduced so that the whole stdout can be diffed against the real program's.
 */
#include "setup_crystal.h"

#include <ctype.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "input_file.h"
#include "log.h"
#include "physics_checks.h"
#include "rng.h"
#include "run_limits.h"
#include "vec3.h"

#define RTD (180.0 * M_1_PI)
#define AVOGADRO 6.02214179e23

static int oddball(double v) {
    return v > 1.0000001 || v < -1.0000001;
}

/* Sines and cosines of three angles (alpha, beta, gamma order): warn when any is outside
 * [-1, 1] by more than 1e-7, then clamp (sines to [-1, 1]; a cosine whose square exceeds 1
 * becomes +1, as the C program does). labels[] are the six printed names, sin then cos per angle.
 */
static void clamp_angle_functions(const nbref_sim* s, double sinv[3], double cosv[3],
                                  const char* warning, const char* const labels[6]) {
    int i;
    if (oddball(sinv[0]) || oddball(sinv[1]) || oddball(sinv[2]) || oddball(cosv[0]) ||
        oddball(cosv[1]) || oddball(cosv[2])) {
        nbref_log(s, "%s\n", warning);
        for (i = 0; i < 3; ++i) {
            nbref_log(s, "%s%.25g\n", labels[2 * i], sinv[i]);
            nbref_log(s, "%s%.25g\n", labels[2 * i + 1], cosv[i]);
        }
    }
    for (i = 0; i < 3; ++i) {
        if (sinv[i] > 1.0)
            sinv[i] = 1.0;
        if (sinv[i] < -1.0)
            sinv[i] = -1.0;
        if (cosv[i] * cosv[i] > 1.0)
            cosv[i] = 1.0;
    }
}

static const char* const kRecipLabels[6] = {
    "sin(alpha_star) = ", "cos(alpha_star) = ", "sin(beta_star)  = ",
    "cos(beta_star)  = ", "sin(gamma_star) = ", "cos(gamma_star) = "};

/* Default orientation of a user cell: a* along x, b* in the xy plane. The z component of c* uses
 * V/(a b c sin gamma*) rather than the value that makes c.c* = 1, so non-orthogonal cells come out
 * with exact lengths but slightly perturbed angles; a parity reference copies this. */
static nbref_status cell_to_reciprocal(nbref_sim* s, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    double aavg, skew, V_star;
    double sv[3], cv[3], sin_gs, cos_as, cos_bs, cos_gs;
    double* a = x->a;
    double* b = x->b;
    double* c = x->c;

    if (b[0] <= 0.0)
        b[0] = a[0];
    if (c[0] <= 0.0)
        c[0] = a[0];
    if (x->alpha <= 0.0)
        x->alpha = M_PI / 2;
    if (x->beta <= 0.0)
        x->beta = M_PI / 2;
    if (x->gamma <= 0.0)
        x->gamma = M_PI / 2;

    /* volume from the angles; a flat or impossible cell is degenerate physics (the C program
     * warns and goes on with V = DBL_MIN or |skew|, which gives a NaN or meaningless image) */
    aavg = (x->alpha + x->beta + x->gamma) / 2;
    skew = sin(aavg) * sin(aavg - x->alpha) * sin(aavg - x->beta) * sin(aavg - x->gamma);
    if (!(skew >= 0.0) || x->alpha >= M_PI || x->beta >= M_PI || x->gamma >= M_PI ||
        2.0 * sqrt(skew) < NBREF_MIN_CELL_SHAPE)
        return nbref_fail(err, NBREF_ERR_INPUT,
                          "-cell %g %g %g %g %g %g: the angles give no cell of positive volume "
                          "(V / abc = %.3g; a real cell needs each angle below 180 deg and below "
                          "the sum of the other two, and V / abc >= %g)",
                          a[0], b[0], c[0], x->alpha * RTD, x->beta * RTD, x->gamma * RTD,
                          skew >= 0.0 ? 2.0 * sqrt(skew) : -2.0 * sqrt(-skew),
                          NBREF_MIN_CELL_SHAPE);
    x->V_cell = 2.0 * a[0] * b[0] * c[0] * sqrt(skew);
    V_star = 1.0 / x->V_cell;

    x->a_star[0] = b[0] * c[0] * sin(x->alpha) * V_star;
    x->b_star[0] = c[0] * a[0] * sin(x->beta) * V_star;
    x->c_star[0] = a[0] * b[0] * sin(x->gamma) * V_star;
    if (x->a_star[0] <= 0.0 || x->b_star[0] <= 0.0 || x->c_star[0] <= 0.0) {
        nbref_log(s, "WARNING: impossible reciprocal cell lengths: %g %g %g\n", x->a_star[0],
                  x->b_star[0], x->c_star[0]);
        x->a_star[0] = fabs(x->a_star[0]);
        x->b_star[0] = fabs(x->b_star[0]);
        x->c_star[0] = fabs(x->c_star[0]);
        if (x->a_star[0] <= 0.0)
            x->a_star[0] = DBL_MIN;
        if (x->b_star[0] <= 0.0)
            x->b_star[0] = DBL_MIN;
        if (x->c_star[0] <= 0.0)
            x->c_star[0] = DBL_MIN;
    }

    sv[0] = a[0] * V_star / x->b_star[0] / x->c_star[0];
    sv[1] = b[0] * V_star / x->a_star[0] / x->c_star[0];
    sv[2] = c[0] * V_star / x->a_star[0] / x->b_star[0];
    cv[0] = (cos(x->beta) * cos(x->gamma) - cos(x->alpha)) / (sin(x->beta) * sin(x->gamma));
    cv[1] = (cos(x->gamma) * cos(x->alpha) - cos(x->beta)) / (sin(x->gamma) * sin(x->alpha));
    cv[2] = (cos(x->alpha) * cos(x->beta) - cos(x->gamma)) / (sin(x->alpha) * sin(x->beta));
    {
        /* the C program's label for the last cosine has a typo; kept for identical stdout */
        static const char* const labels[6] = {
            "sin(alpha_star) = ", "cos(alpha_star) = ", "sin(beta_star)  = ",
            "cos(beta_star)  = ", "sin(gamma_star) = ", "cos9gamma_star) = "};
        clamp_angle_functions(s, sv, cv, "WARNING: oddball reciprocal cell angles:", labels);
    }
    sin_gs = sv[2];
    cos_as = cv[0], cos_bs = cv[1], cos_gs = cv[2];

    x->a_star[1] = x->a_star[0];
    x->b_star[1] = x->b_star[0] * cos_gs;
    x->c_star[1] = x->c_star[0] * cos_bs;
    x->a_star[2] = 0.0;
    x->b_star[2] = x->b_star[0] * sin_gs;
    x->c_star[2] = x->c_star[0] * (cos_as - cos_bs * cos_gs) / sin_gs;
    x->a_star[3] = 0.0;
    x->b_star[3] = 0.0;
    x->c_star[3] = x->c_star[0] * x->V_cell / (a[0] * b[0] * c[0] * sin_gs);
    return NBREF_OK;
}

static void log_vec_mag(const nbref_sim* s, const char* label, const double* v) {
    nbref_log(s, "TRACE:   %s = [%g, %g, %g] |%s| = %g\n", label, v[1], v[2], v[3], label, v[0]);
}

/* MOSFLM A matrix: the first nine numbers, rows x, y, z with columns a*, b*, c*, carrying 1/lambda.
 * Read through the bounded text reader; what follows the ninth number (MOSFLM's U matrix, cell)
 * is not read. */
static nbref_status read_nine_numbers(const char* path, double v[9], nbref_err* err) {
    nbref_text_reader* r = (nbref_text_reader*)malloc(sizeof(nbref_text_reader));
    int n = 0, got = 1, nonfinite;
    if (!r)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory reading %s", path);
    if (nbref_text_open(r, path, "orientation matrix file", err) != NBREF_OK) {
        free(r);
        return NBREF_ERR_INPUT;
    }
    while (n < 9 && (got = nbref_text_next_line(r, err)) == 1) {
        const char* p = r->line;
        for (;;) {
            const char* end;
            while (*p && isspace((unsigned char)*p))
                ++p;
            if (!*p || n == 9)
                break;
            end = nbref_scan_number(p, &v[n], &nonfinite);
            if (!end || (*end && !isspace((unsigned char)*end))) {
                got = -1;
                nbref_fail(err, NBREF_ERR_INPUT,
                           "%s:%ld: malformed orientation matrix (not a number; expected 9 "
                           "numbers, 3 per row)",
                           path, r->lineno);
                break;
            }
            if (nonfinite) {
                got = -1;
                nbref_fail(err, NBREF_ERR_INPUT,
                           "%s:%ld: orientation matrix has a non-finite number", path, r->lineno);
                break;
            }
            ++n;
            p = end;
        }
        if (got < 0)
            break;
    }
    nbref_text_close(r);
    free(r);
    if (got < 0)
        return NBREF_ERR_INPUT;
    if (n < 9)
        return nbref_fail(err, NBREF_ERR_INPUT,
                          "%s: malformed orientation matrix (found %d of the 9 numbers of an A "
                          "matrix, 3 per row)",
                          path, n);
    return NBREF_OK;
}

static nbref_status read_matrix(nbref_sim* s, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    const char* path = s->in.matfilename;
    double scale, v[9];
    int row;
    nbref_status st;
    if ((st = read_nine_numbers(path, v, err)) != NBREF_OK)
        return st;
    if ((st = nbref_check_orientation_matrix(path, v, err)) != NBREF_OK)
        return st;
    nbref_log(s, "reading %s\n", path);
    for (row = 1; row <= 3; ++row) {
        x->a_star[row] = v[3 * (row - 1)];
        x->b_star[row] = v[3 * (row - 1) + 1];
        x->c_star[row] = v[3 * (row - 1) + 2];
    }

    nbref_log(s, "TRACE: Raw matrix values from file:\n");
    nbref_log(s, "TRACE:   a_star (raw) = [%g, %g, %g]\n", x->a_star[1], x->a_star[2],
              x->a_star[3]);
    nbref_log(s, "TRACE:   b_star (raw) = [%g, %g, %g]\n", x->b_star[1], x->b_star[2],
              x->b_star[3]);
    nbref_log(s, "TRACE:   c_star (raw) = [%g, %g, %g]\n", x->c_star[1], x->c_star[2],
              x->c_star[3]);
    nbref_log(s, "TRACE:   lambda0 = %g Angstroms\n", s->beam.lambda0 * 1e10);
    nbref_log(s, "TRACE:   scaling factor = 1e-10/lambda0 = %g\n", 1e-10 / s->beam.lambda0);
    scale = 1e-10 / s->beam.lambda0;
    nbref_vector_scale(x->a_star, x->a_star, scale);
    nbref_vector_scale(x->b_star, x->b_star, scale);
    nbref_vector_scale(x->c_star, x->c_star, scale);
    nbref_log(s, "TRACE: After wavelength correction:\n");
    log_vec_mag(s, "a_star", x->a_star);
    log_vec_mag(s, "b_star", x->b_star);
    log_vec_mag(s, "c_star", x->c_star);
    return NBREF_OK;
}

static void apply_misset(nbref_sim* s) {
    nbref_crystal* x = &s->xtal;
    if (x->misset[0] == -1.0) {
        /* -misset random: a cap of "90" handed to a generator that works in radians
         * (C-IMPL-BUG-002), turned into angles and applied like an explicit misset */
        double umat[9];
        nbref_mosaic_rotation_umat(&s->ran1, 90.0f, umat, &x->misset_seed);
        nbref_umat2misset(umat, x->misset);
        nbref_log(s, "random orientation misset angles: %f %f %f deg\n", x->misset[1] * RTD,
                  x->misset[2] * RTD, x->misset[3] * RTD);
        x->misset[0] = 1.0;
    }
    if (x->misset[0] > 0.0) {
        nbref_log(s, "TRACE: Before misset rotation:\n");
        log_vec_mag(s, "a_star", x->a_star);
        log_vec_mag(s, "b_star", x->b_star);
        log_vec_mag(s, "c_star", x->c_star);
        nbref_log(s, "TRACE:   misset angles = [%g, %g, %g] degrees\n", x->misset[1] * RTD,
                  x->misset[2] * RTD, x->misset[3] * RTD);
        nbref_rotate(x->a_star, x->a_star, x->misset[1], x->misset[2], x->misset[3]);
        nbref_rotate(x->b_star, x->b_star, x->misset[1], x->misset[2], x->misset[3]);
        nbref_rotate(x->c_star, x->c_star, x->misset[1], x->misset[2], x->misset[3]);
        nbref_log(s, "TRACE: After misset rotation:\n");
        log_vec_mag(s, "a_star", x->a_star);
        log_vec_mag(s, "b_star", x->b_star);
        log_vec_mag(s, "c_star", x->c_star);
    }
}

/* Cell angles re-derived for printing only. */
static void log_cell(nbref_sim* s) {
    nbref_crystal* x = &s->xtal;
    double* a = x->a;
    double* b = x->b;
    double* c = x->c;
    double sv[3], cv[3], as_, bs_, gs_;
    static const char* const kCellLabels[6] = {"sin_alpha = ", "cos_alpha = ", "sin_beta  = ",
                                               "cos_beta  = ", "sin_gamma = ", "cos_gamma = "};

    sv[0] = x->a_star[0] * x->V_cell / b[0] / c[0];
    sv[1] = x->b_star[0] * x->V_cell / a[0] / c[0];
    sv[2] = x->c_star[0] * x->V_cell / a[0] / b[0];
    cv[0] = nbref_dot_product(b, c) / b[0] / c[0];
    cv[1] = nbref_dot_product(a, c) / a[0] / c[0];
    cv[2] = nbref_dot_product(a, b) / a[0] / b[0];
    clamp_angle_functions(s, sv, cv, "WARNING: oddball cell angles:", kCellLabels);
    x->alpha = atan2(sv[0], cv[0]);
    x->beta = atan2(sv[1], cv[1]);
    x->gamma = atan2(sv[2], cv[2]);

    sv[0] = a[0] * x->V_star / x->b_star[0] / x->c_star[0];
    sv[1] = b[0] * x->V_star / x->a_star[0] / x->c_star[0];
    sv[2] = c[0] * x->V_star / x->a_star[0] / x->b_star[0];
    cv[0] = nbref_dot_product(x->b_star, x->c_star) / x->b_star[0] / x->c_star[0];
    cv[1] = nbref_dot_product(x->a_star, x->c_star) / x->a_star[0] / x->c_star[0];
    cv[2] = nbref_dot_product(x->a_star, x->b_star) / x->a_star[0] / x->b_star[0];
    clamp_angle_functions(s, sv, cv, "WARNING: oddball reciprocal cell angles:", kRecipLabels);
    as_ = atan2(sv[0], cv[0]);
    bs_ = atan2(sv[1], cv[1]);
    gs_ = atan2(sv[2], cv[2]);

    nbref_log(s, "Unit Cell: %g %g %g %g %g %g\n", a[0], b[0], c[0], x->alpha * RTD, x->beta * RTD,
              x->gamma * RTD);
    nbref_log(s, "Recp Cell: %g %g %g %g %g %g\n", x->a_star[0], x->b_star[0], x->c_star[0],
              as_ * RTD, bs_ * RTD, gs_ * RTD);
    nbref_log(s, "volume = %g A^3\n", x->V_cell);
    nbref_log(s, "real-space cell vectors (Angstrom):\n");
    nbref_log(s, "     %-10s  %-10s  %-10s\n", "a", "b", "c");
    nbref_log(s, "X: %11.8f %11.8f %11.8f\n", a[1], b[1], c[1]);
    nbref_log(s, "Y: %11.8f %11.8f %11.8f\n", a[2], b[2], c[2]);
    nbref_log(s, "Z: %11.8f %11.8f %11.8f\n", a[3], b[3], c[3]);
    nbref_log(s, "reciprocal-space cell vectors (Angstrom^-1):\n");
    nbref_log(s, "     %-10s  %-10s  %-10s\n", "a_star", "b_star", "c_star");
    nbref_log(s, "X: %11.8f %11.8f %11.8f\n", x->a_star[1], x->b_star[1], x->c_star[1]);
    nbref_log(s, "Y: %11.8f %11.8f %11.8f\n", x->a_star[2], x->b_star[2], x->c_star[2]);
    nbref_log(s, "Z: %11.8f %11.8f %11.8f\n", x->a_star[3], x->b_star[3], x->c_star[3]);
}

static void log_vec3(const nbref_sim* s, const char* indent, const char* label, const double* v) {
    nbref_log(s, "TRACE:%s%s = [%g, %g, %g]\n", indent, label, v[1], v[2], v[3]);
}

/* Real-space vectors a = V (b* x c*) etc., then the reciprocal vectors regenerated from them. */
static void regenerate_cell(nbref_sim* s) {
    nbref_crystal* x = &s->xtal;
    double a_star_cross_b_star[4], b_star_cross_c_star[4], c_star_cross_a_star[4];
    double a_cross_b[4], b_cross_c[4], c_cross_a[4];

    nbref_log(s, "TRACE: Computing cross products of reciprocal vectors:\n");
    nbref_log(s, "TRACE:   Input vectors for cross products:\n");
    log_vec3(s, "     ", "a_star", x->a_star);
    log_vec3(s, "     ", "b_star", x->b_star);
    log_vec3(s, "     ", "c_star", x->c_star);
    nbref_cross_product(x->a_star, x->b_star, a_star_cross_b_star);
    nbref_cross_product(x->b_star, x->c_star, b_star_cross_c_star);
    nbref_cross_product(x->c_star, x->a_star, c_star_cross_a_star);
    nbref_log(s, "TRACE:   Cross product results:\n");
    log_vec3(s, "     ", "a_star x b_star", a_star_cross_b_star);
    log_vec3(s, "     ", "b_star x c_star", b_star_cross_c_star);
    log_vec3(s, "     ", "c_star x a_star", c_star_cross_a_star);

    x->V_star = nbref_dot_product(x->a_star, b_star_cross_c_star);
    nbref_log(s, "TRACE: Reciprocal cell volume calculation:\n");
    nbref_log(s, "TRACE:   V_star = a_star . (b_star x c_star) = %g\n", x->V_star);

    if (x->user_cell) {
        /* force |b* x c*| = a/V etc. so the requested lengths come out exactly */
        nbref_vector_rescale(b_star_cross_c_star, b_star_cross_c_star, x->a[0] / x->V_cell);
        nbref_vector_rescale(c_star_cross_a_star, c_star_cross_a_star, x->b[0] / x->V_cell);
        nbref_vector_rescale(a_star_cross_b_star, a_star_cross_b_star, x->c[0] / x->V_cell);
        x->V_star = 1.0 / x->V_cell;
    }
    x->V_cell = 1.0 / x->V_star;
    nbref_log(s, "TRACE: Direct-space cell volume: V_cell = 1/V_star = %g\n", x->V_cell);

    nbref_log(s, "TRACE: Before computing real-space vectors:\n");
    log_vec3(s, "   ", "b_star_cross_c_star", b_star_cross_c_star);
    log_vec3(s, "   ", "c_star_cross_a_star", c_star_cross_a_star);
    log_vec3(s, "   ", "a_star_cross_b_star", a_star_cross_b_star);
    nbref_log(s, "TRACE:   V_cell = %g, V_star = %g\n", x->V_cell, x->V_star);
    nbref_vector_scale(b_star_cross_c_star, x->a, x->V_cell);
    nbref_vector_scale(c_star_cross_a_star, x->b, x->V_cell);
    nbref_vector_scale(a_star_cross_b_star, x->c, x->V_cell);
    nbref_log(s, "TRACE: After computing real-space vectors:\n");
    log_vec_mag(s, "a", x->a);
    log_vec_mag(s, "b", x->b);
    log_vec_mag(s, "c", x->c);

    nbref_log(s, "TRACE: Re-generating reciprocal vectors from real-space vectors:\n");
    nbref_log(s, "TRACE:   Before re-generation: a_star = [%g, %g, %g] |a_star| = %g\n",
              x->a_star[1], x->a_star[2], x->a_star[3], x->a_star[0]);
    nbref_log(s, "TRACE:   Before re-generation: b_star = [%g, %g, %g] |b_star| = %g\n",
              x->b_star[1], x->b_star[2], x->b_star[3], x->b_star[0]);
    nbref_log(s, "TRACE:   Before re-generation: c_star = [%g, %g, %g] |c_star| = %g\n",
              x->c_star[1], x->c_star[2], x->c_star[3], x->c_star[0]);
    nbref_cross_product(x->a, x->b, a_cross_b);
    nbref_cross_product(x->b, x->c, b_cross_c);
    nbref_cross_product(x->c, x->a, c_cross_a);
    nbref_log(s, "TRACE:   Cross products: b_cross_c = [%g, %g, %g]\n", b_cross_c[1], b_cross_c[2],
              b_cross_c[3]);
    nbref_log(s, "TRACE:   Cross products: c_cross_a = [%g, %g, %g]\n", c_cross_a[1], c_cross_a[2],
              c_cross_a[3]);
    nbref_log(s, "TRACE:   Cross products: a_cross_b = [%g, %g, %g]\n", a_cross_b[1], a_cross_b[2],
              a_cross_b[3]);
    nbref_vector_scale(b_cross_c, x->a_star, x->V_star);
    nbref_vector_scale(c_cross_a, x->b_star, x->V_star);
    nbref_vector_scale(a_cross_b, x->c_star, x->V_star);
    nbref_log(s, "TRACE:   After re-generation: a_star = [%g, %g, %g] |a_star| = %g\n",
              x->a_star[1], x->a_star[2], x->a_star[3], x->a_star[0]);
    nbref_log(s, "TRACE:   After re-generation: b_star = [%g, %g, %g] |b_star| = %g\n",
              x->b_star[1], x->b_star[2], x->b_star[3], x->b_star[0]);
    nbref_log(s, "TRACE:   After re-generation: c_star = [%g, %g, %g] |c_star| = %g\n",
              x->c_star[1], x->c_star[2], x->c_star[3], x->c_star[0]);
}

static void log_vec_unit(const nbref_sim* s, const char* prefix, const char* label, const double* v,
                         const char* unit) {
    nbref_log(s, "TRACE:   %s%s = [%g, %g, %g] |%s| = %g%s\n", prefix, label, v[1], v[2], v[3],
              label, v[0], unit);
}

/* Angstrom -> metre, then the phi = 0 reference a0 and the working copy used by the phi loop. */
static void to_metres(nbref_sim* s) {
    nbref_crystal* x = &s->xtal;
    nbref_log(s, "TRACE: Converting real-space vectors from Angstroms to meters:\n");
    log_vec_unit(s, "Before conversion: ", "a", x->a, " Angstroms");
    log_vec_unit(s, "Before conversion: ", "b", x->b, " Angstroms");
    log_vec_unit(s, "Before conversion: ", "c", x->c, " Angstroms");
    nbref_vector_scale(x->a, x->a, 1e-10);
    nbref_vector_scale(x->b, x->b, 1e-10);
    nbref_vector_scale(x->c, x->c, 1e-10);
    log_vec_unit(s, "After conversion: ", "a", x->a, " meters");
    log_vec_unit(s, "After conversion: ", "b", x->b, " meters");
    log_vec_unit(s, "After conversion: ", "c", x->c, " meters");

    nbref_log(s, "TRACE: Copying vectors to a0, b0, c0 (phi=0 mosaic=0 reference):\n");
    nbref_vector_scale(x->a, x->a0, 1.0);
    nbref_vector_scale(x->b, x->b0, 1.0);
    nbref_vector_scale(x->c, x->c0, 1.0);
    log_vec_unit(s, "", "a0", x->a0, " meters");
    log_vec_unit(s, "", "b0", x->b0, " meters");
    log_vec_unit(s, "", "c0", x->c0, " meters");
    /* ap/bp/cp start equal to a0/b0/c0; each thread gets its copy in the pixel loop */
    nbref_log(s, "TRACE: Copying vectors to ap, bp, cp (phi=0 working copy):\n");
    log_vec_unit(s, "", "ap", x->a0, " meters");
    log_vec_unit(s, "", "bp", x->b0, " meters");
    log_vec_unit(s, "", "cp", x->c0, " meters");
}

nbref_status nbref_setup_crystal(nbref_sim* s, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    nbref_detector* d = &s->det;
    double xtalsize_a, xtalsize_b, xtalsize_c, xtalsize_max, reciprocal_pixel_size, volume;
    double recommended;
    int recommended_oversample;
    nbref_status st;

    if (x->user_cell && (st = cell_to_reciprocal(s, err)) != NBREF_OK)
        return st;
    if (s->in.matfilename && (st = read_matrix(s, err)) != NBREF_OK)
        return st;
    apply_misset(s);
    regenerate_cell(s);
    log_cell(s);
    to_metres(s);

    /* crystal size in unit cells; N <= 1 is an isolated cell (quirk Q13) */
    if (x->sample_x > 0)
        x->Na = ceil(x->sample_x / x->a[0]);
    if (x->sample_y > 0)
        x->Nb = ceil(x->sample_y / x->b[0]);
    if (x->sample_z > 0)
        x->Nc = ceil(x->sample_z / x->c[0]);
    if (x->Na <= 1.0)
        x->Na = 1.0;
    if (x->Nb <= 1.0)
        x->Nb = 1.0;
    if (x->Nc <= 1.0)
        x->Nc = 1.0;
    xtalsize_a = x->a[0] * x->Na;
    xtalsize_b = x->b[0] * x->Nb;
    xtalsize_c = x->c[0] * x->Nc;
    nbref_log(s, "crystal is %g x %g x %g microns\n", xtalsize_a * 1e6, xtalsize_b * 1e6,
              xtalsize_c * 1e6);
    xtalsize_max = xtalsize_a;
    if (xtalsize_max < xtalsize_b)
        xtalsize_max = xtalsize_b;
    if (xtalsize_max < xtalsize_c)
        xtalsize_max = xtalsize_c;

    /* sub-pixels needed so that the crystal's transform is sampled across a pixel */
    reciprocal_pixel_size = s->beam.lambda0 * d->distance / d->pixel_size;
    recommended = ceil(3.0 * xtalsize_max / reciprocal_pixel_size);
    /* converted only once in int range (a huge crystal would overflow the C program's int) */
    recommended_oversample = recommended > INT_MAX ? INT_MAX : (int)recommended;
    if (recommended_oversample <= 0)
        recommended_oversample = 1;
    if (d->oversample <= 0) {
        if (recommended_oversample > NBREF_MAX_OVERSAMPLE)
            return nbref_fail(err, NBREF_ERR_USAGE,
                              "-oversample: the crystal (%g um across) would need %.0f-fold "
                              "oversampling, more than the %d allowed; give -oversample N",
                              xtalsize_max * 1e6, recommended, NBREF_MAX_OVERSAMPLE);
        d->oversample = recommended_oversample;
        nbref_log(s, "auto-selected %d-fold oversampling\n", d->oversample);
    }
    if (d->oversample < recommended_oversample) {
        nbref_log(s, "WARNING: maximum dimension of sample is %g A\n", xtalsize_max * 1e10);
        nbref_log(s, "         but reciprocal pixel size is %g A\n", reciprocal_pixel_size * 1e10);
        nbref_log(s, "         intensity may vary significantly across a pixel!\n");
        nbref_log(s, "         recommend -oversample %d to work around this\n",
                  recommended_oversample);
    }

    /* a rough molecular weight, printed only */
    volume = xtalsize_a * xtalsize_b * xtalsize_c;
    nbref_log(s, "approximate MW = %g\n", volume * 1.2e6 * AVOGADRO / (x->Na * x->Nb * x->Nc));
    return NBREF_OK;
}
