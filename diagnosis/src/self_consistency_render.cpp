// Self-consistency as text (one line per check and key: counts, the worst case with its numbers
// and tolerance) and as JSON (every result).
#include "nbdiag/self_consistency.h"

#include <boost/json.hpp>

#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

namespace nbdiag {

namespace {

std::string num(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

// How far a result is from its tolerance: the worst one of a group is shown.
double badness(const CheckResult& c) {
    if (c.verdict == CheckVerdict::not_applicable)
        return -1;
    if (!(c.error == c.error))
        return INFINITY;
    return c.tolerance > 0 ? c.error / c.tolerance : (c.error > 0 ? INFINITY : 0);
}

struct Group {
    std::size_t pass = 0, fail = 0, na = 0;
    const CheckResult* worst = nullptr;
    std::set<std::string> reasons;
};

boost::json::value json_number(double v) {
    if (std::isfinite(v))
        return v;
    return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
}

} // namespace

void render_self_consistency(const SelfConsistency& s, std::ostream& out) {
    out << "self-consistency of " << s.side << ": "
        << (s.suspect() ? "INSTRUMENTATION SUSPECT" : "consistent") << " ("
        << s.count(CheckVerdict::pass) << " pass, " << s.count(CheckVerdict::fail) << " fail, "
        << s.count(CheckVerdict::not_applicable) << " not applicable)\n";
    std::map<std::pair<std::string, std::string>, Group> groups;
    std::vector<std::pair<std::string, std::string>> order;
    for (const CheckResult& c : s.results) {
        const auto id = std::make_pair(c.check, c.key);
        auto [it, fresh] = groups.try_emplace(id);
        if (fresh)
            order.push_back(id);
        Group& g = it->second;
        if (c.verdict == CheckVerdict::pass)
            ++g.pass;
        else if (c.verdict == CheckVerdict::fail)
            ++g.fail;
        else {
            ++g.na;
            g.reasons.insert(c.note);
        }
        if (c.verdict != CheckVerdict::not_applicable &&
            (!g.worst || badness(c) > badness(*g.worst)))
            g.worst = &c;
    }
    for (const auto& id : order) {
        const Group& g = groups[id];
        out << "  "
            << (g.fail   ? "FAIL"
                : g.pass ? "PASS"
                         : "n/a ")
            << "  " << id.first << " (" << id.second << "): " << g.pass << " pass, " << g.fail
            << " fail, " << g.na << " n/a";
        const CheckResult* w = g.worst;
        if (w && !g.fail) {
            // a passing group: its worst margin only
            out << "; worst rel. error " << num(w->rel_error()) << " (|error| " << num(w->error)
                << " <= " << num(w->tolerance) << ")";
        } else if (w) {
            out << "; worst at " << w->idx.to_string() << ": computed " << num(w->computed)
                << ", printed " << num(w->printed) << ", rel. error " << num(w->rel_error())
                << ", |error| " << num(w->error) << " vs tolerance " << num(w->tolerance) << " ["
                << w->tolerance_why << "]";
            if (!w->note.empty())
                out << "; " << w->note;
        }
        for (const std::string& r : g.reasons)
            out << "; n/a: " << r;
        out << "\n";
    }
    for (const Finding& f : s.findings)
        out << "  FINDING " << f.key << ": " << f.what << "\n";
}

std::string self_consistency_json(const SelfConsistency& s) {
    boost::json::object o;
    o["side"] = s.side;
    o["instrumentation_suspect"] = s.suspect();
    o["pass"] = s.count(CheckVerdict::pass);
    o["fail"] = s.count(CheckVerdict::fail);
    o["not_applicable"] = s.count(CheckVerdict::not_applicable);
    boost::json::array keys;
    for (const std::string& k : s.suspect_keys())
        keys.emplace_back(k);
    o["suspect_keys"] = std::move(keys);
    boost::json::array findings;
    for (const Finding& f : s.findings)
        findings.push_back(boost::json::object{{"key", f.key}, {"what", f.what}});
    o["findings"] = std::move(findings);
    boost::json::array results;
    for (const CheckResult& c : s.results) {
        boost::json::object r;
        r["check"] = c.check;
        r["key"] = c.key;
        r["idx"] = c.idx.to_string();
        r["verdict"] = to_string(c.verdict);
        if (c.verdict != CheckVerdict::not_applicable) {
            r["computed"] = json_number(c.computed);
            r["printed"] = json_number(c.printed);
            r["rel_error"] = json_number(c.rel_error());
            r["tolerance"] = json_number(c.tolerance);
            r["tolerance_why"] = c.tolerance_why;
        }
        if (!c.note.empty())
            r["note"] = c.note;
        results.push_back(std::move(r));
    }
    o["results"] = std::move(results);
    return boost::json::serialize(o);
}

} // namespace nbdiag
