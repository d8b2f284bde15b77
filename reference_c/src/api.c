/* The public API: the C program's main() split into create (set-up), run (pixel loop) and
 * write_outputs, each step in the C program's order so that the log matches its stdout. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "config_events.h"
#include "defaults.h"
#include "errors.h"
#include "hkl.h"
#include "input_file.h"
#include "log.h"
#include "outputs.h"
#include "physics_checks.h"
#include "pixel_loop.h"
#include "run_limits.h"
#include "setup_beam.h"
#include "setup_crystal.h"
#include "setup_detector.h"
#include "setup_sampling.h"
#include "sim_state.h"
#include "smv_header.h"

#define RTD (180.0 * M_1_PI)

void nbref_create_options_init(nbref_create_options* opts) {
    memset(opts, 0, sizeof(*opts));
}

/* Checks that need the final detector size: the C program would index outside its arrays. */
static nbref_status check_against_detector(const nbref_sim* s, int roi_given, nbref_err* err) {
    const nbref_detector* d = &s->det;
    int i;
    if (d->fpixels <= 0 || d->spixels <= 0)
        return nbref_fail(err, NBREF_ERR_USAGE, "detector has no pixels (%d x %d)", d->fpixels,
                          d->spixels);
    if (roi_given && (d->roi_xmin > d->roi_xmax || d->roi_ymin > d->roi_ymax ||
                      d->roi_xmax >= d->fpixels || d->roi_ymax >= d->spixels))
        return nbref_fail(err, NBREF_ERR_USAGE,
                          "-roi %d %d %d %d: outside the %d x %d (fast x slow) detector or empty "
                          "(order: fast-min fast-max slow-min slow-max, inclusive)",
                          d->roi_xmin, d->roi_xmax, d->roi_ymin, d->roi_ymax, d->fpixels,
                          d->spixels);
    for (i = 0; i < s->n_trace; ++i)
        if (s->trace_slow[i] < 0 || s->trace_slow[i] >= d->spixels || s->trace_fast[i] < 0 ||
            s->trace_fast[i] >= d->fpixels)
            return nbref_fail(err, NBREF_ERR_USAGE,
                              "-trace_pixel %d %d (slow fast): outside the detector (%d slow x "
                              "%d fast pixels)",
                              s->trace_slow[i], s->trace_fast[i], d->spixels, d->fpixels);
    if (s->printout && s->printout_fpixel >= 0 &&
        (s->printout_fpixel >= d->fpixels || s->printout_spixel < 0 ||
         s->printout_spixel >= d->spixels))
        return nbref_fail(err, NBREF_ERR_USAGE,
                          "-printout_pixel %d %d (fast slow): outside the detector (%d fast x %d "
                          "slow pixels)",
                          s->printout_fpixel, s->printout_spixel, d->fpixels, d->spixels);
    if (d->maskimage && (d->mask_fpixels != d->fpixels || d->mask_spixels != d->spixels))
        return nbref_fail(err, NBREF_ERR_USAGE, "%s: mask is %d x %d pixels, the detector %d x %d",
                          s->in.maskfilename, d->mask_fpixels, d->mask_spixels, d->fpixels,
                          d->spixels);
    return NBREF_OK;
}

/* Zero-length vectors cannot be normalised; the C program would carry NaNs into every pixel. */
static nbref_status check_vectors(const nbref_sim* s, nbref_err* err) {
    struct {
        const char* flag;
        const double* v;
    } vs[] = {{"-beam_vector", s->beam.beam_vector},
              {"-fdet_vector", s->det.fdet_vector},
              {"-sdet_vector", s->det.sdet_vector},
              {"-polar_vector", s->beam.polar_vector},
              {"-spindle_axis", s->beam.spindle_vector}};
    size_t i;
    for (i = 0; i < sizeof vs / sizeof vs[0]; ++i)
        if (vs[i].v[1] == 0 && vs[i].v[2] == 0 && vs[i].v[3] == 0)
            return nbref_fail(err, NBREF_ERR_USAGE, "%s: zero-length vector", vs[i].flag);
    return NBREF_OK;
}

