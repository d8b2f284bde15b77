/* The instrumented C program's per-pixel trace text, rebuilt from the event stream.
 * (c_reference_behaviour.md §3.2.) Gating, order and formats are the C program's:
 *   per (layer, sub-pixel) pass, source 0:  13 geometry lines, "TRACE_C: <key> v...";
 *   source 0, phi 0, mosaic 0:              rot_*, rot_*_star, hkl_frac, hkl_rounded, F_latt_*
 *                                           (square crystals), then F_cell;
 *   source 0, mosaic 0, every phi step:     "TRACE_C_PHI phi_tic=.. phi_deg=.. k_frac=.. ..."
 *                                           (square crystals), printed right after F_latt;
 *   source 2, phi 0, mosaic 0:              the TRACE_C_SOURCE2 block;
 *   once per pixel:                         the final scaling block.
 * TRACE_C_TAP5 and TRACE_C_TAP5_HKL blocks appear when those environment variables are set.
 * Values are printed with %.15g exactly as the C program computes them (lambda in Angstrom is
 * lambda*1e10, obliquity is close_distance/airpath, ...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbref/nbref.h"

struct nbref_legacy_printer {
    FILE* out;
    /* pass-level cache */
    double pix0[3], fdet[3], sdet[3], pixel_pos[3], diffracted[3], incident[3], scattering[3];
    double airpath, omega, close_distance, lambda;
    /* source-level cache */
    double polar, cos2theta;
    /* iteration-level cache */
    double phi_deg, a_rot[3], b_rot[3], c_rot[3], a_star[3], b_star[3], c_star[3];
    double hkl[3], hkl0[3], F_latt_a, F_latt_b, F_latt_c, F_latt;
    int square; /* F_latt_a was seen for this iteration */
    /* hkl table bounds for TRACE_C_TAP5_HKL */
    int have_bounds;
    double bounds[6];
    /* pixel-level cache for the final block */
    double final_I, r_e, r_e_sqr, fluence, steps, os_thick, os_polar, os_omega, capture, polar_used,
        omega_used, cos_2theta, I_final;
};

nbref_legacy_printer* nbref_legacy_printer_new(FILE* out) {
    nbref_legacy_printer* p = (nbref_legacy_printer*)calloc(1, sizeof(*p));
    if (p)
        p->out = out;
    return p;
}

void nbref_legacy_printer_free(nbref_legacy_printer* p) {
    free(p);
}

static void copy3(double* dst, const nbref_trace_event* ev) {
    dst[0] = ev->values[0];
    dst[1] = ev->values[1];
    dst[2] = ev->values[2];
}

static int is(const nbref_trace_event* ev, const char* key) {
    return strcmp(ev->key, key) == 0;
}

static void vec_line(FILE* out, const char* key, const double* v) {
    fprintf(out, "TRACE_C: %s %.15g %.15g %.15g\n", key, v[0], v[1], v[2]);
}

static void geometry_block(nbref_legacy_printer* p) {
    FILE* o = p->out;
    vec_line(o, "pix0_vector_meters", p->pix0);
    vec_line(o, "fdet_vec", p->fdet);
    vec_line(o, "sdet_vec", p->sdet);
    vec_line(o, "pixel_pos_meters", p->pixel_pos);
    fprintf(o, "TRACE_C: R_distance_meters %.15g\n", p->airpath);
    fprintf(o, "TRACE_C: omega_pixel_sr %.15g\n", p->omega);
    fprintf(o, "TRACE_C: close_distance_meters %.15g\n", p->close_distance);
    fprintf(o, "TRACE_C: obliquity_factor %.15g\n", p->close_distance / p->airpath);
    vec_line(o, "diffracted_vec", p->diffracted);
    vec_line(o, "incident_vec", p->incident);
    fprintf(o, "TRACE_C: lambda_meters %.15g\n", p->lambda);
    fprintf(o, "TRACE_C: lambda_angstroms %.15g\n", p->lambda * 1e10);
    /* labelled 1/A by the C program, but the value is in 1/m */
    vec_line(o, "scattering_vec_A_inv", p->scattering);
}

static void lattice_block(nbref_legacy_printer* p) {
    FILE* o = p->out;
    vec_line(o, "rot_a_angstroms", p->a_rot);
    vec_line(o, "rot_b_angstroms", p->b_rot);
    vec_line(o, "rot_c_angstroms", p->c_rot);
    vec_line(o, "rot_a_star_A_inv", p->a_star);
    vec_line(o, "rot_b_star_A_inv", p->b_star);
    vec_line(o, "rot_c_star_A_inv", p->c_star);
    vec_line(o, "hkl_frac", p->hkl);
    fprintf(o, "TRACE_C: hkl_rounded %d %d %d\n", (int)p->hkl0[0], (int)p->hkl0[1],
            (int)p->hkl0[2]);
}

