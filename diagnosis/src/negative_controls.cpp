#include "nbdiag/negative_controls.h"

#include "nbtrace/diff.h"

#include <boost/json.hpp>

#include <cmath>
#include <cstring>
#include <map>
#include <ostream>
#include <sstream>

namespace nbdiag {

namespace {

using Values = std::map<std::pair<std::string, std::string>, const nbtrace::Record*>;

Values by_position(const std::vector<nbtrace::Record>& records) {
    Values v;
    for (const nbtrace::Record& r : records)
        v.emplace(std::make_pair(r.key, r.idx.to_string()), &r);
    return v;
}

// Bit-for-bit: a switch that moves a value by one ulp did something.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

std::string num(double v) {
    std::ostringstream s;
    s.precision(15);
    s << v;
    return s.str();
}

struct Changes {
    std::size_t compared = 0, changed = 0;
    std::string largest; // "KEY at IDX: a -> b (rel x)"
    std::string outcome; // I_pixel_final / image_value before and after
};

Changes count_changes(const std::vector<nbtrace::Record>& off,
                      const std::vector<nbtrace::Record>& on) {
    Changes c;
    const Values a = by_position(off);
    const Values b = by_position(on);
    double worst = -1;
    for (const auto& [pos, ra] : a) {
        const auto it = b.find(pos);
        if (it == b.end())
            continue;
        ++c.compared;
        const nbtrace::Record* rb = it->second;
        if (same_bits(ra->values, rb->values))
            continue;
        ++c.changed;
        for (std::size_t i = 0; i < ra->values.size() && i < rb->values.size(); ++i) {
            const double x = ra->values[i], y = rb->values[i];
            const double rel = x != 0 ? std::fabs(y - x) / std::fabs(x) : std::fabs(y - x);
            if (rel > worst || !(rel == rel)) {
                worst = rel == rel ? rel : INFINITY;
                c.largest = pos.first + " at " + pos.second + ": " + num(x) + " -> " + num(y) +
                            " (rel " + num(rel) + ")";
            }
        }
    }
    for (const char* key : {"I_pixel_final", "image_value"})
        for (const auto& [pos, ra] : a)
            if (pos.first == key) {
                const auto it = b.find(pos);
                if (it != b.end() && !ra->values.empty() && !it->second->values.empty())
                    c.outcome += std::string(c.outcome.empty() ? "" : "; ") + key + " " +
                                 num(ra->values[0]) + " -> " + num(it->second->values[0]);
            }
    return c;
}

} // namespace

std::string to_string(ControlVerdict v) {
    switch (v) {
    case ControlVerdict::ok:
        return "OK";
    case ControlVerdict::failed:
        return "FAILED";
    case ControlVerdict::unchanged_expected:
        return "UNCHANGED";
    }
    return "?";
}

ControlResult self_diff_control(const std::string& side_label,
                                const std::vector<nbtrace::Record>& records) {
    ControlResult r;
    r.name = "self diff of " + side_label;
    r.expectation = "no difference";
    const nbtrace::DiffResult d =
        nbtrace::diff_traces(records, records, {}, side_label, side_label);
    const Changes c = count_changes(records, records);
    r.compared = c.compared;
    r.changed = c.changed;
    const bool ok = d.verdict != nbtrace::Verdict::fail && d.failed == 0 && c.changed == 0;
    r.verdict = ok ? ControlVerdict::ok : ControlVerdict::failed;
    std::ostringstream s;
    s << d.compared << " rows compared by the diff, " << d.failed << " failed (verdict "
      << nbtrace::to_string(d.verdict) << ")";
    if (d.verdict == nbtrace::Verdict::incomplete)
        s << "; incomplete is a coverage matter of one side, not a difference";
    r.detail = s.str();
    return r;
}

ControlResult switch_control(const std::string& name, const std::vector<nbtrace::Record>& off,
                             const std::vector<nbtrace::Record>& on, bool should_change,
                             const std::string& why_no_change) {
    ControlResult r;
    r.name = name;
    r.expectation = should_change ? "must change" : "no change expected: " + why_no_change;
    const Changes c = count_changes(off, on);
    r.compared = c.compared;
    r.changed = c.changed;
    if (c.compared == 0)
        r.verdict = ControlVerdict::failed; // nothing to compare proves nothing
    else if (c.changed > 0)
        r.verdict = ControlVerdict::ok;
    else
        r.verdict = should_change ? ControlVerdict::failed : ControlVerdict::unchanged_expected;
    r.detail = c.changed ? "largest change: " + c.largest : "no value changed";
    if (c.compared == 0)
        r.detail = "the two runs share no (key, loop position): nothing compared";
    if (!c.outcome.empty())
        r.detail += "; " + c.outcome;
    return r;
}

bool carryover_can_act(const std::vector<nbtrace::Record>& records) {
    bool zero = false, nonzero = false;
    for (const nbtrace::Record& r : records)
        if (r.key == "phi_angle" && !r.values.empty())
            (r.values[0] == 0 ? zero : nonzero) = true;
    return zero && nonzero;
}

void render_controls(const std::vector<ControlResult>& controls, std::ostream& out) {
    out << "negative controls:\n";
    for (const ControlResult& c : controls)
        out << "  " << to_string(c.verdict) << "  " << c.name << " (" << c.expectation
            << "): " << c.changed << " of " << c.compared << " values changed; " << c.detail
            << "\n";
}

std::string controls_json(const std::vector<ControlResult>& controls) {
    boost::json::array a;
    for (const ControlResult& c : controls)
        a.push_back(boost::json::object{{"name", c.name},
                                        {"expectation", c.expectation},
                                        {"verdict", to_string(c.verdict)},
                                        {"compared", c.compared},
                                        {"changed", c.changed},
                                        {"detail", c.detail}});
    return boost::json::serialize(a);
}

} // namespace nbdiag
