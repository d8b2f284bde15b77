/* Random streams of the nanoBragg C program: Numerical Recipes ran1 (Park-Miller minimal standard
 * with Bays-Durham shuffle), the spherical-cap random rotation used for mosaic domains and for
 * -misset random, its conversion to missetting angles, and the Poisson/Gaussian deviates of the
 * noise image.
 *
 * WARNING: precision is part of the behaviour. ran1 returns float; the mosaic cap angle is
 * computed in float (the spread is passed as float and raised with powf); poidev works in float.
 * The C program keeps the shuffle table and the deviate caches in static variables shared by every
 * stream; here they live in explicit state structs owned by one simulation, which gives identical
 * sequences because the streams are used one after another (misset, then mosaic, then noise).
 */
#ifndef NBREF_RNG_H
#define NBREF_RNG_H

#define NBREF_RAN1_NTAB 32

typedef struct {
    long iy;
    long iv[NBREF_RAN1_NTAB];
} nbref_ran1_table;

/* Cached per-mean constants of poidev and the spare deviate of gaussdev. */
typedef struct {
    float sq, alxm, g, oldm;
    int gauss_have_spare;
    float gauss_spare;
} nbref_deviate_cache;

void nbref_ran1_table_init(nbref_ran1_table* t);
void nbref_deviate_cache_init(nbref_deviate_cache* c);

/* Uniform deviate in (0, 1). A seed <= 0 (or a fresh table) re-initialises the shuffle table;
 * seeds are stored negated by the command line (-seed N -> -N). */
float nbref_ran1(nbref_ran1_table* t, long* idum);

/* Random rotation on a spherical cap: axis uniform on the sphere, angle
 * mosaicity * (1 - r3^2)^(1/3) (radians; evaluated in float). umat is row-major. */
double* nbref_mosaic_rotation_umat(nbref_ran1_table* t, float mosaicity, double umat[9],
                                   long* seed);

/* Missetting angles (rotx, roty, rotz) in missets[1..3] such that Rz Ry Rx = umat. */
double* nbref_umat2misset(const double umat[9], double* missets);

/* Poisson deviate of mean xm (exact below 12, rejection up to 1e6, Gaussian above). */
float nbref_poidev(nbref_ran1_table* t, nbref_deviate_cache* c, float xm, long* idum);

/* Unit Gaussian deviate (polar Box-Muller; the second deviate of each pair is cached). */
float nbref_gaussdev(nbref_ran1_table* t, nbref_deviate_cache* c, long* idum);

/* ln Gamma(xx), Lanczos series, returned as float as in the C program. */
float nbref_gammln(float xx);

#endif
