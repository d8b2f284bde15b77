#include "nbtrace/diff.h"

#include "nbtrace/derive.h"
#include "nbtrace/registry.h"

#include <algorithm>

namespace nbtrace {

std::string_view to_string(RowStatus s) {
    switch (s) {
    case RowStatus::pass:
        return "pass";
    case RowStatus::fail:
        return "fail";
    case RowStatus::only_a:
        return "only_a";
    case RowStatus::only_b:
        return "only_b";
    }
    return "?";
}

bool DiffOptions::is_valid(std::string* error) const {
    const Registry& reg = registry();
    const auto bad = [&](const std::string& e) {
        if (error)
            *error = e;
        return false;
    };
    if (!(rtol >= 0))
        return bad("rtol must be >= 0");
    for (const auto& [cls, v] : atol) {
        if (!reg.tolerance_class(cls)) {
            std::string known;
            for (const ToleranceClass& t : reg.tolerance_classes())
                known += (known.empty() ? "" : " ") + t.name;
            return bad("unknown tolerance class '" + cls + "' (known: " + known + ")");
        }
        if (!(v >= 0))
            return bad("atol of " + cls + " must be >= 0");
    }
    for (const std::string& k : required)
        if (!reg.find(k))
            return bad("unknown key '" + k + "' in required keys");
    return true;
}

bool DiffResult::passed() const {
    return ran && compared > 0 && failed_gating == 0 && missing_required.empty();
}

namespace {

using Slot = std::pair<std::string, Indices>;

struct SideIndex {
    std::map<Slot, Record> records;
    std::set<Slot> projected;
};

SideIndex index_side(const std::vector<Record>& mine, const std::vector<Record>& other) {
    SideIndex s;
    for (const Record& r : mine) {
        const auto [it, added] = s.records.emplace(Slot{r.key, r.idx}, r);
        // the readers merge duplicates; a caller passing two values for one slot has a bug
        if (!added && it->second.values != r.values)
            throw RecordError("two different records of " + r.key + " at " + r.idx.to_string() +
                              " in one trace");
    }
    for (Record& p : project_components(mine, other)) {
        const Slot slot{p.key, p.idx};
        s.projected.insert(slot);
        s.records.emplace(slot, std::move(p));
    }
    return s;
}

bool counts_as_production(const Record& r, bool projected, const DiffOptions& o) {
    return r.origin == Origin::production || (projected && o.gate_projections);
}

void compare_row(DiffRow& row, const DiffOptions& options) {
    const Record& a = *row.a;
    const Record& b = *row.b;
    row.components.clear();
    bool fail = a.values.size() != b.values.size();
    double worst_err = -1;
    bool worst_fails = false;
    for (std::size_t i = 0; i < a.values.size() && i < b.values.size(); ++i) {
        const Closeness c = compare(a.values[i], b.values[i], row.tolerance);
        row.components.push_back(c);
        fail = fail || !c.close;
        row.max_abs = std::max(row.max_abs, c.abs_err);
        row.max_rel = std::max(row.max_rel, c.rel_err);
        // worst: the largest error among failing components, else among all
        const bool better =
            (!c.close && !worst_fails) || ((!c.close) == worst_fails && c.abs_err > worst_err);
        if (better) {
            row.worst = static_cast<int>(i);
            worst_err = c.abs_err;
            worst_fails = !c.close;
        }
    }
    row.status = fail ? RowStatus::fail : RowStatus::pass;
    row.gating = counts_as_production(a, row.a_projected, options) &&
                 counts_as_production(b, row.b_projected, options);
}

Tolerance tolerance_of(const KeyInfo& k, const DiffOptions& options) {
    const ToleranceClass& cls = *registry().tolerance_class(k.tolerance);
    Tolerance t;
    const auto over = options.atol.find(k.tolerance);
    t.atol = over != options.atol.end() ? over->second : cls.atol;
    t.rtol = cls.rtol ? *cls.rtol : options.rtol;
    return t;
}

void summarise(DiffResult& r) {
    for (int s = 0; s < kStageCount; ++s)
        r.stages.push_back(StageSummary{static_cast<Stage>(s)});
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const DiffRow& row = r.rows[i];
        StageSummary& st = r.stages[static_cast<std::size_t>(row.stage)];
        ++st.rows;
        switch (row.status) {
        case RowStatus::pass:
            ++st.pass;
            break;
        case RowStatus::fail:
            ++st.fail;
            ++r.failed;
            if (row.gating) {
                ++r.failed_gating;
                if (!r.first_divergence)
                    r.first_divergence = i;
            }
            if (!r.first_difference)
                r.first_difference = i;
            break;
        case RowStatus::only_a:
            ++st.only_a;
            ++r.only_a;
            break;
        case RowStatus::only_b:
            ++st.only_b;
            ++r.only_b;
            break;
        }
        if (row.a && row.b) {
            ++r.compared;
            st.max_abs = std::max(st.max_abs, row.max_abs);
            st.max_rel = std::max(st.max_rel, row.max_rel);
        }
    }
    if (r.first_difference && r.first_divergence && *r.first_difference == *r.first_divergence)
        r.first_difference.reset();
}

void check_required(DiffResult& r) {
    for (const std::string& key : r.options.required) {
        bool any = false;
        for (const DiffRow& row : r.rows) {
            if (row.key != key)
                continue;
            any = true;
            if (row.status == RowStatus::only_a || row.status == RowStatus::only_b)
                r.missing_required.push_back(
                    key + " at " + row.idx.to_string() + " only in " +
                    (row.status == RowStatus::only_a ? r.a_name : r.b_name));
        }
        if (!any)
            r.missing_required.push_back(key + " absent from both traces");
    }
}

} // namespace

DiffResult diff_traces(const std::vector<Record>& a, const std::vector<Record>& b,
                       const DiffOptions& options, std::string a_name, std::string b_name) {
    const Registry& reg = registry();
    DiffResult r;
    r.a_name = std::move(a_name);
    r.b_name = std::move(b_name);
    r.options = options;
    const SideIndex sa = index_side(a, b);
    const SideIndex sb = index_side(b, a);
    std::set<Slot> slots;
    for (const auto& [slot, rec] : sa.records)
        slots.insert(slot);
    for (const auto& [slot, rec] : sb.records)
        slots.insert(slot);
    for (const Slot& slot : slots) {
        const KeyInfo& k = reg.at(slot.first);
        DiffRow row;
        row.stage = k.stage;
        row.key = k.key;
        row.units = k.units;
        row.tolerance_class = k.tolerance;
        row.idx = slot.second;
        row.tolerance = tolerance_of(k, options);
        const auto ia = sa.records.find(slot);
        const auto ib = sb.records.find(slot);
        if (ia != sa.records.end()) {
            row.a = ia->second;
            row.a_projected = sa.projected.count(slot) > 0;
        }
        if (ib != sb.records.end()) {
            row.b = ib->second;
            row.b_projected = sb.projected.count(slot) > 0;
        }
        if (row.a && row.b)
            compare_row(row, options);
        else
            row.status = row.a ? RowStatus::only_a : RowStatus::only_b;
        r.rows.push_back(std::move(row));
    }
    std::stable_sort(r.rows.begin(), r.rows.end(), [&](const DiffRow& x, const DiffRow& y) {
        const int ox = reg.at(x.key).order;
        const int oy = reg.at(y.key).order;
        if (ox != oy)
            return ox < oy;
        return x.idx < y.idx;
    });
    summarise(r);
    check_required(r);
    r.ran = true;
    return r;
}

} // namespace nbtrace
