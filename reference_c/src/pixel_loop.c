/* The pixel loop of the nanoBragg C program (c_reference_behaviour.md §2.2, §2.3, §4).
 *
 * Loop nest, in this order: row (OpenMP static blocks) -> fast pixel -> detector layer ->
 * sub-pixel s -> sub-pixel f -> source -> phi step -> mosaic domain.
 *
 * Thread semantics: the C program runs `#pragma omp parallel for schedule(auto)` over ALL detector
 * rows (the ROI test is inside the loop); gcc makes that a static split, thread t taking rows
 * [t*q + min(t,r), ...) with q = rows/T, r = rows%T, the first r threads one row more. Each thread
 * starts from firstprivate copies of the crystal working vectors ap/bp/cp (and of the polarization
 * axis, which polarization_factor() normalises in place). Here every logical thread t gets exactly
 * that row block and its own nbref_thread state, so the semantics do not depend on how many cores
 * the OpenMP runtime actually provides.
 *
 * C-PARITY-001: ap/bp/cp are rotated only when phi != 0.0; at phi == 0 they keep whatever the
 * thread last rotated them to. With phi0_fix they are reset to a0/b0/c0 instead.
 *
 * Schedule: the "region" whose loop order decides the carried state is the ROI
 * (NBREF_SCHEDULE_ROI, what the C program runs with -roi) or the whole detector
 * (NBREF_SCHEDULE_FULL_FRAME). The engine computes the ROI -- or only the traced pixels -- and, for
 * every region pixel it skips, replays the state changes the C program would have made there:
 *   - the crystal vectors: if any pass ran before, they hold the last rotation of a pass (every
 *     pass ends in the same state, so applying one pass's rotations is exact);
 *   - the polarization axis, which polarization_factor() renormalises in place at every call:
 *     renormalising a unit vector is NOT idempotent in floating point (it can walk, or alternate
 *     between two values), so the exact number of calls is replayed. It only matters when the
 *     Kahn factor is non-zero, the only case where the axis is read.
 *
 * WARNING: every arithmetic expression here is the C program's, in its order; the images must be
 * bit-identical to the golden outputs.
 */
#include "pixel_loop.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "hkl.h"
#include "log.h"
#include "physics.h"
#include "trace_buffer.h"
#include "vec3.h"

#define RTD (180.0 * M_1_PI)

/* A thread's private state: the C program's firstprivate variables that matter across pixels. */
typedef struct {
    int t; /* logical thread */
    int row_begin, row_end;

    double ap[4], bp[4], cp[4];
    double a[4], b[4], c[4];
    double polar_vector[4];
    double sub_Fhkl[4][4][4];

    /* "last value" variables the printout and the statistics read */
    double Fdet, Sdet, stol, h, k, l, F_cell, F_latt, I;
    int h0, k0, l0;
    double pixel_pos[4], incident[4], diffracted[4], scattering[4];
    double lambda, polar, omega_pixel, capture_fraction;

    /* schedule replay: has this thread run (or replayed) a pass, and up to which pixel (linear
     * index in its row block) the region's skipped pixels have been replayed */
    int warm;
    long replayed_to;

    /* reductions, merged in thread order */
    double sum, sumsqr, omega_sum;
    long sumn, progress_pixel;
    double max_I, max_I_x, max_I_y;

    nbref_trace_buffer tb;
} nbref_thread;

/* Current loop position of a traced pixel. */
typedef struct {
    nbref_trace_buffer* tb;
    nbref_indices idx;
} tracer;

static void emit(tracer* tr, const char* key, int n, const double* v) {
    nbref_tb_push(tr->tb, key, &tr->idx, n, v);
}

static void emit1(tracer* tr, const char* key, double v) {
    emit(tr, key, 1, &v);
}

static void emit_vec(tracer* tr, const char* key, const double* v4, double scale) {
    double v[3];
    nbref_components(v4, scale, v);
    emit(tr, key, 3, v);
}

/* gcc's static schedule: thread t of T over n iterations. */
static void static_block(int n, int T, int t, int* begin, int* end) {
    int q = n / T, r = n % T;
    *begin = t * q + (t < r ? t : r);
    *end = *begin + q + (t < r ? 1 : 0);
}

static int in_roi(const nbref_detector* d, int spixel, int fpixel) {
    return !(fpixel < d->roi_xmin || fpixel > d->roi_xmax || spixel < d->roi_ymin ||
             spixel > d->roi_ymax);
}

static int masked(const nbref_detector* d, int spixel, int fpixel) {
    return d->maskimage && d->maskimage[(size_t)spixel * d->fpixels + fpixel] == 0;
}

static int is_traced(const nbref_sim* s, int spixel, int fpixel) {
    int i;
    for (i = 0; i < s->n_trace; ++i)
        if (s->trace_slow[i] == spixel && s->trace_fast[i] == fpixel)
            return 1;
    return 0;
}

