#include "vec3.h"

#include <math.h>

double* nbref_rotate(const double* v, double* newv, double phix, double phiy, double phiz) {
    double x = v[1], y = v[2], z = v[3];
    double rx, ry, rz;

    if (phix != 0) {
        /* Rx = [1 0 0; 0 cos -sin; 0 sin cos] */
        double ryy = cos(phix), ryz = -sin(phix);
        double rzy = sin(phix), rzz = cos(phix);
        rx = x;
        ry = y * ryy + z * ryz;
        rz = y * rzy + z * rzz;
        x = rx;
        y = ry;
        z = rz;
    }
    if (phiy != 0) {
        /* Ry = [cos 0 sin; 0 1 0; -sin 0 cos]; the zero entries still take part in the sums,
         * as in the C program (x*rxx + y*0 + z*rxz), which matters for signed zeros. */
        double rxx = cos(phiy), rxy = 0, rxz = sin(phiy);
        double rzx = -sin(phiy), rzy = 0, rzz = cos(phiy);
        rx = x * rxx + y * rxy + z * rxz;
        ry = y;
        rz = x * rzx + y * rzy + z * rzz;
        x = rx;
        y = ry;
        z = rz;
    }
    if (phiz != 0) {
        /* Rz = [cos -sin 0; sin cos 0; 0 0 1] */
        double rxx = cos(phiz), rxy = -sin(phiz);
        double ryx = sin(phiz), ryy = cos(phiz);
        rx = x * rxx + y * rxy;
        ry = x * ryx + y * ryy;
        rz = z;
        x = rx;
        y = ry;
        z = rz;
    }
    newv[1] = x;
    newv[2] = y;
    newv[3] = z;
    return newv;
}

double* nbref_rotate_axis(const double* v, double* newv, const double* axis, double phi) {
    double sinphi = sin(phi);
    double cosphi = cos(phi);
    double dot = (axis[1] * v[1] + axis[2] * v[2] + axis[3] * v[3]) * (1.0 - cosphi);
    double t1 = axis[1] * dot + v[1] * cosphi + (-axis[3] * v[2] + axis[2] * v[3]) * sinphi;
    double t2 = axis[2] * dot + v[2] * cosphi + (+axis[3] * v[1] - axis[1] * v[3]) * sinphi;
    double t3 = axis[3] * dot + v[3] * cosphi + (-axis[2] * v[1] + axis[1] * v[2]) * sinphi;
    newv[1] = t1;
    newv[2] = t2;
    newv[3] = t3;
    return newv;
}

double* nbref_rotate_umat(const double* v, double* newv, const double* umat) {
    double x = umat[0] * v[1] + umat[1] * v[2] + umat[2] * v[3];
    double y = umat[3] * v[1] + umat[4] * v[2] + umat[5] * v[3];
    double z = umat[6] * v[1] + umat[7] * v[2] + umat[8] * v[3];
    newv[1] = x;
    newv[2] = y;
    newv[3] = z;
    return newv;
}

double* nbref_cross_product(const double* x, const double* y, double* z) {
    double z1 = x[2] * y[3] - x[3] * y[2];
    double z2 = x[3] * y[1] - x[1] * y[3];
    double z3 = x[1] * y[2] - x[2] * y[1];
    z[1] = z1;
    z[2] = z2;
    z[3] = z3;
    z[0] = 0.0;
    return z;
}

double nbref_dot_product(const double* x, const double* y) {
    return x[1] * y[1] + x[2] * y[2] + x[3] * y[3];
}

double nbref_magnitude(double* v) {
    v[0] = sqrt(v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
    return v[0];
}

double nbref_unitize(double* v, double* new_unit) {
    double mag = nbref_magnitude(v);
    if (mag != 0.0) {
        new_unit[1] = v[1] / mag;
        new_unit[2] = v[2] / mag;
        new_unit[3] = v[3] / mag;
    } else {
        new_unit[0] = 0.0;
        new_unit[1] = 0.0;
        new_unit[2] = 0.0;
        new_unit[3] = 0.0;
    }
    return mag;
}

double nbref_vector_scale(const double* v, double* new_v, double scale) {
    new_v[1] = scale * v[1];
    new_v[2] = scale * v[2];
    new_v[3] = scale * v[3];
    return nbref_magnitude(new_v);
}

double nbref_vector_rescale(double* v, double* new_v, double magnitude) {
    double oldmag = nbref_magnitude(v);
    if (oldmag <= 0.0)
        oldmag = 1.0;
    new_v[1] = magnitude / oldmag * v[1];
    new_v[2] = magnitude / oldmag * v[2];
    new_v[3] = magnitude / oldmag * v[3];
    return nbref_magnitude(new_v);
}

void nbref_components(const double* v4, double scale, double out[3]) {
    out[0] = v4[1] * scale;
    out[1] = v4[2] * scale;
    out[2] = v4[3] * scale;
}
