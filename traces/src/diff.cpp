#include "nbtrace/diff.h"

#include "nbtrace/derive.h"
#include "nbtrace/registry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

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
    if (!(rtol >= 0) || !std::isfinite(rtol))
        return bad("rtol must be a finite number >= 0");
    for (const auto& [cls, v] : atol) {
        if (!reg.tolerance_class(cls)) {
            std::string known;
            for (const ToleranceClass& t : reg.tolerance_classes())
                known += (known.empty() ? "" : " ") + t.name;
            return bad("unknown tolerance class '" + cls + "' (known: " + known + ")");
        }
        if (!(v >= 0) || !std::isfinite(v))
            return bad("atol of " + cls + " must be a finite number >= 0");
    }
    for (const std::string& k : required)
        if (!reg.find(k))
            return bad("unknown key '" + k + "' in required keys");
    return true;
}

std::string_view to_string(Verdict v) {
    switch (v) {
    case Verdict::pass:
        return "pass";
    case Verdict::fail:
        return "fail";
    case Verdict::incomplete:
        return "incomplete";
    }
    return "?";
}

namespace {

// (name, indices); an unregistered record's name is its literal one behind a marker, so that
// "Xbeam" printed as an unknown probe never aligns with the canonical key Xbeam.
using Slot = std::pair<std::string, Indices>;
constexpr char kUnregisteredMark = '\x01';

std::string slot_name(const Record& r) {
    return r.stage == Stage::unregistered ? kUnregisteredMark + r.key : r.key;
}

bool is_unregistered(const std::string& name) {
    return !name.empty() && name.front() == kUnregisteredMark;
}

struct SideIndex {
    std::map<Slot, Record> records;
    std::set<Slot> projected;
    std::set<Slot> broadcast;
    // coarse records whose value was broadcast onto the other side's finer copies: compared
    // there, so their own slot is not "only on this side"
    std::set<Slot> used_coarse;
};

SideIndex index_side(const std::vector<Record>& mine, const std::vector<Record>& other) {
    SideIndex s;
    for (const Record& r : mine) {
        if (r.stage != Stage::unregistered)
            registry().at(r.key); // throws RecordError for an unknown key
        const auto [it, added] = s.records.emplace(Slot{slot_name(r), r.idx}, r);
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

// Whether `coarse` stands for `fine` of a key that does not depend on the pixel and/or the pass:
// every index `coarse` has, `fine` has with the same value; every index it lacks is one the key
// is invariant over or one `fine` lacks too; and `fine` has at least one of them.
bool stands_for(const Indices& coarse, const Indices& fine, const KeyInfo& k) {
    bool finer = false;
    const auto dim = [&](const std::optional<int>& c, const std::optional<int>& f, bool inv) {
        if (c)
            return f == c;
        if (f) {
            finer = finer || inv;
            return inv;
        }
        return true;
    };
    const bool ok = dim(coarse.pixel_slow, fine.pixel_slow, k.invariant_pixel) &&
                    dim(coarse.pixel_fast, fine.pixel_fast, k.invariant_pixel) &&
                    dim(coarse.layer, fine.layer, k.invariant_pass) &&
                    dim(coarse.sub_s, fine.sub_s, k.invariant_pass) &&
                    dim(coarse.sub_f, fine.sub_f, k.invariant_pass) &&
                    dim(coarse.source, fine.source, false) && dim(coarse.phi, fine.phi, false) &&
                    dim(coarse.mosaic, fine.mosaic, false);
    return ok && finer;
}

// A key the registry declares invariant over the pixel and/or the pass is the same quantity
// whether printed in the set-up block (no pixel), at the port's pixel centre (no pass) or per
// C pass. When one side printed it only coarser than the other, its value stands for each of
// the other side's finer copies (rows flagged "broadcast").
void broadcast_invariant(SideIndex& mine, const SideIndex& other) {
    std::map<std::string, std::vector<const std::pair<const Slot, Record>*>> by_key;
    for (const auto& entry : mine.records)
        if (!is_unregistered(entry.first.first))
            by_key[entry.first.first].push_back(&entry);
    for (const auto& [name, entries] : by_key) {
        const KeyInfo& k = registry().at(name);
        if (!k.invariant_pixel && !k.invariant_pass)
            continue;
        std::vector<std::pair<Slot, Record>> added;
        for (const auto& [oslot, orec] : other.records) {
            if (oslot.first != name || mine.records.count(oslot))
                continue;
            // a finer copy on this side already says what this side printed there
            const bool mine_finer = std::any_of(entries.begin(), entries.end(), [&](auto* e) {
                return stands_for(oslot.second, e->first.second, k);
            });
            if (mine_finer)
                continue;
            for (const auto* e : entries)
                if (stands_for(e->first.second, oslot.second, k)) {
                    Record copy = e->second;
                    copy.idx = oslot.second;
                    added.emplace_back(oslot, std::move(copy));
                    mine.used_coarse.insert(e->first);
                    break;
                }
        }
        for (auto& [slot, rec] : added) {
            mine.records.emplace(slot, std::move(rec));
            mine.broadcast.insert(slot);
        }
    }
}

bool counts_as_production(const Record& r, bool projected, const DiffOptions& o) {
    return r.origin == Origin::production || (projected && o.gate_projections);
}

// |b/a| = 10^k for one k with |k| >= 3 in every component where both are non-zero, within 1e-4
// relative: the printed values carry 15 digits, so a pure unit slip is exact to ~1e-14, and a
// window of 1e-4 keeps a chance ratio (446.25 vs 4.5e-6 is 0.99e8) from looking like one.
std::optional<int> unit_slip(const std::vector<double>& a, const std::vector<double>& b) {
    std::optional<int> power;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (!std::isfinite(a[i]) || !std::isfinite(b[i]))
            return std::nullopt;
        if (a[i] == 0 || b[i] == 0)
            continue; // a zero against anything says nothing about units
        if ((a[i] < 0) != (b[i] < 0))
            return std::nullopt;
        const double l = std::log10(std::abs(b[i] / a[i]));
        const double k = std::round(l);
        if (std::abs(k) < 3 || std::abs(l - k) > std::log10(1 + 1e-4))
            return std::nullopt;
        if (power && *power != static_cast<int>(k))
            return std::nullopt;
        power = static_cast<int>(k);
    }
    return power;
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
    if (fail)
        row.unit_slip_power = unit_slip(a.values, b.values);
}

Tolerance tolerance_of(const KeyInfo& k, const DiffOptions& options, const Record* a) {
    const ToleranceClass& cls = *registry().tolerance_class(k.tolerance);
    Tolerance t;
    const auto over = options.atol.find(k.tolerance);
    t.atol = over != options.atol.end() ? over->second : cls.atol;
    t.rtol = cls.rtol ? *cls.rtol : options.rtol;
    if (cls.scale)
        t.magnitude = *cls.scale;
    else if (k.vector && a && a->values.size() == 3) {
        double n2 = 0;
        for (double v : a->values)
            n2 += v * v;
        t.magnitude = std::sqrt(n2);
    }
    return t;
}

// An unregistered name has no class: the caller's rtol against |a|, no absolute floor.
Tolerance unregistered_tolerance(const DiffOptions& options) {
    Tolerance t;
    t.atol = 0;
    t.rtol = options.rtol;
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

// The loop indices a row carries, as words: "pixel layer sub source".
std::string index_shape(const Indices& i) {
    std::string s;
    const auto put = [&](bool have, const char* name) {
        if (have)
            s += (s.empty() ? "" : " ") + std::string(name);
    };
    put(i.pixel_slow.has_value(), "pixel");
    put(i.layer.has_value(), "layer");
    put(i.sub_s.has_value(), "sub");
    put(i.source.has_value(), "source");
    put(i.phi.has_value(), "phi");
    put(i.mosaic.has_value(), "mosaic");
    return s.empty() ? "none" : s;
}

// Rows that never lined up: a key both sides printed with rows only in A and rows only in B.
// Reported with the index shapes each side used ("pixel_pos (A: pixel layer sub; B: pixel)":
// the C program's sub-pixel passes against the port's pixel centre).
void find_misaligned(DiffResult& r) {
    struct Seen {
        std::set<std::string> a, b;
        bool unregistered = false;
    };
    std::map<std::string, Seen> keys;
    for (const DiffRow& row : r.rows) {
        Seen& s = keys[row.key];
        s.unregistered = row.stage == Stage::unregistered;
        if (row.status == RowStatus::only_a)
            s.a.insert(index_shape(row.idx));
        if (row.status == RowStatus::only_b)
            s.b.insert(index_shape(row.idx));
    }
    const auto join = [](const std::set<std::string>& v) {
        std::string out;
        for (const std::string& x : v)
            out += (out.empty() ? "" : " | ") + x;
        return out;
    };
    for (const auto& [key, s] : keys)
        if (!s.a.empty() && !s.b.empty())
            (s.unregistered ? r.misaligned_unregistered : r.misaligned_keys)
                .push_back(key + " (A: " + join(s.a) + "; B: " + join(s.b) + ")");
}

void count_keys(DiffResult& r) {
    std::map<std::pair<bool, std::string>, std::array<bool, 3>> keys; // a, b, compared
    for (const DiffRow& row : r.rows) {
        auto& k = keys[{row.stage == Stage::unregistered, row.key}];
        k[0] = k[0] || row.a.has_value();
        k[1] = k[1] || row.b.has_value();
        k[2] = k[2] || (row.a && row.b);
        if (row.stage == Stage::unregistered && row.a && row.b) {
            ++r.unregistered_compared;
            if (row.status == RowStatus::fail)
                ++r.unregistered_differ;
        }
    }
    for (const auto& [name, k] : keys)
        if (k[0] && k[1]) {
            ++r.keys_both;
            if (k[2])
                ++r.keys_compared;
        }
}

void check_coverage(DiffResult& r) {
    const Registry& reg = registry();
    for (const auto& [group, keys] : reg.coverage_groups()) {
        CoverageGroup g;
        g.name = group;
        for (const DiffRow& row : r.rows) {
            if (row.stage == Stage::unregistered ||
                std::find(keys.begin(), keys.end(), row.key) == keys.end())
                continue;
            // a projection (k_frac from hkl_frac) is not something the side printed
            g.printed_a = g.printed_a || (row.a && !row.a_projected && !row.a_broadcast);
            g.printed_b = g.printed_b || (row.b && !row.b_projected && !row.b_broadcast);
            if (row.a && row.b)
                ++g.compared;
        }
        r.coverage.push_back(g);
    }
}

// The sides ran a different loop shape: say so before any physics row.
void note_configuration(DiffResult& r) {
    const Registry& reg = registry();
    for (const std::string& key : reg.run_shape_keys())
        for (const DiffRow& row : r.rows)
            if (row.key == key && row.status == RowStatus::fail && row.a && row.b) {
                std::string a, b;
                for (double v : row.a->values)
                    a += (a.empty() ? "" : " ") + std::to_string(static_cast<long long>(v));
                for (double v : row.b->values)
                    b += (b.empty() ? "" : " ") + std::to_string(static_cast<long long>(v));
                r.config_notes.push_back("the sides ran a different " + key + ": " + a + " (" +
                                         r.a_name + ") vs " + b + " (" + r.b_name + ")");
                break;
            }
}

void decide(DiffResult& r) {
    if (r.failed_gating > 0 || !r.missing_required.empty()) {
        r.verdict = Verdict::fail;
    } else {
        r.verdict = Verdict::pass;
    }
    if (r.compared == 0)
        r.incomplete_reasons.push_back("nothing compared: no record of one side lined up with "
                                       "one of the other");
    for (const std::string& k : r.misaligned_keys)
        r.incomplete_reasons.push_back("alignment error: both sides printed " + k +
                                       ", at loop indices that never meet");
    for (const CoverageGroup& g : r.coverage)
        if (g.missing())
            r.incomplete_reasons.push_back("coverage: both sides printed " + g.name +
                                           " but no record of it was compared");
    if (r.verdict == Verdict::pass && !r.incomplete_reasons.empty())
        r.verdict = Verdict::incomplete;
}

} // namespace

DiffResult diff_traces(const std::vector<Record>& a, const std::vector<Record>& b,
                       const DiffOptions& options, std::string a_name, std::string b_name) {
    const Registry& reg = registry();
    DiffResult r;
    r.a_name = std::move(a_name);
    r.b_name = std::move(b_name);
    r.options = options;
    SideIndex sa = index_side(a, b);
    SideIndex sb = index_side(b, a);
    broadcast_invariant(sa, sb);
    broadcast_invariant(sb, sa);
    std::set<Slot> slots;
    for (const auto& [slot, rec] : sa.records)
        slots.insert(slot);
    for (const auto& [slot, rec] : sb.records)
        slots.insert(slot);
    for (const Slot& slot : slots) {
        DiffRow row;
        const auto ia = sa.records.find(slot);
        const auto ib = sb.records.find(slot);
        if ((ib == sb.records.end() && sa.used_coarse.count(slot)) ||
            (ia == sa.records.end() && sb.used_coarse.count(slot)))
            continue; // compared through its broadcast copies
        const Record* first = ia != sa.records.end() ? &ia->second : nullptr;
        if (is_unregistered(slot.first)) {
            row.stage = Stage::unregistered;
            row.key = slot.first.substr(1);
            row.tolerance_class = "unregistered";
            row.tolerance = unregistered_tolerance(options);
        } else {
            const KeyInfo& k = reg.at(slot.first);
            row.stage = k.stage;
            row.key = k.key;
            row.units = k.units;
            row.tolerance_class = k.tolerance;
            row.tolerance = tolerance_of(k, options, first);
        }
        row.idx = slot.second;
        if (ia != sa.records.end()) {
            row.a = ia->second;
            row.a_projected = sa.projected.count(slot) > 0;
            row.a_broadcast = sa.broadcast.count(slot) > 0;
        }
        if (ib != sb.records.end()) {
            row.b = ib->second;
            row.b_projected = sb.projected.count(slot) > 0;
            row.b_broadcast = sb.broadcast.count(slot) > 0;
        }
        if (row.a && row.b)
            compare_row(row, options);
        else
            row.status = row.a ? RowStatus::only_a : RowStatus::only_b;
        r.rows.push_back(std::move(row));
    }
    // pipeline order: stage, registry order of the key (unregistered names alphabetically,
    // last), indices
    const auto order = [&](const DiffRow& d) {
        return d.stage == Stage::unregistered ? std::numeric_limits<int>::max()
                                              : reg.at(d.key).order;
    };
    std::stable_sort(r.rows.begin(), r.rows.end(), [&](const DiffRow& x, const DiffRow& y) {
        const int ox = order(x);
        const int oy = order(y);
        if (ox != oy)
            return ox < oy;
        if (x.key != y.key)
            return x.key < y.key;
        return x.idx < y.idx;
    });
    summarise(r);
    check_required(r);
    find_misaligned(r);
    count_keys(r);
    check_coverage(r);
    note_configuration(r);
    r.ran = true;
    decide(r);
    return r;
}

} // namespace nbtrace