static void final_block(nbref_legacy_printer* p, double image_value, const nbref_indices* idx) {
    FILE* o = p->out;
    fprintf(o, "TRACE_C: I_before_scaling %.15g\n", p->final_I);
    fprintf(o, "TRACE_C: r_e_meters %.15g\n", p->r_e);
    fprintf(o, "TRACE_C: r_e_sqr %.15g\n", p->r_e_sqr);
    fprintf(o, "TRACE_C: fluence_photons_per_m2 %.15g\n", p->fluence);
    fprintf(o, "TRACE_C: steps %d\n", (int)p->steps);
    fprintf(o, "TRACE_C: oversample_thick %d\n", (int)p->os_thick);
    fprintf(o, "TRACE_C: oversample_polar %d\n", (int)p->os_polar);
    fprintf(o, "TRACE_C: oversample_omega %d\n", (int)p->os_omega);
    fprintf(o, "TRACE_C: capture_fraction %.15g\n", p->capture);
    fprintf(o, "TRACE_C: polar %.15g\n", p->polar_used);
    fprintf(o, "TRACE_C: omega_pixel %.15g\n", p->omega_used);
    fprintf(o, "TRACE_C: cos_2theta %.15g\n", p->cos_2theta);
    fprintf(o, "TRACE_C: I_pixel_final %.15g\n", p->I_final);
    fprintf(o, "TRACE_C: floatimage_accumulated %.15g\n", image_value);
    if (getenv("TRACE_C_TAP5")) {
        fprintf(o, "TRACE_C_TAP5: pixel %d %d\n", idx->pixel_slow, idx->pixel_fast);
        fprintf(o, "TRACE_C_TAP5: I_before_scaling %.15g\n", p->final_I);
        fprintf(o, "TRACE_C_TAP5: steps %d\n", (int)p->steps);
        fprintf(o, "TRACE_C_TAP5: omega_pixel %.15g\n", p->omega_used);
        fprintf(o, "TRACE_C_TAP5: capture_fraction %.15g\n", p->capture);
        fprintf(o, "TRACE_C_TAP5: polar %.15g\n", p->polar_used);
        fprintf(o, "TRACE_C_TAP5: I_pixel_final %.15g\n", p->I_final);
    }
}

static void tap5_hkl(nbref_legacy_printer* p, const nbref_indices* idx, double F_cell) {
    int h0 = (int)p->hkl0[0], k0 = (int)p->hkl0[1], l0 = (int)p->hkl0[2];
    int out_of_bounds = 0;
    if (p->have_bounds && !((h0 <= p->bounds[1]) && (h0 >= p->bounds[0]) && (k0 <= p->bounds[3]) &&
                            (k0 >= p->bounds[2]) && (l0 <= p->bounds[5]) && (l0 >= p->bounds[4])))
        out_of_bounds = 1;
    fprintf(p->out,
            "TRACE_C_TAP5_HKL: subpixel=%d %d hkl_frac=%.15g %.15g %.15g h0=%d k0=%d l0=%d "
            "F_cell=%.15g out_of_bounds=%d\n",
            idx->sub_s, idx->sub_f, p->hkl[0], p->hkl[1], p->hkl[2], h0, k0, l0, F_cell,
            out_of_bounds);
}

static void source2_block(nbref_legacy_printer* p, double F_cell, double F_latt, int source) {
    FILE* o = p->out;
    fprintf(o, "TRACE_C_SOURCE2: F_cell %.15g\n", F_cell);
    fprintf(o, "TRACE_C_SOURCE2: F_latt %.15g\n", F_latt);
    fprintf(o, "TRACE_C_SOURCE2: F_cell_squared %.15g\n", F_cell * F_cell);
    fprintf(o, "TRACE_C_SOURCE2: F_latt_squared %.15g\n", F_latt * F_latt);
    fprintf(o, "TRACE_C_SOURCE2: I_contribution %.15g\n", F_cell * F_cell * F_latt * F_latt);
    fprintf(o, "TRACE_C_SOURCE2: polar %.15g\n", p->polar);
    fprintf(o, "TRACE_C_SOURCE2: cos2theta %.15g\n", p->cos2theta);
    fprintf(o, "TRACE_C_SOURCE2: lambda_angstroms %.15g\n", p->lambda * 1e10);
    fprintf(o, "TRACE_C_SOURCE2: source_index %d\n", source);
}

