#include "nbtrace/diff_render.h"

#include "number_text.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace nbtrace {

namespace {

std::string sci(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

// "a_rot (TRACE_C/rot_a_angstroms)", or both spellings when the sides differ.
std::string key_label(const DiffRow& d) {
    const std::string sa = d.a ? d.a->source_key : "";
    const std::string sb = d.b ? d.b->source_key : "";
    if (sa.empty() && sb.empty())
        return d.key;
    if (sa == sb || sb.empty())
        return d.key + " (" + sa + ")";
    if (sa.empty())
        return d.key + " (" + sb + ")";
    return d.key + " (" + sa + " | " + sb + ")";
}

std::string status_label(const DiffRow& d, bool first) {
    std::string s;
    switch (d.status) {
    case RowStatus::pass:
        s = "pass";
        break;
    case RowStatus::fail:
        s = d.gating ? "FAIL" : "diff"; // diff: a display-only value differs, not counted
        break;
    case RowStatus::only_a:
        s = "only A";
        break;
    case RowStatus::only_b:
        s = "only B";
        break;
    }
    return s + (first ? " *" : "");
}

std::string value_at(const std::optional<Record>& r, int i) {
    if (!r || i < 0 || static_cast<std::size_t>(i) >= r->values.size())
        return "-";
    return detail::format_g15(r->values[static_cast<std::size_t>(i)]);
}

// A column layout: every cell padded to the widest cell of its column.
class Table {
  public:
    void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    void print(std::ostream& out, const std::string& indent = "") const {
        std::vector<std::size_t> width;
        for (const auto& row : rows_)
            for (std::size_t i = 0; i < row.size(); ++i) {
                width.resize(std::max(width.size(), row.size()));
                width[i] = std::max(width[i], row[i].size());
            }
        for (const auto& row : rows_) {
            std::string line = indent;
            for (std::size_t i = 0; i < row.size(); ++i) {
                line += row[i];
                if (i + 1 < row.size())
                    line += std::string(width[i] - row[i].size() + 2, ' ');
            }
            line.erase(line.find_last_not_of(' ') + 1);
            out << line << '\n';
        }
    }

  private:
    std::vector<std::vector<std::string>> rows_;
};

void print_row_detail(const DiffResult& r, std::size_t index, std::ostream& out,
                      const TableOptions& options) {
    const DiffRow& d = r.rows[index];
    out << "  " << to_string(d.stage) << " / " << key_label(d) << "  [" << d.units << "]\n";
    out << "  at " << d.idx.to_string() << "\n";
    Table t;
    t.add({"component", "a", "b", "|a-b|", "rel", "allowed", ""});
    for (std::size_t i = 0; i < d.components.size(); ++i) {
        const Closeness& c = d.components[i];
        const double a = d.a->values[i];
        const double allowed =
            d.tolerance.atol +
            d.tolerance.rtol * (d.tolerance.magnitude ? *d.tolerance.magnitude : std::abs(a));
        t.add({"[" + std::to_string(i) + "]", detail::format_g15(a),
               detail::format_g15(d.b->values[i]), sci(c.abs_err), sci(c.rel_err), sci(allowed),
               c.close ? "ok" : "FAIL"});
    }
    t.print(out, "  ");
    if (d.unit_slip_power)
        out << "  unit mismatch suspected: b = a x 10^" << *d.unit_slip_power << "\n";
    const auto where = [](const Record& rec, bool projected, bool broadcast) {
        return rec.location + (projected ? " (projected)" : "") +
               (broadcast ? " (set-up value, compared with the other side's per-pixel copy)" : "");
    };
    out << "  a: " << where(*d.a, d.a_projected, d.a_broadcast) << "\n";
    out << "  b: " << where(*d.b, d.b_projected, d.b_broadcast) << "\n";
    // the other failing keys of the same stage at the same indices (b_rot, c_rot next to a_rot)
    std::string siblings;
    for (const DiffRow& o : r.rows)
        if (&o != &d && o.stage == d.stage && o.idx == d.idx && o.status == RowStatus::fail)
            siblings += (siblings.empty() ? "" : ", ") + o.key;
    if (!siblings.empty())
        out << "  also diverging in " << to_string(d.stage) << " at these indices: " << siblings
            << "\n";
    // upstream context: the passing rows just before it
    std::vector<std::size_t> context;
    for (std::size_t i = index; i > 0 && context.size() < options.context; --i)
        if (r.rows[i - 1].status == RowStatus::pass)
            context.push_back(i - 1);
    if (!context.empty()) {
        out << "  upstream, agreeing:\n";
        Table u;
        for (auto it = context.rbegin(); it != context.rend(); ++it) {
            const DiffRow& c = r.rows[*it];
            u.add({std::string(to_string(c.stage)), c.key, c.idx.to_string(),
                   "max |a-b| " + sci(c.max_abs)});
        }
        u.print(out, "    ");
    }
}

void print_input(const char* side, const std::string& name, const InputSummary& in,
                 std::ostream& out) {
    out << "  " << side << ": " << name << "\n";
    if (in.files.empty())
        return;
    out << "     " << in.lines << " lines; pixel: ";
    if (in.pixels.empty())
        out << "none named";
    for (std::size_t i = 0; i < in.pixels.size(); ++i)
        out << (i ? ", " : "") << in.pixels[i].to_string();
    if (!in.pixel_origin.empty() && !in.pixels.empty())
        out << " from " << in.pixel_origin;
    out << "\n     unregistered records: " << in.unregistered_records;
    std::size_t not_compared = 0;
    std::string reasons;
    for (const auto& [reason, n] : in.lines_not_compared) {
        not_compared += n;
        reasons += (reasons.empty() ? "" : ", ") + reason + " " + std::to_string(n);
    }
    out << "; lines not compared: " << not_compared << (reasons.empty() ? "" : " (" + reasons + ")")
        << "\n";
}

} // namespace

void render_table(const DiffResult& r, std::ostream& out, const TableOptions& options) {
    out << "trace diff\n";
    print_input("A", r.a_name, r.a_input, out);
    print_input("B", r.b_name, r.b_input, out);
    out << "  rule: |a-b| <= atol(class) + rtol*m per component, m = |a|, the vector's norm, or "
           "the class's fixed scale (lengths: 1 mm); rtol "
        << sci(r.options.rtol) << " (class exact: 0)\n\n";
    if (!r.config_notes.empty()) {
        out << "CONFIGURATION:\n";
        for (const std::string& n : r.config_notes)
            out << "  " << n << "\n";
        out << "\n";
    }

    Table stages;
    stages.add({"stage", "rows", "pass", "fail", "only A", "only B", "max |a-b|", "max rel"});
    for (const StageSummary& s : r.stages) {
        if (s.rows == 0)
            continue;
        stages.add({std::string(to_string(s.stage)), std::to_string(s.rows), std::to_string(s.pass),
                    std::to_string(s.fail), std::to_string(s.only_a), std::to_string(s.only_b),
                    sci(s.max_abs), sci(s.max_rel)});
    }
    stages.print(out);

    if (r.first_difference) {
        out << "\nFIRST DIFFERENCE (display-only values, not gating):\n";
        print_row_detail(r, *r.first_difference, out, options);
    }
    if (r.first_divergence) {
        out << "\nFIRST DIVERGENCE:\n";
        print_row_detail(r, *r.first_divergence, out, options);
    }

    Table rows;
    rows.add({"status", "stage", "key (as written)", "indices", "[c]", "a", "b", "|a-b|", "rel"});
    std::size_t listed = 0;
    // one-sided rows are summarised per key below unless every row is asked for
    std::vector<std::string> only[2];
    std::map<std::string, std::size_t> only_count[2];
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const DiffRow& d = r.rows[i];
        const bool one_sided = d.status == RowStatus::only_a || d.status == RowStatus::only_b;
        if (one_sided && !options.all_rows) {
            const int side = d.status == RowStatus::only_a ? 0 : 1;
            if (only_count[side][d.key]++ == 0)
                only[side].push_back(d.key);
            continue;
        }
        if (d.status == RowStatus::pass && !options.all_rows)
            continue;
        const bool compared = d.a && d.b && d.worst >= 0;
        const int c = compared ? d.worst : 0;
        const Closeness* w = compared ? &d.components[static_cast<std::size_t>(c)] : nullptr;
        rows.add({status_label(d, r.first_divergence && *r.first_divergence == i),
                  std::string(to_string(d.stage)), key_label(d), d.idx.to_string(),
                  "[" + std::to_string(c) + "]", value_at(d.a, c), value_at(d.b, c),
                  w ? sci(w->abs_err) : "", w ? sci(w->rel_err) : "",
                  d.unit_slip_power
                      ? "unit mismatch suspected (x10^" + std::to_string(*d.unit_slip_power) + ")"
                      : ""});
        ++listed;
    }
    if (listed > 0) {
        out << "\n"
            << (options.all_rows ? "ALL ROWS" : "DIVERGING ROWS")
            << " (pipeline order; [c] = worst component; * = first divergence; diff = "
               "display-only value):\n";
        rows.print(out);
    }
    for (int side = 0; side < 2; ++side) {
        if (only[side].empty())
            continue;
        out << "\nONLY IN " << (side == 0 ? "A" : "B") << " (key [rows], pipeline order; not a "
            << "failure unless --require'd):\n ";
        std::size_t col = 1;
        for (const std::string& k : only[side]) {
            const std::string item = " " + k + " [" + std::to_string(only_count[side][k]) + "]";
            if (col + item.size() > 100) {
                out << "\n ";
                col = 1;
            }
            out << item;
            col += item.size();
        }
        out << "\n";
    }
    if (!r.missing_required.empty()) {
        out << "\nREQUIRED KEYS MISSING:\n";
        for (const std::string& m : r.missing_required)
            out << "  " << m << "\n";
    }

