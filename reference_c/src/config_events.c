/* The effective configuration after set-up, delivered as trace events with no loop indices
 * (canonical keys of the traces/ registry), so the harness can diff the two engines'
 * configurations before any physics. Values are in the keys' canonical units: lengths of the
 * detector and beam in metres, real-space cell vectors in Angstrom, angles of the phi grid and
 * the mosaic spread in degrees, detector angles in radians. */
#include "config_events.h"

#include <math.h>

#include "pixel_loop.h"
#include "trace_buffer.h"
#include "vec3.h"

#define RTD (180.0 * M_1_PI)

typedef struct {
    const nbref_sim* s;
    nbref_indices idx;
} sink;

static void ev(sink* k, const char* key, int n, const double* v) {
    nbref_trace_event e;
    e.key = key;
    e.idx = k->idx;
    e.n = n;
    e.values = v;
    k->s->trace_fn(k->s->trace_user, &e);
}

static void ev1(sink* k, const char* key, double v) {
    ev(k, key, 1, &v);
}

static void ev_vec(sink* k, const char* key, const double* v4, double scale) {
    double v[3];
    nbref_components(v4, scale, v);
    ev(k, key, 3, v);
}

void nbref_setup_event(const nbref_sim* s, const char* key, int n, const double* values) {
    sink k;
    if (!s->trace_fn)
        return;
    k.s = s;
    k.idx = nbref_no_indices();
    ev(&k, key, n, values);
}

void nbref_setup_event3(const nbref_sim* s, const char* key, double x, double y, double z) {
    double v[3];
    v[0] = x, v[1] = y, v[2] = z;
    nbref_setup_event(s, key, 3, v);
}

