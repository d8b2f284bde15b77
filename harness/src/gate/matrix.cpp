#include "gate/matrix.h"

#include "case/field_reader.h"
#include "compare/known_divergences.h"
#include "run_modes.h"

#include "nbreport/bundle_path.h"
#include "nbreport/sha256.h"
#include "nbtrace/registry.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

namespace harness::gate {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kFormat = "trace_harness-gate-matrix";
constexpr int kSchemaVersion = 1;

// nanoBragg flags whose value is a file the case reads.
const std::set<std::string> kFileFlags = {"-mat", "-hkl", "-sourcefile", "-img", "-mask", "-dump"};
const std::set<std::string> kEmbeddedSides = {"reference", "simulator"};
const std::set<std::string> kBackendSides = {"nanobragg-c", "nanobragg-c-traced", "nanobrag-torch"};

class Loader {
  public:
    Loader(const LocatedJson& doc, const std::string& path)
        : r_(doc, path), dir_(fs::absolute(path).parent_path()) {}

    Matrix load(const json::value& root);

  private:
    FieldReader r_;
    fs::path dir_;

    // ${VAR} / ${VAR:-default} from the environment, then relative to the matrix's folder. An
    // unset variable without a default makes the case absent (returns "").
    std::string path(const json::value& v, const std::string& ptr, Case& c) const;
    std::string expand(const std::string& text, const std::string& ptr, Case& c) const;

    ToleranceClass tolerance_class(const json::value& v, const std::string& ptr) const;
    void case_fields(const json::object& o, const std::string& ptr, Case& c) const;
    SideSpec side(const json::value& v, const std::string& ptr, Case& c) const;
    ToleranceOverride tolerance_override(const json::value& v, const std::string& ptr) const;
    void check_case(const Case& c, const std::string& ptr, const Matrix& m) const;
};

std::string Loader::expand(const std::string& text, const std::string& ptr, Case& c) const {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 2, "${") != 0) {
            out += text[i++];
            continue;
        }
        const std::size_t close = text.find('}', i);
        if (close == std::string::npos)
            r_.fail(ptr, "'${' without '}' in '" + text + "'");
        const std::string inner = text.substr(i + 2, close - i - 2);
        const std::size_t dflt = inner.find(":-");
        const std::string name = inner.substr(0, dflt);
        if (name.empty() ||
            name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
            r_.fail(ptr, "'${" + inner + "}' is not a variable name");
        const char* value = std::getenv(name.c_str());
        if (value && *value)
            out += value;
        else if (dflt != std::string::npos)
            out += inner.substr(dflt + 2);
        else {
            c.absent.push_back("environment variable " + name + " is not set");
            return "";
        }
        i = close + 1;
    }
    return out;
}

std::string Loader::path(const json::value& v, const std::string& ptr, Case& c) const {
    const std::string p = expand(r_.text(v, ptr), ptr, c);
    if (p.empty())
        return p;
    const fs::path fp(p);
    return (fp.is_absolute() ? fp : dir_ / fp).lexically_normal().string();
}

ToleranceClass Loader::tolerance_class(const json::value& v, const std::string& ptr) const {
    const json::object& o = r_.object(v, ptr);
    r_.only(o, ptr, {"name", "sides", "dtype", "rtol", "atol", "why"});
    for (const char* required : {"name", "sides", "dtype", "rtol", "why"})
        if (!o.contains(required))
            r_.fail(ptr, std::string("missing field '") + required + "'");
    ToleranceClass t;
    t.name = r_.text(o.at("name"), ptr + "/name");
    const std::vector<std::string> sides = r_.texts(o.at("sides"), ptr + "/sides");
    if (sides.size() != 2)
        r_.fail(ptr + "/sides", "must name two sides");
    t.sides = {sides[0], sides[1]};
    t.dtype = r_.choice(o.at("dtype"), ptr + "/dtype", texts_of(kDtypes));
    t.rtol = r_.number(o.at("rtol"), ptr + "/rtol");
    if (t.rtol < 0)
        r_.fail(ptr + "/rtol", "must be >= 0");
    if (const json::value* atol = o.if_contains("atol")) {
        const json::object& a = r_.object(*atol, ptr + "/atol");
        for (const auto& m : a) {
            const std::string at = ptr + "/atol/" + std::string(m.key());
            if (!nbtrace::registry().tolerance_class(m.key()))
                r_.fail(at, "not a tolerance class of traces/registry/keys.json");
            t.atol[std::string(m.key())] = r_.number(m.value(), at);
            if (t.atol[std::string(m.key())] < 0)
                r_.fail(at, "must be >= 0");
        }
    }
    t.why = r_.text(o.at("why"), ptr + "/why");
    return t;
}