/* The C program prints its usage text and exits 9 here; we report the missing input. */
static nbref_status check_required_inputs(nbref_sim* s, nbref_err* err) {
    int have_F = s->in.hklfilename != NULL || s->xtal.default_F != 0.0;
    if (!have_F && s->read_fdump)
        have_F = nbref_input_exists(s->out.dumpfilename);
    if (!have_F)
        return nbref_fail(err, NBREF_ERR_USAGE,
                          "no structure factors: give -hkl FILE or -default_F F");
    if (s->in.matfilename == NULL && s->xtal.a[0] == 0.0)
        return nbref_fail(err, NBREF_ERR_USAGE,
                          "no crystal: give -mat FILE or -cell a b c alpha beta gamma");
    return NBREF_OK;
}

static nbref_status check_stol_file(const nbref_sim* s, nbref_err* err) {
    /* -stol/-4stol/-Q tables are read by the C program but never used by the pixel loop */
    int fd;
    if (!s->in.stolfilename)
        return NBREF_OK;
    fd = nbref_open_input(s->in.stolfilename, "structure-factor-vs-stol file", NULL, err);
    if (fd < 0)
        return NBREF_ERR_INPUT;
    nbref_log(s, "reading %s\n", s->in.stolfilename);
    close(fd);
    return NBREF_OK;
}

static void auto_interpolation(nbref_sim* s) {
    nbref_crystal* x = &s->xtal;
    /* decided before N is derived from a crystal size and before N <= 1 is clamped */
    if (x->interpolate > 1) {
        if ((x->Na <= 2) || (x->Nb <= 2) || (x->Nc <= 2)) {
            nbref_log(s, "auto-selected tricubic interpolation of structure factors\n");
            x->interpolate = 1;
        } else {
            nbref_log(s, "auto-selected no interpolation\n");
            x->interpolate = 0;
        }
    }
}

static void log_layers_and_phi(const nbref_sim* s) {
    int i;
    for (i = 0; i < s->det.detector_thicksteps; ++i)
        nbref_log(s, "thick%d = %g um\n", i, s->det.detector_thickstep * i * 1e6);
    for (i = 0; i < s->xtal.phisteps; ++i) {
        double phi = s->xtal.phi0 + s->xtal.phistep * i;
        nbref_log(s, "phi%d = %g\n", i, phi * RTD);
    }
}

static nbref_status setup(nbref_sim* s, int argc, const char* const* argv, nbref_err* err) {
    nbref_status st;
    int roi_given;

    nbref_scan_header_files(s, argc, argv);
    if ((st = nbref_apply_header_files(s, err)) != NBREF_OK)
        return st;
    if ((st = nbref_parse_args(s, argc, argv, err)) != NBREF_OK ||
        (st = nbref_check_threads(s, err)) != NBREF_OK ||
        (st = nbref_check_wavelength(s, err)) != NBREF_OK)
        return st;
    roi_given = s->det.roi_xmin >= 0;

    if ((st = nbref_setup_detector_size(s, err)) != NBREF_OK ||
        (st = check_against_detector(s, roi_given, err)) != NBREF_OK ||
        (st = check_vectors(s, err)) != NBREF_OK)
        return st;
    nbref_setup_convention(s);
    nbref_log(
        s, "nanoBragg nanocrystal diffraction simulator - James Holton and Ken Frankel 5-17-17\n");
    if ((st = check_required_inputs(s, err)) != NBREF_OK)
        return st;

    /* the counts, then the image and the orientations, must fit the limits before any file is
     * read */
    nbref_setup_sampling(s);
    if ((st = nbref_check_counts(s, err)) != NBREF_OK ||
        (st = nbref_check_memory(s, 0.0, err)) != NBREF_OK)
        return st;
    nbref_setup_detector_geometry(s);
    auto_interpolation(s);
    if ((st = nbref_setup_crystal(s, err)) != NBREF_OK ||
        (st = nbref_check_oversample(s, err)) != NBREF_OK ||
        (st = nbref_load_structure_factors(s, err)) != NBREF_OK ||
        (st = check_stol_file(s, err)) != NBREF_OK)
        return st;
    log_layers_and_phi(s);
    if ((st = nbref_setup_sources(s, err)) != NBREF_OK ||
        (st = nbref_setup_mosaic(s, err)) != NBREF_OK)
        return st;
    nbref_setup_final_sampling(s);
    if ((st = nbref_check_memory(s, -1.0, err)) != NBREF_OK)
        return st;
    s->floatimage = (float*)calloc((size_t)s->det.pixels + 10, sizeof(float));
    if (!s->floatimage)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for a %lld-pixel image",
                          s->det.pixels);
    nbref_log_summary(s);
    nbref_setup_background(s);
    nbref_emit_config_events(s);
    return NBREF_OK;
}

