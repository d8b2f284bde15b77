/* Detector set-up: size, beam centre defaults, the six conventions, pivots and pix0.
 * (c_reference_behaviour.md §1.4 and §2.1 "Detector geometry"; nanobragg_model.md §5.)
 *
 * WARNING: the order of these steps and the exact expressions are the C program's; the geometry
 * feeds every pixel, and the reference must reproduce the golden images bit for bit.
 */
#include "setup_detector.h"

#include <float.h>
#include <math.h>
#include <stdio.h>

#include "config_events.h"
#include "log.h"
#include "run_limits.h"
#include "vec3.h"

static void set3(double* v, double x, double y, double z) {
    v[1] = x;
    v[2] = y;
    v[3] = z;
}

nbref_status nbref_setup_detector_size(nbref_sim* s, nbref_err* err) {
    nbref_detector* d = &s->det;
    nbref_beam* b = &s->beam;
    nbref_crystal* x = &s->xtal;
    double nf, ns;

    /* pixel counts win over detector size; the counts are then recomputed from the size */
    if (d->fpixels)
        d->detsize_f = d->pixel_size * d->fpixels;
    if (d->spixels)
        d->detsize_s = d->pixel_size * d->spixels;
    /* range-checked before the conversion to int, which would overflow */
    nf = ceil(d->detsize_f / d->pixel_size - 0.5);
    ns = ceil(d->detsize_s / d->pixel_size - 0.5);
    if (!(nf >= 1 && ns >= 1))
        return nbref_fail(err, NBREF_ERR_USAGE,
                          "-detpixels/-detsize/-pixel: detector has no pixels (%.0f x %.0f)", nf,
                          ns);
    if (nf > NBREF_MAX_AXIS_PIXELS || ns > NBREF_MAX_AXIS_PIXELS)
        return nbref_fail(err, NBREF_ERR_USAGE,
                          "-detsize/-pixel: a %.0f x %.0f pixel detector, more than the %d pixels "
                          "per axis allowed",
                          nf, ns, NBREF_MAX_AXIS_PIXELS);
    d->fpixels = (int)nf;
    d->spixels = (int)ns;
    d->pixels = (long long)d->fpixels * d->spixels;

    /* fluence from flux through a SQUARE beam of side beamsize */
    if (b->flux != 0.0 && b->exposure > 0.0 && b->beamsize >= 0)
        b->fluence = b->flux * b->exposure / b->beamsize / b->beamsize;
    if (b->beamsize >= 0) {
        if (b->beamsize < x->sample_y) {
            nbref_log(s, "WARNING: clipping sample (%lg m high) with beam (%lg m)\n", x->sample_y,
                      b->beamsize);
            x->sample_y = b->beamsize;
        }
        if (b->beamsize < x->sample_z) {
            nbref_log(s, "WARNING: clipping sample (%lg m wide) with beam (%lg m)\n", x->sample_z,
                      b->beamsize);
            x->sample_z = b->beamsize;
        }
    }
    if (b->exposure > 0.0)
        b->flux = b->fluence / b->exposure * b->beamsize * b->beamsize;

    /* near-point and beam-centre defaults: the detector centre, or ORGX/ORGY */
    if (!isnan(d->ORGX))
        d->Fclose = (d->ORGX - 0.5) * d->pixel_size;
    if (!isnan(d->ORGY))
        d->Sclose = (d->ORGY - 0.5) * d->pixel_size;
    if (isnan(d->Fclose))
        d->Fclose = (d->detsize_f - 0 * d->pixel_size) / 2.0;
    if (isnan(d->Sclose))
        d->Sclose = (d->detsize_s + 0 * d->pixel_size) / 2.0;
    if (isnan(d->Xclose))
        d->Xclose = d->Fclose;
    if (isnan(d->Yclose))
        d->Yclose = d->Sclose;
    if (isnan(d->Fbeam))
        d->Fbeam = d->Fclose;
    if (isnan(d->Sbeam))
        d->Sbeam = d->Sclose;

    /* ROI: inclusive bounds; the C default for the maxima is one past the last pixel (harmless) */
    if (d->roi_xmin < 0)
        d->roi_xmin = 0;
    if (d->roi_xmax < 0)
        d->roi_xmax = d->fpixels;
    if (d->roi_ymin < 0)
        d->roi_ymin = 0;
    if (d->roi_ymax < 0)
        d->roi_ymax = d->spixels;
    return NBREF_OK;
}

