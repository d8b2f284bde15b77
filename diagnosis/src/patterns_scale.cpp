// One factor shared by several keys, and ratios that are a power of ten (patterns.h). A unit or
// a normalisation (steps, fluence, r_e^2) multiplies everything downstream of where it enters by
// the same number; a logic error in between changes each key differently.
#include "nbdiag/patterns.h"

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
    f.evidence = "b/a = " + factor_text(median) + name_factor(median) + " (" +
                 factor_text(members.front().r) + " ... " + factor_text(members.back().r) +
                 ") on " + std::to_string(f.keys.size()) + " keys, first at " + f.keys.front();
    return f;
}

// The intensity chain: each is the one before it times factors, so a difference of the summed
// term is the same factor on all that follow. A factor that enters at the sum (I_contribution,
// I_before_scaling) and is seen only down the chain is that one difference carried down, not a
// normalisation; one that enters at the scaling (I_pixel_final with I_before_scaling agreeing,
// or with polar, fluence, steps ...) is.
bool carried_down(const std::vector<std::string>& keys) {
    static const std::set<std::string> chain = {"I_contribution", "I_before_scaling",
                                                "I_before_scaling_post_polar", "I_pixel_final",
                                                "image_value"};
    static const std::set<std::string> sums = {"I_contribution", "I_before_scaling"};
    if (!sums.count(keys.front()))
        return false;
    return std::all_of(keys.begin(), keys.end(),
                       [](const std::string& k) { return chain.count(k) > 0; });
}

} // namespace

std::vector<PatternFinding> find_shared_scale_factors(const nbtrace::DiffResult& diff) {
    // each key's median ratio over its failing components (a component near zero gives a noisy
    // ratio; the median is the key's factor)
    std::map<std::string, std::vector<double>> by_key;
    std::map<std::string, std::size_t> first_row;
    for (std::size_t i = 0; i < diff.rows.size(); ++i) {
        const nbtrace::DiffRow& row = diff.rows[i];
        if (!row.a || !row.b)
            continue;
        for (std::size_t c = 0; c < row.components.size(); ++c) {
            const double a = row.a->values[c], b = row.b->values[c];
            if (row.components[c].close || a == 0 || b == 0 || !std::isfinite(a) ||
                !std::isfinite(b))
                continue;
            by_key[row.key].push_back(b / a);
            first_row.try_emplace(row.key, i);
        }
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
    std::vector<PatternFinding> out;
    for (std::size_t i = 0; i < ratios.size();) {
        // a factor near 1 (a 1e-3 polarization slip) must be matched more closely than 1e-10
        const double width = std::max(
            1e-12, std::min(std::log1p(kScaleSpread),
                            std::fabs(std::log(std::fabs(ratios[i].r))) / kScaleSharpness));
        std::size_t j = i + 1;
        while (j < ratios.size() && (ratios[j].r < 0) == (ratios[i].r < 0) &&
               std::log(ratios[j].r / ratios[j - 1].r) <= width)
            ++j;
        std::vector<Ratio> members(ratios.begin() + static_cast<std::ptrdiff_t>(i),
                                   ratios.begin() + static_cast<std::ptrdiff_t>(j));
        PatternFinding f = scale_finding(members);
        if (static_cast<int>(f.keys.size()) >= kScaleMinKeys && !carried_down(f.keys))
            out.push_back(std::move(f));
        i = j;
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
