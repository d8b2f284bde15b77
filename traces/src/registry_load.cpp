// Loading keys.json and dialects.json into a Registry, and the cross-checks that keep the two files
// consistent (every alias names a known dialect, block and gating; every gating used by a key
// provides the indices the key requires; ...). A failed check is a RegistryError naming the entry.
#include "nbtrace/registry.h"

#include "exact_json.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace nbtrace {

namespace {

namespace json = boost::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw RegistryError("registry: " + where + ": " + what);
}

const json::object& as_object(const json::value& v, const std::string& where) {
    if (!v.is_object())
        fail(where, "expected an object");
    return v.get_object();
}

const json::array& as_array(const json::value& v, const std::string& where) {
    if (!v.is_array())
        fail(where, "expected an array");
    return v.get_array();
}

const json::value* member(const json::object& o, std::string_view name) {
    const auto it = o.find(name);
    return it == o.end() ? nullptr : &it->value();
}

std::string get_string(const json::object& o, std::string_view name, const std::string& where,
                       bool required = true) {
    const json::value* v = member(o, name);
    if (!v) {
        if (required)
            fail(where, "missing \"" + std::string(name) + "\"");
        return {};
    }
    if (!v->is_string())
        fail(where, "\"" + std::string(name) + "\" must be a string");
    return std::string(v->get_string());
}

double to_number(const json::value& v, const std::string& where) {
    if (v.is_double())
        return v.get_double();
    if (v.is_int64())
        return static_cast<double>(v.get_int64());
    if (v.is_uint64())
        return static_cast<double>(v.get_uint64());
    fail(where, "expected a number");
}

std::optional<double> get_number(const json::object& o, std::string_view name,
                                 const std::string& where) {
    const json::value* v = member(o, name);
    if (!v)
        return std::nullopt;
    return to_number(*v, where + "." + std::string(name));
}

std::optional<int> get_int(const json::object& o, std::string_view name, const std::string& where) {
    const std::optional<double> d = get_number(o, name, where);
    if (!d)
        return std::nullopt;
    if (*d != std::floor(*d) || std::abs(*d) > 1e9)
        fail(where, "\"" + std::string(name) + "\" must be an integer");
    return static_cast<int>(*d);
}

std::vector<std::string> get_strings(const json::object& o, std::string_view name,
                                     const std::string& where) {
    std::vector<std::string> out;
    const json::value* v = member(o, name);
    if (!v)
        return out;
    for (const json::value& e : as_array(*v, where + "." + std::string(name))) {
        if (!e.is_string())
            fail(where, "\"" + std::string(name) + "\" must hold strings");
        out.emplace_back(e.get_string());
    }
    return out;
}

json::value parse_document(std::string_view text, const std::string& file) {
    std::string error;
    json::value doc = detail::parse_json_exact(text, &error);
    if (!error.empty())
        fail(file, "not valid JSON: " + error);
    if (!doc.is_object())
        fail(file, "top level must be an object");
    const std::optional<int> version = get_int(doc.get_object(), "schema_version", file);
    if (!version || *version != 1)
        fail(file, "schema_version must be 1");
    return doc;
}

// "pixel", "pass?", ... -> IndexSignature
IndexSignature parse_signature(const std::vector<std::string>& names, const std::string& where) {
    IndexSignature sig;
    for (std::string n : names) {
        Presence p = Presence::required;
        if (!n.empty() && n.back() == '?') {
            p = Presence::optional;
            n.pop_back();
        }
        if (n == "pixel")
            sig.pixel = p;
        else if (n == "layer")
            sig.layer = p;
        else if (n == "sub")
            sig.sub = p;
        else if (n == "pass")
            sig.layer = sig.sub = p;
        else if (n == "source")
            sig.source = p;
        else if (n == "phi")
            sig.phi = p;
        else if (n == "mosaic")
            sig.mosaic = p;
        else
            fail(where, "unknown index \"" + n + "\" in indices");
    }
    return sig;
}