void nbref_setup_convention(nbref_sim* s) {
    nbref_detector* d = &s->det;
    nbref_beam* b = &s->beam;

    /* A named convention overwrites all seven vectors (even user-given ones) and forces the
     * pivot; only CUSTOM keeps the vectors and the pivot the flags chose. */
    switch (d->beam_convention) {
    case NBREF_CONV_ADXV:
        if (isnan(d->Xbeam))
            d->Xbeam = (d->detsize_f + d->pixel_size) / 2.0;
        if (isnan(d->Ybeam))
            d->Ybeam = (d->detsize_s - d->pixel_size) / 2.0;
        set3(b->beam_vector, 0, 0, 1);
        set3(d->fdet_vector, 1, 0, 0);
        set3(d->sdet_vector, 0, -1, 0);
        set3(d->odet_vector, 0, 0, 1);
        set3(d->twotheta_axis, -1, 0, 0);
        set3(b->polar_vector, 1, 0, 0);
        set3(b->spindle_vector, 1, 0, 0);
        d->Fbeam = d->Xbeam;
        d->Sbeam = d->detsize_s - d->Ybeam;
        d->detector_pivot = NBREF_PIVOT_BEAM;
        break;
    case NBREF_CONV_MOSFLM:
    case NBREF_CONV_DENZO:
        /* X is the slow and Y the fast coordinate; MOSFLM adds half a pixel, DENZO does not */
        if (isnan(d->Xbeam))
            d->Xbeam = (d->detsize_s + d->pixel_size) / 2.0;
        if (isnan(d->Ybeam))
            d->Ybeam = (d->detsize_f + d->pixel_size) / 2.0;
        set3(b->beam_vector, 1, 0, 0);
        set3(d->odet_vector, 1, 0, 0);
        set3(d->fdet_vector, 0, 0, 1);
        set3(d->sdet_vector, 0, -1, 0);
        set3(d->twotheta_axis, 0, 0, -1);
        set3(b->polar_vector, 0, 0, 1);
        set3(b->spindle_vector, 0, 0, 1);
        if (d->beam_convention == NBREF_CONV_MOSFLM) {
            d->Fbeam = d->Ybeam + 0.5 * d->pixel_size;
            d->Sbeam = d->Xbeam + 0.5 * d->pixel_size;
        } else {
            d->Fbeam = d->Ybeam + 0.0 * d->pixel_size;
            d->Sbeam = d->Xbeam + 0.0 * d->pixel_size;
        }
        d->detector_pivot = NBREF_PIVOT_BEAM;
        break;
    case NBREF_CONV_XDS:
    case NBREF_CONV_DIALS:
        if (isnan(d->Xbeam))
            d->Xbeam = d->Xclose;
        if (isnan(d->Ybeam))
            d->Ybeam = d->Yclose;
        set3(b->beam_vector, 0, 0, 1);
        set3(d->fdet_vector, 1, 0, 0);
        set3(d->sdet_vector, 0, 1, 0);
        set3(d->odet_vector, 0, 0, 1);
        if (d->beam_convention == NBREF_CONV_XDS) {
            set3(d->twotheta_axis, 1, 0, 0);
            set3(b->polar_vector, 1, 0, 0);
            set3(b->spindle_vector, 1, 0, 0);
        } else {
            set3(d->twotheta_axis, 0, 1, 0);
            set3(b->polar_vector, 0, 1, 0);
            set3(b->spindle_vector, 0, 1, 0);
        }
        d->Fbeam = d->Xbeam;
        d->Sbeam = d->Ybeam;
        d->detector_pivot = NBREF_PIVOT_SAMPLE;
        break;
    case NBREF_CONV_CUSTOM:
        /* no half-pixel shift; the beam centre also becomes the near point (C-DESIGN-FLAW-001) */
        if (isnan(d->Xbeam))
            d->Xbeam = d->Xclose;
        if (isnan(d->Ybeam))
            d->Ybeam = d->Yclose;
        d->Fbeam = d->Xbeam;
        d->Sbeam = d->Ybeam;
        d->Fclose = d->Xbeam;
        d->Sclose = d->Ybeam;
        break;
    }

    /* normalise; odet is regenerated as f x s unless its length is exactly 1 (quirk Q2) */
    nbref_unitize(b->beam_vector, b->beam_vector);
    nbref_unitize(d->fdet_vector, d->fdet_vector);
    nbref_unitize(d->sdet_vector, d->sdet_vector);
    if (nbref_unitize(d->odet_vector, d->odet_vector) != 1.0) {
        nbref_log(s, "WARNING: auto-generating odet_vector\n");
        nbref_cross_product(d->fdet_vector, d->sdet_vector, d->odet_vector);
        nbref_unitize(d->odet_vector, d->odet_vector);
    }
    nbref_unitize(b->polar_vector, b->polar_vector);
    nbref_unitize(b->spindle_vector, b->spindle_vector);
    nbref_cross_product(b->beam_vector, b->polar_vector, b->vert_vector);
    nbref_unitize(b->vert_vector, b->vert_vector);
}