    if (!r.misaligned_keys.empty() || !r.misaligned_unregistered.empty()) {
        out << "\nALIGNMENT ERRORS (both sides printed the key, at loop indices that never "
               "meet):\n";
        for (const std::string& k : r.misaligned_keys)
            out << "  " << k << "\n";
        for (const std::string& k : r.misaligned_unregistered)
            out << "  " << k << " (unregistered)\n";
    }
    out << "\nCOVERAGE: compared " << r.keys_compared << " of the " << r.keys_both
        << " keys both sides printed";
    if (r.unregistered_compared > 0)
        out << " (" << r.unregistered_compared << " unregistered rows compared, "
            << r.unregistered_differ << " differ)";
    out << "\n";
    for (const CoverageGroup& g : r.coverage) {
        std::string state;
        if (g.compared > 0)
            state = "compared (" + std::to_string(g.compared) + " rows)";
        else if (g.missing())
            state = "NOT COMPARED although both sides printed it";
        else if (!g.printed_a && !g.printed_b)
            state = "printed by neither side";
        else
            state = std::string("printed only by ") + (g.printed_a ? "A" : "B");
        out << "  " << g.name << ": " << state << "\n";
    }

    const char* verdict = r.verdict == Verdict::pass   ? "PASS"
                          : r.verdict == Verdict::fail ? "FAIL"
                                                       : "INCOMPLETE";
    out << "\nRESULT: " << (r.ran ? verdict : "FAIL") << "  " << r.compared << " rows compared, "
        << r.failed_gating << " diverge";
    if (r.failed > r.failed_gating)
        out << " (+" << (r.failed - r.failed_gating) << " display-only)";
    out << ", " << r.only_a << " only in A, " << r.only_b << " only in B";
    if (r.first_divergence) {
        const DiffRow& d = r.rows[*r.first_divergence];
        out << "; first divergence: " << to_string(d.stage) << " " << d.key << " at "
            << d.idx.to_string();
    }
    out << "\n";
    for (const std::string& why : r.incomplete_reasons)
        out << "  " << (r.verdict == Verdict::incomplete ? "INCOMPLETE: " : "also: ") << why
            << "\n";
}

} // namespace nbtrace