/* One pass's worth of spindle rotations, exactly as the phi loop does them. */
static void rotate_one_pass(const nbref_sim* s, nbref_thread* tc) {
    const nbref_crystal* x = &s->xtal;
    const double* spindle = s->beam.spindle_vector;
    int phi_tic;
    for (phi_tic = 0; phi_tic < x->phisteps; ++phi_tic) {
        double phi = x->phi0 + x->phistep * phi_tic;
        if (phi != 0.0) {
            nbref_rotate_axis(x->a0, tc->ap, spindle, phi);
            nbref_rotate_axis(x->b0, tc->bp, spindle, phi);
            nbref_rotate_axis(x->c0, tc->cp, spindle, phi);
        } else if (s->run.phi0_fix) {
            memcpy(tc->ap, x->a0, sizeof tc->ap);
            memcpy(tc->bp, x->b0, sizeof tc->bp);
            memcpy(tc->cp, x->c0, sizeof tc->cp);
        }
    }
}

/* The (layer, sub-pixel, source) combinations of a pixel that survive the dmin cut, i.e. its
 * passes through the phi loop; 0 when every source of every sub-pixel is culled. */
static long pixel_pass_count(const nbref_sim* s, int spixel, int fpixel) {
    const nbref_detector* d = &s->det;
    const nbref_beam* b = &s->beam;
    long n = 0;
    int thick_tic, subS, subF, source, k;
    int polar_pending = !b->nopolar; /* the pixel's polarization not computed yet */
    if (b->dmin <= 0.0)
        return (long)d->detector_thicksteps * d->oversample * d->oversample * b->sources;
    for (thick_tic = 0; thick_tic < d->detector_thicksteps; ++thick_tic) {
        double Odet = thick_tic * d->detector_thickstep;
        for (subS = 0; subS < d->oversample; ++subS)
            for (subF = 0; subF < d->oversample; ++subF) {
                double Fdet =
                    d->subpixel_size * (fpixel * d->oversample + subF) + d->subpixel_size / 2.0;
                double Sdet =
                    d->subpixel_size * (spixel * d->oversample + subS) + d->subpixel_size / 2.0;
                double pos[4], diffracted[4], scattering[4], vector[4], newvector[4], stol;
                for (k = 1; k <= 3; ++k)
                    pos[k] = Fdet * d->fdet_vector[k] + Sdet * d->sdet_vector[k] +
                             Odet * d->odet_vector[k] + d->pix0_vector[k];
                if (d->curved_detector) {
                    for (k = 1; k <= 3; ++k)
                        vector[k] = d->distance * b->beam_vector[k];
                    nbref_rotate_axis(vector, newvector, d->sdet_vector, pos[2] / d->distance);
                    nbref_rotate_axis(newvector, pos, d->fdet_vector, pos[3] / d->distance);
                }
                nbref_unitize(pos, diffracted);
                for (source = 0; source < b->sources; ++source) {
                    /* d - i with i = -source direction, as the pixel loop forms it */
                    scattering[1] =
                        (diffracted[1] - -b->source_X[source]) / b->source_lambda[source];
                    scattering[2] =
                        (diffracted[2] - -b->source_Y[source]) / b->source_lambda[source];
                    scattering[3] =
                        (diffracted[3] - -b->source_Z[source]) / b->source_lambda[source];
                    stol = 0.5 * nbref_magnitude(scattering);
                    if (stol > 0.0 && b->dmin > 0.5 / stol)
                        continue;
                    ++n;
                    /* polarization_factor() renormalises `diffracted` in place, which the
                     * following sources of this sub-pixel then use */
                    if (polar_pending || d->oversample_polar) {
                        nbref_unitize(diffracted, diffracted);
                        polar_pending = 0;
                    }
                }
            }
    }
    return n;
}

/* Calls of polarization_factor() for a pixel with `passes` passes: once per pixel (the first
 * surviving pass), or at every pass with -oversample_polar; none with -nopolar. */
static long polarization_calls(const nbref_sim* s, long passes) {
    if (s->beam.nopolar || passes == 0)
        return 0;
    return s->det.oversample_polar ? passes : 1;
}

/* The axis after `calls` more in-place renormalisations; stops early at a fixed point and uses
 * the parity on a two-value cycle, so any count is cheap. */
static void renormalise_axis(double* axis, long calls) {
    double prev[4] = {0, 0, 0, 0};
    long i;
    for (i = 0; i < calls; ++i) {
        double before[4];
        memcpy(before, axis, sizeof before);
        nbref_unitize(axis, axis);
        if (axis[1] == before[1] && axis[2] == before[2] && axis[3] == before[3])
            return; /* fixed point */
        if (i > 0 && axis[1] == prev[1] && axis[2] == prev[2] && axis[3] == prev[3]) {
            if ((calls - i - 1) % 2 == 1)
                memcpy(axis, before, sizeof before);
            return; /* two-value cycle */
        }
        memcpy(prev, before, sizeof prev);
    }
}

static int in_region(const nbref_sim* s, int spixel, int fpixel) {
    return s->run.schedule == NBREF_SCHEDULE_FULL_FRAME || in_roi(&s->det, spixel, fpixel);
}

/* Replays, for the region pixels of this thread's block in [tc->replayed_to, until) that this
 * run does not compute, the state changes a run of the region would have made there. */