IndexSource parse_index_source(const json::value& v, const std::string& where) {
    IndexSource s;
    if (v.is_string()) {
        const std::string_view t = v.get_string();
        if (t == "trace")
            s.kind = IndexSource::Kind::trace_pixel;
        else if (t == "current")
            s.kind = IndexSource::Kind::current_pass;
        else if (t == "field")
            s.kind = IndexSource::Kind::field;
        else
            fail(where, "index source must be \"trace\", \"current\", \"field\" or a number");
        return s;
    }
    const double d = to_number(v, where);
    if (d != std::floor(d) || d < 0)
        fail(where, "a fixed index must be a non-negative integer");
    s.kind = IndexSource::Kind::fixed;
    s.value = static_cast<int>(d);
    return s;
}

Gating parse_gating(const std::string& name, const json::object& o) {
    const std::string where = "dialects.json gatings." + name;
    Gating g;
    g.name = name;
    for (const auto& kv : o) {
        const std::string k(kv.key());
        IndexSource s = parse_index_source(kv.value(), where + "." + k);
        if (k == "pixel" && s.kind == IndexSource::Kind::trace_pixel)
            g.pixel = s;
        else if (k == "pass" && s.kind == IndexSource::Kind::current_pass)
            g.pass = s;
        else if (k == "layer" && s.kind == IndexSource::Kind::fixed)
            g.layer = s;
        else if (k == "sub_s" && s.kind == IndexSource::Kind::fixed)
            g.sub_s = s;
        else if (k == "sub_f" && s.kind == IndexSource::Kind::fixed)
            g.sub_f = s;
        else if (k == "source" && s.kind != IndexSource::Kind::trace_pixel &&
                 s.kind != IndexSource::Kind::current_pass)
            g.source = s;
        else if (k == "phi" && s.kind != IndexSource::Kind::trace_pixel &&
                 s.kind != IndexSource::Kind::current_pass)
            g.phi = s;
        else if (k == "mosaic" && s.kind == IndexSource::Kind::fixed)
            g.mosaic = s;
        else
            fail(where, "index \"" + k + "\" cannot take that source");
    }
    return g;
}

std::optional<Grammar> grammar_from_string(std::string_view s) {
    if (s == "key_equals")
        return Grammar::key_equals;
    if (s == "key_values")
        return Grammar::key_values;
    if (s == "name_values")
        return Grammar::name_values;
    if (s == "fields")
        return Grammar::fields;
    if (s == "indexed_key_values")
        return Grammar::indexed_key_values;
    if (s == "trace_config")
        return Grammar::trace_config;
    return std::nullopt;
}

Dialect parse_dialect(const json::object& o, std::size_t i) {
    const std::string where0 = "dialects.json dialects[" + std::to_string(i) + "]";
    Dialect d;
    d.name = get_string(o, "name", where0);
    const std::string where = "dialects.json dialect " + d.name;
    const std::optional<Side> side = side_from_string(get_string(o, "side", where));
    if (!side)
        fail(where, "side must be reference or simulator");
    d.side = *side;
    const std::optional<Grammar> grammar = grammar_from_string(get_string(o, "grammar", where));
    if (!grammar)
        fail(where, "unknown grammar");
    d.grammar = *grammar;
    d.prefix = get_string(o, "prefix", where);
    d.gating = get_string(o, "gating", where, false);
    d.about = get_string(o, "about", where, false);
    d.pass_start = get_string(o, "pass_start", where, false);
    if (const json::value* v = member(o, "blocks")) {
        for (const json::value& b : as_array(*v, where + ".blocks")) {
            const json::object& bo = as_object(b, where + ".blocks");
            Block blk;
            blk.name = get_string(bo, "name", where + ".blocks");
            blk.enter_on_stdout = get_string(bo, "enter_on_stdout", where, false);
            blk.enter_after = get_string(bo, "enter_after", where, false);
            blk.leave_after = get_string(bo, "leave_after", where, false);
            d.blocks.push_back(std::move(blk));
        }
    }
    if (const json::value* v = member(o, "ignored"))
        for (const json::value& e : as_array(*v, where + ".ignored")) {
            const json::object& eo = as_object(e, where + ".ignored");
            d.ignored.push_back({get_string(eo, "name", where + ".ignored"),
                                 get_string(eo, "block", where, false),
                                 get_string(eo, "why", where + ".ignored")});
        }
    if (const json::value* v = member(o, "index_checks"))
        for (const json::value& e : as_array(*v, where + ".index_checks")) {
            const json::object& eo = as_object(e, where + ".index_checks");
            IndexCheck c{get_string(eo, "name", where), get_string(eo, "index", where)};
            if (c.index != "source" && c.index != "pixel")
                fail(where, "index_checks index must be source or pixel");
            d.index_checks.push_back(std::move(c));
        }
    if (const json::value* v = member(o, "index_field")) {
        const json::object& eo = as_object(*v, where + ".index_field");
        d.index_field = IndexField{get_string(eo, "name", where), get_string(eo, "index", where)};
        if (d.index_field->index != "phi" && d.index_field->index != "source")
            fail(where, "index_field index must be phi or source");
    }
    if (const json::value* v = member(o, "field_sets"))
        for (const json::value& e : as_array(*v, where + ".field_sets")) {
            std::vector<std::string> set;
            for (const json::value& f : as_array(e, where + ".field_sets")) {
                if (!f.is_string())
                    fail(where, "field_sets must hold names");
                set.emplace_back(f.get_string());
            }
            d.field_sets.push_back(std::move(set));
        }
    d.aliases_from = get_string(o, "aliases_from", where, false);
    d.aliases_block = get_string(o, "aliases_block", where, false);
    if (const json::value* v = member(o, "pixel_centre"))
        d.pixel_centre = v->is_bool() && v->get_bool();
    if (const json::value* v = member(o, "emit"))
        for (const auto& kv : as_object(*v, where + ".emit"))
            d.emit[std::string(kv.key())] =
                get_strings(as_object(*v, where), kv.key(), where + ".emit");
    return d;
}

