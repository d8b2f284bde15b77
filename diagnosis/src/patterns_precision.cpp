// Differences at the float32 level (patterns.h): a side computing in single precision differs
// from a double-precision one by a few float32 roundings on every key, whatever the key; a logic
// error differs on the keys downstream of it and by more. A sum accumulated in single precision
// differs only where the sum is formed, and down the intensity chain.
#include "nbdiag/patterns.h"

#include "intensity_chain.h"
#include "number_format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace nbdiag {

namespace {

// Every key both sides printed, with its largest relative difference (0 when identical).
struct Compared {
    std::map<std::string, double> worst;
    std::map<std::string, nbtrace::Stage> stage_of;
    std::vector<std::string> order;  // pipeline order, every compared key
    std::vector<std::string> differ; // pipeline order, keys with some a != b
};

Compared compare_keys(const nbtrace::DiffResult& diff) {
    Compared m;
    for (const nbtrace::DiffRow& row : diff.rows) {
        if (!row.a || !row.b)
            continue;
        if (m.worst.try_emplace(row.key, 0.0).second) {
            m.order.push_back(row.key);
            m.stage_of[row.key] = row.stage;
        }
        for (std::size_t c = 0; c < row.components.size(); ++c) {
            const double a = row.a->values[c], b = row.b->values[c];
            if (a == 0 || b == 0 || a == b || !std::isfinite(a) || !std::isfinite(b))
                continue;
            m.worst[row.key] = std::max(m.worst[row.key], std::fabs(b - a) / std::fabs(a));
        }
    }
    for (const std::string& k : m.order)
        if (m.worst[k] > 0)
            m.differ.push_back(k);
    return m;
}

// Only the summed intensity (and what the chain carries down from it) differs, by a float32
// rounding, while every printed value before the sum (the terms, F_cell, F_latt, ...) agrees far
// better: the sum was accumulated in single precision. Too few keys for the spread
// test below, but nothing else makes a double-precision sum of identical terms move by 1e-9.
std::optional<PatternFinding> single_precision_sum(const Compared& m) {
    const bool terms_compared = std::any_of(m.order.begin(), m.order.end(), [](const auto& k) {
        return k == "I_contribution" || k == "F_latt" || k == "F_cell";
    });
    if (!terms_compared || !m.worst.count("I_before_scaling"))
        return std::nullopt;
    const double sum = m.worst.at("I_before_scaling");
    if (sum < kSumFloat32Low || sum > kFloat32High)
        return std::nullopt;
    std::vector<std::string> keys;
    double others = 0; // largest difference of a value outside the chain
    int n_others = 0;
    for (const std::string& k : m.order) {
        const double r = m.worst.at(k);
        if (in_intensity_chain(k) && k != "I_contribution") {
            if (r > kFloat32High)
                return std::nullopt;
            if (r > 0)
                keys.push_back(k);
        } else if (r * kSumDominance > sum) {
            return std::nullopt;
        } else {
            others = std::max(others, r);
            ++n_others;
        }
    }
    PatternFinding f;
    f.kind = PatternKind::float32_level;
    f.keys = keys;
    for (const std::string& k : keys)
        f.evidence += (f.evidence.empty() ? "" : ", ") + k + " " + sig3(m.worst.at(k));
    f.evidence = "only the summed intensity differs (|b-a|/|a|: " + f.evidence + "), while the " +
                 std::to_string(n_others) +
                 " other keys (the terms, their factors, the scaling) agree to " + sig3(others) +
                 ": the sum is accumulated in single precision";
    return f;
}

} // namespace

std::vector<PatternFinding> find_float32_level(const nbtrace::DiffResult& diff) {
    const Compared m = compare_keys(diff);
    if (std::optional<PatternFinding> sum = single_precision_sum(m))
        return {*sum};
    const std::map<std::string, double>& worst = m.worst;
    const std::map<std::string, nbtrace::Stage>& stage_of = m.stage_of;
    const std::vector<std::string>& order = m.differ;
    std::vector<double> level;
    std::vector<std::string> keys, above;
    std::set<nbtrace::Stage> stages;
    for (const std::string& k : order) {
        const double r = worst.at(k);
        if (r >= kFloat32Low && r <= kFloat32High) {
            keys.push_back(k);
            level.push_back(r);
            stages.insert(stage_of.at(k));
        } else if (r > kFloat32High) {
            above.push_back(k);
        }
    }
    if (static_cast<int>(keys.size()) < kFloat32MinKeys || stages.size() < 2 ||
        2 * keys.size() < order.size())
        return {};
    std::sort(level.begin(), level.end());
    PatternFinding f;
    f.kind = PatternKind::float32_level;
    f.keys = keys;
    f.evidence = std::to_string(keys.size()) + " of " + std::to_string(order.size()) +
                 " differing keys at |b-a|/|a| " + sig3(level.front()) + " ... " +
                 sig3(level.back()) + " (median " + sig3(level[level.size() / 2]) + ") over " +
                 std::to_string(stages.size()) + " stages";
    if (!above.empty()) {
        f.evidence += "; larger on";
        for (const std::string& k : above)
            f.evidence += " " + k;
    }
    return {f};
}

} // namespace nbdiag