static void replay_skipped(const nbref_sim* s, nbref_thread* tc, long until) {
    const nbref_detector* d = &s->det;
    const int track_axis = !s->beam.nopolar && s->beam.polarization != 0.0;
    long i, axis_calls = 0;
    for (i = tc->replayed_to; i < until; ++i) {
        int spixel = tc->row_begin + (int)(i / d->fpixels), fpixel = (int)(i % d->fpixels);
        long passes;
        if (!in_region(s, spixel, fpixel) || masked(d, spixel, fpixel))
            continue;
        if (tc->warm && !track_axis)
            break; /* nothing left that could change */
        passes = pixel_pass_count(s, spixel, fpixel);
        if (passes > 0 && !tc->warm) {
            rotate_one_pass(s, tc);
            tc->warm = 1;
        }
        if (track_axis)
            axis_calls += polarization_calls(s, passes);
    }
    renormalise_axis(tc->polar_vector, axis_calls);
    tc->replayed_to = until;
}

/* Structure factor of (h, k, l): tricubic interpolation while it is safe, else the nearest
 * table entry inside the table, else default_F. The first out-of-range interpolation switches
 * interpolation off for everybody (a shared flag in the C program) and, in that same evaluation,
 * falls through to the nearest-neighbour value (quirk). */
static double structure_factor(nbref_sim* s, nbref_thread* tc) {
    nbref_crystal* x = &s->xtal;
    double h = tc->h, k = tc->k, l = tc->l;
    int h0 = tc->h0, k0 = tc->k0, l0 = tc->l0;
    double F_cell = tc->F_cell;
    int interpolate;
#pragma omp atomic read
    interpolate = x->interpolate;
    if (interpolate) {
        int h0_flr = (int)floor(h), k0_flr = (int)floor(k), l0_flr = (int)floor(l);
        if (((h - x->h_min + 3) > x->h_range) || (h - 2 < x->h_min) ||
            ((k - x->k_min + 3) > x->k_range) || (k - 2 < x->k_min) ||
            ((l - x->l_min + 3) > x->l_range) || (l - 2 < x->l_min)) {
            int babble;
#pragma omp atomic capture
            {
                babble = x->babble;
                x->babble = 0;
            }
            if (babble) {
                nbref_log(s,
                          "WARNING: out of range for three point interpolation: h,k,l,h0,k0,l0: "
                          "%g,%g,%g,%d,%d,%d \n",
                          h, k, l, h0, k0, l0);
                nbref_log(s, "WARNING: further warnings will not be printed! ");
            }
            F_cell = x->default_F;
#pragma omp atomic write
            x->interpolate = 0;
            interpolate = 0;
        } else {
            double hd[4], kd[4], ld[4];
            int i1, i2, i3;
            for (i1 = 0; i1 < 4; ++i1) {
                hd[i1] = (double)(h0_flr - 1 + i1);
                kd[i1] = (double)(k0_flr - 1 + i1);
                ld[i1] = (double)(l0_flr - 1 + i1);
            }
            for (i1 = 0; i1 < 4; i1++)
                for (i2 = 0; i2 < 4; i2++)
                    for (i3 = 0; i3 < 4; i3++)
                        tc->sub_Fhkl[i1][i2][i3] =
                            nbref_hkl_value(x, h0_flr - 1 + i1, k0_flr - 1 + i2, l0_flr - 1 + i3);
            F_cell = nbref_polin3(hd, kd, ld, tc->sub_Fhkl, h, k, l);
        }
    }
    if (!interpolate) {
        if (x->hkls && (h0 <= x->h_max) && (h0 >= x->h_min) && (k0 <= x->k_max) &&
            (k0 >= x->k_min) && (l0 <= x->l_max) && (l0 >= x->l_min))
            F_cell = nbref_hkl_value(x, h0, k0, l0);
        else
            F_cell = x->default_F;
    }
    return F_cell;
}

/* Lattice transform F_latt of the current (h, k, l) for the crystal shape. */
static double lattice_factor(const nbref_sim* s, const nbref_thread* tc, tracer* tr) {
    const nbref_crystal* x = &s->xtal;
    double h = tc->h, k = tc->k, l = tc->l;
    int h0 = tc->h0, k0 = tc->k0, l0 = tc->l0;
    double F_latt = 1.0, rad_star_sqr = 0.0, hrad_sqr;
    double Na = x->Na, Nb = x->Nb, Nc = x->Nc;

    if (x->xtal_shape == NBREF_SHAPE_SQUARE) {
        /* parallelepiped: product of grating transforms sin(N pi h)/sin(pi h) */
        double F_latt_a = 1.0, F_latt_b = 1.0, F_latt_c = 1.0;
        if (Na > 1) {
            F_latt_a = nbref_sincg(M_PI * h, Na);
            F_latt *= F_latt_a;
        }
        if (Nb > 1) {
            F_latt_b = nbref_sincg(M_PI * k, Nb);
            F_latt *= F_latt_b;
        }
        if (Nc > 1) {
            F_latt_c = nbref_sincg(M_PI * l, Nc);
            F_latt *= F_latt_c;
        }
        if (tr) {
            emit1(tr, "F_latt_a", F_latt_a);
            emit1(tr, "F_latt_b", F_latt_b);
            emit1(tr, "F_latt_c", F_latt_c);
        }
    } else {
        /* reciprocal-space distance to the nearest node, with the UNROTATED a*, b*, c* in 1/A */
        double dx = (h - h0) * x->a_star[1] + (k - k0) * x->b_star[1] + (l - l0) * x->c_star[1];
        double dy = (h - h0) * x->a_star[2] + (k - k0) * x->b_star[2] + (l - l0) * x->c_star[2];
        double dz = (h - h0) * x->a_star[3] + (k - k0) * x->b_star[3] + (l - l0) * x->c_star[3];
        rad_star_sqr = (dx * dx + dy * dy + dz * dz) * Na * Na * Nb * Nb * Nc * Nc;
    }
    if (x->xtal_shape == NBREF_SHAPE_ROUND) {
        hrad_sqr = (h - h0) * (h - h0) * Na * Na + (k - k0) * (k - k0) * Nb * Nb +
                   (l - l0) * (l - l0) * Nc * Nc;
        /* sphere transform, scaled by the square-root volume ratio of cube and sphere */
        F_latt = Na * Nb * Nc * 0.723601254558268 * nbref_sinc3(M_PI * sqrt(hrad_sqr * x->fudge));
    }
    if (x->xtal_shape == NBREF_SHAPE_GAUSS)
        F_latt = Na * Nb * Nc * exp(-(rad_star_sqr / 0.63 * x->fudge));
    if (x->xtal_shape == NBREF_SHAPE_TOPHAT)
        F_latt = Na * Nb * Nc * (rad_star_sqr * x->fudge < 0.3969);
    if (tr)
        emit1(tr, "F_latt", F_latt);
    return F_latt;
}