StdoutFact parse_fact(const json::object& o, const std::string& where) {
    StdoutFact f;
    f.name = get_string(o, "name", where);
    f.pattern = get_string(o, "pattern", where);
    f.enter_block = get_string(o, "enter_block", where, false);
    if (const json::value* v = member(o, "records"))
        for (const json::value& e : as_array(*v, where + ".records")) {
            const json::object& eo = as_object(e, where + ".records");
            const std::optional<double> value = get_number(eo, "value", where);
            if (!value)
                fail(where, "records need a value");
            f.records.emplace_back(get_string(eo, "key", where), *value);
        }
    if (const json::value* v = member(o, "captures"))
        for (const json::value& e : as_array(*v, where + ".captures")) {
            if (e.is_null()) {
                f.captures.emplace_back();
                continue;
            }
            const json::object& eo = as_object(e, where + ".captures");
            f.captures.push_back(
                Capture{get_string(eo, "key", where), get_int(eo, "component", where)});
        }
    return f;
}

std::size_t count_conversions(std::string_view pattern) {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < pattern.size(); ++i)
        if (pattern[i] == '%') {
            const char c = pattern[i + 1];
            if (c == 'd' || c == 'g' || c == 'w')
                ++n;
            ++i;
        }
    return n;
}

} // namespace

// Builds a Registry in two passes: parse both files, then index and cross-check.
class RegistryLoader {
  public:
    static Registry load(std::string_view keys_json, std::string_view dialects_json) {
        Registry r;
        load_dialects(r, dialects_json);
        load_keys(r, keys_json);
        index_aliases(r);
        cross_check(r);
        return r;
    }

