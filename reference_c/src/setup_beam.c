/* Beam sources (divergence x dispersion grid, or -sourcefile), mosaic domains, the final sampling
 * decisions and the C program's parameter summary. (nanobragg_model.md §3.4, §4.2, §4.3.) */
#define _POSIX_C_SOURCE 200809L
#include "setup_beam.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_file.h"
#include "log.h"
#include "run_limits.h"
#include "vec3.h"

#define RTD (180.0 * M_1_PI)
#define AVOGADRO 6.02214179e23

/* Source file: per line up to five numbers X Y Z (m, sample -> source) weight lambda (m),
 * separated by blanks or , ; : ! (the C program's delimiters). Missing columns take defaults.
 * Stricter than the C program, whose parser turns a line ending in a non-number (a comment)
 * into a source at the origin with lambda 0 (quirk Q9): here that is an error naming the line. */
static nbref_status read_source_file(nbref_sim* s, nbref_err* err) {
    nbref_beam* b = &s->beam;
    const char* path = s->in.sourcefilename;
    nbref_text_reader* r = (nbref_text_reader*)malloc(sizeof(nbref_text_reader));
    int n = 0, alloc = 0, got = 0;
    nbref_status st = NBREF_OK;
    if (!r)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory reading %s", path);
    if (nbref_text_open(r, path, "source file", err) != NBREF_OK) {
        free(r);
        return NBREF_ERR_INPUT;
    }
    while (st == NBREF_OK && (got = nbref_text_next_line(r, err)) == 1) {
        double v[5];
        int ncol = 0, nonfinite;
        const char* p = r->line;
        const long lineno = r->lineno;
        for (;;) {
            const char* end;
            p += strspn(p, " \t,;:!\r\n\v\f");
            if (!*p)
                break;
            if (ncol == 5) {
                st = nbref_fail(err, NBREF_ERR_INPUT,
                                "%s:%ld: more than 5 columns (expected X Y Z weight lambda)", path,
                                lineno);
                break;
            }
            end = nbref_scan_number(p, &v[ncol], &nonfinite);
            if (!end || (*end && !strchr(" \t,;:!\r\n\v\f", *end))) {
                st = nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: not a number", path, lineno);
                break;
            }
            if (nonfinite) {
                st = nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: non-finite value", path, lineno);
                break;
            }
            ++ncol;
            p = end;
        }
        if (st != NBREF_OK || ncol == 0)
            continue;
        if (n == NBREF_MAX_SOURCES) {
            st =
                nbref_fail(err, NBREF_ERR_USAGE, "-sourcefile %s: more than the %d sources allowed",
                           path, NBREF_MAX_SOURCES);
            break;
        }
        if (n == alloc) {
            alloc = alloc ? 2 * alloc : 16;
            b->source_X = (double*)realloc(b->source_X, (size_t)alloc * sizeof(double));
            b->source_Y = (double*)realloc(b->source_Y, (size_t)alloc * sizeof(double));
            b->source_Z = (double*)realloc(b->source_Z, (size_t)alloc * sizeof(double));
            b->source_I = (double*)realloc(b->source_I, (size_t)alloc * sizeof(double));
            b->source_lambda = (double*)realloc(b->source_lambda, (size_t)alloc * sizeof(double));
            if (!b->source_X || !b->source_Y || !b->source_Z || !b->source_I || !b->source_lambda) {
                st = nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory reading %s", path);
                break;
            }
        }
        /* defaults: a source 10 m up-beam, weight 1 (never used), lambda0 */
        b->source_X[n] = ncol > 0 ? v[0] : -b->source_distance * b->beam_vector[1];
        b->source_Y[n] = ncol > 1 ? v[1] : -b->source_distance * b->beam_vector[2];
        b->source_Z[n] = ncol > 2 ? v[2] : -b->source_distance * b->beam_vector[3];
        b->source_I[n] = ncol > 3 ? v[3] : 1.0;
        b->source_lambda[n] = ncol > 4 ? v[4] : b->lambda0;
        if (b->source_X[n] == 0 && b->source_Y[n] == 0 && b->source_Z[n] == 0)
            st = nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: source position is the origin", path,
                            lineno);
        else if (!(b->source_lambda[n] > 0))
            st = nbref_fail(err, NBREF_ERR_INPUT, "%s:%ld: wavelength must be positive", path,
                            lineno);
        ++n;
    }
    if (st == NBREF_OK && got < 0)
        st = NBREF_ERR_INPUT;
    nbref_text_close(r);
    free(r);
    if (st == NBREF_OK && n == 0)
        st = nbref_fail(err, NBREF_ERR_INPUT, "%s: no sources in file", path);
    b->sources = n;
    return st;
}