/* "TRACE:     a0 = [x, y, z] |a0| = m" for the three cell vectors, as the debug prints below. */
static void debug_512_cell(const nbref_sim* s, const char* const names[3], const double* a,
                           const double* b, const double* c) {
    const double* v[3];
    int i;
    v[0] = a, v[1] = b, v[2] = c;
    for (i = 0; i < 3; ++i)
        nbref_log(s, "TRACE:     %s = [%g, %g, %g] |%s| = %g\n", names[i], v[i][1], v[i][2],
                  v[i][3], names[i], v[i][0]);
}

static const char* const kCell0[3] = {"a0", "b0", "c0"};
static const char* const kCellPhi[3] = {"ap", "bp", "cp"};
static const char* const kCellMosaic[3] = {"a", "b", "c"};

/* The C program's hard-wired debug print for pixel (512, 512) when phi != 0 at phi_tic 0. */
static void debug_512_phi(const nbref_sim* s, const nbref_thread* tc, double phi, int before) {
    const nbref_crystal* x = &s->xtal;
    const double* sp = s->beam.spindle_vector;
    if (before) {
        nbref_log(s, "TRACE: Phi rotation (phi=%g degrees):\n", phi * RTD);
        nbref_log(s, "TRACE:   spindle_vector = [%g, %g, %g]\n", sp[1], sp[2], sp[3]);
        nbref_log(s, "TRACE:   Before phi rotation:\n");
        debug_512_cell(s, kCell0, x->a0, x->b0, x->c0);
    } else {
        nbref_log(s, "TRACE:   After phi rotation:\n");
        debug_512_cell(s, kCellPhi, tc->ap, tc->bp, tc->cp);
    }
}

static void debug_512_mosaic(const nbref_sim* s, const nbref_thread* tc, int mos_tic, int before) {
    const double* u = s->xtal.mosaic_umats + 9 * mos_tic;
    if (before) {
        nbref_log(s, "TRACE: Mosaic rotation (domain %d):\n", mos_tic);
        nbref_log(s, "TRACE:   Mosaic umat = [%g %g %g; %g %g %g; %g %g %g]\n", u[0], u[1], u[2],
                  u[3], u[4], u[5], u[6], u[7], u[8]);
        nbref_log(s, "TRACE:   Before mosaic rotation:\n");
        debug_512_cell(s, kCellPhi, tc->ap, tc->bp, tc->cp);
    } else {
        nbref_log(s, "TRACE:   After mosaic rotation:\n");
        debug_512_cell(s, kCellMosaic, tc->a, tc->b, tc->c);
    }
}

