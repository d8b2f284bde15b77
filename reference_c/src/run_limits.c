#include "run_limits.h"

#include <stdio.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "sparse_hkl.h"

static const double kGiB = 1073741824.0;

int nbref_hkl_use_dense(double box_cells, double reflections) {
    return box_cells <= NBREF_DENSE_HKL_CELLS ||
           box_cells <= NBREF_DENSE_CELLS_PER_REFLECTION * reflections;
}

double nbref_hkl_table_bytes(int dense, double padded_cells, double reflections) {
    return dense ? 8.0 * padded_cells : nbref_sparse_bytes(reflections);
}

nbref_status nbref_check_threads(const nbref_sim* s, nbref_err* err) {
    int t = s->run.threads;
    if (t > 0)
        return NBREF_OK; /* --threads was range-checked when parsed */
#ifdef _OPENMP
    t = omp_get_max_threads();
#else
    t = 1;
#endif
    if (t > NBREF_MAX_THREADS)
        return nbref_fail(err, NBREF_ERR_USAGE,
                          "OMP_NUM_THREADS=%s: %d threads, more than the %d allowed (give "
                          "--threads N)",
                          getenv("OMP_NUM_THREADS") ? getenv("OMP_NUM_THREADS") : "", t,
                          NBREF_MAX_THREADS);
    return NBREF_OK;
}

static nbref_status too_many(nbref_err* err, const char* flags, const char* what, double n,
                             double max) {
    return nbref_fail(err, NBREF_ERR_USAGE, "%s: %.0f %s, more than the %.0f allowed", flags, n,
                      what, max);
}

nbref_status nbref_check_counts(const nbref_sim* s, nbref_err* err) {
    const nbref_beam* b = &s->beam;
    const nbref_crystal* x = &s->xtal;
    double grid = (double)b->hdivsteps * b->vdivsteps * b->dispsteps;
    if (x->phisteps > NBREF_MAX_PHISTEPS)
        return too_many(err, "-phisteps/-osc/-phistep", "phi steps", x->phisteps,
                        NBREF_MAX_PHISTEPS);
    if (x->mosaic_domains > NBREF_MAX_MOSAIC_DOMAINS)
        return too_many(err, "-mosaic_domains", "mosaic domains", x->mosaic_domains,
                        NBREF_MAX_MOSAIC_DOMAINS);
    if ((double)x->phisteps * x->mosaic_domains > NBREF_MAX_ORIENTATIONS)
        return too_many(err, "-phisteps x -mosaic_domains", "orientations",
                        (double)x->phisteps * x->mosaic_domains, NBREF_MAX_ORIENTATIONS);
    if (s->det.detector_thicksteps > NBREF_MAX_LAYERS)
        return too_many(err, "-detector_thicksteps/-detector_thick", "detector layers",
                        s->det.detector_thicksteps, NBREF_MAX_LAYERS);
    if (!s->in.sourcefilename && grid > NBREF_MAX_SOURCES)
        return too_many(err, "-divsteps/-hdivsteps/-vdivsteps/-dispsteps", "sources", grid,
                        NBREF_MAX_SOURCES);
    return NBREF_OK;
}

nbref_status nbref_check_oversample(const nbref_sim* s, nbref_err* err) {
    if (s->det.oversample > NBREF_MAX_OVERSAMPLE)
        return too_many(err, "-oversample", "sub-pixels per axis", s->det.oversample,
                        NBREF_MAX_OVERSAMPLE);
    return NBREF_OK;
}

static double held_table_bytes(const nbref_sim* s) {
    const nbref_crystal* x = &s->xtal;
    if (x->Fhkl)
        return nbref_hkl_table_bytes(
            1, ((double)x->h_range + 1) * ((double)x->k_range + 1) * ((double)x->l_range + 1), 0);
    if (x->Fsparse.keys)
        return nbref_hkl_table_bytes(0, 0, (double)x->Fsparse.count);
    return 0.0;
}

