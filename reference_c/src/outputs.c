/* End-of-run statistics and the image files: raw float32, SMV uint16 (noiseless and Poisson),
 * PGM. Byte layouts and scaling are the C program's (c_reference_behaviour.md §6; model §7).
 *
 * Every file is written under a temporary name first and renamed only when all of them are
 * complete; on any failure the temporaries are removed, so a failed run leaves nothing behind.
 */
#include "outputs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hkl.h"
#include "log.h"
#include "rng.h"
#include "temp_registry.h"

#define RTD (180.0 * M_1_PI)
#define MAX_OUTPUTS 6

typedef struct {
    char tmp[MAX_OUTPUTS][4200];
    const char* final[MAX_OUTPUTS];
    int slot[MAX_OUTPUTS]; /* temp_registry.h registration of tmp[] */
    int n;
} pending_files;

static FILE* open_pending(pending_files* p, const char* path, nbref_err* err) {
    FILE* fp;
    char* tmp = p->tmp[p->n];
    if (snprintf(tmp, sizeof p->tmp[0], "%s.nbref-tmp-%ld", path, (long)getpid()) >=
        (int)sizeof p->tmp[0]) {
        nbref_fail(err, NBREF_ERR_USAGE, "%s: file name too long", path);
        return NULL;
    }
    p->slot[p->n] = nbref_temp_register(tmp);
    fp = fopen(tmp, "wb");
    if (!fp) {
        nbref_temp_unregister(p->slot[p->n]);
        nbref_fail(err, NBREF_ERR_INPUT, "%s: cannot create output file", path);
        return NULL;
    }
    p->final[p->n++] = path;
    return fp;
}

static nbref_status close_pending(FILE* fp, int ok, const char* path, nbref_err* err) {
    if (fclose(fp) != 0 || !ok)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "%s: write failed", path);
    return NBREF_OK;
}

static void discard_pending(pending_files* p) {
    int i;
    for (i = 0; i < p->n; ++i) {
        remove(p->tmp[i]);
        nbref_temp_unregister(p->slot[i]);
    }
    p->n = 0;
}

static nbref_status commit_pending(pending_files* p, nbref_err* err) {
    int i, j;
    for (i = 0; i < p->n; ++i) {
        if (rename(p->tmp[i], p->final[i]) != 0) {
            for (j = 0; j < i; ++j)
                remove(p->final[j]);
            for (j = i; j < p->n; ++j)
                remove(p->tmp[j]);
            for (j = 0; j < p->n; ++j)
                nbref_temp_unregister(p->slot[j]);
            return nbref_fail(err, NBREF_ERR_INTERNAL, "%s: cannot move output into place",
                              p->final[i]);
        }
        nbref_temp_unregister(p->slot[i]);
    }
    return NBREF_OK;
}

static int in_roi(const nbref_detector* d, int spixel, int fpixel) {
    return !(fpixel < d->roi_xmin || fpixel > d->roi_xmax || spixel < d->roi_ymin ||
             spixel > d->roi_ymax);
}

static void statistics(nbref_sim* s) {
    const nbref_detector* d = &s->det;
    long sumn = s->sumn;
    double sumsqr = 0.0, test;
    int spixel, fpixel;
    if (sumn <= 0)
        sumn = 1;
    s->avg = s->sum / sumn;
    if (sumn <= 1)
        sumn = 2;
    s->rms = sqrt(s->sumsqr / (sumn - 1));
    /* rmsd: a second pass over the ROI, masked pixels included (quirk) */
    sumn = 0;
    for (spixel = 0; spixel < d->spixels; ++spixel)
        for (fpixel = 0; fpixel < d->fpixels; ++fpixel) {
            if (!in_roi(d, spixel, fpixel))
                continue;
            test = s->floatimage[(size_t)spixel * d->fpixels + fpixel] - s->avg;
            sumsqr += test * test;
            ++sumn;
        }
    if (sumn <= 1)
        sumn = 2;
    s->rmsd = sqrt(sumsqr / (sumn - 1));
}