/* phi and mosaic loops of one pass (one layer, sub-pixel and surviving source). */
static void phi_mosaic_loops(nbref_sim* s, nbref_thread* tc, tracer* tr, int source, int dbg512) {
    nbref_crystal* x = &s->xtal;
    const double* spindle = s->beam.spindle_vector;
    int phi_tic, mos_tic, k;

    tc->warm = 1;
    for (phi_tic = 0; phi_tic < x->phisteps; ++phi_tic) {
        double phi = x->phi0 + x->phistep * phi_tic;
        if (phi != 0.0) {
            if (dbg512 && source == 0 && phi_tic == 0)
                debug_512_phi(s, tc, phi, 1);
            nbref_rotate_axis(x->a0, tc->ap, spindle, phi);
            nbref_rotate_axis(x->b0, tc->bp, spindle, phi);
            nbref_rotate_axis(x->c0, tc->cp, spindle, phi);
            if (dbg512 && source == 0 && phi_tic == 0)
                debug_512_phi(s, tc, phi, 0);
        } else if (s->run.phi0_fix) {
            /* the fix the C-PARITY-001 reports suggest: a fresh (identity) rotation at phi = 0 */
            memcpy(tc->ap, x->a0, sizeof tc->ap);
            memcpy(tc->bp, x->b0, sizeof tc->bp);
            memcpy(tc->cp, x->c0, sizeof tc->cp);
        }
        /* else: C-PARITY-001, ap/bp/cp keep the thread's previous rotation */
        if (tr) {
            tr->idx.phi = phi_tic;
            tr->idx.mosaic = -1;
            emit1(tr, "phi_angle", phi * RTD);
            emit_vec(tr, "ap", tc->ap, 1e10);
            emit_vec(tr, "bp", tc->bp, 1e10);
            emit_vec(tr, "cp", tc->cp, 1e10);
        }

        for (mos_tic = 0; mos_tic < x->mosaic_domains; ++mos_tic) {
            double F_latt, F_cell, term;
            if (x->mosaic_spread > 0.0) {
                const double* u = &x->mosaic_umats[mos_tic * 9];
                if (dbg512 && source == 0 && phi_tic == 0 && mos_tic == 0)
                    debug_512_mosaic(s, tc, mos_tic, 1);
                nbref_rotate_umat(tc->ap, tc->a, u);
                nbref_rotate_umat(tc->bp, tc->b, u);
                nbref_rotate_umat(tc->cp, tc->c, u);
                if (dbg512 && source == 0 && phi_tic == 0 && mos_tic == 0)
                    debug_512_mosaic(s, tc, mos_tic, 0);
            } else {
                for (k = 1; k <= 3; ++k) {
                    tc->a[k] = tc->ap[k];
                    tc->b[k] = tc->bp[k];
                    tc->c[k] = tc->cp[k];
                }
            }

            /* fractional Miller indices and the nearest node (halves round toward -inf) */
            tc->h = nbref_dot_product(tc->a, tc->scattering);
            tc->k = nbref_dot_product(tc->b, tc->scattering);
            tc->l = nbref_dot_product(tc->c, tc->scattering);
            tc->h0 = (int)ceil(tc->h - 0.5);
            tc->k0 = (int)ceil(tc->k - 0.5);
            tc->l0 = (int)ceil(tc->l - 0.5);
            if (tr) {
                double hkl[3], hkl0[3];
                tr->idx.mosaic = mos_tic;
                /* the vectors after the mosaic rotation (equal to ap/bp/cp without mosaic) */
                emit_vec(tr, "a_rot", tc->a, 1e10);
                emit_vec(tr, "b_rot", tc->b, 1e10);
                emit_vec(tr, "c_rot", tc->c, 1e10);
                if (source == 0 && phi_tic == 0 && mos_tic == 0) {
                    emit_vec(tr, "a_star", x->a_star, 1.0);
                    emit_vec(tr, "b_star", x->b_star, 1.0);
                    emit_vec(tr, "c_star", x->c_star, 1.0);
                }
                hkl[0] = tc->h, hkl[1] = tc->k, hkl[2] = tc->l;
                hkl0[0] = tc->h0, hkl0[1] = tc->k0, hkl0[2] = tc->l0;
                emit(tr, "hkl_frac", 3, hkl);
                emit(tr, "hkl_rounded", 3, hkl0);
            }

            F_latt = lattice_factor(s, tc, tr);
            tc->F_latt = F_latt;
            /* a zero lattice transform skips the term entirely, including the oversample_*
             * multiplications of the running sum */
            if (F_latt == 0.0 && x->water_size == 0.0) {
                if (tr)
                    emit1(tr, "I_contribution", 0.0);
                continue;
            }

            F_cell = structure_factor(s, tc);
            tc->F_cell = F_cell;
            term = F_cell * F_cell * F_latt * F_latt;
            if (tr) {
                emit1(tr, "F_cell", F_cell);
                emit1(tr, "I_contribution", term);
            }
            tc->I += term;
            if (s->det.oversample_thick)
                tc->I *= tc->capture_fraction;
            if (s->det.oversample_polar)
                tc->I *= tc->polar;
            if (s->det.oversample_omega)
                tc->I *= tc->omega_pixel;
        }
    }
    if (tr) {
        tr->idx.phi = -1;
        tr->idx.mosaic = -1;
    }
}

/* One pixel: layers, sub-pixels, sources, then the scaling. Returns the value added to the image.
 */