nbref_status nbref_check_memory(const nbref_sim* s, double table_bytes, nbref_err* err) {
    const double pixel_bytes = 8.0 * (double)s->det.fpixels * s->det.spixels;
    const double phi = s->xtal.phisteps > 0 ? s->xtal.phisteps : 1;
    const double mosaic = s->xtal.mosaic_domains > 0 ? s->xtal.mosaic_domains : 1;
    const double orientation_bytes = 200.0 * phi * mosaic;
    const double source_bytes = 64.0 * (s->beam.sources > 0 ? s->beam.sources : 1);
    double total;
    const char* biggest = "-detpixels/-detsize/-pixel";
    if (table_bytes < 0)
        table_bytes = held_table_bytes(s);
    total = pixel_bytes + table_bytes + orientation_bytes + source_bytes;
    if (total <= NBREF_MAX_MEMORY_BYTES || s->run.allow_huge)
        return NBREF_OK;
    if (table_bytes > pixel_bytes && table_bytes >= orientation_bytes)
        biggest = "-hkl";
    else if (orientation_bytes > pixel_bytes)
        biggest = "-phisteps/-mosaic_domains";
    return nbref_fail(err, NBREF_ERR_USAGE,
                      "%s: the run needs about %.3g GiB (detector %d x %d pixels: %.3g GiB, "
                      "structure factors %.3g GiB, %.0f orientations %.3g GiB), more than the "
                      "%.0f GiB allowed; --allow-huge lifts the limit",
                      biggest, total / kGiB, s->det.fpixels, s->det.spixels, pixel_bytes / kGiB,
                      table_bytes / kGiB, phi * mosaic, orientation_bytes / kGiB,
                      NBREF_MAX_MEMORY_BYTES / kGiB);
}

static double span(int lo, int hi, int n) {
    if (hi > n - 1)
        hi = n - 1; /* the C default ROI maximum is one past the edge */
    return hi >= lo ? (double)hi - lo + 1 : 0.0;
}

static double distinct_traced(const nbref_sim* s) {
    int i, j, n = 0;
    for (i = 0; i < s->n_trace; ++i) {
        for (j = 0; j < i; ++j)
            if (s->trace_slow[j] == s->trace_slow[i] && s->trace_fast[j] == s->trace_fast[i])
                break;
        n += j == i;
    }
    return n;
}

double nbref_estimated_evaluations(const nbref_sim* s) {
    const nbref_detector* d = &s->det;
    const double roi =
        span(d->roi_xmin, d->roi_xmax, d->fpixels) * span(d->roi_ymin, d->roi_ymax, d->spixels);
    const double passes_per_pixel =
        (double)d->oversample * d->oversample * d->detector_thicksteps * s->beam.sources;
    const double computed = s->traced_only ? distinct_traced(s) : roi;
    const int skips = s->run.schedule == NBREF_SCHEDULE_FULL_FRAME || s->traced_only;
    const double region =
        s->run.schedule == NBREF_SCHEDULE_FULL_FRAME ? (double)d->fpixels * d->spixels : roi;
    double work = computed * passes_per_pixel * s->xtal.phisteps * s->xtal.mosaic_domains;
    if (skips && s->beam.dmin > 0.0)
        work += region * passes_per_pixel;
    return work;
}

nbref_status nbref_check_work(const nbref_sim* s, nbref_err* err) {
    const double work = nbref_estimated_evaluations(s);
    const double max = s->run.allow_huge ? NBREF_MAX_EVALUATIONS_HUGE : NBREF_MAX_EVALUATIONS;
    if (work <= max)
        return NBREF_OK;
    return nbref_fail(
        err, NBREF_ERR_USAGE,
        "-roi/-oversample/-phisteps/-mosaic_domains: the run asks for %.3g evaluations (pixels x "
        "%d^2 sub-pixels x %d layers x %d sources x %d phi steps x %d mosaic domains), more than "
        "the %.3g allowed%s",
        work, s->det.oversample, s->det.detector_thicksteps, s->beam.sources, s->xtal.phisteps,
        s->xtal.mosaic_domains, max,
        s->run.allow_huge ? " even with --allow-huge" : "; --allow-huge lifts the limit to 2^53");
}
