// A large relative error next to a zero of sincg (patterns.h). F_latt_x = sin(N pi h)/sin(pi h)
// crosses zero where N h is an integer; there dF/dh ~ N pi / sin(pi h) while F ~ 0, so an index
// difference far below any tolerance becomes a large relative error in F_latt_x and, through
// I ~ F_latt^2, in the pixel. Whether that is all that happened is checked with each side's own
// numbers: sincg(h_b, N_b) - sincg(h_a, N_a) must reproduce the observed F_latt_b - F_latt_a.
#include "nbdiag/patterns.h"

#include "number_format.h"

#include <cmath>
#include <map>
#include <optional>

namespace nbdiag {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kMaxCells = 100000; // largest N searched when the trace does not print N_cells

double sincg(double h, int n) {
    const double s = std::sin(kPi * h);
    return s == 0 ? n : std::sin(n * kPi * h) / s;
}

// N from the side's own printed values: the N_cells record, else the N for which its sincg of
// its own h reproduces its own F_latt_x (to 1e-9 relative, the printed digits' worth).
std::optional<int> cells_of(const std::optional<double>& printed, double h, double f) {
    if (printed)
        return static_cast<int>(*printed);
    for (int n = 1; n <= kMaxCells; ++n)
        if (std::fabs(sincg(h, n) - f) <= 1e-9 * std::max(1.0, std::fabs(f)))
            return n;
    return std::nullopt;
}

using Site = std::pair<std::string, nbtrace::Indices>;

} // namespace

std::vector<PatternFinding> find_sincg_zeros(const nbtrace::DiffResult& diff) {
    std::map<Site, const nbtrace::DiffRow*> at;
    const nbtrace::DiffRow* cells = nullptr;
    const nbtrace::DiffRow* pixel = nullptr;
    for (const nbtrace::DiffRow& row : diff.rows) {
        at[{row.key, row.idx}] = &row;
        if (row.key == "N_cells")
            cells = &row;
        if (row.key == "I_pixel_final" && row.a && row.b)
            pixel = &row;
    }
    std::map<std::string, Site> worst_of;
    std::map<std::string, double> nearest;
    std::map<std::string, int> count_of;
    std::map<std::string, std::string> evidence_of;
    std::vector<std::string> order;
    static const char* const kAxes[] = {"F_latt_a", "F_latt_b", "F_latt_c"};
    for (const nbtrace::DiffRow& row : diff.rows) {
        int axis = -1;
        for (int i = 0; i < 3; ++i)
            if (row.key == kAxes[i])
                axis = i;
        if (axis < 0 || !row.a || !row.b || row.components.empty() || row.components[0].close ||
            row.components[0].rel_err <= kSincgLargeError)
            continue;
        // the fractional index at the same loop position, on both sides
        std::optional<double> ha, hb;
        if (auto it = at.find({"hkl_frac", row.idx});
            it != at.end() && it->second->a && it->second->b) {
            ha = it->second->a->values[static_cast<std::size_t>(axis)];
            hb = it->second->b->values[static_cast<std::size_t>(axis)];
        } else if (auto k = at.find({"k_frac", row.idx});
                   axis == 1 && k != at.end() && k->second->a && k->second->b) {
            ha = k->second->a->values[0];
            hb = k->second->b->values[0];
        }
        if (!ha)
            continue;
        const double fa = row.a->values[0], fb = row.b->values[0];
        const auto printed = [&](const std::optional<nbtrace::Record>& r) {
            return r ? std::optional<double>(r->values[static_cast<std::size_t>(axis)])
                     : std::nullopt;
        };
        const std::optional<int> na = cells_of(cells ? printed(cells->a) : std::nullopt, *ha, fa);
        const std::optional<int> nb = cells_of(cells ? printed(cells->b) : std::nullopt, *hb, fb);
        if (!na || !nb || std::fabs(fa) >= kSincgNearZero * *na ||
            std::fabs(*hb - *ha) >= kSincgSmallIndex / *na)
            continue;
        const double predicted = sincg(*hb, *nb) - sincg(*ha, *na);
        const double observed = fb - fa;
        if (std::fabs(predicted - observed) > kSincgAgreement * std::fabs(observed))
            continue;
        // one finding per key: its step nearest the zero, and how many steps were like it
        Site& worst = worst_of[row.key];
        ++count_of[row.key];
        if (worst.first.empty())
            order.push_back(row.key);
        else if (std::fabs(fa) / *na >= nearest[row.key])
            continue;
        nearest[row.key] = std::fabs(fa) / *na;
        worst.first = row.key;
        std::string& evidence = evidence_of[row.key];
        evidence = row.key + " at " + row.idx.to_string() + ": |F| = " + sig3(std::fabs(fa)) +
                   " with N = " + std::to_string(*na) + " (" + percent(std::fabs(fa) / *na) +
                   " of its peak); dh = " + sig3(*hb - *ha) + " gives dF = " + sig3(predicted) +
                   " (observed " + sig3(observed) +
                   "), dI/I = " + percent((fb / fa) * (fb / fa) - 1);
        if (pixel && pixel->a->values[0] != 0)
            evidence += " (I_pixel_final observed " +
                        percent(pixel->b->values[0] / pixel->a->values[0] - 1) + ")";
    }
    std::vector<PatternFinding> out;
    for (const std::string& key : order) {
        PatternFinding f;
        f.kind = PatternKind::sincg_zero;
        f.keys = {key};
        f.evidence = evidence_of[key];
        if (count_of[key] > 1)
            f.evidence += "; like it at " + std::to_string(count_of[key]) + " loop positions";
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace nbdiag