static double compute_pixel(nbref_sim* s, nbref_thread* tc, int spixel, int fpixel, tracer* tr) {
    const nbref_detector* d = &s->det;
    const nbref_beam* b = &s->beam;
    int thick_tic, subS, subF, source, k;
    int dbg512 = (fpixel == 512 && spixel == 512 && s->log);
    double test;

    tc->I = s->I_bg;
    /* 0 = "not computed yet": polarization, solid angle and capture fraction are cached */
    tc->polar = 0.0;
    if (b->nopolar)
        tc->polar = 1.0;
    tc->omega_pixel = 0.0;

    for (thick_tic = 0; thick_tic < d->detector_thicksteps; ++thick_tic) {
        double Odet = thick_tic * d->detector_thickstep;
        tc->capture_fraction = 0.0;
        if (d->detector_thick == 0.0)
            tc->capture_fraction = 1.0;

        for (subS = 0; subS < d->oversample; ++subS) {
            for (subF = 0; subF < d->oversample; ++subF) {
                double airpath;
                /* sub-pixel centre in the detector plane, metres from pix0 */
                tc->Fdet =
                    d->subpixel_size * (fpixel * d->oversample + subF) + d->subpixel_size / 2.0;
                tc->Sdet =
                    d->subpixel_size * (spixel * d->oversample + subS) + d->subpixel_size / 2.0;
                for (k = 1; k <= 3; ++k)
                    tc->pixel_pos[k] = tc->Fdet * d->fdet_vector[k] + tc->Sdet * d->sdet_vector[k] +
                                       Odet * d->odet_vector[k] + d->pix0_vector[k];
                tc->pixel_pos[0] = 0.0;
                if (d->curved_detector) {
                    /* every pixel at `distance`: lab y and z of the flat position used as angles */
                    double vector[4], newvector[4];
                    for (k = 1; k <= 3; ++k)
                        vector[k] = d->distance * b->beam_vector[k];
                    nbref_rotate_axis(vector, newvector, d->sdet_vector,
                                      tc->pixel_pos[2] / d->distance);
                    nbref_rotate_axis(newvector, tc->pixel_pos, d->fdet_vector,
                                      tc->pixel_pos[3] / d->distance);
                }
                airpath = nbref_unitize(tc->pixel_pos, tc->diffracted);

                /* solid angle (pixel/airpath)^2 cos(2theta), from the first sub-pixel only unless
                 * -oversample_omega (quirk Q3) */
                if (tc->omega_pixel == 0.0 || d->oversample_omega) {
                    tc->omega_pixel = d->pixel_size * d->pixel_size / airpath / airpath *
                                      d->close_distance / airpath;
                    if (d->point_pixel)
                        tc->omega_pixel = 1.0 / airpath / airpath;
                }
                tc->omega_sum += tc->omega_pixel;

                /* fraction absorbed by this layer, from its first sub-pixel unless
                 * -oversample_thick */
                if (tc->capture_fraction == 0.0 || d->oversample_thick) {
                    double parallax = nbref_dot_product(tc->diffracted, d->odet_vector);
                    tc->capture_fraction =
                        exp(-thick_tic * d->detector_thickstep * d->detector_mu / parallax) -
                        exp(-(thick_tic + 1) * d->detector_thickstep * d->detector_mu / parallax);
                }

                if (tr) {
                    tr->idx.layer = thick_tic;
                    tr->idx.sub_s = subS;
                    tr->idx.sub_f = subF;
                    tr->idx.source = -1;
                    emit_vec(tr, "pixel_pos", tc->pixel_pos, 1.0);
                    emit1(tr, "airpath", airpath);
                    emit_vec(tr, "diffracted_vec", tc->diffracted, 1.0);
                    emit1(tr, "omega_pixel", tc->omega_pixel);
                    emit1(tr, "obliquity_factor", d->close_distance / airpath);
                    /* one value per layer (the key's index signature): the first sub-pixel's;
                     * with -oversample_thick each sub-pixel recomputes it and multiplies the
                     * running sum with it, values this key cannot hold apart */
                    if (subS == 0 && subF == 0)
                        emit1(tr, "capture_fraction", tc->capture_fraction);
                    emit_vec(tr, "pix0_vector", d->pix0_vector, 1.0);
                    emit_vec(tr, "fdet_vector", d->fdet_vector, 1.0);
                    emit_vec(tr, "sdet_vector", d->sdet_vector, 1.0);
                    emit1(tr, "close_distance", d->close_distance);
                }

                for (source = 0; source < b->sources; ++source) {
                    tc->incident[1] = -b->source_X[source];
                    tc->incident[2] = -b->source_Y[source];
                    tc->incident[3] = -b->source_Z[source];
                    tc->lambda = b->source_lambda[source];

                    /* scattering vector q = (d - i)/lambda, 1/m */
                    tc->scattering[1] = (tc->diffracted[1] - tc->incident[1]) / tc->lambda;
                    tc->scattering[2] = (tc->diffracted[2] - tc->incident[2]) / tc->lambda;
                    tc->scattering[3] = (tc->diffracted[3] - tc->incident[3]) / tc->lambda;
                    if (tr) {
                        tr->idx.source = source;
                        emit_vec(tr, "incident_vec", tc->incident, 1.0);
                        emit1(tr, "lambda", tc->lambda);
                        emit_vec(tr, "scattering_vector", tc->scattering, 1.0);
                    }

                    tc->stol = 0.5 * nbref_magnitude(tc->scattering);
                    if (tr)
                        emit1(tr, "stol", tc->stol);
                    /* resolution cut: skip sources beyond dmin */
                    if (b->dmin > 0.0 && tc->stol > 0.0) {
                        if (b->dmin > 0.5 / tc->stol)
                            continue;
                    }

                    /* first (sub-pixel, surviving source) only unless -oversample_polar; this call
                     * normalises incident, diffracted and the axis in place, as in the C */
                    if (tc->polar == 0.0 || d->oversample_polar)
                        tc->polar = nbref_polarization_factor(b->polarization, tc->incident,
                                                              tc->diffracted, tc->polar_vector);
                    if (tr) {
                        emit1(tr, "polar", tc->polar);
                        emit1(tr, "cos_2theta", nbref_dot_product(tc->incident, tc->diffracted));
                    }

                    phi_mosaic_loops(s, tc, tr, source, dbg512);
                }
                if (tr)
                    tr->idx.source = -1;
            }
        }
    }
    if (tr) {
        tr->idx.layer = tr->idx.sub_s = tr->idx.sub_f = tr->idx.source = -1;
    }

    /* photons: r_e^2 fluence I / steps, then the factors not applied per term */
    test = s->r_e_sqr * b->fluence * tc->I / s->steps;
    if (!d->oversample_thick)
        test *= tc->capture_fraction;
    if (!d->oversample_polar)
        test *= tc->polar;
    if (!d->oversample_omega)
        test *= tc->omega_pixel;
    return test;
}

