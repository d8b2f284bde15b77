#include "nbtrace/jsonl.h"

#include "json_text.h"

namespace nbtrace {

namespace {

void put_index(std::string& out, const char* name, const std::optional<int>& v, bool& first) {
    if (!v)
        return;
    out += first ? "" : ",";
    out += "\"";
    out += name;
    out += "\":";
    out += std::to_string(*v);
    first = false;
}

} // namespace

std::string to_json_line(const Record& r) {
    using detail::json_string;
    std::string out = "{\"side\":" + json_string(to_string(r.side)) +
                      ",\"stage\":" + json_string(to_string(r.stage)) +
                      ",\"key\":" + json_string(r.key) + ",\"units\":" + json_string(r.units) +
                      ",\"idx\":{";
    bool first = true;
    put_index(out, "pixel_slow", r.idx.pixel_slow, first);
    put_index(out, "pixel_fast", r.idx.pixel_fast, first);
    put_index(out, "layer", r.idx.layer, first);
    put_index(out, "sub_s", r.idx.sub_s, first);
    put_index(out, "sub_f", r.idx.sub_f, first);
    put_index(out, "source", r.idx.source, first);
    put_index(out, "phi", r.idx.phi, first);
    put_index(out, "mosaic", r.idx.mosaic, first);
    out += "},\"values\":[";
    for (std::size_t i = 0; i < r.values.size(); ++i)
        out += (i ? "," : "") + detail::json_number(r.values[i]);
    out += "],\"origin\":" + json_string(to_string(r.origin));
    if (!r.source_key.empty())
        out += ",\"source_key\":" + json_string(r.source_key);
    if (!r.location.empty())
        out += ",\"location\":" + json_string(r.location);
    out += "}";
    return out;
}

void write_jsonl(std::ostream& out, const std::vector<Record>& records) {
    out << "{\"format\":\"" << kJsonlFormat << "\",\"schema_version\":" << kJsonlSchemaVersion
        << "}\n";
    for (const Record& r : records)
        out << to_json_line(r) << '\n';
}

} // namespace nbtrace
