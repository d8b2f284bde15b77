/* 3-vector helpers with the nanoBragg C program's storage convention and operation order.
 *
 * A vector is double v[4]: v[1..3] = (x, y, z), v[0] = its magnitude where a function says so.
 * Every expression below evaluates in the same order as the C program, because the reference must
 * reproduce its images bit for bit (built with -O2 -fno-fast-math -ffp-contract=off): do not
 * "simplify" any of them.
 */
#ifndef NBREF_VEC3_H
#define NBREF_VEC3_H

/* Rotate v about x by phix, then y by phiy, then z by phiz (right-handed, radians): newv = Rz Ry Rx
 * v. Each factor is skipped when its angle is exactly 0. v and newv may alias. */
double* nbref_rotate(const double* v, double* newv, double phix, double phiy, double phiz);

/* Rodrigues rotation of v about the unit vector axis by phi (right-handed):
 * v' = axis (axis.v)(1 - cos phi) + v cos phi + (axis x v) sin phi. v and newv may alias. */
double* nbref_rotate_axis(const double* v, double* newv, const double* axis, double phi);

/* newv = U v with U a row-major 3x3 matrix (umat[0..8]). */
double* nbref_rotate_umat(const double* v, double* newv, const double* umat);

/* z = x cross y; z[0] = 0. */
double* nbref_cross_product(const double* x, const double* y, double* z);

double nbref_dot_product(const double* x, const double* y);

/* Stores |v| in v[0] and returns it. */
double nbref_magnitude(double* v);

/* new = v/|v| (zero vector, including new[0], when |v| == 0); returns |v|. v and new may alias. */
double nbref_unitize(double* v, double* new_unit);

/* new = scale * v; returns |new| (also stored in new[0]). */
double nbref_vector_scale(const double* v, double* new_v, double scale);

/* new = (magnitude/|v|) v, with |v| <= 0 treated as 1; returns |new|. */
double nbref_vector_rescale(double* v, double* new_v, double magnitude);

/* The components of a [magnitude, x, y, z] vector times scale, as a plain 3-vector (for trace
 * events, which carry x y z only). */
void nbref_components(const double* v4, double scale, double out[3]);

#endif