static void emit_pixel_final(nbref_sim* s, nbref_thread* tc, tracer* tr, double test, float pixel) {
    const nbref_detector* d = &s->det;
    emit1(tr, "I_before_scaling", tc->I);
    emit1(tr, "r_e", sqrt(s->r_e_sqr));
    emit1(tr, "r_e_sqr", s->r_e_sqr);
    emit1(tr, "fluence", s->beam.fluence);
    emit1(tr, "steps", (double)s->steps);
    emit1(tr, "oversample_thick", (double)d->oversample_thick);
    emit1(tr, "oversample_polar", (double)d->oversample_polar);
    emit1(tr, "oversample_omega", (double)d->oversample_omega);
    emit1(tr, "capture_fraction", tc->capture_fraction);
    emit1(tr, "polar", tc->polar);
    emit1(tr, "omega_pixel", tc->omega_pixel);
    emit1(tr, "cos_2theta", nbref_dot_product(tc->incident, tc->diffracted));
    emit1(tr, "I_pixel_final", test);
    emit1(tr, "image_value", (double)pixel);
}

/* The C program's -printout block for one pixel (values of the last inner iteration). */
static void printout_pixel(const nbref_sim* s, const nbref_thread* tc, int spixel, int fpixel,
                           float pixel) {
    double twotheta =
        atan2(sqrt(tc->pixel_pos[2] * tc->pixel_pos[2] + tc->pixel_pos[3] * tc->pixel_pos[3]),
              tc->pixel_pos[1]);
    double test = sin(twotheta / 2.0) / (s->beam.lambda0 * 1e10);
    nbref_log(s, "%4d %4d : stol = %g or %g\n", fpixel, spixel, tc->stol, test);
    nbref_log(s, "at %g %g %g\n", tc->pixel_pos[1], tc->pixel_pos[2], tc->pixel_pos[3]);
    nbref_log(s, "hkl= %f %f %f  hkl0= %d %d %d\n", tc->h, tc->k, tc->l, tc->h0, tc->k0, tc->l0);
    nbref_log(s, " F_cell=%g  F_latt=%g   I = %g\n", tc->F_cell, tc->F_latt, tc->I);
    nbref_log(s, "I/steps %15.10g\n", tc->I / s->steps);
    nbref_log(s, "polar   %15.10g\n", tc->polar);
    nbref_log(s, "omega   %15.10g\n", tc->omega_pixel);
    nbref_log(s, "capfrac %15.10g\n", tc->capture_fraction);
    nbref_log(s, "pixel   %15.10g\n", (double)pixel);
    nbref_log(s, "real-space cell vectors (Angstrom):\n");
    nbref_log(s, "     %-10s  %-10s  %-10s\n", "a", "b", "c");
    nbref_log(s, "X: %11.8f %11.8f %11.8f\n", tc->a[1] * 1e10, tc->b[1] * 1e10, tc->c[1] * 1e10);
    nbref_log(s, "Y: %11.8f %11.8f %11.8f\n", tc->a[2] * 1e10, tc->b[2] * 1e10, tc->c[2] * 1e10);
    nbref_log(s, "Z: %11.8f %11.8f %11.8f\n", tc->a[3] * 1e10, tc->b[3] * 1e10, tc->c[3] * 1e10);
}

static void progress(const nbref_sim* s, const nbref_thread* tc, long progress_pixels) {
    long p = tc->progress_pixel;
    if (!s->progress_meter || progress_pixels / 100 <= 0)
        return;
    if (p % (progress_pixels / 20) == 0 ||
        ((10 * p < progress_pixels || 10 * p > 9 * progress_pixels) &&
         (p % (progress_pixels / 100) == 0))) {
        nbref_log(s, "%lu%% done\n", (unsigned long)(p * 100 / progress_pixels));
        if (s->log)
            fflush(s->log);
    }
}

/* One region pixel of a thread, in loop order: replay what the skipped pixels before it would
 * have done to the thread's state, compute, trace, keep statistics. */
static void run_pixel(nbref_sim* s, nbref_thread* tc, int spixel, int fpixel, int skips_region,
                      long progress_pixels) {
    const nbref_detector* d = &s->det;
    size_t imgidx;
    tracer tr_storage, *tr = NULL;
    double test;
    if (!in_roi(d, spixel, fpixel))
        return;
    imgidx = (size_t)spixel * d->fpixels + fpixel;
    if (masked(d, spixel, fpixel))
        return;
    if (skips_region) {
        long here = (long)(spixel - tc->row_begin) * d->fpixels + fpixel;
        replay_skipped(s, tc, here);
        tc->replayed_to = here + 1;
    }

    if (s->n_trace && s->trace_fn && is_traced(s, spixel, fpixel)) {
        tr = &tr_storage;
        tr->tb = &tc->tb;
        tr->idx = nbref_no_indices();
        tr->idx.pixel_slow = spixel;
        tr->idx.pixel_fast = fpixel;
    }

    test = compute_pixel(s, tc, spixel, fpixel, tr);
    s->floatimage[imgidx] += test;

    if (tr) {
        emit_pixel_final(s, tc, tr, test, s->floatimage[imgidx]);
#pragma omp critical(nbref_trace)
        nbref_tb_flush(&tc->tb, s->trace_fn, s->trace_user);
    }

    /* statistics: the first maximum in this thread's loop order wins */
    if (s->floatimage[imgidx] > tc->max_I) {
        tc->max_I = s->floatimage[imgidx];
        tc->max_I_x = tc->Fdet;
        tc->max_I_y = tc->Sdet;
    }
    tc->sum += s->floatimage[imgidx];
    tc->sumsqr += s->floatimage[imgidx] * s->floatimage[imgidx];
    ++tc->sumn;

    if (s->printout) {
        if ((fpixel == s->printout_fpixel && spixel == s->printout_spixel) ||
            s->printout_fpixel < 0)
            printout_pixel(s, tc, spixel, fpixel, s->floatimage[imgidx]);
    } else {
        progress(s, tc, progress_pixels);
    }
    ++tc->progress_pixel;
}

