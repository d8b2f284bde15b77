#include "setup_sampling.h"

#include <limits.h>
#include <math.h>

#include "log.h"

#define RTD (180.0 * M_1_PI)

/* ceil(range / step) as an int, saturated instead of overflowing (the run limits then name the
 * flags; the C program's conversion would be undefined). */
static int steps_of(double range, double step) {
    double n = ceil(range / step);
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* phi: "-osc 0.1 -phisteps 10" gives 10 left edges 0, 0.01, ..., 0.09 deg */
static void resolve_phi(nbref_crystal* x) {
    if (x->phisteps < 0) {
        if (x->osc < 0.0) {
            if (x->phistep <= 0.0) {
                x->phisteps = 1;
                x->osc = 0.0;
                x->phistep = 0.0;
            } else {
                x->osc = x->phistep;
                x->phisteps = 2;
            }
        } else {
            if (x->phistep <= 0.0) {
                x->phisteps = 2;
                x->phistep = x->osc / 2.0;
            } else {
                x->phisteps = steps_of(x->osc, x->phistep);
            }
        }
    } else {
        if (x->phisteps == 0)
            x->phisteps = 1;
        if (x->osc < 0.0) {
            if (x->phistep <= 0.0) {
                x->osc = 1.0 / RTD;
                x->phistep = x->osc / x->phisteps;
            } else {
                x->osc = x->phistep;
                x->phisteps = 2;
            }
        } else {
            if (x->phistep < 0.0)
                x->phistep = x->osc / x->phisteps;
        }
    }
}

/* The rule shared by horizontal and vertical divergence and dispersion: count, range, step. With
 * a range and a count, step = range/(count-1); with only a count, the range defaults to 1
 * (1 rad for divergence, 100 % for dispersion). */
static void resolve_range(int* steps, double* range, double* step) {
    if (*steps <= 0) {
        if (*range < 0.0) {
            if (*step <= 0.0) {
                *steps = 1;
                *range = 0.0;
                *step = 0.0;
            } else {
                *range = *step;
                *steps = 2;
            }
        } else {
            if (*step <= 0.0) {
                *step = *range;
                *steps = 2;
            } else {
                *steps = steps_of(*range, *step);
            }
        }
    } else {
        if (*range < 0.0) {
            if (*step <= 0.0) {
                *range = 1.0;
                *step = *range / *steps;
            } else {
                *range = *step;
                *steps = 2;
            }
        } else {
            if (*step <= 0.0) {
                if (*steps <= 1)
                    *steps = 2;
                *step = *range / (*steps - 1);
            }
        }
    }
}

/* Detector layers: with a thickness T and n layers, step = T/(n-1) (quirk Q5: n layers model
 * (n-1) steps); with only T, 2 layers of T/2; a count alone leaves the thickness off because the
 * default thickness is 0, not unset. */
static void resolve_thickness(nbref_sim* s) {
    nbref_detector* d = &s->det;
    if (d->detector_thicksteps <= 0) {
        if (d->detector_thick < 0.0) {
            if (d->detector_thickstep <= 0.0) {
                d->detector_thicksteps = 1;
                d->detector_thick = 0.0;
                d->detector_thickstep = 0.0;
            } else {
                d->detector_thick = d->detector_thickstep;
                d->detector_thicksteps = 2;
            }
        } else {
            if (d->detector_thickstep <= 0.0) {
                d->detector_thicksteps = 2;
                d->detector_thickstep = d->detector_thick / d->detector_thicksteps;
            } else {
                d->detector_thicksteps = steps_of(d->detector_thick, d->detector_thickstep);
            }
        }
    } else {
        if (d->detector_thick < 0.0) {
            if (d->detector_thickstep <= 0.0) {
                d->detector_thick = 0.5e-6;
                d->detector_thickstep = d->detector_thick / d->detector_thicksteps;
            } else {
                d->detector_thick = d->detector_thickstep;
                d->detector_thicksteps = 2;
            }
        } else {
            if (d->detector_thickstep <= 0.0) {
                if (d->detector_thicksteps <= 1)
                    d->detector_thicksteps = 2;
                d->detector_thickstep = d->detector_thick / (d->detector_thicksteps - 1);
            }
        }
    }
    if (d->detector_thick > 0.0 && d->detector_mu < 0.0) {
        /* mu was never given: one attenuation length = the thickness (the message says "depth"
         * but prints mu, as the C program does) */
        d->detector_mu = 1.0 / d->detector_thick;
        nbref_log(s, "WARNING: setting detector attenuation depth to %g m\n", d->detector_mu);
    }
}

static void resolve_mosaic(nbref_sim* s) {
    nbref_crystal* x = &s->xtal;
    if (x->mosaic_domains <= 0) {
        if (x->mosaic_spread < 0.0) {
            x->mosaic_domains = 1;
            x->mosaic_spread = 0.0;
        } else {
            if (x->mosaic_spread == 0.0) {
                x->mosaic_domains = 1;
            } else {
                nbref_log(s, "WARNING: finite mosaicity with only one domain! upping to 10 mosaic "
                             "domains\n");
                x->mosaic_domains = 10;
            }
        }
    } else {
        if (x->mosaic_spread < 0.0) {
            nbref_log(s, "WARNING: no mosaic spread specified.  setting mosaic_domains = 1\n");
            x->mosaic_spread = 0.0;
            x->mosaic_domains = 1;
        } else if (x->mosaic_spread == 0.0) {
            nbref_log(s, "WARNING: zero mosaic spread specified.  setting mosaic_domains = 1\n");
            x->mosaic_domains = 1;
        }
    }
}

void nbref_setup_sampling(nbref_sim* s) {
    nbref_beam* b = &s->beam;
    nbref_detector* d = &s->det;

    resolve_phi(&s->xtal);
    resolve_range(&b->hdivsteps, &b->hdivrange, &b->hdivstep);
    resolve_range(&b->vdivsteps, &b->vdivrange, &b->vdivstep);
    resolve_range(&b->dispsteps, &b->dispersion, &b->dispstep);
    resolve_thickness(s);
    resolve_mosaic(s);

    /* sanity: any zero range, step or count switches that dimension off */
    if (b->hdivrange <= 0.0 || b->hdivstep <= 0.0 || b->hdivsteps <= 0) {
        b->hdivsteps = 1;
        b->hdivrange = 0.0;
        b->hdivstep = 0.0;
    }
    if (b->vdivrange <= 0.0 || b->vdivstep <= 0.0 || b->vdivsteps <= 0) {
        b->vdivsteps = 1;
        b->vdivrange = 0.0;
        b->vdivstep = 0.0;
    }
    if (b->dispersion <= 0.0 || b->dispstep <= 0.0 || b->dispsteps <= 0) {
        b->dispsteps = 1;
        b->dispersion = 0.0;
        b->dispstep = 0.0;
    }
    if (d->detector_thick <= 0.0 || d->detector_thickstep <= 0.0 || d->detector_thicksteps <= 0) {
        d->detector_thicksteps = 1;
        d->detector_thick = 0.0;
        d->detector_thickstep = 0.0;
    }
}