void nbref_emit_config_events(const nbref_sim* s) {
    const nbref_detector* d = &s->det;
    const nbref_beam* b = &s->beam;
    const nbref_crystal* x = &s->xtal;
    sink k;
    double v[9];
    int i;

    if (!s->trace_fn)
        return;
    k.s = s;
    k.idx = nbref_no_indices();

    /* config */
    ev1(&k, "convention", (double)d->beam_convention);
    ev1(&k, "pivot", (double)d->detector_pivot);
    v[0] = d->spixels, v[1] = d->fpixels;
    ev(&k, "detpixels", 2, v);
    /* the region computed, inclusive: the C default roi_xmax = fpixels is one past the last pixel
     */
    v[0] = d->roi_xmin, v[1] = d->roi_xmax < d->fpixels ? d->roi_xmax : d->fpixels - 1;
    v[2] = d->roi_ymin, v[3] = d->roi_ymax < d->spixels ? d->roi_ymax : d->spixels - 1;
    ev(&k, "roi", 4, v);
    ev1(&k, "oversample", d->oversample);
    ev1(&k, "oversample_thick", d->oversample_thick);
    ev1(&k, "oversample_polar", d->oversample_polar);
    ev1(&k, "oversample_omega", d->oversample_omega);
    ev1(&k, "phi0", x->phi0 * RTD);
    ev1(&k, "phistep", x->phistep * RTD);
    ev1(&k, "osc", x->osc * RTD);
    ev1(&k, "phisteps", x->phisteps);
    ev1(&k, "mosaic_spread", x->mosaic_spread * RTD);
    ev1(&k, "mosaic_domains", x->mosaic_domains);
    ev1(&k, "sources", b->sources);
    ev1(&k, "dmin", b->dmin);
    ev1(&k, "interpolate", x->interpolate);
    ev1(&k, "xtal_shape", (double)x->xtal_shape);
    ev1(&k, "fudge", x->fudge);
    ev1(&k, "kahn_factor", b->polarization);
    ev1(&k, "nopolar", b->nopolar);
    ev1(&k, "curved_detector", d->curved_detector);
    ev1(&k, "point_pixel", d->point_pixel);
    ev1(&k, "detector_thick", d->detector_thick);
    ev1(&k, "detector_thicksteps", d->detector_thicksteps);
    ev1(&k, "detector_thickstep", d->detector_thickstep);
    ev1(&k, "detector_mu", d->detector_mu);
    ev1(&k, "water_size", x->water_size);
    ev1(&k, "default_F", x->default_F);
    if (x->hkls > 0) {
        v[0] = x->h_min, v[1] = x->h_max, v[2] = x->k_min, v[3] = x->k_max;
        v[4] = x->l_min, v[5] = x->l_max;
        ev(&k, "hkl_bounds", 6, v);
    }
    ev1(&k, "threads", nbref_resolve_threads(s->run.threads));
    ev1(&k, "schedule", (double)s->run.schedule);
    ev1(&k, "phi0_fix", s->run.phi0_fix);

    /* detector */
    ev_vec(&k, "fdet_vector", d->fdet_vector, 1.0);
    ev_vec(&k, "sdet_vector", d->sdet_vector, 1.0);
    ev_vec(&k, "odet_vector", d->odet_vector, 1.0);
    ev_vec(&k, "pix0_vector", d->pix0_vector, 1.0);
    ev_vec(&k, "beam_vector", b->beam_vector, 1.0);
    ev_vec(&k, "polar_vector", b->polar_vector, 1.0);
    ev_vec(&k, "spindle_axis", b->spindle_vector, 1.0);
    ev_vec(&k, "twotheta_axis", d->twotheta_axis, 1.0);
    ev1(&k, "pixel_size", d->pixel_size);
    ev1(&k, "distance", d->distance);
    ev1(&k, "close_distance", d->close_distance);
    ev1(&k, "ratio", d->ratio);
    ev1(&k, "Fbeam", d->Fbeam);
    ev1(&k, "Sbeam", d->Sbeam);
    ev1(&k, "Fclose", d->Fclose);
    ev1(&k, "Sclose", d->Sclose);
    ev1(&k, "Xbeam", d->Xbeam);
    ev1(&k, "Ybeam", d->Ybeam);
    ev1(&k, "Xclose", d->Xclose);
    ev1(&k, "Yclose", d->Yclose);
    ev1(&k, "detector_rotx", d->detector_rotx);
    ev1(&k, "detector_roty", d->detector_roty);
    ev1(&k, "detector_rotz", d->detector_rotz);
    ev1(&k, "twotheta", d->detector_twotheta);
    ev1(&k, "ORGX", d->ORGX);
    ev1(&k, "ORGY", d->ORGY);
    ev_vec(&k, "dials_origin", d->dials_origin, 1.0);

    /* crystal */
    ev_vec(&k, "a_star", x->a_star, 1.0);
    ev_vec(&k, "b_star", x->b_star, 1.0);
    ev_vec(&k, "c_star", x->c_star, 1.0);
    ev_vec(&k, "a0", x->a0, 1e10);
    ev_vec(&k, "b0", x->b0, 1e10);
    ev_vec(&k, "c0", x->c0, 1e10);
    v[0] = x->Na, v[1] = x->Nb, v[2] = x->Nc;
    ev(&k, "N_cells", 3, v);
    ev1(&k, "V_cell", x->V_cell);
    v[0] = x->a0[0] * 1e10, v[1] = x->b0[0] * 1e10, v[2] = x->c0[0] * 1e10;
    v[3] = x->alpha * RTD, v[4] = x->beta * RTD, v[5] = x->gamma * RTD;
    ev(&k, "unit_cell", 6, v);
    if (x->misset[0] > 0) {
        v[0] = x->misset[1] * RTD, v[1] = x->misset[2] * RTD, v[2] = x->misset[3] * RTD;
        ev(&k, "misset", 3, v);
    }
    for (i = 0; i < x->mosaic_domains; ++i) {
        k.idx.mosaic = i;
        ev(&k, "mosaic_umat", 9, x->mosaic_umats + 9 * i);
    }
    k.idx.mosaic = -1;
    for (i = 0; i < x->phisteps; ++i) {
        k.idx.phi = i;
        ev1(&k, "phi_angle", (x->phi0 + x->phistep * i) * RTD);
    }
    k.idx.phi = -1;

    /* beam */
    ev1(&k, "lambda0", b->lambda0);
    for (i = 0; i < b->sources; ++i) {
        k.idx.source = i;
        v[0] = b->source_X[i], v[1] = b->source_Y[i], v[2] = b->source_Z[i];
        ev(&k, "source_direction", 3, v);
        ev1(&k, "source_lambda", b->source_lambda[i]);
        ev1(&k, "source_weight", b->source_I[i]); /* read, never used (Q7) */
    }
    k.idx.source = -1;

    /* scale */
    ev1(&k, "fluence", b->fluence);
    ev1(&k, "r_e_sqr", s->r_e_sqr);
    ev1(&k, "steps", s->steps);
    ev1(&k, "I_bg", s->I_bg);
}