static const char* convention_name(nbref_convention c) {
    switch (c) {
    case NBREF_CONV_CUSTOM:
        return "CUSTOM";
    case NBREF_CONV_ADXV:
        return "ADXV";
    case NBREF_CONV_MOSFLM:
        return "MOSFLM";
    case NBREF_CONV_XDS:
        return "XDS";
    case NBREF_CONV_DIALS:
        return "DIALS";
    case NBREF_CONV_DENZO:
        return "DENZO";
    }
    return "?";
}

static const char* convention_word(nbref_convention c) {
    switch (c) {
    case NBREF_CONV_CUSTOM:
        return "custom";
    case NBREF_CONV_ADXV:
        return "adxv";
    case NBREF_CONV_MOSFLM:
        return "mosflm";
    case NBREF_CONV_XDS:
        return "xds";
    case NBREF_CONV_DIALS:
        return "dials";
    case NBREF_CONV_DENZO:
        return "denzo";
    }
    return "?";
}

/* The detector basis as the instrumented C program logs it: after_rotz, the 2theta axis and
 * after_twotheta (the BEAM-pivot block reprints the final vectors under both labels). */
static void log_basis(const nbref_sim* s, const char* stage) {
    const nbref_detector* d = &s->det;
    char tag[64];
    snprintf(tag, sizeof tag, "fdet_%s", stage);
    nbref_log_trace_vec(s, tag, d->fdet_vector[1], d->fdet_vector[2], d->fdet_vector[3]);
    snprintf(tag, sizeof tag, "sdet_%s", stage);
    nbref_log_trace_vec(s, tag, d->sdet_vector[1], d->sdet_vector[2], d->sdet_vector[3]);
    snprintf(tag, sizeof tag, "odet_%s", stage);
    nbref_log_trace_vec(s, tag, d->odet_vector[1], d->odet_vector[2], d->odet_vector[3]);
}

/* The detector basis as trace events <prefix><f|s|o>det<suffix>, with the true current vectors
 * (initial_fdet, fdet_after_rotz, ...). */
static void basis_events(const nbref_sim* s, const char* prefix, const char* suffix) {
    const nbref_detector* d = &s->det;
    const double* v[3];
    const char* axis[3] = {"fdet", "sdet", "odet"};
    char key[64];
    int i;
    v[0] = d->fdet_vector, v[1] = d->sdet_vector, v[2] = d->odet_vector;
    for (i = 0; i < 3; ++i) {
        snprintf(key, sizeof key, "%s%s%s", prefix, axis[i], suffix);
        nbref_setup_event3(s, key, v[i][1], v[i][2], v[i][3]);
    }
}

/* A set-up value as the instrumented C program prints it (TRACE_C:<tag>=...) and, when `key` is
 * not NULL, as the canonical event `key` (the printed tags of the pivot blocks name the pivot's
 * inputs, which the program recomputes afterwards: they get their own keys). */
static void trace_scalar(const nbref_sim* s, const char* tag, const char* key, double v) {
    nbref_log_trace_scalar(s, tag, v);
    if (key)
        nbref_setup_event(s, key, 1, &v);
}