/* Divergence point (hdiv_tic, vdiv_tic): its angles, and whether the elliptical trim keeps it.
 * A zero range gives 0/0 = NaN, which never trims (a 1-D fan is kept whole). */
static int divergence_point(const nbref_beam* b, int hdiv_tic, int vdiv_tic, double* hdiv,
                            double* vdiv) {
    double test;
    *hdiv = b->hdivstep * hdiv_tic - b->hdivrange / 2.0;
    *vdiv = b->vdivstep * vdiv_tic - b->vdivrange / 2.0;
    test = (*hdiv * *hdiv - b->hdivstep * b->hdivstep / 4.0 * (1 - b->hdivsteps % 2)) /
           b->hdivrange / b->hdivrange;
    test += (*vdiv * *vdiv - b->vdivstep * b->vdivstep / 4.0 * (1 - b->vdivsteps % 2)) /
            b->vdivrange / b->vdivrange;
    return !(b->round_div && test * 4.0 > 1.1);
}

/* Divergence grid (h outer, v inner) trimmed to an ellipse, times the dispersion steps. */
static nbref_status generate_sources(nbref_sim* s, nbref_err* err) {
    nbref_beam* b = &s->beam;
    int hdiv_tic, vdiv_tic, disp_tic, n;
    double hdiv, vdiv, lambda, weight;
    double vector[4], newvector[4];

    b->divsteps = 0;
    for (hdiv_tic = 0; hdiv_tic < b->hdivsteps; ++hdiv_tic) {
        for (vdiv_tic = 0; vdiv_tic < b->vdivsteps; ++vdiv_tic) {
            if (!divergence_point(b, hdiv_tic, vdiv_tic, &hdiv, &vdiv))
                continue;
            ++b->divsteps;
            nbref_log(s, "divergence deviation: %g %g\n", hdiv, vdiv);
        }
    }
    for (disp_tic = 0; disp_tic < b->dispsteps; ++disp_tic) {
        lambda = b->lambda0 * (1.0 + b->dispstep * disp_tic - b->dispersion / 2.0);
        nbref_log(s, "lambda%d = %.15g\n", disp_tic, lambda);
    }

    n = b->divsteps * b->dispsteps;
    b->source_X = (double*)calloc((size_t)n + 10, sizeof(double));
    b->source_Y = (double*)calloc((size_t)n + 10, sizeof(double));
    b->source_Z = (double*)calloc((size_t)n + 10, sizeof(double));
    b->source_I = (double*)calloc((size_t)n + 10, sizeof(double));
    b->source_lambda = (double*)calloc((size_t)n + 10, sizeof(double));
    if (!b->source_X || !b->source_Y || !b->source_Z || !b->source_I || !b->source_lambda)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for %d sources", n);

    weight = 1.0 / n;
    b->sources = 0;
    for (hdiv_tic = 0; hdiv_tic < b->hdivsteps; ++hdiv_tic) {
        for (vdiv_tic = 0; vdiv_tic < b->vdivsteps; ++vdiv_tic) {
            if (!divergence_point(b, hdiv_tic, vdiv_tic, &hdiv, &vdiv))
                continue;
            /* a source 10 m up-beam, tilted by vdiv about the E-vector, then hdiv about the
             * vertical (beam x polarization) */
            vector[1] = -b->source_distance * b->beam_vector[1];
            vector[2] = -b->source_distance * b->beam_vector[2];
            vector[3] = -b->source_distance * b->beam_vector[3];
            nbref_rotate_axis(vector, newvector, b->polar_vector, vdiv);
            nbref_rotate_axis(newvector, vector, b->vert_vector, hdiv);
            for (disp_tic = 0; disp_tic < b->dispsteps; ++disp_tic) {
                lambda = b->lambda0 * (1.0 + b->dispstep * disp_tic - b->dispersion / 2.0);
                b->source_X[b->sources] = vector[1];
                b->source_Y[b->sources] = vector[2];
                b->source_Z[b->sources] = vector[3];
                b->source_I[b->sources] = weight;
                b->source_lambda[b->sources] = lambda;
                ++b->sources;
            }
        }
    }
    return NBREF_OK;
}