SideSpec Loader::side(const json::value& v, const std::string& ptr, Case& c) const {
    SideSpec s;
    if (v.is_string()) {
        s.name = r_.text(v, ptr);
        if (kEmbeddedSides.count(s.name))
            return s;
        s.kind = SideSpec::Kind::backend;
        if (!kBackendSides.count(s.name)) { // a backend file given by path
            s.file = path(v, ptr, c);
            s.name = fs::path(s.name).stem().string();
            if (!s.file.empty())
                c.files.push_back(s.file);
        }
        return s;
    }
    const json::object& o = r_.object(v, ptr);
    if (o.contains("recorded")) {
        r_.only(o, ptr, {"recorded"});
        const json::object& rec = r_.object(o.at("recorded"), ptr + "/recorded");
        r_.only(rec, ptr + "/recorded", {"trace", "image"});
        if (!rec.contains("trace"))
            r_.fail(ptr + "/recorded", "missing field 'trace'");
        s.kind = SideSpec::Kind::recorded;
        s.name = "recorded";
        s.trace = path(rec.at("trace"), ptr + "/recorded/trace", c);
        c.files.push_back(s.trace);
        if (rec.contains("image")) {
            s.image = path(rec.at("image"), ptr + "/recorded/image", c);
            c.files.push_back(s.image);
        }
        return s;
    }
    r_.only(o, ptr, {"backend", "program"});
    if (!o.contains("backend"))
        r_.fail(ptr, "a side object names a 'backend' (or holds 'recorded' output)");
    s = side(o.at("backend"), ptr + "/backend", c);
    if (s.kind != SideSpec::Kind::backend)
        r_.fail(ptr + "/backend", "'" + s.name + "' is embedded: it takes no program");
    if (const json::value* program = o.if_contains("program")) {
        const std::string raw = r_.text(*program, ptr + "/program");
        if (raw.rfind("${", 0) == 0)
            s.program_variable = raw.substr(2, raw.find_first_of(":}") - 2);
        s.program = path(*program, ptr + "/program", c);
        if (!s.program.empty())
            c.files.push_back(s.program);
    }
    return s;
}

ToleranceOverride Loader::tolerance_override(const json::value& v, const std::string& ptr) const {
    const json::object& o = r_.object(v, ptr);
    r_.only(o, ptr, {"class", "rtol", "atol", "reason"});
    ToleranceOverride t;
    if (!o.contains("reason"))
        r_.fail(ptr, "a tolerance override needs a 'reason'");
    t.reason = r_.text(o.at("reason"), ptr + "/reason");
    if (const json::value* c = o.if_contains("class"))
        t.class_name = r_.text(*c, ptr + "/class");
    if (const json::value* rtol = o.if_contains("rtol")) {
        t.rtol = r_.number(*rtol, ptr + "/rtol");
        if (*t.rtol < 0)
            r_.fail(ptr + "/rtol", "must be >= 0");
    }
    if (const json::value* atol = o.if_contains("atol"))
        for (const auto& m : r_.object(*atol, ptr + "/atol")) {
            const std::string at = ptr + "/atol/" + std::string(m.key());
            if (!nbtrace::registry().tolerance_class(m.key()))
                r_.fail(at, "not a tolerance class of traces/registry/keys.json");
            t.atol[std::string(m.key())] = r_.number(m.value(), at);
        }
    if (!t.class_name && !t.rtol && t.atol.empty())
        r_.fail(ptr, "an override sets 'class', 'rtol' or 'atol'");
    return t;
}

