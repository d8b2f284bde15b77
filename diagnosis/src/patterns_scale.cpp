// One factor shared by several keys, and ratios that are a power of ten (patterns.h). A unit or
// a normalisation (steps, fluence, r_e^2) multiplies everything downstream of where it enters by
// the same number; a logic error in between changes each key differently.
#include "nbdiag/patterns.h"

#include "intensity_chain.h"
#include "number_format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace nbdiag {

namespace {

struct Ratio {
    std::size_t row = 0; // pipeline order
    std::string key;
    double r = 0;
};

constexpr double kLargestCount = 1e7; // steps, N, pixels: larger "integers" are chance

// What an exact factor may be: a power of ten, a count or its reciprocal.
std::string name_factor(double r) {
    const double l = std::log10(std::fabs(r));
    if (std::fabs(l - std::round(l)) < 1e-3 && std::round(l) != 0)
        return " = " + std::string(r < 0 ? "-" : "") + "10^" +
               std::to_string(static_cast<int>(std::round(l)));
    const double m = std::fabs(r) >= 1 ? std::fabs(r) : 1 / std::fabs(r);
    if (m >= 2 && m <= kLargestCount && std::fabs(m - std::round(m)) <= 1e-9 * m)
        return std::string(" = ") + (r < 0 ? "-" : "") + (std::fabs(r) >= 1 ? "" : "1/") +
               std::to_string(static_cast<long long>(std::round(m))) + " (a count: steps, N, ...)";
    return "";
}

// b/a as read: "1 + 2.46e-03" near 1, where three digits would say "1"
std::string factor_text(double r) {
    return std::fabs(r - 1) < 1e-2
               ? "1 " + std::string(r < 1 ? "- " : "+ ") + sig3(std::fabs(r - 1))
               : sig3(r);
}

PatternFinding scale_finding(const std::vector<Ratio>& members) {
    PatternFinding f;
    f.kind = PatternKind::shared_scale_factor;
    std::vector<Ratio> by_row = members;
    std::sort(by_row.begin(), by_row.end(),
              [](const Ratio& x, const Ratio& y) { return x.row < y.row; });
    for (const Ratio& m : by_row)
        if (std::find(f.keys.begin(), f.keys.end(), m.key) == f.keys.end())
            f.keys.push_back(m.key);
    const double median = members[members.size() / 2].r;
    f.factor = median;
    f.evidence = "b/a = " + factor_text(median) + name_factor(median) + " (" +
                 factor_text(members.front().r) + " ... " + factor_text(members.back().r) +
                 ") on " + std::to_string(f.keys.size()) + " keys, first at " + f.keys.front();
    return f;
}

// A factor that enters at the sum (I_contribution, I_before_scaling) and is seen only down the
// intensity chain is that one difference carried down, not a normalisation; one that enters at
// the scaling (I_pixel_final with I_before_scaling agreeing, or with polar, fluence, steps ...) is.
bool carried_down(const std::vector<std::string>& keys) {
    return is_intensity_sum(keys.front()) &&
           std::all_of(keys.begin(), keys.end(), in_intensity_chain);
}

// How closely keys (or a vector's components) must share a factor r to share it: a factor near 1
// (a 1e-3 polarization slip) more closely than 1e-10.
double match_width(double r) {
    return std::max(1e-12, std::min(std::log1p(kScaleSpread),
                                    std::fabs(std::log(std::fabs(r))) / kScaleSharpness));
}

// A vector that is not b = r a, with r its least-squares factor (a.b)/(a.a), was turned or moved,
// not scaled: a unit or a normalisation multiplies every component alike. Judged on the whole
// vector, so a small component's larger relative error does not count; the residual |b - r a|
// must be within the width a factor r is matched to (a swapped pixel's position leaves 4 %).
bool turned(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() < 2 || a.size() != b.size())
        return false;
    double ab = 0, aa = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ab += a[i] * b[i];
        aa += a[i] * a[i];
    }
    if (aa == 0 || ab == 0 || !std::isfinite(ab))
        return true;
    const double r = ab / aa;
    double res = 0, norm = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        res += (b[i] - r * a[i]) * (b[i] - r * a[i]);
        norm += r * a[i] * r * a[i];
    }
    return std::sqrt(res / norm) > match_width(r);
}

// A factor within kScaleSpread of 1 with no exact name (a power of ten, a count) is named only
// where it enters: no row before its first key fails unless a factor already named covers it.
// Downstream of a moved pixel or a rotated crystal, values that all follow one direction
// (obliquity, polarization, cos 2theta) move by nearly one factor: a consequence, not a
// normalisation.
bool downstream_of_other_difference(const PatternFinding& f, std::size_t first,
                                    const std::vector<std::pair<std::size_t, std::string>>& failing,
                                    const std::set<std::string>& explained) {
    for (const auto& [row, key] : failing) {
        if (row >= first)
            break;
        if (!explained.count(key) && std::find(f.keys.begin(), f.keys.end(), key) == f.keys.end())
            return true;
    }
    return false;
}

} // namespace