  private:
    static void load_dialects(Registry& r, std::string_view text) {
        const json::value doc = parse_document(text, "dialects.json");
        const json::object& top = doc.get_object();
        const json::value* g = member(top, "gatings");
        if (!g)
            fail("dialects.json", "missing \"gatings\"");
        for (const auto& kv : as_object(*g, "dialects.json gatings"))
            r.tables_.gatings[std::string(kv.key())] =
                parse_gating(std::string(kv.key()), as_object(kv.value(), "dialects.json gatings"));
        const json::value* ds = member(top, "dialects");
        if (!ds)
            fail("dialects.json", "missing \"dialects\"");
        std::size_t i = 0;
        for (const json::value& d : as_array(*ds, "dialects.json dialects"))
            r.tables_.dialects.push_back(parse_dialect(as_object(d, "dialects.json"), i++));
        r.tables_.trace_prefixes = get_strings(top, "trace_prefixes", "dialects.json");
        r.tables_.unknown_dialect_prefix =
            get_string(top, "unknown_dialect_prefix", "dialects.json", false);
        if (member(top, "placeholders"))
            r.tables_.placeholders = get_strings(top, "placeholders", "dialects.json");
        if (const json::value* v = member(top, "diagnostic_prefixes"))
            for (const json::value& e : as_array(*v, "dialects.json diagnostic_prefixes")) {
                const json::object& eo = as_object(e, "dialects.json diagnostic_prefixes");
                r.tables_.diagnostic_prefixes.push_back(
                    {get_string(eo, "prefix", "diagnostic_prefixes"),
                     get_string(eo, "why", "diagnostic_prefixes")});
            }
        if (const json::value* v = member(top, "skipped_lines"))
            for (const json::value& e : as_array(*v, "dialects.json skipped_lines")) {
                const json::object& eo = as_object(e, "dialects.json skipped_lines");
                r.tables_.skipped_lines.push_back({get_string(eo, "category", "skipped_lines"),
                                                   get_string(eo, "pattern", "skipped_lines")});
            }
        if (const json::value* v = member(top, "stdout_facts"))
            for (const json::value& e : as_array(*v, "dialects.json stdout_facts"))
                r.tables_.stdout_facts.push_back(
                    parse_fact(as_object(e, "stdout_facts"), "dialects.json stdout_facts"));
    }

    static void load_tolerances(Registry& r, const json::object& top) {
        const json::value* v = member(top, "tolerance_classes");
        if (!v)
            fail("keys.json", "missing \"tolerance_classes\"");
        for (const json::value& e : as_array(*v, "keys.json tolerance_classes")) {
            const json::object& o = as_object(e, "keys.json tolerance_classes");
            ToleranceClass t;
            t.name = get_string(o, "name", "keys.json tolerance_classes");
            const std::string where = "keys.json tolerance class " + t.name;
            const std::optional<double> atol = get_number(o, "atol", where);
            if (!atol || !(*atol >= 0))
                fail(where, "atol must be a number >= 0");
            t.atol = *atol;
            t.rtol = get_number(o, "rtol", where);
            if (t.rtol && !(*t.rtol >= 0))
                fail(where, "rtol must be >= 0");
            t.scale = get_number(o, "scale", where);
            if (t.scale && !(*t.scale > 0))
                fail(where, "scale must be > 0");
            t.why = get_string(o, "why", where);
            if (r.tolerance_class(t.name))
                fail(where, "defined twice");
            r.tolerance_classes_.push_back(std::move(t));
        }
    }

    static Alias parse_alias(const json::object& o, const KeyInfo& k, const std::string& where) {
        Alias a;
        a.dialect = get_string(o, "dialect", where);
        a.name = get_string(o, "name", where);
        a.key = k.key;
        const std::string w = where + " alias " + a.dialect + "/" + a.name;
        if (const std::optional<double> s = get_number(o, "scale", w)) {
            if (!std::isfinite(*s) || *s == 0)
                fail(w, "scale must be finite and non-zero");
            a.scale = *s;
        }
        a.component = get_int(o, "component", w);
        if (a.component && (*a.component < 0 || *a.component >= k.arity))
            fail(w, "component out of range of the key's arity");
        a.block = get_string(o, "block", w, false);
        a.gating = get_string(o, "gating", w, false);
        a.agree_rtol = get_number(o, "agree_rtol", w);
        const std::string origin = get_string(o, "origin", w, false);
        if (!origin.empty()) {
            const std::optional<Origin> og = origin_from_string(origin);
            if (!og)
                fail(w, "origin must be production or derived");
            a.origin = *og;
        }
        a.note = get_string(o, "note", w, false);
        return a;
    }

