#include "rng.h"

#include <math.h>

/* Park-Miller constants and Schrage's factorisation IM = IA*IQ + IR (Numerical Recipes ran1). */
#define IA 16807
#define IM 2147483647
#define AM (1.0 / IM)
#define IQ 127773
#define IR 2836
#define NDIV (1 + (IM - 1) / NBREF_RAN1_NTAB)
#define EPS 1.2e-7
#define RNMX (1.0 - EPS)

void nbref_ran1_table_init(nbref_ran1_table* t) {
    int j;
    t->iy = 0;
    for (j = 0; j < NBREF_RAN1_NTAB; ++j)
        t->iv[j] = 0;
}

void nbref_deviate_cache_init(nbref_deviate_cache* c) {
    c->sq = 0.0f;
    c->alxm = 0.0f;
    c->g = 0.0f;
    c->oldm = -1.0f;
    c->gauss_have_spare = 0;
    c->gauss_spare = 0.0f;
}

float nbref_ran1(nbref_ran1_table* t, long* idum) {
    int j;
    long k;
    float temp;

    if (*idum <= 0 || !t->iy) {
        /* (re)load the shuffle table after 8 warm-up steps; idum = 0 is not allowed */
        if (-(*idum) < 1)
            *idum = 1;
        else
            *idum = -(*idum);
        for (j = NBREF_RAN1_NTAB + 7; j >= 0; j--) {
            k = (*idum) / IQ;
            *idum = IA * (*idum - k * IQ) - IR * k;
            if (*idum < 0)
                *idum += IM;
            if (j < NBREF_RAN1_NTAB)
                t->iv[j] = *idum;
        }
        t->iy = t->iv[0];
    }
    k = (*idum) / IQ;
    *idum = IA * (*idum - k * IQ) - IR * k;
    if (*idum < 0)
        *idum += IM;
    j = (int)(t->iy / NDIV);
    t->iy = t->iv[j];
    t->iv[j] = *idum;
    if ((temp = (float)(AM * t->iy)) > RNMX)
        return (float)RNMX;
    return temp;
}

double* nbref_mosaic_rotation_umat(nbref_ran1_table* t, float mosaicity, double umat[9],
                                   long* seed) {
    double r1, r2, r3, xyrad, rot;
    double v1, v2, v3;
    double t1, t2, t3, t6, t7, t8, t9, t11, t12, t15, t19, t20, t24;

    /* three uniform deviates on [-1, 1] */
    r1 = (double)2.0 * nbref_ran1(t, seed) - 1.0;
    r2 = (double)2.0 * nbref_ran1(t, seed) - 1.0;
    r3 = (double)2.0 * nbref_ran1(t, seed) - 1.0;

    /* axis uniform on the unit sphere; cap angle evaluated in single precision */
    xyrad = sqrt(1.0 - r2 * r2);
    rot = mosaicity * powf((float)(1.0 - r3 * r3), (float)(1.0 / 3.0));

    v1 = xyrad * sin(M_PI * r1);
    v2 = xyrad * cos(M_PI * r1);
    v3 = r2;

    /* U = cos(rot) I + (1 - cos(rot)) v v^T + sin(rot) [v]x, expanded term by term */
    t1 = cos(rot);
    t2 = 1.0 - t1;
    t3 = v1 * v1;
    t6 = t2 * v1;
    t7 = t6 * v2;
    t8 = sin(rot);
    t9 = t8 * v3;
    t11 = t6 * v3;
    t12 = t8 * v2;
    t15 = v2 * v2;
    t19 = t2 * v2 * v3;
    t20 = t8 * v1;
    t24 = v3 * v3;

    umat[0] = t1 + t2 * t3;
    umat[1] = t7 - t9;
    umat[2] = t11 + t12;
    umat[3] = t7 + t9;
    umat[4] = t1 + t2 * t15;
    umat[5] = t19 - t20;
    umat[6] = t11 - t12;
    umat[7] = t19 + t20;
    umat[8] = t1 + t2 * t24;
    return umat;
}

/* Normalise the three rows; 0-length rows are left for the caller's substitution step. */
static void normalise_rows(double u[3][3], double m[3]) {
    int r;
    for (r = 0; r < 3; ++r) {
        m[r] = sqrt(u[r][0] * u[r][0] + u[r][1] * u[r][1] + u[r][2] * u[r][2]);
        if (m[r] > 0) {
            u[r][0] /= m[r];
            u[r][1] /= m[r];
            u[r][2] /= m[r];
        }
    }
}

/* Unit cross product a x b into out (left unnormalised when it has zero length). */
static void unit_cross(const double* a, const double* b, double* out) {
    double m;
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
    m = sqrt(out[0] * out[0] + out[1] * out[1] + out[2] * out[2]);
    if (m > 0) {
        out[0] /= m;
        out[1] /= m;
        out[2] /= m;
    }
}