std::vector<PatternFinding> find_shared_scale_factors(const nbtrace::DiffResult& diff) {
    // each key's median ratio over its failing components (a component near zero gives a noisy
    // ratio; the median is the key's factor)
    std::map<std::string, std::vector<double>> by_key;
    std::map<std::string, std::size_t> first_row;
    std::vector<std::pair<std::size_t, std::string>> failing; // every failing row, in order
    for (std::size_t i = 0; i < diff.rows.size(); ++i) {
        const nbtrace::DiffRow& row = diff.rows[i];
        if (!row.a || !row.b)
            continue;
        std::vector<double> rs;
        bool fails = false;
        for (std::size_t c = 0; c < row.components.size(); ++c) {
            const double a = row.a->values[c], b = row.b->values[c];
            fails = fails || !row.components[c].close;
            if (row.components[c].close || a == 0 || b == 0 || !std::isfinite(a) ||
                !std::isfinite(b))
                continue;
            rs.push_back(b / a);
        }
        if (fails)
            failing.emplace_back(i, row.key);
        if (rs.empty() || turned(row.a->values, row.b->values))
            continue;
        by_key[row.key].insert(by_key[row.key].end(), rs.begin(), rs.end());
        first_row.try_emplace(row.key, i);
    }
    std::vector<Ratio> ratios;
    for (auto& [key, rs] : by_key) {
        std::sort(rs.begin(), rs.end());
        const double r = rs[rs.size() / 2];
        if (r > 0 && std::fabs(std::log(r)) <= kScaleFloor)
            continue; // precision, not a factor
        ratios.push_back({first_row[key], key, r});
    }
    // cluster by sign and log|r|: sorted neighbours within the width of patterns.h join
    std::sort(ratios.begin(), ratios.end(), [](const Ratio& x, const Ratio& y) {
        return (x.r < 0) != (y.r < 0) ? x.r < 0 : std::fabs(x.r) < std::fabs(y.r);
    });
    struct Candidate {
        PatternFinding finding;
        std::size_t first = 0; // pipeline row of its first key
        double factor = 1;
    };
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < ratios.size();) {
        const double width = match_width(ratios[i].r);
        std::size_t j = i + 1;
        while (j < ratios.size() && (ratios[j].r < 0) == (ratios[i].r < 0) &&
               std::log(ratios[j].r / ratios[j - 1].r) <= width)
            ++j;
        std::vector<Ratio> members(ratios.begin() + static_cast<std::ptrdiff_t>(i),
                                   ratios.begin() + static_cast<std::ptrdiff_t>(j));
        PatternFinding f = scale_finding(members);
        if (static_cast<int>(f.keys.size()) >= kScaleMinKeys && !carried_down(f.keys)) {
            std::size_t first = diff.rows.size();
            for (const Ratio& m : members)
                first = std::min(first, m.row);
            candidates.push_back({std::move(f), first, members[members.size() / 2].r});
        }
        i = j;
    }
    // where each enters, in pipeline order; what a named factor or a unit slip covers is explained
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& x, const Candidate& y) { return x.first < y.first; });
    std::set<std::string> explained;
    for (const nbtrace::DiffRow& row : diff.rows)
        if (row.unit_slip_power)
            explained.insert(row.key);
    std::vector<PatternFinding> out;
    for (Candidate& c : candidates) {
        const bool near_one =
            std::fabs(c.factor - 1) < kScaleSpread && name_factor(c.factor).empty();
        if (near_one && downstream_of_other_difference(c.finding, c.first, failing, explained))
            continue;
        explained.insert(c.finding.keys.begin(), c.finding.keys.end());
        out.push_back(std::move(c.finding));
    }
    return out;
}

std::vector<PatternFinding> find_powers_of_ten(const nbtrace::DiffResult& diff) {
    // the diff engine's "unit mismatch suspected" flag, grouped by the power
    std::map<int, PatternFinding> by_power;
    for (const nbtrace::DiffRow& row : diff.rows) {
        if (!row.unit_slip_power)
            continue;
        PatternFinding& f = by_power[*row.unit_slip_power];
        f.kind = PatternKind::power_of_ten;
        if (std::find(f.keys.begin(), f.keys.end(), row.key) == f.keys.end())
            f.keys.push_back(row.key);
    }
    std::vector<PatternFinding> out;
    for (auto& [power, f] : by_power) {
        f.evidence = "b = a x 10^" + std::to_string(power) + " on " +
                     std::to_string(f.keys.size()) + " keys (unit mismatch suspected), first at " +
                     f.keys.front();
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace nbdiag