    static KeyInfo parse_key(const Registry& r, const json::object& o, std::size_t i) {
        KeyInfo k;
        k.key = get_string(o, "key", "keys.json keys[" + std::to_string(i) + "]");
        const std::string where = "keys.json key " + k.key;
        const std::optional<Stage> stage = stage_from_string(get_string(o, "stage", where));
        if (!stage)
            fail(where, "unknown stage");
        k.stage = *stage;
        k.units = get_string(o, "units", where);
        const std::optional<int> arity = get_int(o, "arity", where);
        if (!arity || *arity < 1 || *arity > 9)
            fail(where, "arity must be 1..9");
        k.arity = *arity;
        k.tolerance = get_string(o, "tolerance", where);
        if (!r.tolerance_class(k.tolerance))
            fail(where, "unknown tolerance class " + k.tolerance);
        k.indices = parse_signature(get_strings(o, "indices", where), where);
        k.description = get_string(o, "description", where);
        if (const json::value* v = member(o, "integer"))
            k.integer = v->is_bool() && v->get_bool();
        if (member(o, "invariant"))
            for (const std::string& inv : get_strings(o, "invariant", where)) {
                if (inv == "pixel")
                    k.invariant_pixel = true;
                else if (inv == "pass")
                    k.invariant_pass = true;
                else
                    fail(where, "invariant takes pixel and pass, not " + inv);
            }
        if (const json::value* v = member(o, "vector")) {
            k.vector = v->is_bool() && v->get_bool();
            if (k.vector && k.arity != 3)
                fail(where, "vector keys have arity 3");
        }
        if (const json::value* v = member(o, "labels")) {
            for (const auto& kv : as_object(*v, where + ".labels")) {
                const double d = to_number(kv.value(), where + ".labels");
                k.labels.emplace_back(std::string(kv.key()), static_cast<int>(d));
            }
            if (k.arity != 1 || !k.integer)
                fail(where, "labels need arity 1 and integer");
        }
        if (const json::value* v = member(o, "component_of")) {
            const json::object& co = as_object(*v, where + ".component_of");
            const std::optional<int> c = get_int(co, "component", where);
            if (!c || k.arity != 1)
                fail(where, "component_of needs a component and arity 1");
            k.component_of = ComponentOf{get_string(co, "key", where), *c};
        }
        if (const json::value* v = member(o, "aliases"))
            for (const json::value& e : as_array(*v, where + ".aliases"))
                k.aliases.push_back(parse_alias(as_object(e, where + ".aliases"), k, where));
        return k;
    }

    static void load_keys(Registry& r, std::string_view text) {
        const json::value doc = parse_document(text, "keys.json");
        const json::object& top = doc.get_object();
        load_tolerances(r, top);
        const json::value* ks = member(top, "keys");
        if (!ks)
            fail("keys.json", "missing \"keys\"");
        std::size_t i = 0;
        for (const json::value& e : as_array(*ks, "keys.json keys"))
            r.keys_.push_back(parse_key(r, as_object(e, "keys.json keys"), i++));
        // Report order: pipeline stage first, then the order of keys.json within the stage.
        std::stable_sort(r.keys_.begin(), r.keys_.end(), [](const KeyInfo& a, const KeyInfo& b) {
            return static_cast<int>(a.stage) < static_cast<int>(b.stage);
        });
        for (std::size_t n = 0; n < r.keys_.size(); ++n) {
            r.keys_[n].order = static_cast<int>(n);
            if (!r.key_index_.emplace(r.keys_[n].key, n).second)
                fail("keys.json key " + r.keys_[n].key, "defined twice");
        }
        if (const json::value* v = member(top, "coverage"))
            for (const json::value& e : as_array(*v, "keys.json coverage")) {
                const json::object& o = as_object(e, "keys.json coverage");
                const std::string name = get_string(o, "name", "keys.json coverage");
                std::vector<std::string> keys = get_strings(o, "keys", "keys.json coverage");
                for (const std::string& k : keys)
                    if (!r.find(k))
                        fail("keys.json coverage " + name, "unknown key " + k);
                r.coverage_.emplace_back(name, std::move(keys));
            }
        if (member(top, "run_shape_keys")) {
            r.run_shape_keys_ = get_strings(top, "run_shape_keys", "keys.json");
            for (const std::string& k : r.run_shape_keys_)
                if (!r.find(k))
                    fail("keys.json run_shape_keys", "unknown key " + k);
        }
    }

    static void index_aliases(Registry& r) {
        for (std::size_t ki = 0; ki < r.keys_.size(); ++ki)
            for (std::size_t ai = 0; ai < r.keys_[ki].aliases.size(); ++ai) {
                const Alias& a = r.keys_[ki].aliases[ai];
                const std::string id = a.dialect + "|" + a.name + "|" + a.block;
                // S_x/S_y/S_z: several component aliases of one key are fine, one name twice is not
                if (!r.alias_index_.emplace(id, std::make_pair(ki, ai)).second)
                    fail("keys.json alias " + a.dialect + "/" + a.name,
                         "spelled for two keys (or twice) in the same block");
            }
    }

