#include "nbtrace/diff_render.h"

#include "json_text.h"
#include "nbtrace/json_values.h"

#include <boost/json/serialize.hpp>

#include <string>

namespace nbtrace {

namespace {

using detail::json_number;
using detail::json_string;

std::string indices_json(const Indices& i) {
    return boost::json::serialize(indices_object(i));
}

std::string strings_json(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        out += (i ? "," : "") + json_string(v[i]);
    return out + "]";
}

std::string input_json(const std::string& name, const InputSummary& in) {
    std::string out =
        "{\"name\":" + json_string(name) + ",\"files\":" + strings_json(in.files) + ",\"pixels\":[";
    for (std::size_t i = 0; i < in.pixels.size(); ++i)
        out += std::string(i ? "," : "") + "{\"slow\":" + std::to_string(in.pixels[i].slow) +
               ",\"fast\":" + std::to_string(in.pixels[i].fast) + "}";
    out += "],\"pixel_origin\":" + json_string(in.pixel_origin) +
           ",\"lines\":" + std::to_string(in.lines) +
           ",\"unregistered_records\":" + std::to_string(in.unregistered_records) +
           ",\"lines_not_compared\":{";
    std::size_t total = 0;
    bool first = true;
    for (const auto& [reason, n] : in.lines_not_compared) {
        out += (first ? "" : ",") + json_string(reason) + ":" + std::to_string(n);
        first = false;
        total += n;
    }
    return out + "},\"lines_not_compared_total\":" + std::to_string(total) + "}";
}

std::string side_json(const std::optional<Record>& r, bool projected, bool broadcast) {
    if (!r)
        return "null";
    std::string out = "{\"values\":[";
    for (std::size_t i = 0; i < r->values.size(); ++i)
        out += (i ? "," : "") + json_number(r->values[i]);
    out += "],\"origin\":" + json_string(to_string(r->origin)) +
           ",\"source_key\":" + json_string(r->source_key) +
           ",\"location\":" + json_string(r->location) +
           ",\"projected\":" + (projected ? "true" : "false") +
           ",\"broadcast\":" + (broadcast ? "true" : "false") + "}";
    return out;
}

std::string pointer_json(const DiffResult& r, const std::optional<std::size_t>& row) {
    if (!row)
        return "null";
    const DiffRow& d = r.rows[*row];
    return "{\"row\":" + std::to_string(*row) + ",\"stage\":" + json_string(to_string(d.stage)) +
           ",\"key\":" + json_string(d.key) + ",\"idx\":" + indices_json(d.idx) + "}";
}

} // namespace

void render_json(const DiffResult& r, std::ostream& out) {
    out << "{\"schema\":\"nbtrace-diff\",\"schema_version\":2,\"passed\":"
        << (r.passed() ? "true" : "false") << ",\"verdict\":" << json_string(to_string(r.verdict))
        << ",\"incomplete_reasons\":" << strings_json(r.incomplete_reasons)
        << ",\"a\":" << input_json(r.a_name, r.a_input)
        << ",\"b\":" << input_json(r.b_name, r.b_input)
        << ",\"config_notes\":" << strings_json(r.config_notes)
        << ",\"coverage\":{\"keys_both\":" << r.keys_both
        << ",\"keys_compared\":" << r.keys_compared << ",\"groups\":[";
    for (std::size_t i = 0; i < r.coverage.size(); ++i) {
        const CoverageGroup& g = r.coverage[i];
        out << (i ? "," : "") << "{\"name\":" << json_string(g.name)
            << ",\"printed_a\":" << (g.printed_a ? "true" : "false")
            << ",\"printed_b\":" << (g.printed_b ? "true" : "false")
            << ",\"compared\":" << g.compared << ",\"missing\":" << (g.missing() ? "true" : "false")
            << "}";
    }
    out << "]},\"misaligned_keys\":" << strings_json(r.misaligned_keys)
        << ",\"misaligned_unregistered\":" << strings_json(r.misaligned_unregistered)
        << ",\"unregistered\":{\"compared\":" << r.unregistered_compared
        << ",\"differ\":" << r.unregistered_differ << "}"
        << ",\"options\":{\"rtol\":" << json_number(r.options.rtol) << ",\"atol\":{";
    bool first = true;
    for (const auto& [cls, v] : r.options.atol) {
        out << (first ? "" : ",") << json_string(cls) << ":" << json_number(v);
        first = false;
    }
    out << "},\"required\":[";
    first = true;
    for (const std::string& k : r.options.required) {
        out << (first ? "" : ",") << json_string(k);
        first = false;
    }
    out << "],\"gate_projections\":" << (r.options.gate_projections ? "true" : "false")
        << "},\"counts\":{\"rows\":" << r.rows.size() << ",\"compared\":" << r.compared
        << ",\"failed\":" << r.failed << ",\"failed_gating\":" << r.failed_gating
        << ",\"only_a\":" << r.only_a << ",\"only_b\":" << r.only_b
        << "},\"first_divergence\":" << pointer_json(r, r.first_divergence)
        << ",\"first_difference\":" << pointer_json(r, r.first_difference)
        << ",\"missing_required\":[";
    for (std::size_t i = 0; i < r.missing_required.size(); ++i)
        out << (i ? "," : "") << json_string(r.missing_required[i]);
    out << "],\"stages\":[";
    for (std::size_t i = 0; i < r.stages.size(); ++i) {
        const StageSummary& s = r.stages[i];
        out << (i ? "," : "") << "{\"stage\":" << json_string(to_string(s.stage))
            << ",\"rows\":" << s.rows << ",\"pass\":" << s.pass << ",\"fail\":" << s.fail
            << ",\"only_a\":" << s.only_a << ",\"only_b\":" << s.only_b
            << ",\"max_abs\":" << json_number(s.max_abs)
            << ",\"max_rel\":" << json_number(s.max_rel) << "}";
    }
    out << "],\"rows\":[";
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const DiffRow& d = r.rows[i];
        out << (i ? ",\n" : "\n") << "{\"stage\":" << json_string(to_string(d.stage))
            << ",\"key\":" << json_string(d.key) << ",\"units\":" << json_string(d.units)
            << ",\"tolerance_class\":" << json_string(d.tolerance_class)
            << ",\"idx\":" << indices_json(d.idx)
            << ",\"status\":" << json_string(to_string(d.status))
            << ",\"gating\":" << (d.gating ? "true" : "false")
            << ",\"atol\":" << json_number(d.tolerance.atol)
            << ",\"rtol\":" << json_number(d.tolerance.rtol) << ",\"magnitude\":"
            << (d.tolerance.magnitude ? json_number(*d.tolerance.magnitude) : "null")
            << ",\"unit_slip_power\":"
            << (d.unit_slip_power ? std::to_string(*d.unit_slip_power) : "null")
            << ",\"max_abs\":" << json_number(d.max_abs)
            << ",\"max_rel\":" << json_number(d.max_rel) << ",\"worst_component\":" << d.worst
            << ",\"a\":" << side_json(d.a, d.a_projected, d.a_broadcast)
            << ",\"b\":" << side_json(d.b, d.b_projected, d.b_broadcast) << "}";
    }
    out << "]}\n";
}

} // namespace nbtrace
