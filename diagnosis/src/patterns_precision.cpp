// Differences at the float32 level (patterns.h): a side computing in single precision differs
// from a double-precision one by a few float32 roundings on every key, whatever the key; a logic
// error differs on the keys downstream of it and by more.
#include "nbdiag/patterns.h"

#include "number_format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace nbdiag {

std::vector<PatternFinding> find_float32_level(const nbtrace::DiffResult& diff) {
    std::map<std::string, double> worst; // key -> largest relative difference
    std::map<std::string, nbtrace::Stage> stage_of;
    std::vector<std::string> order;
    for (const nbtrace::DiffRow& row : diff.rows) {
        if (!row.a || !row.b)
            continue;
        for (std::size_t c = 0; c < row.components.size(); ++c) {
            const double a = row.a->values[c], b = row.b->values[c];
            if (a == 0 || b == 0 || a == b || !std::isfinite(a) || !std::isfinite(b))
                continue;
            if (!worst.count(row.key)) {
                order.push_back(row.key);
                stage_of[row.key] = row.stage;
            }
            worst[row.key] = std::max(worst[row.key], std::fabs(b - a) / std::fabs(a));
        }
    }
    std::vector<double> level;
    std::vector<std::string> keys, above;
    std::set<nbtrace::Stage> stages;
    for (const std::string& k : order) {
        const double r = worst[k];
        if (r >= kFloat32Low && r <= kFloat32High) {
            keys.push_back(k);
            level.push_back(r);
            stages.insert(stage_of[k]);
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