    static void check_gating_covers(const KeyInfo& k, const Alias& a, const Gating& g) {
        const std::string where = "keys.json key " + k.key + " alias " + a.dialect + "/" + a.name;
        using K = IndexSource::Kind;
        const bool layer = g.pass.kind != K::none || g.layer.kind != K::none;
        const bool sub = g.pass.kind != K::none || g.sub_s.kind != K::none;
        const IndexSignature& s = k.indices;
        const auto need = [&](Presence p, bool have, const char* name) {
            if (p == Presence::required && !have)
                fail(where,
                     std::string("gating ") + g.name + " does not provide required index " + name);
        };
        need(s.layer, layer, "layer");
        need(s.sub, sub, "sub");
        need(s.source, g.source.kind != K::none, "source");
        need(s.phi, g.phi.kind != K::none, "phi");
        need(s.mosaic, g.mosaic.kind != K::none, "mosaic");
    }

    static void cross_check(const Registry& r) {
        std::set<std::string> dialect_names;
        for (const Dialect& d : r.tables_.dialects) {
            if (!dialect_names.insert(d.name).second)
                fail("dialects.json dialect " + d.name, "defined twice");
            if (!d.gating.empty() && !r.gating(d.gating))
                fail("dialects.json dialect " + d.name, "unknown gating " + d.gating);
            for (const auto& [block, names] : d.emit)
                for (const std::string& n : names) {
                    const bool check =
                        std::any_of(d.index_checks.begin(), d.index_checks.end(),
                                    [&](const IndexCheck& c) { return c.name == n; });
                    if (!check && !r.find_alias(d.name, n))
                        fail("dialects.json dialect " + d.name + " emit." + block,
                             "name " + n + " has no alias");
                }
        }
        for (const KeyInfo& k : r.keys_) {
            if (k.component_of) {
                const KeyInfo* parent = r.find(k.component_of->of);
                if (!parent || k.component_of->component >= parent->arity ||
                    parent->units != k.units)
                    fail("keys.json key " + k.key, "component_of must name a key of the same "
                                                   "units with that component");
            }
            for (const Alias& a : k.aliases) {
                const Dialect* d = r.dialect(a.dialect);
                const std::string where = "keys.json key " + k.key + " alias " + a.dialect;
                if (!d)
                    fail(where, "unknown dialect");
                const std::string gname = a.gating.empty() ? d->gating : a.gating;
                const Gating* g = r.gating(gname);
                if (!g)
                    fail(where, "unknown gating " + gname);
                check_gating_covers(k, a, *g);
                if (!a.block.empty() &&
                    std::none_of(d->blocks.begin(), d->blocks.end(),
                                 [&](const Block& b) { return b.name == a.block; }))
                    fail(where, "unknown block " + a.block);
                if (a.component && d->grammar != Grammar::fields)
                    fail(where, "component aliases need the fields grammar");
            }
        }
        for (const StdoutFact& f : r.tables_.stdout_facts) {
            const std::string where = "dialects.json stdout_facts " + f.name;
            if (!f.enter_block.empty() &&
                std::none_of(
                    r.tables_.dialects.begin(), r.tables_.dialects.end(), [&](const Dialect& d) {
                        return std::any_of(d.blocks.begin(), d.blocks.end(),
                                           [&](const Block& b) { return b.name == f.enter_block; });
                    }))
                fail(where, "unknown block " + f.enter_block);
            if (f.captures.size() != count_conversions(f.pattern))
                fail(where, "one capture (or null) per %d/%g/%w conversion");
            for (const auto& [key, value] : f.records)
                if (!r.find(key))
                    fail(where, "unknown key " + key);
            for (const std::optional<Capture>& c : f.captures)
                if (c) {
                    const KeyInfo* k = r.find(c->key);
                    if (!k)
                        fail(where, "unknown key " + c->key);
                    if ((k->arity > 1) != c->component.has_value())
                        fail(where, "a capture of a multi-value key needs a component");
                }
        }
    }
};

Registry Registry::from_json(std::string_view keys_json, std::string_view dialects_json) {
    return RegistryLoader::load(keys_json, dialects_json);
}

} // namespace nbtrace
