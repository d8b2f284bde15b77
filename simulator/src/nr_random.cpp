#include "nbsim/nr_random.h"

#include <cmath>

namespace nbsim {

namespace {
constexpr long kIA = 16807;
constexpr long kIM = 2147483647;
constexpr double kAM = 1.0 / kIM;
constexpr long kIQ = 127773;
constexpr long kIR = 2836;
constexpr int kNTAB = 32;
constexpr long kNDIV = 1 + (kIM - 1) / kNTAB;
constexpr double kEPS = 1.2e-7;
constexpr double kRNMX = 1.0 - kEPS;
} // namespace

float NrRandom::ran1(long& idum) {
    if (idum <= 0 || !iy_) {
        // (Re)initialise: never let idum be 0, then warm up and fill the shuffle table.
        if (-idum < 1)
            idum = 1;
        else
            idum = -idum;
        for (int j = kNTAB + 7; j >= 0; --j) {
            const long k = idum / kIQ;
            idum = kIA * (idum - k * kIQ) - kIR * k;
            if (idum < 0)
                idum += kIM;
            if (j < kNTAB)
                iv_[static_cast<std::size_t>(j)] = idum;
        }
        iy_ = iv_[0];
    }
    const long k = idum / kIQ;
    idum = kIA * (idum - k * kIQ) - kIR * k;
    if (idum < 0)
        idum += kIM;
    const long j = iy_ / kNDIV;
    iy_ = iv_[static_cast<std::size_t>(j)];
    iv_[static_cast<std::size_t>(j)] = idum;
    const float temp = static_cast<float>(kAM * iy_);
    if (temp > kRNMX)
        return static_cast<float>(kRNMX);
    return temp;
}

float NrRandom::gaussdev(long& idum) {
    if (iset_ == 0) {
        float v1, v2, rsq;
        do {
            v1 = static_cast<float>(2.0 * ran1(idum) - 1.0);
            v2 = static_cast<float>(2.0 * ran1(idum) - 1.0);
            rsq = v1 * v1 + v2 * v2;
        } while (rsq >= 1.0f || rsq == 0.0f);
        const float fac = static_cast<float>(std::sqrt(-2.0 * std::log(rsq) / rsq));
        gset_ = v1 * fac;
        iset_ = 1;
        return v2 * fac;
    }
    iset_ = 0;
    return gset_;
}

float nr_gammln(float xx) {
    static const double cof[6] = {76.18009172947146,  -86.50532032941677,    24.01409824083091,
                                  -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5};
    double x, y;
    y = x = xx;
    double tmp = x + 5.5;
    tmp -= (x + 0.5) * std::log(tmp);
    double ser = 1.000000000190015;
    for (int j = 0; j <= 5; ++j)
        ser += cof[j] / ++y;
    return static_cast<float>(-tmp + std::log(2.5066282746310005 * ser / x));
}

float NrRandom::poidev(float xm, long& idum) {
    // Mixed float/double arithmetic mirrors the C code statement by statement (its libm calls
    // take doubles; its variables are floats).
    if (xm > 1.0e6f) // the C program's shortcut: Gaussian approximation above 1e6 photons
        return static_cast<float>(xm + std::sqrt(static_cast<double>(xm)) * gaussdev(idum));
    float em, t;
    if (xm < 12.0f) {
        // Direct method: multiply uniform deviates until the product drops below exp(-xm).
        if (xm != oldm_) {
            oldm_ = xm;
            g_ = static_cast<float>(std::exp(-static_cast<double>(xm)));
        }
        em = -1;
        t = 1.0f;
        do {
            ++em;
            t *= ran1(idum);
        } while (t > g_);
    } else {
        // Rejection method with a Lorentzian comparison function.
        if (xm != oldm_) {
            oldm_ = xm;
            sq_ = static_cast<float>(std::sqrt(2.0 * xm));
            alxm_ = static_cast<float>(std::log(static_cast<double>(xm)));
            g_ = xm * alxm_ - nr_gammln(static_cast<float>(xm + 1.0));
        }
        float y;
        do {
            do {
                y = static_cast<float>(std::tan(M_PI * ran1(idum)));
                em = sq_ * y + xm;
            } while (em < 0.0f);
            em = static_cast<float>(std::floor(static_cast<double>(em)));
            const float expo = em * alxm_ - nr_gammln(static_cast<float>(em + 1.0)) - g_;
            t = static_cast<float>(0.9 * (1.0 + y * y) * std::exp(static_cast<double>(expo)));
        } while (ran1(idum) > t);
    }
    return em;
}

Mat3 mosaic_rotation_umat(float mosaicity, NrRandom& rng, long& seed) {
    const double r1 = static_cast<double>(2.0 * rng.ran1(seed) - 1.0);
    const double r2 = static_cast<double>(2.0 * rng.ran1(seed) - 1.0);
    const double r3 = static_cast<double>(2.0 * rng.ran1(seed) - 1.0);
    const double xyrad = std::sqrt(1.0 - r2 * r2);
    // Single precision, as in C: float mosaicity times powf of float arguments.
    const float cap = std::pow(static_cast<float>(1.0 - r3 * r3), static_cast<float>(1.0 / 3.0));
    const double rot = static_cast<double>(mosaicity * cap);
    const double v1 = xyrad * std::sin(M_PI * r1);
    const double v2 = xyrad * std::cos(M_PI * r1);
    const double v3 = r2;

    const double t1 = std::cos(rot);
    const double t2 = 1.0 - t1;
    const double t3 = v1 * v1;
    const double t6 = t2 * v1;
    const double t7 = t6 * v2;
    const double t8 = std::sin(rot);
    const double t9 = t8 * v3;
    const double t11 = t6 * v3;
    const double t12 = t8 * v2;
    const double t15 = v2 * v2;
    const double t19 = t2 * v2 * v3;
    const double t20 = t8 * v1;
    const double t24 = v3 * v3;
    Mat3 U;
    U << t1 + t2 * t3, t7 - t9, t11 + t12, //
        t7 + t9, t1 + t2 * t15, t19 - t20, //
        t11 - t12, t19 + t20, t1 + t2 * t24;
    return U;
}

Vec3 umat_to_misset(const Mat3& U) {
    double uxx = U(0, 0), uxy = U(0, 1), uxz = U(0, 2);
    double uyx = U(1, 0), uyy = U(1, 1), uyz = U(1, 2);
    double uzx = U(2, 0), uzy = U(2, 1), uzz = U(2, 2);

    auto normalise_rows = [&](double& mx, double& my, double& mz) {
        mx = std::sqrt(uxx * uxx + uxy * uxy + uxz * uxz);
        my = std::sqrt(uyx * uyx + uyy * uyy + uyz * uyz);
        mz = std::sqrt(uzx * uzx + uzy * uzy + uzz * uzz);
        if (mx > 0) {
            uxx /= mx;
            uxy /= mx;
            uxz /= mx;
        }
        if (my > 0) {
            uyx /= my;
            uyy /= my;
            uyz /= my;
        }
        if (mz > 0) {
            uzx /= mz;
            uzy /= mz;
            uzz /= mz;
        }
    };
    double mx, my, mz;
    normalise_rows(mx, my, mz);
    if (mx >= 0 && my <= 0 && mz <= 0) {
        uyx = 0, uyy = 1, uyz = 0;
        uzx = 0, uzy = 0, uzz = 1;
    }
    if (mx <= 0 && my >= 0 && mz <= 0) {
        uxx = 1, uxy = 0, uxz = 0;
        uzx = 0, uzy = 0, uzz = 1;
    }
    if (mx <= 0 && my <= 0 && mz >= 0) {
        uxx = 1, uxy = 0, uxz = 0;
        uyx = 0, uyy = 1, uyz = 0;
    }
    // Substitute empty rows by the cross product of the other two (done twice, as in C).
    for (int pass = 0; pass < 2; ++pass) {
        auto unit = [](double& x, double& y, double& z) {
            const double m = std::sqrt(x * x + y * y + z * z);
            if (m > 0) {
                x /= m;
                y /= m;
                z /= m;
            }
        };
        double xcy_x = uxy * uyz - uxz * uyy, xcy_y = uxz * uyx - uxx * uyz,
               xcy_z = uxx * uyy - uxy * uyx;
        unit(xcy_x, xcy_y, xcy_z);
        double ycz_x = uyy * uzz - uyz * uzy, ycz_y = uyz * uzx - uyx * uzz,
               ycz_z = uyx * uzy - uyy * uzx;
        unit(ycz_x, ycz_y, ycz_z);
        double zcx_x = uzy * uxz - uzz * uxy, zcx_y = uzz * uxx - uzx * uxz,
               zcx_z = uzx * uxy - uzy * uxx;
        unit(zcx_x, zcx_y, zcx_z);
        if (mx <= 0) {
            uxx = ycz_x, uxy = ycz_y, uxz = ycz_z;
        }
        if (my <= 0) {
            uyx = zcx_x, uyy = zcx_y, uyz = zcx_z;
        }
        if (mz <= 0) {
            uzx = xcy_x, uzy = xcy_y, uzz = xcy_z;
        }
    }
    normalise_rows(mx, my, mz);
    if (uzx * uzx < 1.0)
        return {std::atan2(uzy, uzz), std::atan2(-uzx, std::sqrt(uzy * uzy + uzz * uzz)),
                std::atan2(uyx, uxx)};
    return {std::atan2(1, 1) * 4, std::atan2(1, 1) * 2, std::atan2(uxy, -uyy)};
}

} // namespace nbsim