/* scale * v (a [magnitude, x, y, z] vector), printed and emitted under the same name. */
static void trace_term(const nbref_sim* s, const char* key, double scale, const double* v) {
    double t[3];
    nbref_components(v, scale, t);
    nbref_log_trace_vec(s, key, t[0], t[1], t[2]);
    nbref_setup_event(s, key, 3, t);
}

static void log_twotheta_axis(const nbref_sim* s) {
    const double* t = s->det.twotheta_axis;
    nbref_log_trace_vec(s, "twotheta_axis", t[1], t[2], t[3]);
}

/* SAMPLE pivot: pix0 from the near point with the UNROTATED basis, then swung with the detector. */
static void pix0_sample_pivot(nbref_sim* s) {
    nbref_detector* d = &s->det;
    int k;

    nbref_log(s, "pivoting detector around sample\n");
    nbref_log(s, "TRACE_C:detector_convention=%s\n", convention_name(d->beam_convention));
    nbref_log(s, "TRACE_C:angles_rad=rotx:%.15g roty:%.15g rotz:%.15g twotheta:%.15g\n",
              d->detector_rotx, d->detector_roty, d->detector_rotz, d->detector_twotheta);
    /* C-LOGGING-BUG-001: metres divided by 1000 once more */
    nbref_log(s, "TRACE_C:beam_center_m=Xclose:%.15g Yclose:%.15g pixel_mm:%.15g\n",
              d->Xclose / 1000.0, d->Yclose / 1000.0, d->pixel_size * 1000.0);
    nbref_log_trace_vec(s, "initial_fdet", d->fdet_vector[1], d->fdet_vector[2], d->fdet_vector[3]);
    nbref_log_trace_vec(s, "initial_sdet", d->sdet_vector[1], d->sdet_vector[2], d->sdet_vector[3]);
    nbref_log_trace_vec(s, "initial_odet", d->odet_vector[1], d->odet_vector[2], d->odet_vector[3]);
    trace_scalar(s, "Fclose_m", "Fclose_pivot", d->Fclose);
    trace_scalar(s, "Sclose_m", "Sclose_pivot", d->Sclose);
    trace_scalar(s, "close_distance_m", "close_distance_pivot", d->close_distance);
    trace_scalar(s, "ratio", NULL, d->ratio);
    trace_scalar(s, "distance_m", "distance_pivot", d->distance);
    trace_term(s, "term_fast_before_rot", -d->Fclose, d->fdet_vector);
    trace_term(s, "term_slow_before_rot", -d->Sclose, d->sdet_vector);
    trace_term(s, "term_close_before_rot", d->close_distance, d->odet_vector);

    for (k = 1; k <= 3; ++k)
        d->pix0_vector[k] = -d->Fclose * d->fdet_vector[k] - d->Sclose * d->sdet_vector[k] +
                            d->close_distance * d->odet_vector[k];
    trace_term(s, "pix0_before_rotation", 1.0, d->pix0_vector);
    nbref_rotate(d->pix0_vector, d->pix0_vector, d->detector_rotx, d->detector_roty,
                 d->detector_rotz);
    trace_term(s, "pix0_after_rotz", 1.0, d->pix0_vector);
    nbref_rotate_axis(d->pix0_vector, d->pix0_vector, d->twotheta_axis, d->detector_twotheta);
    trace_term(s, "pix0_after_twotheta", 1.0, d->pix0_vector);
}

/* Rotation matrices printed by the BEAM-pivot trace block (display only; the geometry itself is
 * computed with rotate()). R_total = Rz Ry Rx, summed in the C program's loop order. */