/* Loop order of pixels: row, then fast pixel. */
static int pixel_order(const void* pa, const void* pb) {
    const int* a = (const int*)pa;
    const int* b = (const int*)pb;
    return a[0] != b[0] ? (a[0] < b[0] ? -1 : 1) : (a[1] > b[1]) - (a[1] < b[1]);
}

static void run_thread(nbref_sim* s, nbref_thread* tc, long progress_pixels) {
    const nbref_detector* d = &s->det;
    int spixel, fpixel;
    /* region pixels this run skips: all but the ROI with the full-frame schedule, all but the
     * traced pixels when only those are computed */
    const int skips_region = s->run.schedule == NBREF_SCHEDULE_FULL_FRAME || s->traced_only;

    if (s->traced_only) {
        /* only the traced pixels of this thread's rows, in loop order (each once) */
        int mine[NBREF_MAX_TRACE_PIXELS][2], n = 0, i;
        for (i = 0; i < s->n_trace; ++i)
            if (s->trace_slow[i] >= tc->row_begin && s->trace_slow[i] < tc->row_end) {
                mine[n][0] = s->trace_slow[i];
                mine[n][1] = s->trace_fast[i];
                ++n;
            }
        qsort(mine, (size_t)n, sizeof mine[0], pixel_order);
        for (i = 0; i < n; ++i)
            if (i == 0 || pixel_order(mine[i], mine[i - 1]) != 0)
                run_pixel(s, tc, mine[i][0], mine[i][1], skips_region, progress_pixels);
        return;
    }
    for (spixel = tc->row_begin; spixel < tc->row_end; ++spixel)
        for (fpixel = 0; fpixel < d->fpixels; ++fpixel)
            run_pixel(s, tc, spixel, fpixel, skips_region, progress_pixels);
}

static void init_thread(const nbref_sim* s, nbref_thread* tc, int t, int T) {
    memset(tc, 0, sizeof(*tc));
    tc->t = t;
    static_block(s->det.spixels, T, t, &tc->row_begin, &tc->row_end);
    /* firstprivate: every thread starts from the master's unrotated working vectors */
    memcpy(tc->ap, s->xtal.a0, sizeof tc->ap);
    memcpy(tc->bp, s->xtal.b0, sizeof tc->bp);
    memcpy(tc->cp, s->xtal.c0, sizeof tc->cp);
    memcpy(tc->a, s->xtal.a0, sizeof tc->a);
    memcpy(tc->b, s->xtal.b0, sizeof tc->b);
    memcpy(tc->c, s->xtal.c0, sizeof tc->c);
    memcpy(tc->polar_vector, s->beam.polar_vector, sizeof tc->polar_vector);
    nbref_tb_init(&tc->tb);
}

int nbref_resolve_threads(int requested) {
    if (requested > 0)
        return requested;
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

nbref_status nbref_pixel_loop(nbref_sim* s, nbref_err* err) {
    const nbref_detector* d = &s->det;
    int T = nbref_resolve_threads(s->run.threads);
    long progress_pixels = (long)(d->roi_xmax - d->roi_xmin + 1) * (d->roi_ymax - d->roi_ymin + 1);
    nbref_thread* threads = (nbref_thread*)calloc((size_t)T, sizeof(nbref_thread));
    int t, oom = 0;

    if (!threads)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for %d threads", T);
    for (t = 0; t < T; ++t)
        init_thread(s, &threads[t], t, T);

#pragma omp parallel for num_threads(T) schedule(static, 1)
    for (t = 0; t < T; ++t)
        run_thread(s, &threads[t], progress_pixels);

    /* merge the reductions in thread order; the C program races on max_I, here the first
     * maximum in row order wins deterministically */
    s->sum = s->sumsqr = s->omega_sum = 0.0;
    s->sumn = 0;
    s->max_I = 0.0;
    s->max_I_x = s->max_I_y = 0.0;
    for (t = 0; t < T; ++t) {
        nbref_thread* tc = &threads[t];
        s->sum += tc->sum;
        s->sumsqr += tc->sumsqr;
        s->omega_sum += tc->omega_sum;
        s->sumn += tc->sumn;
        if (tc->max_I > s->max_I) {
            s->max_I = tc->max_I;
            s->max_I_x = tc->max_I_x;
            s->max_I_y = tc->max_I_y;
        }
        oom |= tc->tb.out_of_memory;
        nbref_tb_free(&tc->tb);
    }
    free(threads);
    if (oom)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory while buffering trace events");
    return NBREF_OK;
}
