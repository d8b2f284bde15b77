#include "sides/backend_spec.h"

#include <boost/json.hpp>

extern "C" const char nb_backend_nanobragg_c[];
extern "C" const char nb_backend_nanobragg_c_traced[];
extern "C" const char nb_backend_nanobrag_torch[];

namespace harness {

namespace {

namespace json = boost::json;

class Reader {
  public:
    Reader(const json::object& o, const std::string& source) : o_(o), source_(source) {}

    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw BackendError(source_ + ": field \"" + field + "\": " + what);
    }

    std::string str(const char* field, bool required = true) const {
        const json::value* v = o_.if_contains(field);
        if (!v) {
            if (required)
                fail(field, "missing");
            return {};
        }
        if (!v->is_string())
            fail(field, "must be a string");
        return std::string(v->get_string());
    }

    std::vector<std::string> strings(const json::value& v, const std::string& field) const {
        if (!v.is_array())
            fail(field, "must be a list of strings");
        std::vector<std::string> out;
        for (const json::value& e : v.get_array()) {
            if (!e.is_string())
                fail(field, "must be a list of strings");
            out.emplace_back(e.get_string());
        }
        return out;
    }

    std::vector<std::string> list(const char* field) const {
        const json::value* v = o_.if_contains(field);
        if (!v)
            fail(field, "missing");
        return strings(*v, field);
    }

    const json::object& object(const char* field) const {
        const json::value* v = o_.if_contains(field);
        if (!v)
            fail(field, "missing");
        if (!v->is_object())
            fail(field, "must be an object");
        return v->get_object();
    }

    bool flag(const char* field) const {
        const json::value* v = o_.if_contains(field);
        if (!v || !v->is_bool())
            fail(field, "must be true or false");
        return v->get_bool();
    }

  private:
    const json::object& o_;
    const std::string& source_;
};

const std::vector<std::string> kKnownFields = {"format",
                                               "schema_version",
                                               "name",
                                               "about",
                                               "program",
                                               "interpreter",
                                               "interpreter_env",
                                               "argv",
                                               "environment",
                                               "dialects",
                                               "trace_pixel",
                                               "roi",
                                               "float_image",
                                               "extra_args",
                                               "dtypes",
                                               "device",
                                               "renamed_flags",
                                               "lacking_flags",
                                               "full_frame_always",
                                               "phi_carryover",
                                               "versions"};

} // namespace

BackendSpec parse_backend_spec(const std::string& text, const std::string& source) {
    boost::system::error_code ec;
    const json::value doc = json::parse(text, ec);
    if (ec)
        throw BackendError(source + ": not valid JSON: " + ec.message());
    if (!doc.is_object())
        throw BackendError(source + ": a backend file is a JSON object");
    const json::object& o = doc.get_object();
    const Reader r(o, source);
    for (const auto& kv : o)
        if (std::find(kKnownFields.begin(), kKnownFields.end(), std::string(kv.key())) ==
            kKnownFields.end())
            r.fail(std::string(kv.key()), "unknown field (a misspelling?)");
    if (r.str("format") != "trace_harness-backend")
        r.fail("format", "must be \"trace_harness-backend\"");
    const json::value* version = o.if_contains("schema_version");
    if (!version || !version->is_int64() || version->get_int64() != 1)
        r.fail("schema_version", "must be 1");
    BackendSpec b;
    b.source = source;
    b.name = r.str("name");
    if (b.name.empty() || b.name.find_first_of(" /\t") != std::string::npos)
        r.fail("name", "must be a word without blanks or slashes");
    b.about = r.str("about", false);
    const json::object& program = r.object("program");
    const Reader p(program, source);
    b.program_env = p.str("env");
    b.program_kind = p.str("kind");
    if (b.program_kind != "executable" && b.program_kind != "directory")
        r.fail("program.kind", "must be \"executable\" or \"directory\"");
    b.program_what = p.str("what", false);
    b.interpreter = r.str("interpreter", false);
    b.interpreter_env = r.str("interpreter_env", false);
    b.argv = r.list("argv");
    if (b.argv.empty())
        r.fail("argv", "must name the program");
    for (const auto& kv : r.object("environment")) {
        if (!kv.value().is_string())
            r.fail("environment", "values must be strings");
        b.environment[std::string(kv.key())] = std::string(kv.value().get_string());
    }
    b.dialects = r.list("dialects");
    b.trace_pixel = r.list("trace_pixel");
    if (!b.trace_pixel.empty() && b.dialects.empty())
        r.fail("dialects", "a backend that traces must name the dialects it prints");
    b.roi = r.list("roi");
    b.float_image = r.list("float_image");
    if (b.float_image.empty())
        r.fail("float_image", "the harness needs the float image of every backend");
    b.extra_args = r.list("extra_args");
    for (const auto& kv : r.object("dtypes"))
        b.dtypes[std::string(kv.key())] = r.strings(kv.value(), "dtypes");
    if (b.dtypes.empty())
        r.fail("dtypes", "must name at least one dtype");
    b.device = r.list("device");
    for (const auto& kv : r.object("renamed_flags")) {
        const std::string flag(kv.key());
        if (!kv.value().is_object())
            r.fail("renamed_flags." + flag, "must be an object {args, to, why}");
        const json::object& e = kv.value().get_object();
        const Reader er(e, source);
        FlagRename f;
        const json::value* args = e.if_contains("args");
        if (!args || !args->is_int64() || args->get_int64() < 0 || args->get_int64() > 9)
            r.fail("renamed_flags." + flag + ".args", "must be 0..9");
        f.args = static_cast<int>(args->get_int64());
        f.to = er.list("to");
        f.why = er.str("why", false);
        b.renamed_flags[flag] = std::move(f);
    }
    for (const auto& kv : r.object("lacking_flags")) {
        if (!kv.value().is_string())
            r.fail("lacking_flags", "values say why, as strings");
        b.lacking_flags[std::string(kv.key())] = std::string(kv.value().get_string());
    }
    b.full_frame_always = r.flag("full_frame_always");
    b.phi_carryover = r.flag("phi_carryover");
    if (o.contains("versions"))
        for (const auto& kv : r.object("versions")) {
            b.versions[std::string(kv.key())] = r.strings(kv.value(), "versions");
            if (b.versions[std::string(kv.key())].empty())
                r.fail("versions." + std::string(kv.key()), "must name a program");
        }
    return b;
}

std::vector<std::string> shipped_backend_names() {
    return {"nanobrag-torch", "nanobragg-c", "nanobragg-c-traced"};
}

std::optional<BackendSpec> shipped_backend(const std::string& name) {
    const char* text = name == "nanobragg-c"          ? nb_backend_nanobragg_c
                       : name == "nanobragg-c-traced" ? nb_backend_nanobragg_c_traced
                       : name == "nanobrag-torch"     ? nb_backend_nanobrag_torch
                                                      : nullptr;
    if (!text)
        return std::nullopt;
    return parse_backend_spec(text, "harness/backends/" + name + ".json");
}

} // namespace harness
