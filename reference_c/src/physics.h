/* Per-evaluation physics of the nanoBragg C program: lattice transforms and the Kahn
 * polarization factor. Operation order is part of the behaviour (bit-exact reference). */
#ifndef NBREF_PHYSICS_H
#define NBREF_PHYSICS_H

/* Fourier transform of a grating of N cells: sin(N x)/sin(x), with the limit N at x == 0 exactly.
 * Called with x = pi*h for the full fractional index h (not h - h0): |F|^2 is the same either way,
 * the sign and the round-off are not. */
double nbref_sincg(double x, double N);

/* Fourier transform of a sphere: 3 (sin x / x - cos x) / x^2, 1 at x == 0. */
double nbref_sinc3(double x);

/* Kahn polarization factor 0.5 (1 + cos^2 2theta - K cos(2 psi) sin^2 2theta) for unit incident
 * and diffracted directions and the E-vector axis; psi is only evaluated when K != 0.
 * WARNING: like the C program, this normalises incident, diffracted and axis IN PLACE. */
double nbref_polarization_factor(double kahn_factor, double* incident, double* diffracted,
                                 double* axis);

#endif