nbref_status nbref_create(int argc, const char* const* argv, const nbref_create_options* opts,
                          nbref_sim** out, char* errbuf, size_t errlen) {
    nbref_err err;
    nbref_sim* s;
    nbref_status st;

    nbref_err_init(&err, errbuf, errlen);
    *out = NULL;
    s = (nbref_sim*)malloc(sizeof(nbref_sim));
    if (!s)
        return nbref_fail(&err, NBREF_ERR_INTERNAL, "out of memory");
    nbref_sim_set_defaults(s);
    if (opts) {
        s->log = opts->log;
        s->trace_fn = opts->trace_fn;
        s->trace_user = opts->trace_user;
        s->write_fdump = opts->write_fdump;
        s->read_fdump = opts->read_fdump;
    }
    st = setup(s, argc, argv, &err);
    if (st != NBREF_OK) {
        nbref_destroy(s);
        return st;
    }
    *out = s;
    return NBREF_OK;
}

nbref_status nbref_add_trace_pixel(nbref_sim* s, int slow, int fast, char* errbuf, size_t errlen) {
    nbref_err err;
    nbref_err_init(&err, errbuf, errlen);
    if (slow < 0 || slow >= s->det.spixels || fast < 0 || fast >= s->det.fpixels)
        return nbref_fail(&err, NBREF_ERR_USAGE,
                          "pixel (slow %d, fast %d) is outside the detector (%d slow x %d fast)",
                          slow, fast, s->det.spixels, s->det.fpixels);
    if (s->n_trace >= NBREF_MAX_TRACE_PIXELS)
        return nbref_fail(&err, NBREF_ERR_USAGE, "at most %d traced pixels",
                          NBREF_MAX_TRACE_PIXELS);
    s->trace_slow[s->n_trace] = slow;
    s->trace_fast[s->n_trace] = fast;
    ++s->n_trace;
    return NBREF_OK;
}

void nbref_set_traced_only(nbref_sim* s, int on) {
    s->traced_only = on ? 1 : 0;
}

nbref_status nbref_run(nbref_sim* s, char* errbuf, size_t errlen) {
    nbref_err err;
    nbref_status st;
    int i;
    nbref_err_init(&err, errbuf, errlen);
    if (s->ran)
        return nbref_fail(&err, NBREF_ERR_INTERNAL, "nbref_run() called twice");
    if ((st = nbref_check_work(s, &err)) != NBREF_OK)
        return st;
    for (i = 0; i < s->n_trace; ++i)
        nbref_log(s, "TRACE_CONFIG: tracing pixel (spixel=%d, fpixel=%d)\n", s->trace_slow[i],
                  s->trace_fast[i]);
    st = nbref_pixel_loop(s, &err);
    if (st == NBREF_OK)
        s->ran = 1;
    return st;
}

nbref_status nbref_write_outputs(nbref_sim* s, char* errbuf, size_t errlen) {
    nbref_err err;
    nbref_err_init(&err, errbuf, errlen);
    if (!s->ran)
        return nbref_fail(&err, NBREF_ERR_INTERNAL, "nbref_write_outputs() before nbref_run()");
    return nbref_write_all_outputs(s, &err);
}

const float* nbref_image(const nbref_sim* s, int* fpixels, int* spixels) {
    if (fpixels)
        *fpixels = s->det.fpixels;
    if (spixels)
        *spixels = s->det.spixels;
    return s->floatimage;
}

int nbref_threads(const nbref_sim* s) {
    return nbref_resolve_threads(s->run.threads);
}

nbref_schedule nbref_get_schedule(const nbref_sim* s) {
    return s->run.schedule;
}

int nbref_phi0_fix(const nbref_sim* s) {
    return s->run.phi0_fix;
}

void nbref_destroy(nbref_sim* s) {
    if (!s)
        return;
    nbref_free_hkl(&s->xtal);
    free(s->xtal.mosaic_umats);
    free(s->beam.source_X);
    free(s->beam.source_Y);
    free(s->beam.source_Z);
    free(s->beam.source_I);
    free(s->beam.source_lambda);
    free(s->det.maskimage);
    free(s->floatimage);
    free(s);
}
