#include "preset.h"

#include "embedded_data.h"

#include <boost/json.hpp>

#include <stdexcept>

namespace harness {

namespace {

namespace json = boost::json;

std::string text(const json::object& o, const char* field, const std::string& where) {
    const json::value* v = o.if_contains(field);
    if (!v || !v->is_string())
        throw std::runtime_error("preset " + where + ": field '" + field + "' missing or not text");
    return std::string(v->as_string());
}

Preset parse_preset(std::string_view source) {
    const json::object o = json::parse(source).as_object();
    Preset p;
    p.name = text(o, "name", "?");
    p.description = text(o, "description", p.name);
    for (const json::value& a : o.at("args").as_array())
        p.args.emplace_back(a.as_string());
    for (const json::value& v : o.at("inputs").as_array()) {
        const json::object& in = v.as_object();
        p.inputs.push_back(PresetInput{text(in, "flag", p.name), text(in, "option", p.name),
                                       text(in, "file_in_cwd", p.name),
                                       text(in, "embedded", p.name), text(in, "what", p.name)});
    }
    return p;
}

} // namespace

std::vector<Preset> load_presets() {
    std::vector<Preset> presets;
    for (std::string_view source : embedded_presets())
        presets.push_back(parse_preset(source));
    return presets;
}

std::optional<Preset> find_preset(const std::string& name) {
    for (Preset& p : load_presets())
        if (p.name == name)
            return p;
    return std::nullopt;
}

} // namespace harness