nbref_status nbref_setup_sources(nbref_sim* s, nbref_err* err) {
    nbref_beam* b = &s->beam;
    nbref_status st;
    int source;

    b->sources = 0;
    if (s->in.sourcefilename) {
        if ((st = read_source_file(s, err)) != NBREF_OK)
            return st;
    } else if ((st = generate_sources(s, err)) != NBREF_OK) {
        return st;
    }

    /* store source directions as unit vectors (sample -> source); weights are never used */
    nbref_log(s, "  created a total of %d sources:\n", b->sources);
    for (source = 0; source < b->sources; ++source) {
        double vector[4];
        double X = vector[1] = b->source_X[source];
        double Y = vector[2] = b->source_Y[source];
        double Z = vector[3] = b->source_Z[source];
        nbref_unitize(vector, vector);
        b->source_X[source] = vector[1];
        b->source_Y[source] = vector[2];
        b->source_Z[source] = vector[3];
        nbref_log(s, "%g %g %g   %g %g\n", X, Y, Z, b->source_I[source], b->source_lambda[source]);
    }
    return NBREF_OK;
}

nbref_status nbref_setup_mosaic(nbref_sim* s, nbref_err* err) {
    nbref_crystal* x = &s->xtal;
    int mos_tic;
    x->mosaic_umats = (double*)calloc((size_t)x->mosaic_domains + 10, 9 * sizeof(double));
    if (!x->mosaic_umats)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for %d mosaic domains",
                          x->mosaic_domains);
    for (mos_tic = 0; mos_tic < x->mosaic_domains; ++mos_tic) {
        double* u = x->mosaic_umats + 9 * mos_tic;
        /* the spread goes through a float parameter (quirk Q14) */
        nbref_mosaic_rotation_umat(&s->ran1, (float)x->mosaic_spread, u, &x->mosaic_seed);
        if (mos_tic == 0) {
            /* domain 0 is the unrotated crystal (its three draws are still consumed) */
            u[0] = 1.0, u[1] = 0.0, u[2] = 0.0;
            u[3] = 0.0, u[4] = 1.0, u[5] = 0.0;
            u[6] = 0.0, u[7] = 0.0, u[8] = 1.0;
        }
    }
    nbref_log(s, "  created a total of %d mosaic domains\n", x->mosaic_domains);
    return NBREF_OK;
}

void nbref_setup_final_sampling(nbref_sim* s) {
    nbref_detector* d = &s->det;
    if (d->oversample <= 0)
        d->oversample = 1;
    /* the normalisation counts sources, domains, phi steps and sub-pixels, NOT detector layers
     * (64-bit: the product of the limits exceeds an int) */
    s->steps = (long long)s->beam.sources * s->xtal.mosaic_domains * s->xtal.phisteps *
               d->oversample * d->oversample;
    d->subpixel_size = d->pixel_size / d->oversample;
}