// The fields a case and the matrix's "defaults" share.
void Loader::case_fields(const json::object& o, const std::string& ptr, Case& c) const {
    using R = FieldReader;
    if (const json::value* v = R::member(o, "preset")) {
        const std::string p = r_.text(*v, ptr + "/preset");
        const bool is_file = p.find('/') != std::string::npos ||
                             (p.size() > 5 && p.compare(p.size() - 5, 5, ".json") == 0);
        c.preset = is_file ? path(*v, ptr + "/preset", c) : p;
        if (is_file && !c.preset->empty())
            c.files.push_back(*c.preset);
        c.args.clear();
    }
    if (const json::value* v = R::member(o, "inputs")) {
        c.inputs.clear();
        for (const auto& m : r_.object(*v, ptr + "/inputs")) {
            const std::string at = ptr + "/inputs/" + std::string(m.key());
            if (m.key() != "--mat" && m.key() != "--hkl")
                r_.fail(at, "a preset input is --mat or --hkl");
            c.inputs[std::string(m.key())] = path(m.value(), at, c);
            c.files.push_back(c.inputs[std::string(m.key())]);
        }
    }
    for (const char* field : {"args", "extra_args"})
        if (const json::value* v = R::member(o, field)) {
            const std::string at = ptr + "/" + field;
            const std::vector<std::string> args = r_.texts(*v, at);
            if (std::string(field) == "args") {
                c.args.clear();
                c.preset.reset();
            } else if (c.preset) {
                r_.fail(at, "'extra_args' extend 'args', not a preset");
            }
            for (std::size_t i = 0; i < args.size(); ++i) {
                const bool file = i > 0 && kFileFlags.count(args[i - 1]);
                c.args.push_back(file ? path((*v).as_array()[i], R::at(at, i), c) : args[i]);
                if (file)
                    c.files.push_back(c.args.back());
            }
        }
    if (const json::value* v = R::member(o, "pixels")) {
        c.pixels.clear();
        const json::array& a = r_.array(*v, ptr + "/pixels");
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string at = R::at(ptr + "/pixels", i);
            const json::array& p = r_.array(a[i], at);
            if (p.size() != 2)
                r_.fail(at, "a pixel is [slow, fast]");
            c.pixels.push_back(
                {r_.integer(p[0], at + "/0", 0, 1 << 20), r_.integer(p[1], at + "/1", 0, 1 << 20)});
        }
    }
    if (const json::value* v = R::member(o, "pick"))
        c.pick = r_.choices(*v, ptr + "/pick", {"thread_first"});
    if (const json::value* v = R::member(o, "roi")) {
        const json::array& a = r_.array(*v, ptr + "/roi");
        if (a.size() != 4)
            r_.fail(ptr + "/roi", "an ROI is [fmin, fmax, smin, smax] (nanoBragg -roi order)");
        std::vector<int> roi;
        for (std::size_t i = 0; i < 4; ++i)
            roi.push_back(r_.integer(a[i], R::at(ptr + "/roi", i), 0, 1 << 20));
        if (roi[0] > roi[1] || roi[2] > roi[3])
            r_.fail(ptr + "/roi", "needs fmin <= fmax and smin <= smax");
        c.roi = roi;
    }
    if (const json::value* v = R::member(o, "schedule"))
        c.schedule = r_.choice(*v, ptr + "/schedule", texts_of(kSchedules));
    if (const json::value* v = R::member(o, "phi_modes"))
        c.phi_modes = r_.choices(*v, ptr + "/phi_modes", texts_of(kPhiModes));
    if (const json::value* v = R::member(o, "dtypes"))
        c.dtypes = r_.choices(*v, ptr + "/dtypes", texts_of(kDtypes));
    if (const json::value* v = R::member(o, "threads")) {
        const json::array& a = r_.array(*v, ptr + "/threads");
        if (a.empty())
            r_.fail(ptr + "/threads", "must not be empty");
        c.threads.clear();
        for (std::size_t i = 0; i < a.size(); ++i)
            c.threads.push_back(r_.integer(a[i], R::at(ptr + "/threads", i), 1, 1024));
    }
    if (const json::value* v = R::member(o, "sides")) {
        const json::object& s = r_.object(*v, ptr + "/sides");
        r_.only(s, ptr + "/sides", {"a", "b"});
        if (!s.contains("a") || !s.contains("b"))
            r_.fail(ptr + "/sides", "names side 'a' and side 'b'");
        c.a = side(s.at("a"), ptr + "/sides/a", c);
        c.b = side(s.at("b"), ptr + "/sides/b", c);
    }
    if (const json::value* v = R::member(o, "tolerance"))
        c.tolerance = tolerance_override(*v, ptr + "/tolerance");
    if (const json::value* v = R::member(o, "require")) {
        c.require = r_.texts(*v, ptr + "/require");
        for (std::size_t i = 0; i < c.require.size(); ++i)
            if (!nbtrace::registry().find(c.require[i]))
                r_.fail(R::at(ptr + "/require", i), "'" + c.require[i] + "' is not a trace key");
    }
    if (const json::value* v = R::member(o, "expect"); v && v->is_object()) {
        // {"fail_at": KEY, "why": TEXT}: a known failure of the program under test, pinned
        const json::object& e = r_.object(*v, ptr + "/expect");
        r_.only(e, ptr + "/expect", {"fail_at", "why"});
        if (!e.contains("fail_at") || !e.contains("why"))
            r_.fail(ptr + "/expect", "a pinned failure needs 'fail_at' (a trace key) and 'why'");
        else {
            const std::string key = r_.text(e.at("fail_at"), ptr + "/expect/fail_at");
            if (!nbtrace::registry().find(key))
                r_.fail(ptr + "/expect/fail_at", "'" + key + "' is not a trace key");
            c.expect = std::string(kFailAt) + key;
            c.expect_why = r_.text(e.at("why"), ptr + "/expect/why");
        }
    } else if (v) {
        c.expect = r_.text(*v, ptr + "/expect");
        c.expect_why.clear();
        bool known = c.expect == "pass";
        for (const KnownDivergence& d : all_known_divergences())
            known = known || d.id == c.expect;
        if (!known)
            r_.fail(ptr + "/expect", "'" + c.expect +
                                         "' is neither 'pass' nor an id of "
                                         "harness/known_divergences.json");
    }
    if (const json::value* v = R::member(o, "needs"))
        for (std::size_t i = 0; i < r_.array(*v, ptr + "/needs").size(); ++i) {
            c.needs.push_back(path(v->as_array()[i], R::at(ptr + "/needs", i), c));
            c.files.push_back(c.needs.back());
        }
    if (const json::value* v = R::member(o, "labels"))
        c.labels = r_.texts(*v, ptr + "/labels");
}

