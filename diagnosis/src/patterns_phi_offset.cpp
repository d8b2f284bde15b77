// Constant offset of a per-phi quantity across phi steps (patterns.h). A displaced pixel, beam
// or spindle axis moves the scattering vector or the crystal by the same amount at every step,
// so b - a stays put while the values rotate; a precision effect or a unit factor scales with
// the value instead.
#include "nbdiag/patterns.h"

#include "number_format.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace nbdiag {

namespace {

struct Step {
    double a = 0, b = 0;
    bool fails = false;
};

struct Fit {
    bool constant = false;
    double d_min = 0, d_max = 0, offset_spread = 0, ratio_spread = 0, a_range = 0;
    int first_step = 0, last_step = 0, steps = 0;
};

// Relative spread (max - min)/|mean| of v; +inf when the mean is 0.
double spread_of(const std::vector<double>& v) {
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    double mean = 0;
    for (double x : v)
        mean += x / static_cast<double>(v.size());
    return mean == 0 ? INFINITY : (*hi - *lo) / std::fabs(mean);
}

Fit fit(const std::map<int, Step>& series, int from_step) {
    Fit f;
    std::vector<double> d, q, a;
    bool any_fail = false;
    for (const auto& [phi, s] : series) {
        if (phi < from_step)
            continue;
        if (s.a == 0 || !std::isfinite(s.a) || !std::isfinite(s.b))
            return f;
        a.push_back(s.a);
        d.push_back(s.b - s.a);
        q.push_back(s.b / s.a - 1);
        any_fail = any_fail || s.fails;
        if (f.steps++ == 0)
            f.first_step = phi;
        f.last_step = phi;
    }
    if (f.steps < kOffsetMinSteps || !any_fail)
        return f;
    f.d_min = *std::min_element(d.begin(), d.end());
    f.d_max = *std::max_element(d.begin(), d.end());
    f.offset_spread = spread_of(d);
    f.ratio_spread = spread_of(q);
    f.a_range = *std::max_element(a.begin(), a.end()) - *std::min_element(a.begin(), a.end());
    // both sides move with phi and keep their distance: a side stuck at one value (b constant,
    // a varying) also gives a constant b - a when a is small, and is no geometry signature
    f.constant = f.offset_spread <= kOffsetConstancy && f.ratio_spread > 0 &&
                 f.ratio_spread >= kOffsetBeatsRatio * f.offset_spread &&
                 f.a_range > kOffsetTracking * (f.d_max - f.d_min);
    return f;
}

} // namespace

std::vector<PatternFinding> find_phi_constant_offsets(const nbtrace::DiffResult& diff) {
    // (key, component, indices without phi) -> phi -> step; key order kept by first appearance
    std::map<std::string, std::map<int, Step>> groups;
    std::vector<std::pair<std::string, std::string>> order; // group name, key
    for (const nbtrace::DiffRow& row : diff.rows) {
        if (!row.a || !row.b || !row.idx.phi || row.components.empty())
            continue;
        nbtrace::Indices rest = row.idx;
        rest.phi.reset();
        for (std::size_t c = 0; c < row.components.size(); ++c) {
            const std::string name =
                row.key +
                (row.components.size() > 1 ? "[" + std::to_string(c) + "]" : std::string()) +
                " at " + rest.to_string();
            auto [it, fresh] = groups.try_emplace(name);
            if (fresh)
                order.emplace_back(name, row.key);
            it->second[*row.idx.phi] = {row.a->values[c], row.b->values[c],
                                        !row.components[c].close};
        }
    }
    PatternFinding finding;
    finding.kind = PatternKind::phi_constant_offset;
    std::vector<std::string> evidence;
    for (const auto& [name, key] : order) {
        const std::map<int, Step>& series = groups[name];
        Fit f = fit(series, series.begin()->first);
        // C-PARITY-001 replaces the zero step only: the offset may hold on the others
        if (!f.constant && series.size() > kOffsetMinSteps)
            f = fit(series, std::next(series.begin())->first);
        if (!f.constant)
            continue;
        if (std::find(finding.keys.begin(), finding.keys.end(), key) == finding.keys.end()) {
            finding.keys.push_back(key);
            evidence.push_back(name + ": b - a = " + sig3(f.d_min) + " ... " + sig3(f.d_max) +
                               " on phi steps " + std::to_string(f.first_step) + "..." +
                               std::to_string(f.last_step) + " (constant to " +
                               percent(f.offset_spread) + "; b/a - 1 varies " +
                               percent(f.ratio_spread) + ")");
        }
    }
    if (finding.keys.empty())
        return {};
    for (const std::string& e : evidence)
        finding.evidence += (finding.evidence.empty() ? "" : "; ") + e;
    return {finding};
}

} // namespace nbdiag
