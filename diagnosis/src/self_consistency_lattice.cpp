// Miller indices and lattice factors recomputed from the side's own printed vectors, scattering
// vector, fractional indices and N (nanobragg_model.md 6.2, 6.4, 6.5).
#include "self_consistency_lookup.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <sstream>

namespace nbdiag::detail {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kAngstrom = 1e-10; // m

double norm3(const std::vector<double>& v) {
    return v.size() < 3 ? 0 : std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

std::string fmt(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

// The factor that turns the printed real-space vector of `axis` into Angstrom. a.a* = 1 makes
// |a|*|a*| >= 1 (and below ~10 for any cell a crystal has); a product of 1e-10 says the vector
// was printed in metres under its _angstroms name. Compared against the side's own a*/b*/c*
// (never rotated) or, without them, the unrotated a0/b0/c0 (a rotation keeps the length).
struct UnitsOfAxis {
    double to_angstrom = 1;
    bool known = false;
};

UnitsOfAxis units_of(const SideRecords& r, const nbtrace::Record& rot, const char* star,
                     const char* base, SelfConsistency& out, std::set<std::string>& reported) {
    UnitsOfAxis u;
    const double len = norm3(rot.values);
    double product = 0;
    std::string against;
    if (const nbtrace::Record* s = r.once(star); s && norm3(s->values) > 0) {
        product = len * norm3(s->values);
        against = std::string("|") + rot.key + "|*|" + star + "|";
    } else if (const nbtrace::Record* b = r.once(base); b && norm3(b->values) > 0) {
        product = len / norm3(b->values);
        against = std::string("|") + rot.key + "|/|" + base + "|";
    } else {
        return u; // nothing to judge the units by: taken as printed (Angstrom)
    }
    u.known = true;
    if (product <= 0 || !std::isfinite(product))
        return u;
    const double decade = std::round(std::log10(product));
    // |a||a*| >= 1: a product below 1e-3 can only be a unit slip
    if (decade <= -3) {
        u.to_angstrom = std::pow(10.0, -decade);
        if (reported.insert(rot.key).second) {
            std::ostringstream w;
            w << "units slip in the printout: " << against << " = " << fmt(product)
              << " (>= 1 for any cell): " << rot.key << " is printed in units of 10^" << -decade
              << " A, " << (decade == -10 ? "metres under an Angstrom name; " : "")
              << "normalised before the Miller-index check";
            out.findings.push_back({rot.key, w.str()});
        }
    }
    return u;
}

void check_miller(const SideRecords& r, const CheckOptions& o, SelfConsistency& out) {
    const char* rot_keys[3] = {"a_rot", "b_rot", "c_rot"};
    const char* star_keys[3] = {"a_star", "b_star", "c_star"};
    const char* base_keys[3] = {"a0", "b0", "c0"};
    std::set<std::string> reported;
    for (const nbtrace::Record* hkl : r.all("hkl_frac")) {
        const nbtrace::Record* s = r.at("scattering_vector", hkl->idx);
        std::array<const nbtrace::Record*, 3> v{};
        for (int i = 0; i < 3; ++i)
            v[i] = r.at(rot_keys[i], hkl->idx);
        if (!s || !v[0] || !v[1] || !v[2]) {
            out.results.push_back(
                not_applicable("miller_index", "hkl_frac", hkl->idx,
                               std::string("the side printed no ") +
                                   (!s ? "scattering vector" : "rotated real-space vectors") +
                                   " at this loop position"));
            continue;
        }
        for (int i = 0; i < 3; ++i) {
            const UnitsOfAxis u = units_of(r, *v[i], star_keys[i], base_keys[i], out, reported);
            // h = a.S with a in m and S in 1/m (model 6.2)
            double h = 0, magnitude = 0, literal = 0;
            for (int c = 0; c < 3; ++c) {
                const double a_m = v[i]->values[c] * u.to_angstrom * kAngstrom;
                h += a_m * s->values[c];
                magnitude += std::fabs(a_m * s->values[c]);
                literal += v[i]->values[c] * kAngstrom * s->values[c];
            }
            const double printed = hkl->values[i];
            CheckResult c = judged("miller_index", "hkl_frac", hkl->idx, h, printed,
                                   8 * o.print_epsilon * magnitude,
                                   "8 eps * sum|a_i S_i|: each printed component rounded at eps (" +
                                       o.precision_why + ")");
            c.note = std::string("component ") + "hkl"[i] + (c.note.empty() ? "" : "; " + c.note);
            if (c.verdict == CheckVerdict::fail && u.to_angstrom != 1 &&
                std::fabs(literal - printed) <=
                    8 * o.print_epsilon * magnitude / u.to_angstrom + 1e-300)
                c.note += ": the printed value equals " + std::string(rot_keys[i]) +
                          " taken in its mis-scaled units (" + fmt(literal) +
                          "): the print re-derives it from the mis-scaled vector";
            out.results.push_back(std::move(c));
        }
    }
    // the per-phi k_frac lines against the main block's hkl_frac at the same position
    for (const nbtrace::Record* k : r.all("k_frac")) {
        const nbtrace::Record* hkl = r.at("hkl_frac", k->idx);
        if (!hkl)
            continue; // only the phi steps the main block did not print: nothing to hold it to
        out.results.push_back(
            judged("k_frac", "k_frac", k->idx, hkl->values[1], k->values[0],
                   2 * o.print_epsilon * std::fabs(hkl->values[1]),
                   "the same double printed twice: 2 eps relative (" + o.precision_why + ")"));
    }
}

// The side's Na, Nb, Nc: its N_cells record, else its printout's "xtal:" line.
std::optional<std::array<double, 3>> cells_of(const SideRecords& r, const SideFacts& facts) {
    if (const nbtrace::Record* n = r.once("N_cells"); n && n->values.size() == 3)
        return std::array<double, 3>{n->values[0], n->values[1], n->values[2]};
    if (facts.n_cells && facts.n_cells->size() == 3)
        return std::array<double, 3>{double((*facts.n_cells)[0]), double((*facts.n_cells)[1]),
                                     double((*facts.n_cells)[2])};
    return std::nullopt;
}

// sincg's slope in h is at most pi*N^2/2 (a sum of N exponentials): a printed h off by eps*|h|
// moves F by at most that much, the argument pi*h*N is rounded once more.
double sincg_tolerance(double h, double n, double eps) {
    return 16 * eps * (kPi * n * n * (std::fabs(h) + 1) + n);
}
const char* kSincgWhy = "16 eps * (pi N^2 (|h|+1) + N): |d sincg/dh| <= pi N^2/2, h printed at eps";

void check_axes(const SideRecords& r, const std::array<double, 3>& n, const CheckOptions& o,
                SelfConsistency& out) {
    const char* axis_keys[3] = {"F_latt_a", "F_latt_b", "F_latt_c"};
    for (int i = 0; i < 3; ++i)
        for (const nbtrace::Record* f : r.all(axis_keys[i])) {
            double h = 0;
            if (const nbtrace::Record* hkl = r.at("hkl_frac", f->idx))
                h = hkl->values[i];
            else if (const nbtrace::Record* k = r.at("k_frac", f->idx); k && i == 1)
                h = k->values[0];
            else {
                out.results.push_back(not_applicable("f_latt_axis", axis_keys[i], f->idx,
                                                     "no fractional index printed here"));
                continue;
            }
            const double computed = n[i] > 1 ? sincg(kPi * h, n[i]) : 1.0;
            out.results.push_back(judged("f_latt_axis", axis_keys[i], f->idx, computed,
                                         f->values[0], sincg_tolerance(h, n[i], o.print_epsilon),
                                         kSincgWhy));
        }
}

// F_latt of the non-SQUARE shapes from h and its rounded index (model 6.5).
std::optional<double> shaped_f_latt(const SideRecords& r, int shape, const std::vector<double>& h,
                                    const std::array<double, 3>& n, double fudge,
                                    std::string& missing) {
    double d[3];
    for (int i = 0; i < 3; ++i)
        d[i] = h[i] - std::ceil(h[i] - 0.5);
    const double nnn = n[0] * n[1] * n[2];
    if (shape == 1) { // ROUND
        double hrad = 0;
        for (int i = 0; i < 3; ++i)
            hrad += d[i] * d[i] * n[i] * n[i];
        const double x = kPi * std::sqrt(hrad * fudge);
        const double sinc3 = x == 0 ? 1 : 3 * (std::sin(x) / x - std::cos(x)) / (x * x);
        return nnn * 0.723601254558268 * sinc3;
    }
    const nbtrace::Record* stars[3] = {r.once("a_star"), r.once("b_star"), r.once("c_star")};
    if (!stars[0] || !stars[1] || !stars[2]) {
        missing = "GAUSS/TOPHAT need a*, b*, c*, which the side did not print";
        return std::nullopt;
    }
    double rad = 0;
    for (int c = 0; c < 3; ++c) {
        double delta = 0;
        for (int i = 0; i < 3; ++i)
            delta += d[i] * stars[i]->values[c];
        rad += delta * delta;
    }
    rad *= nnn * nnn;
    if (shape == 2)
        return nnn * std::exp(-rad / 0.63 * fudge);
    return rad * fudge < 0.3969 ? nnn : 0.0;
}

void check_total(const SideRecords& r, std::optional<int> shape,
                 const std::optional<std::array<double, 3>>& n, const CheckOptions& o,
                 SelfConsistency& out) {
    const double fudge = r.scalar("fudge").value_or(1.0);
    for (const nbtrace::Record* f : r.all("F_latt")) {
        const nbtrace::Record* fa = r.at("F_latt_a", f->idx);
        const nbtrace::Record* fb = r.at("F_latt_b", f->idx);
        const nbtrace::Record* fc = r.at("F_latt_c", f->idx);
        if ((!shape || *shape == 0) && fa && fb && fc) {
            const double p = fa->values[0] * fb->values[0] * fc->values[0];
            CheckResult c = judged("f_latt", "F_latt", f->idx, p, f->values[0],
                                   4 * o.print_epsilon * std::fabs(p),
                                   "a product of three printed values: 4 eps relative");
            if (!shape)
                c.note = "shape not printed; per-axis factors printed, so SQUARE";
            out.results.push_back(std::move(c));
            continue;
        }
        const nbtrace::Record* hkl = r.at("hkl_frac", f->idx);
        if (!shape || !n || !hkl) {
            out.results.push_back(not_applicable(
                "f_latt", "F_latt", f->idx,
                !hkl ? "no hkl_frac printed at this loop position"
                     : (!shape ? "crystal shape not printed" : "N (Na Nb Nc) not printed")));
            continue;
        }
        if (*shape == 0) {
            double p = 1;
            double tol = 0;
            for (int i = 0; i < 3; ++i) {
                const double fi = (*n)[i] > 1 ? sincg(kPi * hkl->values[i], (*n)[i]) : 1.0;
                // |F_j| <= N_j: an error in one axis is scaled by at most the others' N
                tol += sincg_tolerance(hkl->values[i], (*n)[i], o.print_epsilon) *
                       std::max(1.0, (*n)[(i + 1) % 3]) * std::max(1.0, (*n)[(i + 2) % 3]);
                p *= fi;
            }
            out.results.push_back(judged("f_latt", "F_latt", f->idx, p, f->values[0], tol,
                                         "per-axis sincg bounds times the other axes' N"));
            continue;
        }
        std::string missing;
        const std::optional<double> v = shaped_f_latt(r, *shape, hkl->values, *n, fudge, missing);
        if (!v) {
            out.results.push_back(not_applicable("f_latt", "F_latt", f->idx, missing));
            continue;
        }
        const double nmax = std::max({(*n)[0], (*n)[1], (*n)[2]});
        const double hsum =
            std::fabs(hkl->values[0]) + std::fabs(hkl->values[1]) + std::fabs(hkl->values[2]);
        out.results.push_back(
            judged("f_latt", "F_latt", f->idx, *v, f->values[0],
                   64 * o.print_epsilon * (*n)[0] * (*n)[1] * (*n)[2] * (1 + nmax * nmax * hsum),
                   "64 eps NaNbNc (1 + N^2 sum|h|): the shape's slope in h times h's rounding"));
    }
}

} // namespace

void check_lattice(const SideRecords& r, const SideFacts& facts, const CheckOptions& o,
                   SelfConsistency& out) {
    check_miller(r, o, out);
    const std::optional<std::array<double, 3>> n = cells_of(r, facts);
    std::optional<int> shape = facts.xtal_shape;
    if (const std::optional<double> s = r.scalar("xtal_shape"))
        shape = static_cast<int>(*s);
    if (n && (!shape || *shape == 0))
        check_axes(r, *n, o, out);
    else
        for (const char* key : {"F_latt_a", "F_latt_b", "F_latt_c"})
            for (const nbtrace::Record* f : r.all(key))
                out.results.push_back(not_applicable("f_latt_axis", key, f->idx,
                                                     !n ? "N (Na Nb Nc) not printed by this side"
                                                        : "not a SQUARE crystal"));
    check_total(r, shape, n, o, out);
}

} // namespace nbdiag::detail