void nbref_legacy_trace(void* printer, const nbref_trace_event* ev) {
    nbref_legacy_printer* p = (nbref_legacy_printer*)printer;
    const nbref_indices* i = &ev->idx;
    int pixel_level = i->pixel_slow >= 0 && i->layer < 0 && i->source < 0;

    if (i->pixel_slow < 0) {
        /* set-up events: keep what the per-pixel blocks need */
        if (is(ev, "hkl_bounds") && ev->n == 6) {
            memcpy(p->bounds, ev->values, sizeof p->bounds);
            p->have_bounds = 1;
        }
        return;
    }

    if (pixel_level) {
        if (is(ev, "I_before_scaling"))
            p->final_I = ev->values[0];
        else if (is(ev, "r_e"))
            p->r_e = ev->values[0];
        else if (is(ev, "r_e_sqr"))
            p->r_e_sqr = ev->values[0];
        else if (is(ev, "fluence"))
            p->fluence = ev->values[0];
        else if (is(ev, "steps"))
            p->steps = ev->values[0];
        else if (is(ev, "oversample_thick"))
            p->os_thick = ev->values[0];
        else if (is(ev, "oversample_polar"))
            p->os_polar = ev->values[0];
        else if (is(ev, "oversample_omega"))
            p->os_omega = ev->values[0];
        else if (is(ev, "capture_fraction"))
            p->capture = ev->values[0];
        else if (is(ev, "polar"))
            p->polar_used = ev->values[0];
        else if (is(ev, "omega_pixel"))
            p->omega_used = ev->values[0];
        else if (is(ev, "cos_2theta"))
            p->cos_2theta = ev->values[0];
        else if (is(ev, "I_pixel_final"))
            p->I_final = ev->values[0];
        else if (is(ev, "image_value"))
            final_block(p, ev->values[0], i);
        return;
    }

    /* pass level (layer, sub-pixel) */
    if (i->source < 0) {
        if (is(ev, "pix0_vector"))
            copy3(p->pix0, ev);
        else if (is(ev, "fdet_vector"))
            copy3(p->fdet, ev);
        else if (is(ev, "sdet_vector"))
            copy3(p->sdet, ev);
        else if (is(ev, "pixel_pos"))
            copy3(p->pixel_pos, ev);
        else if (is(ev, "diffracted_vec"))
            copy3(p->diffracted, ev);
        else if (is(ev, "airpath"))
            p->airpath = ev->values[0];
        else if (is(ev, "omega_pixel"))
            p->omega = ev->values[0];
        else if (is(ev, "close_distance"))
            p->close_distance = ev->values[0];
        return;
    }

    /* source level */
    if (i->phi < 0) {
        if (is(ev, "incident_vec"))
            copy3(p->incident, ev);
        else if (is(ev, "lambda"))
            p->lambda = ev->values[0];
        else if (is(ev, "scattering_vector")) {
            copy3(p->scattering, ev);
            if (i->source == 0)
                geometry_block(p);
        } else if (is(ev, "polar"))
            p->polar = ev->values[0];
        else if (is(ev, "cos_2theta"))
            p->cos2theta = ev->values[0];
        return;
    }

    /* phi level */
    if (i->mosaic < 0) {
        if (is(ev, "phi_angle"))
            p->phi_deg = ev->values[0];
        return;
    }

    /* (phi, mosaic) iteration */
    if (is(ev, "a_rot")) {
        copy3(p->a_rot, ev);
        p->square = 0;
    } else if (is(ev, "b_rot"))
        copy3(p->b_rot, ev);
    else if (is(ev, "c_rot"))
        copy3(p->c_rot, ev);
    else if (is(ev, "a_star"))
        copy3(p->a_star, ev);
    else if (is(ev, "b_star"))
        copy3(p->b_star, ev);
    else if (is(ev, "c_star"))
        copy3(p->c_star, ev);
    else if (is(ev, "hkl_frac"))
        copy3(p->hkl, ev);
    else if (is(ev, "hkl_rounded")) {
        copy3(p->hkl0, ev);
        if (i->source == 0 && i->phi == 0 && i->mosaic == 0)
            lattice_block(p);
    } else if (is(ev, "F_latt_a")) {
        p->F_latt_a = ev->values[0];
        p->square = 1;
    } else if (is(ev, "F_latt_b"))
        p->F_latt_b = ev->values[0];
    else if (is(ev, "F_latt_c"))
        p->F_latt_c = ev->values[0];
    else if (is(ev, "F_latt")) {
        p->F_latt = ev->values[0];
        if (p->square && i->source == 0) {
            if (i->phi == 0 && i->mosaic == 0) {
                fprintf(p->out, "TRACE_C: F_latt_a %.15g\n", p->F_latt_a);
                fprintf(p->out, "TRACE_C: F_latt_b %.15g\n", p->F_latt_b);
                fprintf(p->out, "TRACE_C: F_latt_c %.15g\n", p->F_latt_c);
                fprintf(p->out, "TRACE_C: F_latt %.15g\n", ev->values[0]);
            }
            if (i->mosaic == 0)
                fprintf(p->out,
                        "TRACE_C_PHI phi_tic=%d phi_deg=%.15g k_frac=%.15g F_latt_b=%.15g "
                        "F_latt=%.15g\n",
                        i->phi, p->phi_deg, p->hkl[1], p->F_latt_b, ev->values[0]);
        }
    } else if (is(ev, "F_cell")) {
        double F_cell = ev->values[0];
        if (i->phi == 0 && i->mosaic == 0) {
            if (i->source == 0) {
                fprintf(p->out, "TRACE_C: F_cell %.15g\n", F_cell);
                if (getenv("TRACE_C_TAP5_HKL"))
                    tap5_hkl(p, i, F_cell);
            }
            if (i->source == 2)
                source2_block(p, F_cell, p->F_latt, i->source);
        }
    }
}