static void log_rotation_matrices(nbref_sim* s) {
    const nbref_detector* d = &s->det;
    double cx = cos(d->detector_rotx), sx = sin(d->detector_rotx);
    double cy = cos(d->detector_roty), sy = sin(d->detector_roty);
    double cz = cos(d->detector_rotz), sz = sin(d->detector_rotz);
    double Rx[3][3] = {{1, 0, 0}, {0, cx, -sx}, {0, sx, cx}};
    double Ry[3][3] = {{cy, 0, sy}, {0, 1, 0}, {-sy, 0, cy}};
    double Rz[3][3] = {{cz, -sz, 0}, {sz, cz, 0}, {0, 0, 1}};
    double Tmp[3][3], R_total[3][3];
    int i, j, k;
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            Tmp[i][j] = 0;
            for (k = 0; k < 3; k++)
                Tmp[i][j] += Ry[i][k] * Rx[k][j];
        }
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            R_total[i][j] = 0;
            for (k = 0; k < 3; k++)
                R_total[i][j] += Rz[i][k] * Tmp[k][j];
        }
    nbref_log_trace_mat3(s, "Rx", Rx);
    nbref_log_trace_mat3(s, "Ry", Ry);
    nbref_log_trace_mat3(s, "Rz", Rz);
    nbref_log_trace_mat3(s, "R_total", R_total);
}

/* BEAM pivot: pix0 keeps the direct-beam spot at (Fbeam, Sbeam) of the ROTATED detector. */
static void pix0_beam_pivot(nbref_sim* s) {
    nbref_detector* d = &s->det;
    const double* beam = s->beam.beam_vector;
    int k;

    nbref_log(s, "pivoting detector around direct beam spot\n");
    /* The instrumented C program hard-codes the convention label and the MOSFLM initial vectors
     * here, whatever the convention, and reprints the FINAL vectors as "after_rotz". */
    nbref_log(s, "TRACE_C:detector_convention=MOSFLM\n");
    nbref_log(s, "TRACE_C:angles_rad=rotx:%.15g roty:%.15g rotz:%.15g twotheta:%.15g\n",
              d->detector_rotx, d->detector_roty, d->detector_rotz, d->detector_twotheta);
    nbref_log(s, "TRACE_C:beam_center_m=X:%.15g Y:%.15g pixel_mm:%.15g\n", d->Xbeam / 1000.0,
              d->Ybeam / 1000.0, d->pixel_size * 1000.0);
    nbref_log_trace_vec(s, "initial_fdet", 0.0, 0.0, 1.0);
    nbref_log_trace_vec(s, "initial_sdet", 0.0, -1.0, 0.0);
    nbref_log_trace_vec(s, "initial_odet", 1.0, 0.0, 0.0);
    log_rotation_matrices(s);
    log_basis(s, "after_rotz");
    log_twotheta_axis(s);
    log_basis(s, "after_twotheta");
    nbref_log(s, "TRACE_C:convention_mapping=Fbeam\xe2\x86\x90Ybeam_mm(+0.5px),"
                 "Sbeam\xe2\x86\x90Xbeam_mm(+0.5px),beam_vec=[1 0 0]\n");
    trace_scalar(s, "Fbeam_m", "Fbeam_pivot", d->Fbeam);
    trace_scalar(s, "Sbeam_m", "Sbeam_pivot", d->Sbeam);
    trace_scalar(s, "distance_m", "distance_pivot", d->distance);
    trace_term(s, "term_fast", -d->Fbeam, d->fdet_vector);
    trace_term(s, "term_slow", -d->Sbeam, d->sdet_vector);
    trace_term(s, "term_beam", d->distance, beam);

    for (k = 1; k <= 3; ++k)
        d->pix0_vector[k] =
            -d->Fbeam * d->fdet_vector[k] - d->Sbeam * d->sdet_vector[k] + d->distance * beam[k];
    nbref_log_trace_vec(s, "pix0_vector", d->pix0_vector[1], d->pix0_vector[2], d->pix0_vector[3]);
}