/* The SMV header, padded with spaces to 512 bytes. */
static int write_smv_header(FILE* fp, const nbref_sim* s, int denzo_sign) {
    const nbref_detector* d = &s->det;
    const nbref_crystal* x = &s->xtal;
    long pos;
    fprintf(fp, "{\nHEADER_BYTES=512;\nDIM=2;\nBYTE_ORDER=%s;\nTYPE=unsigned_short;\n",
            "little_endian");
    fprintf(fp, "SIZE1=%d;\nSIZE2=%d;\nPIXEL_SIZE=%g;\nDISTANCE=%g;\n", d->fpixels, d->spixels,
            d->pixel_size * 1000.0, d->distance * 1000.0);
    fprintf(fp, "WAVELENGTH=%g;\n", s->beam.lambda0 * 1e10);
    fprintf(fp, "BEAM_CENTER_X=%g;\nBEAM_CENTER_Y=%g;\n", d->Xbeam * 1000.0, d->Ybeam * 1000);
    fprintf(fp, "ADXV_CENTER_X=%g;\nADXV_CENTER_Y=%g;\n", d->Fbeam * 1000.0,
            (d->detsize_s - d->Sbeam) * 1000);
    fprintf(fp, "MOSFLM_CENTER_X=%g;\nMOSFLM_CENTER_Y=%g;\n",
            (d->Sbeam - 0.5 * d->pixel_size) * 1000.0, (d->Fbeam - 0.5 * d->pixel_size) * 1000);
    /* the noise image's header writes +0.0 where the int image's writes -0.0 px (no effect) */
    fprintf(fp, "DENZO_X_BEAM=%g;\nDENZO_Y_BEAM=%g;\n",
            (d->Sbeam + denzo_sign * 0.0 * d->pixel_size) * 1000.0,
            (d->Fbeam + denzo_sign * 0.0 * d->pixel_size) * 1000);
    fprintf(fp, "DIALS_ORIGIN=%g,%g,%g\n", d->dials_origin[1], d->dials_origin[2],
            d->dials_origin[3]);
    fprintf(fp, "XDS_ORGX=%g;\nXDS_ORGY=%g;\n", d->ORGX, d->ORGY);
    fprintf(fp, "CLOSE_DISTANCE=%g;\n", d->close_distance * 1000.0);
    fprintf(fp, "PHI=%g;\nOSC_START=%g;\nOSC_RANGE=%g;\n", x->phi0 * RTD, x->phi0 * RTD,
            x->osc * RTD);
    fprintf(fp, "TWOTHETA=%g;\n", d->detector_twotheta * RTD);
    fprintf(fp, "DETECTOR_SN=000;\n");
    fprintf(fp, "BEAMLINE=fake;\n");
    fprintf(fp, "}\f");
    while ((pos = ftell(fp)) >= 0 && pos < 512)
        fputc(' ', fp);
    return pos >= 0;
}

static nbref_status write_float_image(nbref_sim* s, pending_files* p, nbref_err* err) {
    const nbref_detector* d = &s->det;
    FILE* fp;
    size_t n = (size_t)d->pixels;
    nbref_log(s, "writing %s as %lld %lu-byte floats\n", s->out.floatfilename, d->pixels,
              (unsigned long)sizeof(float));
    if (!(fp = open_pending(p, s->out.floatfilename, err)))
        return NBREF_ERR_INPUT;
    return close_pending(fp, fwrite(s->floatimage, sizeof(float), n, fp) == n, s->out.floatfilename,
                         err);
}

static nbref_status write_smv(nbref_sim* s, pending_files* p, const char* path,
                              const unsigned short* pixels, int denzo_sign, nbref_err* err) {
    FILE* fp;
    size_t n = (size_t)s->det.pixels;
    int ok;
    if (!(fp = open_pending(p, path, err)))
        return NBREF_ERR_INPUT;
    ok = write_smv_header(fp, s, denzo_sign);
    ok = ok && fwrite(pixels, sizeof(unsigned short), n, fp) == n;
    return close_pending(fp, ok, path, err);
}

static nbref_status write_int_image(nbref_sim* s, pending_files* p, unsigned short* intimage,
                                    nbref_err* err) {
    const nbref_detector* d = &s->det;
    int spixel, fpixel;
    if (s->out.intfile_scale <= 0.0) {
        s->out.intfile_scale = 1.0;
        if (s->max_I > 0.0)
            s->out.intfile_scale = 55000.0 / s->max_I;
    }
    nbref_log(s, "intfile_scale = %g\n", s->out.intfile_scale);
    for (spixel = 0; spixel < d->spixels; ++spixel)
        for (fpixel = 0; fpixel < d->fpixels; ++fpixel) {
            size_t i = (size_t)spixel * d->fpixels + fpixel;
            double test;
            if (!in_roi(d, spixel, fpixel))
                continue;
            test = s->floatimage[i] * s->out.intfile_scale + s->out.adc_offset;
            if (test > 65535.0)
                test = 65535.0;
            if (test < 0.0)
                test = 0.0;
            /* rounded in single precision, as the C program's floorf() */
            intimage[i] = (unsigned short)(floorf((float)(test + 0.5)));
        }
    nbref_log(s, "writing %s as %lu-byte integers\n", s->out.intfilename,
              (unsigned long)sizeof(unsigned short));
    return write_smv(s, p, s->out.intfilename, intimage, -1, err);
}