void Loader::check_case(const Case& c, const std::string& ptr, const Matrix& m) const {
    if (!c.preset && c.args.empty())
        r_.fail(ptr, "names a 'preset' or nanoBragg 'args'");
    if (!c.inputs.empty() && !c.preset)
        r_.fail(ptr + "/inputs", "'inputs' belong to a preset");
    const bool traces_itself =
        std::find(c.args.begin(), c.args.end(), "-trace_pixel") != c.args.end();
    if (c.pixels.empty() && c.pick.empty() && !c.roi && !traces_itself)
        r_.fail(ptr, "nothing to compare: give 'pixels', 'pick' or 'roi'");
    if (c.roi)
        for (const auto& [slow, fast] : c.pixels)
            if (fast < (*c.roi)[0] || fast > (*c.roi)[1] || slow < (*c.roi)[2] ||
                slow > (*c.roi)[3])
                r_.fail(ptr + "/pixels", "pixel [" + std::to_string(slow) + ", " +
                                             std::to_string(fast) + "] lies outside the roi");
    if (c.tolerance && c.tolerance->class_name && !m.class_named(*c.tolerance->class_name))
        r_.fail(ptr + "/tolerance/class",
                "no tolerance class '" + *c.tolerance->class_name + "' in this matrix");
    if (!c.tolerance || !c.tolerance->class_name)
        for (const std::string& dtype : c.dtypes)
            if (!m.class_for(c.a.label(), c.b.label(), dtype))
                r_.fail(ptr, "no tolerance class for sides " + c.a.label() + " and " + c.b.label() +
                                 " at " + dtype + " (add one to 'tolerance_classes')");
}