/* Replace any zero-length row by the unit cross product of the other two. */
static void substitute_empty_rows(double u[3][3], const double m[3]) {
    double xcy[3], ycz[3], zcx[3];
    unit_cross(u[0], u[1], xcy);
    unit_cross(u[1], u[2], ycz);
    unit_cross(u[2], u[0], zcx);
    if (m[0] <= 0) {
        u[0][0] = ycz[0];
        u[0][1] = ycz[1];
        u[0][2] = ycz[2];
    }
    if (m[1] <= 0) {
        u[1][0] = zcx[0];
        u[1][1] = zcx[1];
        u[1][2] = zcx[2];
    }
    if (m[2] <= 0) {
        u[2][0] = xcy[0];
        u[2][1] = xcy[1];
        u[2][2] = xcy[2];
    }
}

double* nbref_umat2misset(const double umat[9], double* missets) {
    double u[3][3];
    double m[3];
    double rotx, roty, rotz;
    int r, c;

    for (r = 0; r < 3; ++r)
        for (c = 0; c < 3; ++c)
            u[r][c] = umat[3 * r + c];

    normalise_rows(u, m);
    /* a lone non-empty row: complete the basis with the identity rows */
    if (m[0] >= 0 && m[1] <= 0 && m[2] <= 0) {
        u[1][0] = 0, u[1][1] = 1, u[1][2] = 0;
        u[2][0] = 0, u[2][1] = 0, u[2][2] = 1;
    }
    if (m[0] <= 0 && m[1] >= 0 && m[2] <= 0) {
        u[0][0] = 1, u[0][1] = 0, u[0][2] = 0;
        u[2][0] = 0, u[2][1] = 0, u[2][2] = 1;
    }
    if (m[0] <= 0 && m[1] <= 0 && m[2] >= 0) {
        u[0][0] = 1, u[0][1] = 0, u[0][2] = 0;
        u[1][0] = 0, u[1][1] = 1, u[1][2] = 0;
    }
    /* the C program performs the substitution twice before re-normalising */
    substitute_empty_rows(u, m);
    substitute_empty_rows(u, m);
    normalise_rows(u, m);

    if (u[2][0] * u[2][0] < 1.0) {
        rotx = atan2(u[2][1], u[2][2]);
        roty = atan2(-u[2][0], sqrt(u[2][1] * u[2][1] + u[2][2] * u[2][2]));
        rotz = atan2(u[1][0], u[0][0]);
    } else {
        /* gimbal lock */
        rotx = atan2(1, 1) * 4;
        roty = atan2(1, 1) * 2;
        rotz = atan2(u[0][1], -u[1][1]);
    }
    missets[1] = rotx;
    missets[2] = roty;
    missets[3] = rotz;
    return missets;
}

float nbref_gammln(float xx) {
    double x, y, tmp, ser;
    static const double cof[6] = {76.18009172947146,  -86.50532032941677,    24.01409824083091,
                                  -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5};
    int j;

    y = x = xx;
    tmp = x + 5.5;
    tmp -= (x + 0.5) * log(tmp);
    ser = 1.000000000190015;
    for (j = 0; j <= 5; ++j)
        ser += cof[j] / ++y;
    return (float)(-tmp + log(2.5066282746310005 * ser / x));
}

float nbref_gaussdev(nbref_ran1_table* t, nbref_deviate_cache* c, long* idum) {
    float fac, rsq, v1, v2;

    if (!c->gauss_have_spare) {
        /* two uniform deviates inside the unit circle */
        do {
            v1 = (float)(2.0 * nbref_ran1(t, idum) - 1.0);
            v2 = (float)(2.0 * nbref_ran1(t, idum) - 1.0);
            rsq = v1 * v1 + v2 * v2;
        } while (rsq >= 1.0 || rsq == 0);
        /* Box-Muller */
        fac = (float)sqrt(-2.0 * log(rsq) / rsq);
        c->gauss_spare = v1 * fac;
        c->gauss_have_spare = 1;
        return v2 * fac;
    }
    c->gauss_have_spare = 0;
    return c->gauss_spare;
}

float nbref_poidev(nbref_ran1_table* t, nbref_deviate_cache* c, float xm, long* idum) {
    float em, tt, y;

    /* the exact methods below become too slow above 1e6 photons */
    if (xm > 1.0e6)
        return (float)(xm + sqrt(xm) * nbref_gaussdev(t, c, idum));

    if (xm < 12.0) {
        /* direct method: multiply uniform deviates until the product drops below exp(-mean) */
        if (xm != c->oldm) {
            c->oldm = xm;
            c->g = (float)exp(-xm);
        }
        em = -1;
        tt = 1.0f;
        do {
            ++em;
            tt *= nbref_ran1(t, idum);
        } while (tt > c->g);
    } else {
        /* rejection method with a Lorentzian comparison function */
        if (xm != c->oldm) {
            c->oldm = xm;
            c->sq = (float)sqrt(2.0 * xm);
            c->alxm = (float)log(xm);
            c->g = xm * c->alxm - nbref_gammln((float)(xm + 1.0));
        }
        do {
            do {
                y = (float)tan(M_PI * nbref_ran1(t, idum));
                em = c->sq * y + xm;
            } while (em < 0.0);
            em = (float)floor(em);
            tt = (float)(0.9 * (1.0 + y * y) *
                         exp(em * c->alxm - nbref_gammln((float)(em + 1.0)) - c->g));
        } while (nbref_ran1(t, idum) > tt);
    }
    return em;
}
