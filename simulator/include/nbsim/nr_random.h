// The C program's random numbers, reproduced exactly (Numerical Recipes generators).
//
// ran1: Park-Miller minimal standard LCG (IA = 16807, IM = 2^31 - 1, Schrage factorisation
// IQ = 127773, IR = 2836) with a 32-entry Bays-Durham shuffle table; returns a float in (0, 1)
// capped at 1 - 1.2e-7. The shuffle table and its last output are SHARED by every stream of
// the program (they are function statics in C); a stream whose seed is <= 0 re-initialises the
// table on its next draw. The C program uses its streams one after another (misset, mosaic,
// noise), each starting from a negative seed, so NrRandom holds the shared state and every
// draw names the stream's seed.
//
// Precision follows the C code: ran1 and the deviates return float; the mosaic angle is
// mosaicity (float) * powf(1 - r3^2, 1/3) evaluated in single precision.
#pragma once

#include "nbsim/vec3.h"

#include <array>

namespace nbsim {

class NrRandom {
  public:
    // One uniform deviate from the stream whose state is `seed` (updated in place).
    float ran1(long& seed);
    // Gaussian deviate (polar Box-Muller), rms 1; keeps the spare deviate like NR's gasdev.
    float gaussdev(long& seed);
    // Poisson deviate of mean xm (passed as float, as in C), NR's poidev with the C program's
    // Gaussian shortcut above 1e6 and its cached per-mean constants.
    float poidev(float xm, long& seed);

  private:
    long iy_ = 0;
    std::array<long, 32> iv_{};
    // gaussdev spare
    int iset_ = 0;
    float gset_ = 0;
    // poidev cache
    float sq_ = 0, alxm_ = 0, g_ = 0, oldm_ = -1.0f;
};

// ln Gamma(xx) by the Lanczos series (NR gammln; float in and out, double inside).
float nr_gammln(float xx);

// A random rotation on a spherical cap (nanoBragg's mosaic_rotation_umat): three draws
// r1, r2, r3 = 2*ran1 - 1; axis v = (sqrt(1-r2^2) sin(pi r1), sqrt(1-r2^2) cos(pi r1), r2);
// angle rho = mosaicity * (1 - r3^2)^(1/3) (float arithmetic);
// U = cos(rho) I + (1 - cos(rho)) v v^T + sin(rho) [v]x. Returned row-major as a Mat3.
// WARNING: mosaicity is in radians; the C program passes 90 for "-misset random"
// (C-IMPL-BUG-002), which is reproduced by calling this with 90.
Mat3 mosaic_rotation_umat(float mosaicity, NrRandom& rng, long& seed);

// Rotation angles (rx, ry, rz) whose rotate_xyz() reproduces U (nanoBragg's umat2misset,
// including its re-orthonormalisation and the gimbal-lock branch).
Vec3 umat_to_misset(const Mat3& U);

} // namespace nbsim
