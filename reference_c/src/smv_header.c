#include "smv_header.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_file.h"
#include "run_limits.h"

#define RTD (180.0 * M_1_PI)

double nbref_smv_value(const nbref_smv* f, const char* keyword) {
    const char* p = f->header;
    const char* hit;
    size_t keylen = strlen(keyword);
    while ((hit = strstr(p, keyword)) != NULL)
        p = hit + keylen;
    if (p == f->header)
        return NAN;
    p = strstr(p, "=");
    if (!p)
        return 0.0;
    return atof(p + 1);
}

void nbref_smv_free(nbref_smv* f) {
    free(f->header);
    free(f->data);
    f->header = NULL;
    f->data = NULL;
}

/* A header number as an int, or -1 when it is missing, not finite or out of int range. */
static int header_count(const nbref_smv* f, const char* keyword) {
    double v = nbref_smv_value(f, keyword);
    return (v >= 0 && v <= INT_MAX) ? (int)v : -1;
}

nbref_status nbref_smv_read(const char* path, nbref_smv* out, nbref_err* err) {
    FILE* fp;
    size_t npix;
    long long file_bytes = 0;
    memset(out, 0, sizeof(*out));
    fp = nbref_fopen_input(path, "SMV image", &file_bytes, err);
    if (!fp)
        return NBREF_ERR_INPUT;
    out->header = (char*)calloc(513, 1);
    if (!out->header) {
        fclose(fp);
        return nbref_fail(err, NBREF_ERR_INTERNAL, "out of memory reading %s", path);
    }
    if (fread(out->header, 1, 512, fp) != 512 || strncmp(out->header, "{\nHEADER_BYT", 12) != 0) {
        fclose(fp);
        nbref_smv_free(out);
        return nbref_fail(err, NBREF_ERR_INPUT,
                          "%s: not an SMV image (no 512-byte '{ HEADER_BYTES=' header)", path);
    }
    out->header_size = header_count(out, "HEADER_BYTES");
    if (out->header_size != 512) {
        char* h;
        if (out->header_size < 512 || out->header_size > (1 << 20)) {
            fclose(fp);
            nbref_smv_free(out);
            return nbref_fail(err, NBREF_ERR_INPUT, "%s: implausible HEADER_BYTES", path);
        }
        h = (char*)realloc(out->header, (size_t)out->header_size + 1);
        if (!h || fseek(fp, 0, SEEK_SET) != 0 ||
            fread(h, 1, (size_t)out->header_size, fp) != (size_t)out->header_size) {
            fclose(fp);
            out->header = h ? h : out->header;
            nbref_smv_free(out);
            return nbref_fail(err, NBREF_ERR_INPUT, "%s: truncated SMV header", path);
        }
        h[out->header_size] = '\0';
        out->header = h;
    }
    out->width = header_count(out, "SIZE1");
    out->height = header_count(out, "SIZE2");
    if (out->width == 0)
        out->width = out->height = header_count(out, "DETECTOR_DIMENSIONS");
    if (out->width <= 0 || out->height <= 0 || out->width > NBREF_MAX_AXIS_PIXELS ||
        out->height > NBREF_MAX_AXIS_PIXELS) {
        fclose(fp);
        nbref_smv_free(out);
        return nbref_fail(err, NBREF_ERR_INPUT,
                          "%s: SMV header has no valid SIZE1/SIZE2 (1..%d pixels per axis)", path,
                          NBREF_MAX_AXIS_PIXELS);
    }
    npix = (size_t)out->width * (size_t)out->height;
    /* the pixels must be in the file before anything is allocated for them */
    if ((double)out->header_size + 2.0 * (double)npix > (double)file_bytes) {
        fclose(fp);
        nbref_smv_free(out);
        return nbref_fail(err, NBREF_ERR_INPUT,
                          "%s: SMV data shorter than SIZE1*SIZE2 pixels (%d x %d in %lld bytes)",
                          path, out->width, out->height, file_bytes);
    }
    out->data = (unsigned short*)malloc(npix * sizeof(unsigned short));
    if (!out->data || fseek(fp, out->header_size, SEEK_SET) != 0 ||
        fread(out->data, sizeof(unsigned short), npix, fp) != npix) {
        fclose(fp);
        nbref_smv_free(out);
        return nbref_fail(err, NBREF_ERR_INPUT, "%s: SMV data shorter than SIZE1*SIZE2 pixels",
                          path);
    }
    fclose(fp);
    return NBREF_OK;
}

/* Parameters an SMV header can seed (c_reference_behaviour.md §1.4, -img/-mask). */
static void apply_header(nbref_sim* s, const nbref_smv* f, int flip_beam_y) {
    nbref_detector* d = &s->det;
    double test;
    d->fpixels = f->width;
    d->spixels = f->height;
    d->pixels = (long long)d->fpixels * d->spixels;
    test = nbref_smv_value(f, "PIXEL_SIZE");
    if (!isnan(test))
        d->pixel_size = test / 1000.0;
    d->detsize_f = d->pixel_size * d->fpixels;
    d->detsize_s = d->pixel_size * d->spixels;
    test = nbref_smv_value(f, "DISTANCE");
    if (!isnan(test))
        d->distance = test / 1000.0;
    test = nbref_smv_value(f, "CLOSE_DISTANCE");
    if (!isnan(test))
        d->close_distance = test / 1000.0;
    test = nbref_smv_value(f, "WAVELENGTH");
    if (!isnan(test))
        s->beam.lambda0 = test / 1e10;
    test = nbref_smv_value(f, "BEAM_CENTER_X");
    if (!isnan(test))
        d->Xbeam = test / 1000.0;
    test = nbref_smv_value(f, "BEAM_CENTER_Y");
    if (!isnan(test))
        d->Ybeam = flip_beam_y ? d->detsize_s - test / 1000.0 : test / 1000.0;
    test = nbref_smv_value(f, "ORGX");
    if (!isnan(test))
        d->ORGX = test;
    test = nbref_smv_value(f, "ORGY");
    if (!isnan(test))
        d->ORGY = test;
    test = nbref_smv_value(f, "PHI");
    if (!isnan(test))
        s->xtal.phi0 = test / RTD;
    test = nbref_smv_value(f, "OSC_RANGE");
    if (!isnan(test))
        s->xtal.osc = test / RTD;
    /* TWOTHETA goes into a scratch variable in the C program: no effect */
}

nbref_status nbref_apply_header_files(nbref_sim* s, nbref_err* err) {
    nbref_smv f;
    nbref_status st;
    if (s->in.maskfilename) {
        if ((st = nbref_smv_read(s->in.maskfilename, &f, err)) != NBREF_OK)
            return st;
        if (s->log) {
            fprintf(s->log, "reading %s\n", s->in.maskfilename);
        }
        apply_header(s, &f, 1);
        s->det.maskimage = f.data; /* keep the pixels */
        s->det.mask_fpixels = f.width;
        s->det.mask_spixels = f.height;
        f.data = NULL;
        nbref_smv_free(&f);
    }
    if (s->in.imginfilename) {
        if ((st = nbref_smv_read(s->in.imginfilename, &f, err)) != NBREF_OK)
            return st;
        if (s->log)
            fprintf(s->log, "reading %s\n", s->in.imginfilename);
        apply_header(s, &f, 0);
        nbref_smv_free(&f);
    }
    return NBREF_OK;
}
