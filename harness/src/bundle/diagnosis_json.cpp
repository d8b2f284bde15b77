// metrics.json's `diagnosis`: what summary.md's diagnosis sections say, for machines. The
// findings are the diagnosis library's own (the same calls summary.md renders); the numbers added
// beside a pattern are read from the diff rows of the keys it names.
#include "bundle/diagnosis_md.h"

#include "nbdiag/patterns.h"
#include "nbtrace/json_values.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace harness {

namespace {

namespace json = boost::json;

json::value number_or_null(double v) {
    return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

// A stable name per pattern (tools/summary_patterns.py reads the same ones from summary.md).
const char* pattern_id(nbdiag::PatternKind k) {
    switch (k) {
    case nbdiag::PatternKind::phi_constant_offset:
        return "phi-offset";
    case nbdiag::PatternKind::shared_scale_factor:
        return "scale-factor";
    case nbdiag::PatternKind::power_of_ten:
        return "power-of-ten";
    case nbdiag::PatternKind::float32_level:
        return "float32";
    case nbdiag::PatternKind::sincg_zero:
        return "sincg-zero";
    case nbdiag::PatternKind::pixel_mapping:
        return "pixel-mapping";
    }
    return "?";
}

// A named key's numbers in the diff: its failing rows, their largest |b - a|/|a|, and the median
// b/a over its components out of tolerance with both values nonzero and finite (a component near
// zero gives a noisy ratio). The shared factor itself is the detector's (PatternFinding::factor).
struct KeyEvidence {
    std::size_t failing_rows = 0;
    double max_rel = 0;
    std::vector<double> ratios;
    std::optional<double> median_ratio() const {
        if (ratios.empty())
            return std::nullopt;
        std::vector<double> r = ratios;
        std::sort(r.begin(), r.end());
        return r[r.size() / 2];
    }
};

std::map<std::string, KeyEvidence> evidence_by_key(const nbtrace::DiffResult& diff) {
    std::map<std::string, KeyEvidence> out;
    for (const nbtrace::DiffRow& row : diff.rows) {
        KeyEvidence& e = out[row.key];
        if (row.status == nbtrace::RowStatus::fail) {
            ++e.failing_rows;
            e.max_rel = std::max(e.max_rel, row.max_rel);
        }
        if (!row.a || !row.b)
            continue;
        for (std::size_t c = 0; c < row.components.size(); ++c) {
            const double a = row.a->values[c], b = row.b->values[c];
            if (!row.components[c].close && a != 0 && b != 0 && std::isfinite(a) &&
                std::isfinite(b))
                e.ratios.push_back(b / a);
        }
    }
    return out;
}

json::object pattern_json(const nbdiag::PatternFinding& f,
                          const std::map<std::string, KeyEvidence>& evidence) {
    json::array keys, numbers;
    for (const std::string& k : f.keys) {
        keys.emplace_back(k);
        const auto it = evidence.find(k);
        if (it == evidence.end()) {
            numbers.push_back(json::object{
                {"key", k}, {"failing_rows", 0}, {"max_rel", nullptr}, {"median_ratio", nullptr}});
            continue;
        }
        const std::optional<double> r = it->second.median_ratio();
        numbers.push_back(json::object{{"key", k},
                                       {"failing_rows", it->second.failing_rows},
                                       {"max_rel", number_or_null(it->second.max_rel)},
                                       {"median_ratio", r ? number_or_null(*r) : nullptr}});
    }
    return {{"pattern", pattern_id(f.kind)},
            {"name", std::string(nbdiag::to_string(f.kind))},
            {"keys", std::move(keys)},
            {"evidence", f.evidence},
            {"factor", f.factor ? number_or_null(*f.factor) : json::value(nullptr)},
            {"key_numbers", std::move(numbers)}};
}

json::value patterns_json(const nbtrace::DiffResult& diff) {
    if (diff.failed == 0)
        return nullptr; // summary.md has no section either
    const std::map<std::string, KeyEvidence> evidence = evidence_by_key(diff);
    json::array a;
    for (const nbdiag::PatternFinding& f : nbdiag::find_patterns(diff))
        a.push_back(pattern_json(f, evidence));
    return a;
}

json::array predictions_json(const std::vector<nbdiag::PredictionCheck>& checks) {
    json::array a;
    for (const nbdiag::PredictionCheck& c : checks) {
        json::array problems;
        for (const std::string& p : c.problems)
            problems.emplace_back(p);
        a.push_back(json::object{{"divergence", c.divergence},
                                 {"subject", c.subject},
                                 {"verdict", c.explained() ? "explained" : "NOT explained"},
                                 {"predicted_lo", number_or_null(c.predicted_lo)},
                                 {"predicted_hi", number_or_null(c.predicted_hi)},
                                 {"observed", number_or_null(c.observed)},
                                 {"tolerance", c.tolerance},
                                 {"tolerance_reason", c.tolerance_reason},
                                 {"problems", std::move(problems)},
                                 {"details", c.details},
                                 {"text", c.verdict_text()}});
    }
    return a;
}

json::value dtype_matrix_json(const RunOutcome& o) {
    if (o.dtype_matrices.empty() && o.dtype_notes.empty())
        return nullptr;
    json::array notes, runs, rows;
    for (const std::string& n : o.dtype_notes)
        notes.emplace_back(n);
    std::string side;
    for (const nbdiag::DtypeMatrix& m : o.dtype_matrices) {
        side = m.side;
        runs.push_back(json::object{{"dtype", m.dtype},
                                    {"diff", m.diff_name},
                                    {"failing_rows", m.rows.size()},
                                    {"within_precision", m.within_precision},
                                    {"logic", m.logic}});
        for (const nbdiag::DtypeRow& r : m.rows)
            rows.push_back(
                json::object{{"dtype", m.dtype},
                             {"key", r.key},
                             {"idx", nbtrace::indices_object(r.idx)},
                             {"parity_rel", number_or_null(r.parity_rel)},
                             {"sensitivity", r.sensitivity ? number_or_null(*r.sensitivity)
                                                           : json::value(nullptr)},
                             {"label", r.within_precision ? "within precision" : "logic"}});
    }
    return json::object{{"side", side.empty() ? json::value(nullptr) : json::value(side)},
                        {"precision_factor", nbdiag::kPrecisionFactor},
                        {"float64_per_float32", nbdiag::kFloat64PerFloat32},
                        {"notes", std::move(notes)},
                        {"runs", std::move(runs)},
                        {"rows", std::move(rows)}};
}

} // namespace

boost::json::object run_diagnosis_json(const RunOutcome& o) {
    json::object d = diagnosis_json(o.diagnosis, o.diff);
    d["patterns"] = patterns_json(o.diff);
    d["predictions"] = predictions_json(prediction_checks(o));
    d["dtype_matrix"] = dtype_matrix_json(o);
    return d;
}

} // namespace harness
