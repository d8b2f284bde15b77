#include "crystal_setup.h"

#include "nbsim/errors.h"
#include "nbsim/limits.h"
#include "nbsim/text_input.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>

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

// The first nine numbers of a MOSFLM matrix file: rows x, y, z; columns a*, b*, c*. What follows
// (MOSFLM's U matrix, the cell) is not read.
void read_matrix_file(const std::string& path, Vec3& as, Vec3& bs, Vec3& cs) {
    LineReader in = LineReader::open(path, "orientation matrix file");
    double v[9];
    int n = 0;
    std::string_view line;
    while (n < 9 && in.next(line)) {
        std::size_t p = 0;
        while (n < 9) {
            while (p < line.size() && std::isspace(static_cast<unsigned char>(line[p])))
                ++p;
            if (p == line.size())
                break;
            bool nonfinite = false;
            const std::size_t len = scan_number(line.substr(p), v[n], nonfinite);
            const std::string where = path + ":" + std::to_string(in.line_number());
            if (len == 0 ||
                (p + len < line.size() && !std::isspace(static_cast<unsigned char>(line[p + len]))))
                throw InputError(where + ": malformed orientation matrix (not a number; expected "
                                         "9 numbers, 3 per row)");
            if (nonfinite)
                throw InputError(where + ": orientation matrix has a non-finite number");
            ++n;
            p += len;
        }
    }
    if (n < 9)
        throw InputError(path + ": malformed orientation matrix (found " + std::to_string(n) +
                         " of the 9 numbers of an A matrix, 3 per row)");
    // degenerate physics (same rule and threshold as nanobragg_ref): det of the rows
    const double det = v[0] * (v[4] * v[8] - v[5] * v[7]) - v[1] * (v[3] * v[8] - v[5] * v[6]) +
                       v[2] * (v[3] * v[7] - v[4] * v[6]);
    const double na = std::sqrt(v[0] * v[0] + v[3] * v[3] + v[6] * v[6]);
    const double nb = std::sqrt(v[1] * v[1] + v[4] * v[4] + v[7] * v[7]);
    const double nc = std::sqrt(v[2] * v[2] + v[5] * v[5] + v[8] * v[8]);
    const double shape = std::fabs(det) / (na * nb * nc);
    if (std::all_of(std::begin(v), std::end(v), [](double x) { return x == 0.0; }))
        throw InputError(path + ": orientation matrix is all zeros");
    if (!(shape >= limits::kMinCellShape)) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      ": singular orientation matrix (a*, b*, c* nearly coplanar: |det| / (|a*| "
                      "|b*| |c*|) = %.3g, below %g)",
                      std::isnan(shape) ? 0.0 : shape, limits::kMinCellShape);
        throw InputError(path + buf);
    }
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
        // Volume from the angles; a flat or impossible cell is degenerate physics (the C
        // program warns and goes on with V = DBL_MIN or |skew|: a NaN or meaningless image).
        const double aavg = (alpha + beta + gamma) / 2;
        const double skew = std::sin(aavg) * std::sin(aavg - alpha) * std::sin(aavg - beta) *
                            std::sin(aavg - gamma);
        if (!(skew >= 0.0) || alpha >= M_PI || beta >= M_PI || gamma >= M_PI ||
            2.0 * std::sqrt(skew) < limits::kMinCellShape) {
            char buf[400];
            std::snprintf(buf, sizeof buf,
                          "-cell %g %g %g %g %g %g: the angles give no cell of positive volume "
                          "(V / abc = %.3g; a real cell needs each angle below 180 deg and below "
                          "the sum of the other two, and V / abc >= %g)",
                          a, b, c, alpha * kRTD, beta * kRTD, gamma * kRTD,
                          skew >= 0.0 ? 2.0 * std::sqrt(skew) : -2.0 * std::sqrt(-skew),
                          limits::kMinCellShape);
            throw InputError(buf);
        }
        V_cell = 2.0 * a * b * c * std::sqrt(skew);
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
