#include "jsonl_reader.h"

#include "exact_json.h"
#include "nbtrace/jsonl.h"
#include "nbtrace/registry.h"
#include "number_text.h"
#include "record_collector.h"
#include "text_lines.h"

#include <boost/json.hpp>

#include <cmath>

namespace nbtrace::detail {

namespace {

namespace json = boost::json;

class CanonicalReader {
  public:
    CanonicalReader(const std::string& name, const ParseOptions& options)
        : name_(name), options_(options) {}

    TraceFile run(const std::vector<std::string_view>& lines) {
        TraceFile out;
        out.path = name_;
        out.format = TraceFormat::canonical;
        RecordCollector collector;
        bool header = false;
        for (std::string_view line : lines) {
            ++lineno_;
            if (is_blank(line)) {
                ++stats_.skipped["blank"];
                continue;
            }
            const json::value v = parse(line);
            if (!header) {
                check_header(v);
                header = true;
                continue;
            }
            collector.add(record(v));
            ++stats_.record_lines["canonical"];
        }
        stats_.lines = lines.size();
        out.records = collector.finish(stats_);
        out.stats = stats_;
        return out;
    }

  private:
    [[noreturn]] void error(const std::string& what) const {
        throw ParseError(name_ + ":" + std::to_string(lineno_), what);
    }

    json::value parse(std::string_view line) const {
        std::string e;
        json::value v = parse_json_exact(line, &e);
        if (!e.empty())
            error("not a JSON line (" + e + ")");
        if (!v.is_object())
            error("expected a JSON object");
        return v;
    }

    void check_header(const json::value& v) const {
        const json::object& o = v.get_object();
        const json::value* f = o.if_contains("format");
        const json::value* s = o.if_contains("schema_version");
        if (!f || !f->is_string() || f->get_string() != kJsonlFormat)
            error(std::string("first line must be the header {\"format\":\"") + kJsonlFormat +
                  "\",\"schema_version\":" + std::to_string(kJsonlSchemaVersion) + "}");
        if (!s || !s->is_int64() || s->get_int64() != kJsonlSchemaVersion)
            error("unsupported schema_version (this build reads " +
                  std::to_string(kJsonlSchemaVersion) + ")");
    }

    std::string string_field(const json::object& o, const char* name, bool required) const {
        const json::value* v = o.if_contains(name);
        if (!v) {
            if (required)
                error(std::string("missing \"") + name + "\"");
            return {};
        }
        if (!v->is_string())
            error(std::string("\"") + name + "\" must be a string");
        return std::string(v->get_string());
    }

    double value_of(const json::value& v) const {
        if (v.is_double())
            return v.get_double();
        if (v.is_int64())
            return static_cast<double>(v.get_int64());
        if (v.is_uint64())
            return static_cast<double>(v.get_uint64());
        if (v.is_string()) {
            const json::string& s = v.get_string();
            if (s == "nan" || s == "inf" || s == "-inf")
                return *parse_double(std::string_view(s.data(), s.size()));
        }
        error("values must be numbers (or \"nan\", \"inf\", \"-inf\")");
    }

    Indices indices_of(const json::value* v) const {
        Indices idx;
        if (!v)
            return idx;
        if (!v->is_object())
            error("\"idx\" must be an object");
        for (const auto& kv : v->get_object()) {
            if (!kv.value().is_int64() || kv.value().get_int64() < 0 ||
                kv.value().get_int64() > 1000000000)
                error("index " + std::string(kv.key()) + " must be a non-negative integer");
            const int n = static_cast<int>(kv.value().get_int64());
            const std::string_view k = kv.key();
            if (k == "pixel_slow")
                idx.pixel_slow = n;
            else if (k == "pixel_fast")
                idx.pixel_fast = n;
            else if (k == "layer")
                idx.layer = n;
            else if (k == "sub_s")
                idx.sub_s = n;
            else if (k == "sub_f")
                idx.sub_f = n;
            else if (k == "source")
                idx.source = n;
            else if (k == "phi")
                idx.phi = n;
            else if (k == "mosaic")
                idx.mosaic = n;
            else
                error("unknown index " + quote(k));
        }
        return idx;
    }

    Record record(const json::value& v) const {
        const json::object& o = v.get_object();
        for (const auto& kv : o) {
            const std::string_view k = kv.key();
            if (k != "side" && k != "stage" && k != "key" && k != "units" && k != "idx" &&
                k != "values" && k != "origin" && k != "source_key" && k != "location")
                error("unknown field " + quote(k));
        }
        Record r;
        const std::optional<Side> side = side_from_string(string_field(o, "side", true));
        const std::optional<Stage> stage = stage_from_string(string_field(o, "stage", true));
        const std::optional<Origin> origin = origin_from_string(string_field(o, "origin", true));
        if (!side || !stage || !origin)
            error("bad side, stage or origin");
        r.side = *side;
        r.stage = *stage;
        r.origin = *origin;
        r.key = string_field(o, "key", true);
        r.units = string_field(o, "units", true);
        r.idx = indices_of(o.if_contains("idx"));
        const json::value* values = o.if_contains("values");
        if (!values || !values->is_array())
            error("\"values\" must be an array");
        for (const json::value& e : values->get_array())
            r.values.push_back(value_of(e));
        r.source_key = string_field(o, "source_key", false);
        r.location = string_field(o, "location", false);
        if (r.location.empty())
            r.location = name_ + ":" + std::to_string(lineno_);
        const KeyInfo* k = registry().find(r.key);
        if (k && options_.pixel && !r.idx.pixel_slow && k->indices.pixel == Presence::required) {
            r.idx.pixel_slow = options_.pixel->slow;
            r.idx.pixel_fast = options_.pixel->fast;
        }
        const std::string e = check_record(r);
        if (!e.empty())
            error(e);
        return r;
    }

    const std::string& name_;
    const ParseOptions& options_;
    std::size_t lineno_ = 0;
    ParseStats stats_;
};

} // namespace

TraceFile parse_canonical(const std::vector<std::string_view>& lines, const std::string& name,
                          const ParseOptions& options) {
    return CanonicalReader(name, options).run(lines);
}

} // namespace nbtrace::detail
