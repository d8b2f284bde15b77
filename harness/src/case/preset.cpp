#include "case/preset.h"

#include "case/embedded_data.h"
#include "case/located_json.h"

#include <boost/json.hpp>

#include <stdexcept>

namespace harness {

namespace {

namespace json = boost::json;

// The schema of a preset (presets/README.md), checked field by field.
Preset read_preset(const FieldReader& r, const json::value& root) {
    const json::object& o = r.object(root, "");
    r.only(o, "", {"name", "description", "inputs", "args"});
    for (const char* required : {"name", "description", "inputs", "args"})
        if (!o.contains(required))
            r.fail("", std::string("missing field '") + required + "'");
    Preset p;
    p.name = r.text(o.at("name"), "/name");
    p.description = r.text(o.at("description"), "/description");
    p.args = r.texts(o.at("args"), "/args");
    const json::array& inputs = r.array(o.at("inputs"), "/inputs");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string at = FieldReader::at("/inputs", i);
        const json::object& in = r.object(inputs[i], at);
        r.only(in, at, {"flag", "option", "file_in_cwd", "embedded", "what"});
        for (const char* required : {"flag", "option", "file_in_cwd", "what"})
            if (!in.contains(required))
                r.fail(at, std::string("missing field '") + required + "'");
        PresetInput pi{r.text(in.at("flag"), at + "/flag"), r.text(in.at("option"), at + "/option"),
                       r.text(in.at("file_in_cwd"), at + "/file_in_cwd"), "",
                       r.text(in.at("what"), at + "/what")};
        if (pi.option != "--mat" && pi.option != "--hkl")
            r.fail(at + "/option", "trace_harness names a preset's inputs with --mat or --hkl");
        if (const json::value* e = in.if_contains("embedded")) {
            pi.embedded = r.text(*e, at + "/embedded");
            if (!embedded_input(pi.embedded))
                r.fail(at + "/embedded", "no embedded file '" + pi.embedded + "'");
        }
        p.inputs.push_back(std::move(pi));
    }
    return p;
}

} // namespace

std::vector<Preset> load_presets() {
    std::vector<Preset> presets;
    for (std::string_view source : embedded_presets()) {
        try {
            const LocatedJson doc = parse_located_json(source);
            presets.push_back(read_preset(FieldReader(doc, "embedded preset"), doc.root));
        } catch (const JsonSyntaxError& e) {
            throw std::runtime_error("embedded preset: line " + std::to_string(e.line) + ": " +
                                     e.message);
        } catch (const DataFileError& e) {
            throw std::runtime_error(e.message);
        }
    }
    return presets;
}

bool is_preset_path(const std::string& name) {
    return name.find('/') != std::string::npos ||
           (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0);
}

std::optional<Preset> find_preset(const std::string& name) {
    if (is_preset_path(name)) {
        const LocatedJson doc = read_located_json(name);
        return read_preset(FieldReader(doc, name), doc.root);
    }
    for (Preset& p : load_presets())
        if (p.name == name)
            return p;
    return std::nullopt;
}

} // namespace harness