Matrix Loader::load(const json::value& root) {
    const json::object& o = r_.object(root, "");
    r_.only(o, "",
            {"format", "schema_version", "name", "description", "tolerance_classes", "defaults",
             "cases"});
    for (const char* required : {"format", "schema_version", "name", "cases"})
        if (!o.contains(required))
            r_.fail("", std::string("missing field '") + required + "'");
    if (r_.text(o.at("format"), "/format") != kFormat)
        r_.fail("/format", std::string("must be \"") + kFormat + "\"");
    if (r_.integer(o.at("schema_version"), "/schema_version", 0, 1 << 20) != kSchemaVersion)
        r_.fail("/schema_version", "this trace_harness reads version 1");
    Matrix m;
    m.name = r_.text(o.at("name"), "/name");
    if (auto bad = nbreport::initiative_name_error(m.name))
        r_.fail("/name", *bad);
    if (const json::value* d = o.if_contains("description"))
        m.description = r_.text(*d, "/description");
    if (const json::value* t = o.if_contains("tolerance_classes")) {
        const json::array& a = r_.array(*t, "/tolerance_classes");
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string at = FieldReader::at("/tolerance_classes", i);
            ToleranceClass tc = tolerance_class(a[i], at);
            if (m.class_named(tc.name))
                r_.fail(at + "/name", "class '" + tc.name + "' is defined twice");
            if (m.class_for(tc.sides.first, tc.sides.second, tc.dtype))
                r_.fail(at, "a second class for the same sides and dtype");
            m.tolerance_classes.push_back(std::move(tc));
        }
    }
    Case defaults;
    defaults.a.name = "reference";
    defaults.b.name = "simulator";
    if (const json::value* d = o.if_contains("defaults")) {
        const json::object& dobj = r_.object(*d, "/defaults");
        r_.only(dobj, "/defaults",
                {"preset", "inputs", "args", "pixels", "pick", "roi", "schedule", "phi_modes",
                 "dtypes", "threads", "sides", "tolerance", "require", "expect", "needs",
                 "labels"});
        case_fields(dobj, "/defaults", defaults);
    }
    const json::array& cases = r_.array(o.at("cases"), "/cases");
    if (cases.empty())
        r_.fail("/cases", "must not be empty");
    std::set<std::string> names;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::string at = FieldReader::at("/cases", i);
        const json::object& co = r_.object(cases[i], at);
        r_.only(co, at,
                {"name", "description", "preset", "inputs", "args", "extra_args", "pixels", "pick",
                 "roi", "schedule", "phi_modes", "dtypes", "threads", "sides", "tolerance",
                 "require", "expect", "needs", "labels"});
        if (!co.contains("name"))
            r_.fail(at, "missing field 'name'");
        Case c = defaults;
        c.name = r_.text(co.at("name"), at + "/name");
        if (auto bad = nbreport::initiative_name_error(c.name))
            r_.fail(at + "/name", *bad);
        if (!names.insert(c.name).second)
            r_.fail(at + "/name", "case '" + c.name + "' is defined twice");
        c.line = r_.line_of(at);
        if (const json::value* d = co.if_contains("description"))
            c.description = r_.text(*d, at + "/description");
        case_fields(co, at, c);
        check_case(c, at, m);
        m.cases.push_back(std::move(c));
    }
    return m;
}

} // namespace

std::string SideSpec::label() const {
    return name;
}

const ToleranceClass* Matrix::class_for(const std::string& a, const std::string& b,
                                        const std::string& dtype) const {
    for (const ToleranceClass& t : tolerance_classes)
        if (t.dtype == dtype && ((t.sides.first == a && t.sides.second == b) ||
                                 (t.sides.first == b && t.sides.second == a)))
            return &t;
    return nullptr;
}

const ToleranceClass* Matrix::class_named(const std::string& name) const {
    for (const ToleranceClass& t : tolerance_classes)
        if (t.name == name)
            return &t;
    return nullptr;
}

Matrix load_matrix(const std::string& path) {
    std::string bytes;
    const LocatedJson doc = read_located_json(path, &bytes);
    Matrix m = Loader(doc, path).load(doc.root);
    m.path = path;
    m.sha256 = nbreport::sha256_hex(bytes);
    return m;
}

} // namespace harness::gate