void nbref_setup_detector_geometry(nbref_sim* s) {
    nbref_detector* d = &s->det;
    const double* beam = s->beam.beam_vector;
    double vector[4], newvector[4];

    nbref_log(s, "%s convention selected.\n", convention_word(d->beam_convention));

    /* ratio of the near-point distance to the beam-spot distance; uses odet before the 2theta
     * swing (nanobragg_model.md §5.6) */
    nbref_rotate(d->odet_vector, vector, d->detector_rotx, d->detector_roty, d->detector_rotz);
    d->ratio = nbref_dot_product(beam, vector);
    if (d->ratio == 0.0)
        d->ratio = DBL_MIN;
    if (isnan(d->close_distance))
        d->close_distance = fabs(d->ratio * d->distance);
    d->distance = d->close_distance / d->ratio;

    /* the true basis before any rotation (the BEAM-pivot log block prints MOSFLM's instead) */
    basis_events(s, "initial_", "");
    if (d->detector_pivot == NBREF_PIVOT_SAMPLE)
        pix0_sample_pivot(s);

    /* orient the detector plane: rotx, roty, rotz, then the 2theta swing */
    nbref_rotate(d->fdet_vector, d->fdet_vector, d->detector_rotx, d->detector_roty,
                 d->detector_rotz);
    nbref_rotate(d->sdet_vector, d->sdet_vector, d->detector_rotx, d->detector_roty,
                 d->detector_rotz);
    nbref_rotate(d->odet_vector, d->odet_vector, d->detector_rotx, d->detector_roty,
                 d->detector_rotz);
    log_basis(s, "after_rotz");
    basis_events(s, "", "_after_rotz");
    nbref_rotate_axis(d->fdet_vector, d->fdet_vector, d->twotheta_axis, d->detector_twotheta);
    nbref_rotate_axis(d->sdet_vector, d->sdet_vector, d->twotheta_axis, d->detector_twotheta);
    nbref_rotate_axis(d->odet_vector, d->odet_vector, d->twotheta_axis, d->detector_twotheta);
    log_twotheta_axis(s);
    log_basis(s, "after_twotheta");
    basis_events(s, "", "_after_twotheta");
    nbref_log(s, "DETECTOR_FAST_AXIS %.15g %.15g %.15g\n", d->fdet_vector[1], d->fdet_vector[2],
              d->fdet_vector[3]);
    nbref_log(s, "DETECTOR_SLOW_AXIS %.15g %.15g %.15g\n", d->sdet_vector[1], d->sdet_vector[2],
              d->sdet_vector[3]);
    nbref_log(s, "DETECTOR_NORMAL_AXIS %.15g %.15g %.15g\n", d->odet_vector[1], d->odet_vector[2],
              d->odet_vector[3]);

    if (d->detector_pivot == NBREF_PIVOT_BEAM)
        pix0_beam_pivot(s);

    /* point of closest approach and the direct-beam spot, re-derived from pix0 */
    d->Fclose = -nbref_dot_product(d->pix0_vector, d->fdet_vector);
    d->Sclose = -nbref_dot_product(d->pix0_vector, d->sdet_vector);
    d->close_distance = nbref_dot_product(d->pix0_vector, d->odet_vector);
    nbref_log(s, "DETECTOR_PIX0_VECTOR %.15g %.15g %.15g\n", d->pix0_vector[1], d->pix0_vector[2],
              d->pix0_vector[3]);

    newvector[1] = d->close_distance / d->ratio * beam[1] - d->pix0_vector[1];
    newvector[2] = d->close_distance / d->ratio * beam[2] - d->pix0_vector[2];
    newvector[3] = d->close_distance / d->ratio * beam[3] - d->pix0_vector[3];
    d->Fbeam = nbref_dot_product(d->fdet_vector, newvector);
    d->Sbeam = nbref_dot_product(d->sdet_vector, newvector);
    d->distance = d->close_distance / d->ratio;

    /* XDS origin (pixels) and DIALS origin (mm) */
    d->ORGX = d->Fclose / d->pixel_size + 0.5;
    d->ORGY = d->Sclose / d->pixel_size + 0.5;
    set3(newvector, +0, +0, +1);
    d->dials_origin[1] = 1000.0 * nbref_dot_product(d->pix0_vector, newvector);
    set3(newvector, +0, +1, +0);
    d->dials_origin[2] = 1000.0 * nbref_dot_product(d->pix0_vector, newvector);
    set3(newvector, -1, +0, +0);
    d->dials_origin[3] = 1000.0 * nbref_dot_product(d->pix0_vector, newvector);

    newvector[1] = nbref_dot_product(beam, d->fdet_vector);
    newvector[2] = nbref_dot_product(beam, d->sdet_vector);
    newvector[3] = nbref_dot_product(beam, d->odet_vector);
    nbref_log(s, "XDS incident beam: %g %g %g\n", newvector[1], newvector[2], newvector[3]);
}