static nbref_status write_pgm(nbref_sim* s, pending_files* p, nbref_err* err) {
    const nbref_detector* d = &s->det;
    unsigned char* pgm = (unsigned char*)calloc((size_t)d->pixels + 10, 1);
    int spixel, fpixel, ok;
    FILE* fp;
    if (!pgm)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for the PGM image");
    if (s->out.pgm_scale <= 0.0) {
        s->out.pgm_scale = s->out.intfile_scale;
        if (s->rmsd > 0.0)
            s->out.pgm_scale = 250.0 / (5.0 * s->rmsd);
    }
    nbref_log(s, "pgm_scale = %g\n", s->out.pgm_scale);
    for (spixel = 0; spixel < d->spixels; ++spixel)
        for (fpixel = 0; fpixel < d->fpixels; ++fpixel) {
            size_t i = (size_t)spixel * d->fpixels + fpixel;
            double test;
            if (!in_roi(d, spixel, fpixel))
                continue;
            test = s->floatimage[i] * s->out.pgm_scale;
            if (test > 255.0)
                test = 255.0;
            pgm[i] = (unsigned char)(int)test; /* truncation */
        }
    nbref_log(s, "writing %s as %lu-byte integers\n", s->out.pgmfilename,
              (unsigned long)sizeof(unsigned char));
    if (!(fp = open_pending(p, s->out.pgmfilename, err))) {
        free(pgm);
        return NBREF_ERR_INPUT;
    }
    fprintf(fp, "P5\n%d %d\n", d->fpixels, d->spixels);
    fprintf(fp, "# pixels scaled by %lg\n", s->out.pgm_scale);
    fprintf(fp, "255\n");
    ok = fwrite(pgm, 1, (size_t)d->pixels, fp) == (size_t)d->pixels;
    free(pgm);
    return close_pending(fp, ok, s->out.pgmfilename, err);
}

static nbref_status write_noise_image(nbref_sim* s, pending_files* p, unsigned short* intimage,
                                      nbref_err* err) {
    const nbref_detector* d = &s->det;
    int spixel, fpixel, overloads = 0;
    double sum = 0.0;
    /* row-major over the ROI, mask not consulted */
    for (spixel = 0; spixel < d->spixels; ++spixel)
        for (fpixel = 0; fpixel < d->fpixels; ++fpixel) {
            size_t i = (size_t)spixel * d->fpixels + fpixel;
            double test;
            if (!in_roi(d, spixel, fpixel))
                continue;
            test = nbref_poidev(&s->ran1, &s->deviates, s->floatimage[i], &s->seed);
            sum += test;
            test += s->out.adc_offset;
            if (test > 65535.0) {
                test = 65535.0;
                ++overloads;
            }
            intimage[i] = (unsigned short)test;
        }
    nbref_log(s, "%.0f photons on noise image (%d overloads)\n", sum, overloads);
    nbref_log(s, "writing %s as %lu-byte integers\n", s->out.noisefilename,
              (unsigned long)sizeof(unsigned short));
    return write_smv(s, p, s->out.noisefilename, intimage, +1, err);
}

nbref_status nbref_write_all_outputs(nbref_sim* s, nbref_err* err) {
    const nbref_detector* d = &s->det;
    pending_files p;
    unsigned short* intimage;
    nbref_status st;

    memset(&p, 0, sizeof p);
    if (s->fdump_pending) {
        FILE* fp = open_pending(&p, s->out.dumpfilename, err);
        if (!fp)
            return NBREF_ERR_INPUT;
        if ((st = close_pending(fp, nbref_write_fdump(s, fp), s->out.dumpfilename, err)) !=
            NBREF_OK) {
            discard_pending(&p);
            return st;
        }
    }
    nbref_log(s, "\n");
    nbref_log(s, "solid angle subtended by detector = %g steradian ( %g%% sphere)\n",
              s->omega_sum / s->steps, 100 * s->omega_sum / s->steps / 4 / M_PI);
    statistics(s);

    intimage = (unsigned short*)calloc((size_t)d->pixels + 10, sizeof(unsigned short));
    if (!intimage)
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory for the integer image");

    st = write_float_image(s, &p, err);
    if (st == NBREF_OK) {
        nbref_log(s, "max_I = %g  at %g %g\n", s->max_I, s->max_I_x, s->max_I_y);
        nbref_log(s, "mean= %g rms= %g rmsd= %g\n", s->avg, s->rms, s->rmsd);
        st = write_int_image(s, &p, intimage, err);
    }
    if (st == NBREF_OK && s->out.write_pgm)
        st = write_pgm(s, &p, err);
    if (st == NBREF_OK && s->out.calculate_noise)
        st = write_noise_image(s, &p, intimage, err);
    free(intimage);
    if (st != NBREF_OK) {
        discard_pending(&p);
        return st;
    }
    return commit_pending(&p, err);
}