void nbref_log_summary(const nbref_sim* s) {
    const nbref_detector* d = &s->det;
    const nbref_beam* b = &s->beam;
    const nbref_crystal* x = &s->xtal;
    double vector[4];
    static const char* shape_names[] = {"parallelpiped", "ellipsoidal", "gaussian", "tophat-spot"};

    nbref_log(s, "  %d initialized hkls (all others =%g)\n", x->hkls, x->default_F);
    nbref_log(s, "  %s xtal: %.0fx%.0fx%.0f cells\n", shape_names[x->xtal_shape], x->Na, x->Nb,
              x->Nc);
    nbref_log(s, "  wave=%g meters +/- %g%% in %d steps\n", b->lambda0, b->dispersion * 100,
              b->dispsteps);
    if (b->nopolar)
        nbref_log(s, "  polarization effect disabled\n");
    else
        nbref_log(s, "  Kahn polarization factor: %f\n", b->polarization);
    if (d->curved_detector)
        nbref_log(s, "  curved detector: all pixels same distance from origin\n");
    if (d->point_pixel)
        nbref_log(s, "  pixel obliquity effect disabled\n");
    nbref_log(s, "  incident fluence: %lg photons/m^2\n", b->fluence);
    nbref_log(s, "  distance=%lg detsize=%lgx%lg  pixel=%lg meters (%dx%d pixels)\n", d->distance,
              d->detsize_f, d->detsize_s, d->pixel_size, d->fpixels, d->spixels);
    nbref_log(s, "  sensor is %lg m thick in %d layers with mu= %lg\n", d->detector_thick,
              d->detector_thicksteps, d->detector_mu);
    nbref_log(s, "  Xbeam=%lg Ybeam=%lg\n", d->Xbeam, d->Ybeam);
    nbref_log(s, "  Fbeam=%lg Sbeam=%lg\n", d->Fbeam, d->Sbeam);
    nbref_log(s, "  Xclose=%lg Yclose=%lg\n", d->Xclose, d->Yclose);
    nbref_log(s, "  Fclose=%lg Sclose=%lg\n", d->Fclose, d->Sclose);
    nbref_log(s, "  DIRECTION_OF_DETECTOR_X-AXIS= %g %g %g\n", d->fdet_vector[1], d->fdet_vector[2],
              d->fdet_vector[3]);
    nbref_log(s, "  DIRECTION_OF_DETECTOR_Y-AXIS= %g %g %g\n", d->sdet_vector[1], d->sdet_vector[2],
              d->sdet_vector[3]);
    nbref_log(s, "  DIRECTION_OF_DETECTOR_Z-AXIS= %g %g %g\n", d->odet_vector[1], d->odet_vector[2],
              d->odet_vector[3]);
    nbref_log(s, "  INCIDENT_BEAM_DIRECTION= %g %g %g\n", b->beam_vector[1], b->beam_vector[2],
              b->beam_vector[3]);
    nbref_log(s, "  spindle ROTATION_AXIS= %g %g %g\n", b->spindle_vector[1], b->spindle_vector[2],
              b->spindle_vector[3]);
    nbref_cross_product(b->beam_vector, b->polar_vector, vector);
    nbref_log(s, "  POLARIZATION_PLANE_NORMAL= %g %g %g\n", vector[1], vector[2], vector[3]);
    nbref_log(s, "  dials origin= %g %g %g\n", d->dials_origin[1], d->dials_origin[2],
              d->dials_origin[3]);
    nbref_log(s, "  roi: %d < x < %d && %d < y < %d\n", d->roi_xmin, d->roi_xmax, d->roi_ymin,
              d->roi_ymax);
    nbref_log(s, "  hdivrange=%g hdivstep=%g  radians\n", b->hdivrange, b->hdivstep);
    nbref_log(s, "  vdivrange=%g vdivstep=%g  radians\n", b->vdivrange, b->vdivstep);
    nbref_log(s, "  %d divergence steps\n", b->divsteps);
    nbref_log(s, "  %d sources\n", b->sources);
    nbref_log(s, "  %d mosaic domains over mosaic spread of %g degrees\n", x->mosaic_domains,
              x->mosaic_spread * RTD);
    nbref_log(s, "  %d phi steps from %g to %g degrees\n", x->phisteps, x->phi0 * RTD,
              (x->phi0 + x->osc) * RTD);
    nbref_log(s, "  %dx%d pixel oversample steps", d->oversample, d->oversample);
    if (d->oversample_thick)
        nbref_log(s, " +thick");
    if (d->oversample_polar)
        nbref_log(s, " +polar");
    if (d->oversample_omega)
        nbref_log(s, " +omega");
    nbref_log(s, "\n");
    if (d->maskimage)
        nbref_log(s, "  skipping zero-flagged pixels in %s\n", s->in.maskfilename);
    if (s->out.calculate_noise) {
        nbref_log(s, "\n  noise image paramters:\n");
        nbref_log(s, "  seed: %ld\n", s->seed);
        nbref_log(s, "  water droplet size: %g m\n", x->water_size);
    }
}

void nbref_setup_background(nbref_sim* s) {
    /* water: F = 2.57 forward amplitude, 18 g/mol; I_bg already contains r_e^2 * fluence and is
     * scaled by it again at the end of each pixel (quirk Q6) */
    const double F_bg = 2.57, water_MW = 18.0;
    double w = s->xtal.water_size;
    s->I_bg = F_bg * F_bg * s->r_e_sqr * s->beam.fluence * w * w * w * 1e6 * AVOGADRO / water_MW;
}
