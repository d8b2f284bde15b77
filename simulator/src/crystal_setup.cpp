#include "crystal_setup.h"

#include "nbsim/errors.h"

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace nbsim {

namespace {

constexpr double kRTD = 180.0 * M_1_PI;

double dot(const Vec3& x, const Vec3& y) {
    return x.x() * y.x() + x.y() * y.y() + x.z() * y.z();
}
double magnitude(const Vec3& v) {
    return std::sqrt(dot(v, v));
}
Vec3 cross(const Vec3& x, const Vec3& y) {
    return {x.y() * y.z() - x.z() * y.y(), x.z() * y.x() - x.x() * y.z(),
            x.x() * y.y() - x.y() * y.x()};
}
Vec3 scaled(const Vec3& v, double s) {
    return {s * v.x(), s * v.y(), s * v.z()};
}
// nanoBragg's vector_rescale: give v the magnitude new_mag (a zero vector stays zero).
Vec3 rescaled(const Vec3& v, double new_mag) {
    double old = magnitude(v);
    if (old <= 0.0)
        old = 1.0;
    return {new_mag / old * v.x(), new_mag / old * v.y(), new_mag / old * v.z()};
}

// The first nine numbers of a MOSFLM matrix file: rows x, y, z; columns a*, b*, c*.
void read_matrix_file(const std::string& path, Vec3& as, Vec3& bs, Vec3& cs) {
    std::ifstream in(path);
    if (!in)
        throw InputError(path + ": cannot open matrix file (" + std::strerror(errno) + ")");
    std::vector<double> v;
    std::string tok;
    while (v.size() < 9 && in >> tok) {
        const char* b = tok.c_str();
        char* e = nullptr;
        const double x = std::strtod(b, &e);
        if (e == b || *e != '\0' || !std::isfinite(x))
            throw InputError(path + ": malformed matrix file (not a number: '" + tok + "')");
        v.push_back(x);
    }
    if (v.size() < 9)
        throw InputError(path + ": malformed matrix file (found " + std::to_string(v.size()) +
                         " of the 9 numbers of an A matrix)");
    as = Vec3(v[0], v[3], v[6]);
    bs = Vec3(v[1], v[4], v[7]);
    cs = Vec3(v[2], v[5], v[8]);
}

} // namespace

Crystal build_crystal(const NanoBraggArgs& args, NrRandom& rng, std::ostream& log) {
    Crystal xtal;
    double a = args.cell_a_A, b = args.cell_b_A, c = args.cell_c_A;
    double alpha = args.cell_alpha_rad, beta = args.cell_beta_rad, gamma = args.cell_gamma_rad;
    Vec3 a_star = Vec3::Zero(), b_star = Vec3::Zero(), c_star = Vec3::Zero();
    double V_cell = 0, V_star = 0;

    if (args.user_cell) {
        if (b <= 0.0)
            b = a;
        if (c <= 0.0)
            c = a;
        if (alpha <= 0.0)
            alpha = M_PI / 2;
        if (beta <= 0.0)
            beta = M_PI / 2;
        if (gamma <= 0.0)
            gamma = M_PI / 2;
        // Volume from the angles.
        const double aavg = (alpha + beta + gamma) / 2;
        double skew = std::sin(aavg) * std::sin(aavg - alpha) * std::sin(aavg - beta) *
                      std::sin(aavg - gamma);
        if (skew < 0.0)
            skew = -skew;
        V_cell = 2.0 * a * b * c * std::sqrt(skew);
        if (V_cell <= 0.0) {
            log << "WARNING: impossible unit cell volume: " << V_cell << "\n";
            V_cell = DBL_MIN;
        }
        V_star = 1.0 / V_cell;
        double as_len = b * c * std::sin(alpha) * V_star;
        double bs_len = c * a * std::sin(beta) * V_star;
        double cs_len = a * b * std::sin(gamma) * V_star;
        if (as_len <= 0.0 || bs_len <= 0.0 || cs_len <= 0.0) {
            log << "WARNING: impossible reciprocal cell lengths\n";
            as_len = std::fabs(as_len);
            bs_len = std::fabs(bs_len);
            cs_len = std::fabs(cs_len);
            if (as_len <= 0.0)
                as_len = DBL_MIN;
            if (bs_len <= 0.0)
                bs_len = DBL_MIN;
            if (cs_len <= 0.0)
                cs_len = DBL_MIN;
        }
        double sin_gamma_star = c * V_star / as_len / bs_len;
        double cos_alpha_star = (std::cos(beta) * std::cos(gamma) - std::cos(alpha)) /
                                (std::sin(beta) * std::sin(gamma));
        double cos_beta_star = (std::cos(gamma) * std::cos(alpha) - std::cos(beta)) /
                               (std::sin(gamma) * std::sin(alpha));
        double cos_gamma_star = (std::cos(alpha) * std::cos(beta) - std::cos(gamma)) /
                                (std::sin(alpha) * std::sin(beta));
        if (sin_gamma_star > 1.0)
            sin_gamma_star = 1.0;
        if (sin_gamma_star < -1.0)
            sin_gamma_star = -1.0;
        if (cos_alpha_star * cos_alpha_star > 1.0)
            cos_alpha_star = 1.0;
        if (cos_beta_star * cos_beta_star > 1.0)
            cos_beta_star = 1.0;
        if (cos_gamma_star * cos_gamma_star > 1.0)
            cos_gamma_star = 1.0;
        // Default orientation: a* along x, b* in the xy plane. The z component of c* uses
        // V/(a b c sin gamma*) verbatim (nanobragg_model.md 2.2: lengths exact, angles drift).
        a_star = Vec3(as_len, 0.0, 0.0);
        b_star = Vec3(bs_len * cos_gamma_star, bs_len * sin_gamma_star, 0.0);
        c_star = Vec3(cs_len * cos_beta_star,
                      cs_len * (cos_alpha_star - cos_beta_star * cos_gamma_star) / sin_gamma_star,
                      cs_len * V_cell / (a * b * c * sin_gamma_star));
    }

    if (!args.mat_file.empty()) {
        read_matrix_file(args.mat_file, a_star, b_star, c_star);
        // The A matrix carries the wavelength: scale to 1/A.
        const double s = 1e-10 / args.lambda0_m;
        a_star = scaled(a_star, s);
        b_star = scaled(b_star, s);
        c_star = scaled(c_star, s);
    }

    Vec3 misset = Vec3::Zero();
    bool apply_misset = false;
    if (args.misset == MissetKind::random) {
        long seed = args.misset_seed;
        const Mat3 U = mosaic_rotation_umat(90.0f, rng, seed); // 90 "radians": C-IMPL-BUG-002
        misset = umat_to_misset(U);
        char buf[160];
        std::snprintf(buf, sizeof buf, "random orientation misset angles: %f %f %f deg\n",
                      misset.x() * kRTD, misset.y() * kRTD, misset.z() * kRTD);
        log << buf;
        apply_misset = true;
    } else if (args.misset == MissetKind::angles) {
        misset = args.misset_rad;
        apply_misset = true;
    }
    if (apply_misset) {
        a_star = rotate_xyz(a_star, misset.x(), misset.y(), misset.z());
        b_star = rotate_xyz(b_star, misset.x(), misset.y(), misset.z());
        c_star = rotate_xyz(c_star, misset.x(), misset.y(), misset.z());
        xtal.misset_rad = misset;
    }

    Vec3 as_x_bs = cross(a_star, b_star);
    Vec3 bs_x_cs = cross(b_star, c_star);
    Vec3 cs_x_as = cross(c_star, a_star);
    V_star = dot(a_star, bs_x_cs);
    if (args.user_cell) {
        // Force the requested lengths: |b* x c*| = a / V etc.
        bs_x_cs = rescaled(bs_x_cs, a / V_cell);
        cs_x_as = rescaled(cs_x_as, b / V_cell);
        as_x_bs = rescaled(as_x_bs, c / V_cell);
        V_star = 1.0 / V_cell;
    }
    V_cell = 1.0 / V_star;
    const Vec3 va = scaled(bs_x_cs, V_cell);
    const Vec3 vb = scaled(cs_x_as, V_cell);
    const Vec3 vc = scaled(as_x_bs, V_cell);
    // Regenerate the reciprocal vectors from the real ones (V* is not recomputed).
    xtal.reciprocal_a_per_A = scaled(cross(vb, vc), V_star);
    xtal.reciprocal_b_per_A = scaled(cross(vc, va), V_star);
    xtal.reciprocal_c_per_A = scaled(cross(va, vb), V_star);
    xtal.volume_A3 = V_cell;
    xtal.real_space_a_m = scaled(va, 1e-10);
    xtal.real_space_b_m = scaled(vb, 1e-10);
    xtal.real_space_c_m = scaled(vc, 1e-10);

    char buf[200];
    std::snprintf(buf, sizeof buf, "Unit Cell: %g %g %g\nvolume = %g A^3\n", magnitude(va),
                  magnitude(vb), magnitude(vc), V_cell);
    log << buf;

    // Crystal size in unit cells.
    double Na = args.Na, Nb = args.Nb, Nc = args.Nc;
    if (args.sample_x_m > 0)
        Na = std::ceil(args.sample_x_m / magnitude(xtal.real_space_a_m));
    if (args.sample_y_m > 0)
        Nb = std::ceil(args.sample_y_m / magnitude(xtal.real_space_b_m));
    if (args.sample_z_m > 0)
        Nc = std::ceil(args.sample_z_m / magnitude(xtal.real_space_c_m));
    xtal.Na = Na <= 1.0 ? 1.0 : Na;
    xtal.Nb = Nb <= 1.0 ? 1.0 : Nb;
    xtal.Nc = Nc <= 1.0 ? 1.0 : Nc;
    xtal.shape = args.shape;
    xtal.fudge = args.fudge;
    return xtal;
}

} // namespace nbsim
