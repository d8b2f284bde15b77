#include "defaults.h"

#include <math.h>
#include <string.h>
#include <time.h>

/* The C program's initial values, before any flag is read. "Unset" markers (-1, NaN) are part of
 * the behaviour: the auto-selection rules test them. */
void nbref_sim_set_defaults(nbref_sim* s) {
    memset(s, 0, sizeof(*s));

    s->out.floatfilename = "floatimage.bin";
    s->out.intfilename = "intimage.img";
    s->out.pgmfilename = "image.pgm";
    s->out.noisefilename = "noiseimage.img";
    s->out.dumpfilename = "Fdump.bin";
    s->out.write_pgm = 1;
    s->out.calculate_noise = 1;
    s->out.intfile_scale = 0.0;
    s->out.pgm_scale = 0.0;
    s->out.adc_offset = 40.0;

    /* detector: 1024 x 1024 pixels of 0.1 mm at 100 mm, MOSFLM convention, beam pivot */
    s->det.pixel_size = 0.1e-3;
    s->det.distance = 100.0e-3;
    s->det.detsize_f = 102.4e-3;
    s->det.detsize_s = 102.4e-3;
    s->det.close_distance = NAN;
    s->det.Xbeam = s->det.Ybeam = NAN;
    s->det.Fbeam = s->det.Sbeam = NAN;
    s->det.Xclose = s->det.Yclose = NAN;
    s->det.Fclose = s->det.Sclose = NAN;
    s->det.ORGX = s->det.ORGY = NAN;
    s->det.fdet_vector[3] = 1;   /* (0,0,1) */
    s->det.sdet_vector[2] = -1;  /* (0,-1,0) */
    s->det.odet_vector[1] = 1;   /* (1,0,0) */
    s->det.twotheta_axis[2] = 1; /* (0,1,0): the CUSTOM default */
    s->det.detector_pivot = NBREF_PIVOT_BEAM;
    s->det.beam_convention = NBREF_CONV_MOSFLM;
    s->det.detector_mu = -1.0;
    s->det.detector_thick = 0.0;
    s->det.detector_thickstep = -1.0;
    s->det.detector_thicksteps = -1;
    s->det.oversample = -1;
    s->det.roi_xmin = s->det.roi_xmax = s->det.roi_ymin = s->det.roi_ymax = -1;

    /* beam: 1 A along +x, unpolarised (Kahn factor 0) */
    s->beam.beam_vector[1] = 1;
    s->beam.polar_vector[3] = 1;
    s->beam.spindle_vector[3] = 1;
    s->beam.lambda0 = 1.0e-10;
    s->beam.dispersion = 0.0;
    s->beam.dispstep = -1;
    s->beam.dispsteps = -1;
    s->beam.hdivrange = s->beam.vdivrange = -1.0;
    s->beam.hdivstep = s->beam.vdivstep = -1.0;
    s->beam.hdivsteps = s->beam.vdivsteps = s->beam.divsteps = -1;
    s->beam.round_div = 1;
    s->beam.source_distance = 10.0;
    /* chosen so that r_e^2 * fluence is about 1 */
    s->beam.fluence = 125932015286227086360700780544.0;
    s->beam.flux = 0.0;
    s->beam.exposure = 1.0;
    s->beam.beamsize = 1e-4;
    s->beam.polarization = 0.0;
    s->beam.dmin = 0;

    s->xtal.Na = s->xtal.Nb = s->xtal.Nc = 1.0;
    s->xtal.xtal_shape = NBREF_SHAPE_SQUARE;
    s->xtal.fudge = 1;
    s->xtal.phi0 = 0.0;
    s->xtal.phistep = -1.0;
    s->xtal.osc = -1.0;
    s->xtal.phisteps = -1;
    s->xtal.mosaic_spread = -1.0;
    s->xtal.mosaic_domains = -1;
    s->xtal.interpolate = 2; /* auto */
    s->xtal.babble = 1;
    s->xtal.default_F = 0.0;
    s->xtal.mosaic_seed = -12345678;

    s->r_e_sqr = 7.94079248018965e-30;
    s->progress_meter = 1;
    s->printout_fpixel = s->printout_spixel = -1;

    /* noise seed from the clock; the misset seed defaults to this start-up value, captured before
     * -seed is read (so -seed does not change it) */
    s->seed = -(long)time((time_t*)0);
    s->xtal.misset_seed = s->seed;

    s->run.threads = 0; /* 0: OMP_NUM_THREADS, else the machine's */
    s->run.schedule = NBREF_SCHEDULE_ROI;
    s->run.phi0_fix = 0;

    nbref_ran1_table_init(&s->ran1);
    nbref_deviate_cache_init(&s->deviates);
}
