#include "compare/known_divergences.h"

#include "case/embedded_data.h"
#include "sides/record_lookup.h"

#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace harness {

namespace {

namespace json = boost::json;

// A trigger evaluated on (args, setup records).
using Trigger =
    std::function<bool(const std::vector<std::string>&, const std::vector<nbtrace::Record>&)>;

struct Entry {
    KnownDivergence d;
    json::object modes;
    Trigger trigger;
};

bool compare(double a, const std::string& op, double b) {
    if (op == ">")
        return a > b;
    if (op == ">=")
        return a >= b;
    if (op == "<")
        return a < b;
    if (op == "==")
        return a == b;
    if (op == "!=")
        return a != b;
    throw std::runtime_error("unknown comparison '" + op + "'");
}

// The C program's test is `phi != 0.0` on the computed angle, so a step exactly at 0 skips the
// rotation; it only matters when some other step does rotate.
bool phi_zero_step(const std::vector<nbtrace::Record>& setup) {
    bool zero = false, rotating = false;
    for (const nbtrace::Record& r : setup)
        if (r.key == "phi_angle" && r.values.size() == 1)
            (r.values[0] == 0.0 ? zero : rotating) = true;
    return zero && rotating;
}

std::vector<std::string> strings(const json::value* v) {
    std::vector<std::string> out;
    if (v)
        for (const json::value& s : v->as_array())
            out.emplace_back(s.as_string());
    return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const std::string& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

Trigger make_trigger(const json::object& t, std::string& text) {
    const std::string kind(t.at("kind").as_string());
    if (kind == "phi_zero_step") {
        text = "a phi step at exactly 0 while another step rotates";
        return [](const auto&, const auto& setup) { return phi_zero_step(setup); };
    }
    if (kind == "flags_any") {
        std::vector<std::string> flags = strings(t.if_contains("flags"));
        text = "any of " + join(flags, " ");
        return [flags](const auto& args, const auto&) {
            return std::any_of(flags.begin(), flags.end(), [&](const std::string& f) {
                return std::find(args.begin(), args.end(), f) != args.end();
            });
        };
    }
    if (kind == "flag_value") {
        const std::string flag(t.at("flag").as_string());
        const std::string contains(t.at("contains").as_string());
        text = flag + " value containing '" + contains + "'";
        return [flag, contains](const auto& args, const auto&) {
            for (std::size_t i = 0; i + 1 < args.size(); ++i)
                if (args[i] == flag && args[i + 1].find(contains) != std::string::npos)
                    return true;
            return false;
        };
    }
    if (kind == "config" || kind == "config_any") {
        std::vector<std::string> keys =
            kind == "config" ? std::vector<std::string>{std::string(t.at("key").as_string())}
                             : strings(t.if_contains("keys"));
        const std::string op(t.at("op").as_string());
        const double value = t.at("value").to_number<double>();
        compare(0, op, 0); // rejects an unknown operator while loading
        text = join(keys, " or ") + " " + op + " " + json::serialize(t.at("value"));
        return [keys, op, value](const auto&, const auto& setup) {
            for (const std::string& k : keys)
                if (const std::optional<double> v = setup_value(setup, k))
                    if (compare(*v, op, value))
                        return true;
            return false;
        };
    }
    if (kind == "all_of") {
        std::vector<Trigger> parts;
        std::vector<std::string> texts;
        for (const json::value& sub : t.at("triggers").as_array()) {
            texts.emplace_back();
            parts.push_back(make_trigger(sub.as_object(), texts.back()));
        }
        text = join(texts, " and ");
        return [parts](const auto& args, const auto& setup) {
            return std::all_of(parts.begin(), parts.end(),
                               [&](const Trigger& p) { return p(args, setup); });
        };
    }
    throw std::runtime_error("unknown trigger kind '" + kind + "'");
}

std::vector<Entry> load() {
    std::vector<Entry> entries;
    const json::value root = json::parse(embedded_known_divergences());
    for (const json::value& v : root.at("divergences").as_array()) {
        const json::object& o = v.as_object();
        Entry e;
        e.d.id = std::string(o.at("id").as_string());
        try {
            e.d.title = std::string(o.at("title").as_string());
            e.d.effect = std::string(o.at("effect").as_string());
            e.d.engines = std::string(o.at("engines").as_string());
            e.d.keys = strings(o.if_contains("keys"));
            e.d.references = strings(o.if_contains("references"));
            if (const json::value* m = o.if_contains("modes"))
                e.modes = m->as_object();
            e.trigger = make_trigger(o.at("trigger").as_object(), e.d.trigger_text);
            if (e.d.engines != "both" && e.d.engines != "reference" && e.d.engines != "mode")
                throw std::runtime_error("engines must be both, reference or mode");
        } catch (const std::exception& ex) {
            throw std::runtime_error("known_divergences.json: entry " + e.d.id + ": " + ex.what());
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

const std::vector<Entry>& entries() {
    static const std::vector<Entry> all = load();
    return all;
}

} // namespace

std::vector<KnownDivergence> divergences_in_effect(const std::vector<std::string>& args,
                                                   const std::vector<nbtrace::Record>& setup,
                                                   const std::string& phi_mode) {
    std::vector<KnownDivergence> out;
    for (const Entry& e : entries()) {
        if (!e.trigger(args, setup))
            continue;
        KnownDivergence d = e.d;
        if (const json::value* note = e.modes.if_contains(phi_mode))
            d.mode_note = std::string(note->as_string());
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<KnownDivergence> all_known_divergences() {
    std::vector<KnownDivergence> out;
    for (const Entry& e : entries())
        out.push_back(e.d);
    return out;
}

} // namespace harness
