/* The complete state of one reference simulation: the nanoBragg C program's main() variables,
 * grouped by concept. Field names follow the C program's variable names on purpose, so that every
 * step of the set-up can be read side by side with c_reference_behaviour.md.
 *
 * Units inside this struct are the C program's internal ones: metres, radians, photons/m^2.
 * Vectors use the 1-based double[4] convention of vec3.h.
 */
#ifndef NBREF_SIM_STATE_H
#define NBREF_SIM_STATE_H

#include <stdio.h>

#include "nbref/nbref.h"
#include "rng.h"
#include "sparse_hkl.h"

typedef enum { NBREF_PIVOT_SAMPLE = 0, NBREF_PIVOT_BEAM = 1 } nbref_pivot;
typedef enum {
    NBREF_SHAPE_SQUARE = 0,
    NBREF_SHAPE_ROUND,
    NBREF_SHAPE_GAUSS,
    NBREF_SHAPE_TOPHAT
} nbref_shape;
/* Same numbering as the C program's enum (and the trace registry's "convention" labels). */
typedef enum {
    NBREF_CONV_CUSTOM = 0,
    NBREF_CONV_ADXV,
    NBREF_CONV_MOSFLM,
    NBREF_CONV_XDS,
    NBREF_CONV_DIALS,
    NBREF_CONV_DENZO
} nbref_convention;

/* Output files and what to write. */
typedef struct {
    const char* floatfilename;
    const char* intfilename;
    const char* pgmfilename;
    const char* noisefilename;
    const char* dumpfilename; /* Fdump.bin cache of the HKL table */
    int write_pgm;
    int calculate_noise;
    double intfile_scale; /* <= 0: auto, 55000/max_I */
    double pgm_scale;     /* <= 0: auto, 250/(5 rmsd) */
    double adc_offset;
} nbref_outputs;

/* Input file names (NULL when not given). */
typedef struct {
    const char* matfilename;
    const char* hklfilename;
    const char* sourcefilename;
    const char* imginfilename;
    const char* maskfilename;
    const char* stolfilename;
} nbref_inputs;

typedef struct {
    /* detector size */
    double pixel_size;
    int fpixels, spixels;
    long long pixels; /* fpixels * spixels, 64-bit: 65536^2 does not fit an int */
    double detsize_f, detsize_s;
    /* placement */
    double distance, close_distance;
    double Xbeam, Ybeam, Fbeam, Sbeam, Xclose, Yclose, Fclose, Sclose, ORGX, ORGY;
    double detector_rotx, detector_roty, detector_rotz, detector_twotheta;
    double fdet_vector[4], sdet_vector[4], odet_vector[4], pix0_vector[4];
    double twotheta_axis[4];
    double dials_origin[4];
    double ratio;
    nbref_pivot detector_pivot;
    nbref_convention beam_convention;
    /* sensor */
    double detector_mu, detector_thick, detector_thickstep;
    int detector_thicksteps;
    int curved_detector, point_pixel;
    /* sampling */
    int oversample, oversample_thick, oversample_polar, oversample_omega;
    double subpixel_size;
    int roi_xmin, roi_xmax, roi_ymin, roi_ymax;
    unsigned short* maskimage; /* NULL: no mask */
    int mask_fpixels, mask_spixels;
} nbref_detector;

typedef struct {
    double beam_vector[4], polar_vector[4], vert_vector[4], spindle_vector[4];
    double lambda0, dispersion, dispstep;
    int dispsteps;
    double hdivrange, hdivstep, vdivrange, vdivstep;
    int hdivsteps, vdivsteps, divsteps, round_div;
    double source_distance;
    double fluence, flux, exposure, beamsize;
    double polarization; /* Kahn factor */
    int nopolar;
    double dmin;
    int sources;
    double *source_X, *source_Y, *source_Z, *source_I, *source_lambda;
} nbref_beam;

typedef struct {
    int user_cell;
    double a[4], b[4], c[4]; /* real-space cell, metres after set-up */
    double alpha, beta, gamma;
    double a_star[4], b_star[4], c_star[4]; /* reciprocal cell, 1/Angstrom, never rotated */
    double a0[4], b0[4], c0[4];             /* phi = 0, unrotated (metres) */
    double V_cell, V_star;
    double misset[4]; /* [0]: 0 none, 1 angles, -1 random */
    double Na, Nb, Nc;
    double sample_x, sample_y, sample_z;
    nbref_shape xtal_shape;
    double fudge;
    /* spindle and mosaic */
    double phi0, phistep, osc;
    int phisteps;
    double mosaic_spread;
    int mosaic_domains;
    double* mosaic_umats;
    long mosaic_seed, misset_seed;
    /* structure factors */
    double*** Fhkl;           /* dense table (nanoBragg's layout), or NULL */
    nbref_sparse_hkl Fsparse; /* hashed table when the index box is mostly empty */
    int hkls;
    int h_min, h_max, k_min, k_max, l_min, l_max, h_range, k_range, l_range;
    double default_F;
    int interpolate; /* 2 = auto; shared by all threads and switched off at the first miss */
    int babble;      /* one-time out-of-range warning, shared like interpolate */
    double water_size;
} nbref_crystal;

/* Extensions of this project (not nanoBragg flags). */
typedef struct {
    int threads; /* OpenMP threads whose C-PARITY-001 semantics are reproduced */
    nbref_schedule schedule;
    int phi0_fix;   /* fresh rotation at phi == 0 (the fix the bug reports suggest) */
    int allow_huge; /* --allow-huge: memory and work above the default limits */
} nbref_run_switches;

struct nbref_sim {
    FILE* log; /* the C program's stdout text; NULL = silent */
    nbref_trace_fn trace_fn;
    void* trace_user;

    nbref_inputs in;
    nbref_outputs out;
    nbref_detector det;
    nbref_beam beam;
    nbref_crystal xtal;
    nbref_run_switches run;

    int progress_meter;
    int printout, printout_fpixel, printout_spixel;
    int write_fdump, read_fdump;
    int fdump_pending; /* an Fdump.bin to write with the outputs */

    /* traced pixels (slow, fast) */
    int n_trace;
    int trace_slow[NBREF_MAX_TRACE_PIXELS], trace_fast[NBREF_MAX_TRACE_PIXELS];
    int traced_only; /* compute only the traced pixels (schedule semantics kept) */

    long seed; /* noise seed (stored negated) */
    nbref_ran1_table ran1;
    nbref_deviate_cache deviates;

    /* derived constants */
    double r_e_sqr;
    double I_bg;
    long long steps; /* sources x domains x phi steps x sub-pixels^2, 64-bit */

    /* results */
    float* floatimage;
    int ran; /* nbref_run() completed */
    double max_I, max_I_x, max_I_y;
    double sum, sumsqr, omega_sum;
    long sumn;
    double avg, rms, rmsd;
};

#endif
