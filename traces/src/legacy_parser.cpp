#include "legacy_parser.h"

#include "nbtrace/registry.h"
#include "number_text.h"
#include "record_collector.h"
#include "text_lines.h"
#include "value_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace nbtrace::detail {

namespace {

// A record whose sub-pixel indices wait for the pass grid (oversample, layers), which the C
// prints before the trace but a log may also lack.
struct Pending {
    Record record;
    const KeyInfo* key = nullptr; // nullptr for an unregistered name
    bool side_known = true;       // false: a line of an unknown prefix, side of the file
    bool pixel_centre = false;    // a line of a pixel-centre dialect (Dialect::pixel_centre)
    std::optional<double> agree_rtol;
    int segment = 0; // pixel segment: a TRACE_CONFIG line starts a new one
    int pass = -1;   // pass ordinal within the segment; -1 when the gating has no pass
};

struct Segment {
    int passes = 0;
    std::vector<std::string> pass_locations; // file:line of each pass-start line
    bool implicit = false;                   // passes inferred (no pass-start line seen)
    int last_field = -1;                     // index field of the last implicit-pass line
    std::size_t last_line = 0;               // ... and its line number
};

bool equals_nocase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

long long isqrt(long long n) {
    long long r = std::llround(std::sqrt(static_cast<double>(n)));
    while (r * r > n)
        --r;
    while ((r + 1) * (r + 1) <= n)
        ++r;
    return r;
}

class LegacyParser {
  public:
    LegacyParser(const std::string& name, const ParseOptions& options)
        : reg_(registry()), name_(name), options_(options) {
        segments_.emplace_back();
    }

    TraceFile run(const std::vector<std::string_view>& lines) {
        for (std::string_view line : lines) {
            ++lineno_;
            parse_line(line);
        }
        TraceFile out;
        out.path = name_;
        out.format = TraceFormat::legacy;
        stats_.lines = lines.size();
        decode_passes();
        number_unregistered();
        place_pixel_centre();
        RecordCollector collector;
        for (Pending& p : pending_) {
            if (p.key) {
                p.record.idx = p.key->indices.filter(p.record.idx);
                const std::string error = check_record(p.record);
                if (!error.empty())
                    throw ParseError(p.record.location, error);
            } else {
                ++stats_.unregistered;
            }
            collector.add(std::move(p.record), p.agree_rtol);
        }
        out.records = collector.finish(stats_);
        out.stats = stats_;
        return out;
    }

  private:
    std::string location() const { return name_ + ":" + std::to_string(lineno_); }

    [[noreturn]] void error(const std::string& what) const { throw ParseError(location(), what); }

    void skip(const std::string& category) { ++stats_.skipped[category]; }

    // ---- line dispatch --------------------------------------------------------------------

    void parse_line(std::string_view line) {
        if (is_blank(line))
            return skip("blank");
        const DialectTables& t = reg_.tables();
        for (const DiagnosticPrefix& d : t.diagnostic_prefixes)
            if (starts_with(line, d.prefix))
                return skip("diagnostic");
        if (const Dialect* d = match_dialect(line)) {
            const std::string_view rest = line.substr(d->prefix.size());
            const bool produced =
                parse_dialect_line(*d, d->grammar == Grammar::name_values ? line : rest);
            if (produced)
                ++stats_.record_lines[d->name];
            return;
        }
        if (const std::optional<std::string> name = unknown_dialect(line))
            return void(parse_unknown_dialect(*name, line.substr(name->size())));
        for (const std::string& p : t.trace_prefixes)
            if (starts_with(line, p))
                return void(parse_unknown_dialect(std::string(p), line.substr(p.size())));
        if (parse_stdout_fact(line))
            return;
        for (const SkippedLine& s : t.skipped_lines)
            if (match_pattern(s.pattern, line, nullptr))
                return skip(s.category);
        skip("other_stdout");
    }

    // The dialect with the longest prefix of the line ("TRACE_C_PHI " before "TRACE_C:").
    const Dialect* match_dialect(std::string_view line) const {
        const Dialect* best = nullptr;
        for (const Dialect& d : reg_.tables().dialects)
            if (starts_with(line, d.prefix) && (!best || d.prefix.size() > best->prefix.size()))
                best = &d;
        return best;
    }

    bool parse_dialect_line(const Dialect& d, std::string_view rest) {
        switch (d.grammar) {
        case Grammar::key_equals:
            return parse_key_equals(d, rest);
        case Grammar::key_values:
        case Grammar::name_values:
            return parse_key_values(d, rest, std::nullopt);
        case Grammar::fields:
            return parse_fields(d, rest);
        case Grammar::indexed_key_values:
            return parse_indexed(d, rest);
        case Grammar::trace_config:
            return parse_trace_config(rest);
        }
        return false;
    }

    // ---- grammars --------------------------------------------------------------------------

    // TRACE_C:key=value (set-up lines); a line without '=' is read as "key v v v"
    bool parse_key_equals(const Dialect& d, std::string_view rest) {
        const std::size_t eq = rest.find('=');
        if (eq == std::string_view::npos)
            return parse_key_values(d, rest, std::nullopt);
        const std::string name(trim(rest.substr(0, eq)));
        if (!is_trace_name(name))
            return not_a_value("free_text");
        const std::string_view value = rest.substr(eq + 1);
        bool produced = false;
        if (is_ignored(d, name))
            skip("known_label");
        else
            produced = emit_value(d, name, value, std::nullopt);
        advance_block(d, name);
        return produced;
    }

    // "key v v v" (TRACE_C: per-pixel lines, TRACE_PY:, TRACE_C_SOURCE2:, DETECTOR_* with the
    // prefix kept as part of the name); `field` is the TRACE_PY_SOURCE index.
    bool parse_key_values(const Dialect& d, std::string_view rest, std::optional<int> field) {
        const std::vector<std::string_view> tokens = split_tokens(rest);
        if (tokens.empty())
            return not_a_value("free_text");
        std::string name(tokens.front());
        std::string_view value = rest.substr(rest.find(tokens.front()) + tokens.front().size());
        // "TRACE_PY: key=value" and "TRACE_C: key: v" print a set-up value on a per-pixel prefix
        if (const std::size_t eq = name.find('='); eq != std::string::npos && eq > 0) {
            value = rest.substr(rest.find('=') + 1);
            name.resize(eq);
        } else if (name.size() > 1 && name.back() == ':') {
            name.pop_back();
        }
        if (!is_trace_name(name))
            return not_a_value("free_text");
        if (!d.pass_start.empty() && name == d.pass_start)
            start_pass();
        for (const IndexCheck& c : d.index_checks)
            if (c.name == name) {
                check_index(d, c, split_tokens(value), field);
                skip("index_check");
                return false;
            }
        return emit_value(d, name, value, field);
    }

    // The value text of `name`: plain values or named fields ("rotx:0 roty:0"), each field a
    // record of "name:field" when the registry knows that spelling. Returns whether a record was
    // made.
    bool emit_value(const Dialect& d, const std::string& name, std::string_view value,
                    std::optional<int> field) {
        std::string storage;
        const std::vector<ValueField> fields = split_value_text(value, storage);
        if (fields.empty()) {
            if (find_alias(d, name))
                error("no value for " + name + " (truncated line?)");
            return not_a_value("free_text");
        }
        if (fields.size() == 1 && fields.front().name.empty())
            return emit_tokens(d, name, fields.front().tokens, field);
        bool produced = false;
        for (const ValueField& f : fields) {
            const std::string sub = f.name.empty() ? name : name + ":" + f.name;
            produced = emit_tokens(d, sub, f.tokens, field) || produced;
        }
        return produced;
    }

    // One name with its value tokens: a registered record (numbers, or an enum word), or an
    // unregistered one (numbers only); placeholders and words are counted, not recorded.
    bool emit_tokens(const Dialect& d, const std::string& name,
                     const std::vector<std::string_view>& tokens, std::optional<int> field) {
        if (std::any_of(tokens.begin(), tokens.end(),
                        [&](std::string_view t) { return is_placeholder(t); }))
            return not_a_value("placeholder");
        if (const Alias* a = find_alias(d, name)) {
            if (tokens.empty())
                error("no value for " + name + " (truncated line?)");
            emit(d, *a, values_of(tokens, name, reg_.at(a->key)), name, field);
            return true;
        }
        std::vector<double> values;
        for (std::string_view t : tokens) {
            const std::optional<double> v = parse_double(t);
            if (!v)
                return not_a_value("text_value");
            values.push_back(*v);
        }
        if (values.empty())
            return not_a_value("free_text");
        emit_unregistered(d.name, d.side, d.gating, name, std::move(values));
        return true;
    }

    // "k=v k=v ..." (TRACE_C_PHI, TRACE_PY_PHI, TRACE_PY_ROTSTAR)
    bool parse_fields(const Dialect& d, std::string_view rest) {
        std::vector<std::pair<std::string, std::string_view>> fields;
        std::set<std::string> names;
        for (std::string_view tok : split_tokens(rest)) {
            const std::size_t eq = tok.find('=');
            if (eq == std::string_view::npos || eq == 0)
                error("expected field=value, got " + quote(tok));
            std::string fname(tok.substr(0, eq));
            if (!names.insert(fname).second)
                error("field " + fname + " given twice");
            fields.emplace_back(std::move(fname), tok.substr(eq + 1));
        }
        // a known version of the line must be complete (a truncated line is an error); extra
        // fields of a newer version are kept as unregistered records
        if (!d.field_sets.empty() &&
            std::none_of(d.field_sets.begin(), d.field_sets.end(), [&](const auto& set) {
                const std::set<std::string> want(set.begin(), set.end());
                return std::includes(names.begin(), names.end(), want.begin(), want.end());
            }))
            error("fields of a " + d.name + " line do not match any known version " +
                  "(truncated line?): got " + std::to_string(fields.size()) + " field" +
                  (fields.size() == 1 ? "" : "s"));
        std::optional<int> field;
        if (d.index_field) {
            const auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) {
                return f.first == d.index_field->name;
            });
            if (it == fields.end())
                error(d.name + " line without " + d.index_field->name);
            field = index_value(it->second, it->first);
        }
        // component spellings (S_x S_y S_z) are gathered into one record of their key
        struct Group {
            const Alias* first = nullptr;
            std::vector<std::optional<double>> values;
            std::string written;
        };
        std::map<std::string, Group> groups;
        std::vector<std::string> group_order;
        for (const auto& [fname, text] : fields) {
            if (d.index_field && fname == d.index_field->name)
                continue;
            const Alias* a = find_alias(d, fname);
            if (!a) {
                const std::optional<double> v = parse_double(text);
                if (!v) {
                    not_a_value("text_value");
                    continue;
                }
                emit_unregistered(d.name, d.side, d.gating, fname, {*v}, field);
                continue;
            }
            const KeyInfo& k = reg_.at(a->key);
            if (!a->component) {
                emit(d, *a, {number(text, fname)}, fname, field);
                continue;
            }
            Group& g = groups[a->key];
            if (!g.first) {
                g.first = a;
                g.values.resize(static_cast<std::size_t>(k.arity));
                group_order.push_back(a->key);
            }
            g.values[static_cast<std::size_t>(*a->component)] = number(text, fname);
            g.written += (g.written.empty() ? "" : ",") + fname;
        }
        for (const std::string& key : group_order) {
            Group& g = groups[key];
            std::vector<double> v;
            for (const std::optional<double>& c : g.values) {
                if (!c)
                    error("incomplete components of " + key + ": only " + g.written);
                v.push_back(*c);
            }
            emit(d, *g.first, std::move(v), g.written, field);
        }
        return true;
    }

    // "<i>: key v v v" (TRACE_PY_SOURCE)
    bool parse_indexed(const Dialect& d, std::string_view rest) {
        const std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos)
            error("expected " + d.prefix + "<index>: key value");
        const int index = index_value(rest.substr(0, colon), d.name + " index");
        return parse_key_values(d, rest.substr(colon + 1), index);
    }

    // "TRACE_CONFIG: tracing pixel (spixel=S, fpixel=F)": a new traced pixel
    bool parse_trace_config(std::string_view rest) {
        std::vector<std::string> got;
        if (!match_pattern(" tracing pixel (spixel=%d, fpixel=%d)", rest, &got))
            error("expected 'TRACE_CONFIG: tracing pixel (spixel=S, fpixel=F)', got " +
                  quote(rest));
        const int s = index_value(got[0], "spixel");
        const int f = index_value(got[1], "fpixel");
        pixel_ = Pixel{s, f};
        segments_.emplace_back();
        current_pass_ = -1;
        block_.clear();
        skip("pixel_marker");
        return false;
    }

    // ---- the C program's ordinary stdout --------------------------------------------------

    bool parse_stdout_fact(std::string_view line) {
        for (const StdoutFact& f : reg_.tables().stdout_facts) {
            std::vector<std::string> got;
            if (!match_pattern(f.pattern, line, &got))
                continue;
            for (const auto& [key, value] : f.records)
                emit_fact(f, key, {value});
            std::map<std::string, std::vector<double>> multi;
            for (std::size_t i = 0; i < f.captures.size(); ++i) {
                if (!f.captures[i])
                    continue;
                const Capture& c = *f.captures[i];
                const KeyInfo& k = reg_.at(c.key);
                const double v = k.labels.empty() ? number(got[i], f.name) : label(k, got[i], true);
                if (!c.component) {
                    emit_fact(f, c.key, {v});
                    continue;
                }
                std::vector<double>& m = multi[c.key];
                m.resize(static_cast<std::size_t>(k.arity), std::nan(""));
                m[static_cast<std::size_t>(*c.component)] = v;
            }
            for (auto& [key, values] : multi)
                emit_fact(f, key, std::move(values));
            if (!f.enter_block.empty())
                block_ = f.enter_block;
            ++stats_.record_lines["STDOUT"];
            return true;
        }
        return false;
    }

    void emit_fact(const StdoutFact& f, const std::string& key, std::vector<double> values) {
        const KeyInfo& k = reg_.at(key);
        Pending p;
        p.key = &k;
        p.record.side = Side::reference;
        p.side_known = false; // a stdout line belongs to the file's side (C or port)
        p.record.stage = k.stage;
        p.record.key = k.key;
        p.record.units = k.units;
        p.record.values = std::move(values);
        p.record.source_key = "STDOUT/" + f.name;
        p.record.location = location();
        p.segment = static_cast<int>(segments_.size()) - 1;
        pending_.push_back(std::move(p));
    }

    // ---- values ----------------------------------------------------------------------------

    double number(std::string_view text, const std::string& what) const {
        const std::optional<double> v = parse_double(text);
        if (!v)
            error("non-numeric value " + quote(text) + " for " + what);
        return *v;
    }

    int index_value(std::string_view text, const std::string& what) const {
        const double v = number(text, what);
        if (v != std::floor(v) || v < 0 || v > static_cast<double>(kMaxTraceIndex))
            error(what + " must be a non-negative integer, got " + quote(text));
        return static_cast<int>(v);
    }

    double label(const KeyInfo& k, std::string_view word, bool any_case) const {
        for (const auto& [l, v] : k.labels) {
            const bool same = l.size() == word.size() &&
                              std::equal(l.begin(), l.end(), word.begin(), [&](char a, char b) {
                                  return any_case ? std::tolower(static_cast<unsigned char>(a)) ==
                                                        std::tolower(static_cast<unsigned char>(b))
                                                  : a == b;
                              });
            if (same)
                return v;
        }
        std::string known;
        for (const auto& [l, v] : k.labels)
            known += (known.empty() ? "" : " ") + l;
        error("unknown label " + quote(word) + " for " + k.key + " (known: " + known + ")");
    }

    // Numbers, or a single enum word for a key with labels.
    std::vector<double> values_of(const std::vector<std::string_view>& tokens,
                                  const std::string& name, const KeyInfo& k) const {
        if (tokens.size() == 1 && !k.labels.empty() && !parse_double(tokens.front())) {
            // the port prints its enums as "DetectorConvention.MOSFLM" or "mosflm"
            std::string_view word = tokens.front();
            if (const std::size_t dot = word.rfind('.'); dot != std::string_view::npos)
                word.remove_prefix(dot + 1);
            return {label(k, word, true)};
        }
        std::vector<double> out;
        out.reserve(tokens.size());
        for (std::string_view t : tokens)
            out.push_back(number(t, name));
        return out;
    }

    // ---- records ---------------------------------------------------------------------------

    // The registered spelling of `name` in `d`, or nullptr (an unregistered name; an error under
    // --strict).
    const Alias* find_alias(const Dialect& d, const std::string& name) const {
        const Alias* a = reg_.find_alias(d.name, name, block_);
        if (!a && !d.aliases_from.empty())
            a = reg_.find_alias(d.aliases_from, name, d.aliases_block);
        if (!a && options_.strict)
            error("unknown key " + quote(name) + " in " + d.name +
                  (block_.empty() ? "" : " (block " + block_ + ")") + " (--strict)");
        return a;
    }

    bool not_a_value(const std::string& reason) {
        skip(reason);
        return false;
    }

    bool is_placeholder(std::string_view token) const {
        const std::vector<std::string>& p = reg_.tables().placeholders;
        return std::any_of(p.begin(), p.end(),
                           [&](const std::string& w) { return equals_nocase(w, token); });
    }

    static std::string_view trim(std::string_view s) {
        const std::size_t b = s.find_first_not_of(" \t");
        if (b == std::string_view::npos)
            return {};
        const std::size_t e = s.find_last_not_of(" \t");
        return s.substr(b, e - b + 1);
    }

    // ---- names the registry does not know --------------------------------------------------

    // "TRACE_ROTATE:" or "TRACE_C_HKL_BOUNDS " (a probe's own prefix): the dialect name.
    std::optional<std::string> unknown_dialect(std::string_view line) const {
        const std::string& p = reg_.tables().unknown_dialect_prefix;
        if (p.empty() || !starts_with(line, p))
            return std::nullopt;
        std::size_t i = p.size();
        while (i < line.size() &&
               (std::isupper(static_cast<unsigned char>(line[i])) ||
                std::isdigit(static_cast<unsigned char>(line[i])) || line[i] == '_'))
            ++i;
        if (i == p.size() || i >= line.size() || (line[i] != ':' && line[i] != ' '))
            return std::nullopt;
        return std::string(line.substr(0, i));
    }

    // A line of a dialect the registry does not know: "key v", "key=v" or "k=v k=v" pairs, each a
    // value of an unregistered name. Its side is the side of the prefix (TRACE_C..., TRACE_PY...)
    // or, for another prefix, of the file's registered dialects (decided at the end).
    bool parse_unknown_dialect(const std::string& dialect, std::string_view rest) {
        if (options_.strict)
            error("line of a dialect the registry does not know: " + quote(dialect) +
                  " (--strict)");
        if (!rest.empty() && rest.front() == ':')
            rest.remove_prefix(1);
        const std::vector<std::string_view> tokens = split_tokens(rest);
        const bool pairs = !tokens.empty() && std::all_of(tokens.begin(), tokens.end(), [](auto t) {
            const std::size_t eq = t.find('=');
            return eq != std::string_view::npos && eq > 0 && eq + 1 < t.size();
        });
        std::optional<Side> side;
        if (starts_with(dialect, "TRACE_C"))
            side = Side::reference;
        else if (starts_with(dialect, "TRACE_PY"))
            side = Side::simulator;
        bool produced = false;
        const auto put = [&](const std::string& name, std::string_view value) {
            std::string storage;
            std::vector<double> values;
            for (const ValueField& f : split_value_text(value, storage)) {
                if (!f.name.empty())
                    return not_a_value("text_value");
                for (std::string_view t : f.tokens) {
                    if (is_placeholder(t))
                        return not_a_value("placeholder");
                    const std::optional<double> v = parse_double(t);
                    if (!v)
                        return not_a_value("text_value");
                    values.push_back(*v);
                }
            }
            if (values.empty() || !is_trace_name(name))
                return not_a_value("free_text");
            emit_unregistered(dialect, side, "c_pixel", name, std::move(values));
            produced = true;
            return true;
        };
        if (pairs) {
            for (std::string_view t : tokens)
                put(std::string(t.substr(0, t.find('='))), t.substr(t.find('=') + 1));
        } else if (tokens.empty()) {
            return not_a_value("free_text");
        } else {
            std::string name(tokens.front());
            std::string_view value = rest.substr(rest.find(tokens.front()) + tokens.front().size());
            if (const std::size_t eq = name.find('='); eq != std::string::npos && eq > 0) {
                value = rest.substr(rest.find('=') + 1);
                name.resize(eq);
            } else if (name.size() > 1 && name.back() == ':') {
                name.pop_back();
            }
            put(name, value);
        }
        if (produced)
            ++stats_.record_lines[dialect];
        return produced;
    }

    // An unregistered record: its literal name, the pixel when the dialect's lines belong to one,
    // no other index (the registry does not say which loop iteration it is).
    void emit_unregistered(const std::string& dialect, std::optional<Side> side,
                           const std::string& gating, const std::string& name,
                           std::vector<double> values, std::optional<int> field = std::nullopt) {
        if (options_.strict)
            error("unknown key " + quote(name) + " in " + dialect + " (--strict)");
        Pending p;
        p.record.side = side.value_or(Side::reference);
        p.side_known = side.has_value();
        p.record.stage = Stage::unregistered;
        p.record.key = name;
        p.record.values = std::move(values);
        p.record.source_key = dialect + "/" + name;
        p.record.location = location();
        p.segment = static_cast<int>(segments_.size()) - 1;
        const Gating* g = reg_.gating(gating);
        if (g && g->pixel.kind == IndexSource::Kind::trace_pixel) {
            if (const std::optional<Pixel> px = traced_pixel()) {
                p.record.idx.pixel_slow = px->slow;
                p.record.idx.pixel_fast = px->fast;
            }
        }
        // the TRACE_PY_SOURCE number or phi_tic of a field line still says which iteration
        if (field) {
            const Dialect* d = reg_.dialect(dialect);
            if (d && d->index_field && d->index_field->index == "phi")
                p.record.idx.phi = field;
            else if (d && d->index_field && d->index_field->index == "source")
                p.record.idx.source = field;
        }
        pending_.push_back(std::move(p));
    }

    // The same unregistered name printed again with another value at the same indices is its
    // next occurrence, "name#2", ... (identical repeats collapse); the side of a record of an
    // unknown prefix is the file's side.
    void number_unregistered() {
        std::map<Side, std::size_t> sides;
        for (const Pending& p : pending_)
            if (p.key && p.side_known)
                ++sides[p.record.side];
        const Side file_side =
            sides[Side::simulator] > sides[Side::reference] ? Side::simulator : Side::reference;
        std::map<std::pair<std::string, Indices>, std::vector<std::vector<double>>> seen;
        for (Pending& p : pending_) {
            if (!p.side_known)
                p.record.side = file_side;
            if (p.key)
                continue;
            auto& values = seen[{p.record.key, p.record.idx}];
            std::size_t n = 0;
            while (n < values.size() && !identical_values(values[n], p.record.values))
                ++n;
            if (n == values.size())
                values.push_back(p.record.values);
            if (n > 0)
                p.record.key += "#" + std::to_string(n + 1);
        }
    }

    bool is_ignored(const Dialect& d, const std::string& name) const {
        return std::any_of(d.ignored.begin(), d.ignored.end(), [&](const IgnoredName& i) {
            return i.name == name &&
                   (i.block.empty() || i.block == block_ || (i.block == "none" && block_.empty()));
        });
    }

    void advance_block(const Dialect& d, const std::string& name) {
        for (const Block& b : d.blocks)
            if (b.name == block_ && b.leave_after == name) {
                block_.clear();
                return;
            }
        for (const Block& b : d.blocks)
            if (!b.enter_after.empty() && b.enter_after == name) {
                block_ = b.name;
                return;
            }
    }

    void start_pass() {
        Segment& s = segments_.back();
        current_pass_ = s.passes++;
        s.pass_locations.push_back(location());
    }

    void check_index(const Dialect& d, const IndexCheck& c,
                     const std::vector<std::string_view>& tokens, std::optional<int> field) const {
        if (c.index == "pixel") {
            if (tokens.size() != 2)
                error(c.name + " takes slow and fast");
            const int s = index_value(tokens[0], c.name);
            const int f = index_value(tokens[1], c.name);
            if (pixel_ && *pixel_ != Pixel{s, f})
                error(c.name + " " + std::to_string(s) + " " + std::to_string(f) +
                      " is not the traced pixel");
            return;
        }
        if (tokens.size() != 1)
            error(c.name + " takes one value");
        const int got = index_value(tokens[0], c.name);
        const Gating& g = *reg_.gating(d.gating);
        const int want =
            g.source.kind == IndexSource::Kind::field ? field.value_or(-1) : g.source.value;
        if (got != want)
            error(c.name + " " + std::to_string(got) + " contradicts the " + d.name +
                  " gating (source " + std::to_string(want) + ")");
    }

    // The pixel of the current TRACE_CONFIG segment, else the caller's (ParseOptions::pixel).
    std::optional<Pixel> traced_pixel() const { return pixel_ ? pixel_ : options_.pixel; }

    Indices indices_of(const Gating& g, std::optional<int> field, int* pass) {
        using K = IndexSource::Kind;
        Indices idx;
        if (g.pixel.kind == K::trace_pixel) {
            if (const std::optional<Pixel> px = traced_pixel()) {
                idx.pixel_slow = px->slow;
                idx.pixel_fast = px->fast;
            }
        }
        if (g.pass.kind == K::current_pass) {
            Segment& seg = segments_.back();
            // a log without the pass-start line (only TRACE_C_PHI lines, a cut head): passes are
            // inferred, a new one each time the phi index starts again
            if ((current_pass_ < 0 || seg.implicit) && seg.last_line != lineno_) {
                const int f = field.value_or(-1);
                if (current_pass_ < 0 || (f >= 0 && f <= seg.last_field)) {
                    seg.implicit = true;
                    start_pass();
                    ++stats_.implicit_passes;
                }
                if (f >= 0)
                    seg.last_field = f;
                seg.last_line = lineno_;
            }
            *pass = current_pass_;
        }
        const auto put = [&](const IndexSource& s, std::optional<int>& out, const char* name) {
            if (s.kind == K::fixed)
                out = s.value;
            else if (s.kind == K::field) {
                if (!field)
                    error(std::string("no index field for ") + name);
                out = *field;
            }
        };
        put(g.layer, idx.layer, "layer");
        put(g.sub_s, idx.sub_s, "sub_s");
        put(g.sub_f, idx.sub_f, "sub_f");
        put(g.source, idx.source, "source");
        put(g.phi, idx.phi, "phi");
        put(g.mosaic, idx.mosaic, "mosaic");
        return idx;
    }

    void emit(const Dialect& d, const Alias& a, std::vector<double> written,
              const std::string& written_name, std::optional<int> field) {
        const KeyInfo& k = reg_.at(a.key);
        if (static_cast<int>(written.size()) != k.arity)
            error(written_name + " takes " + std::to_string(k.arity) + " value" +
                  (k.arity == 1 ? "" : "s") + ", got " + std::to_string(written.size()) +
                  " (truncated line?)");
        for (double& v : written) {
            // a non-finite value is what the program printed (inf for a zero wavelength): kept
            // and compared as such
            if (a.scale != 1)
                v *= a.scale;
            if (k.integer && std::isfinite(v) && v != std::floor(v))
                error(written_name + " takes integers, got " + format_g15(v));
        }
        Pending p;
        p.key = &k;
        if (a.agree_rtol)
            p.agree_rtol = std::max(*a.agree_rtol, options_.min_agree_rtol);
        p.segment = static_cast<int>(segments_.size()) - 1;
        const Gating* g = reg_.gating(a.gating.empty() ? d.gating : a.gating);
        p.record.idx = indices_of(*g, field, &p.pass);
        p.pixel_centre = d.pixel_centre;
        p.record.side = d.side;
        p.record.stage = k.stage;
        p.record.key = k.key;
        p.record.units = k.units;
        p.record.values = std::move(written);
        p.record.origin = a.origin;
        if (written_name != k.key)
            p.record.source_key = d.name + "/" + written_name;
        p.record.location = location();
        pending_.push_back(std::move(p));
    }

    // ---- passes ------------------------------------------------------------------------------

    // The port prints the pixel centre: with oversample > 1 (its "TRACE: Oversample = N" line)
    // that is no sub-pixel of the C program, so its lines keep no layer or sub-pixel index.
    void place_pixel_centre() {
        const std::optional<long long> os = config_count("oversample", kMaxOversample);
        if (!os || *os <= 1)
            return;
        for (Pending& p : pending_)
            if (p.pixel_centre) {
                p.record.idx.layer.reset();
                p.record.idx.sub_s.reset();
                p.record.idx.sub_f.reset();
            }
    }

    // Pass ordinal -> (layer, subS, subF) in C loop order: for layer, for subS, for subF. Counts
    // come from the log's stdout lines and are range-checked (64-bit products, kMax* limits).
    void decode_passes() {
        const std::optional<long long> known_os = config_count("oversample", kMaxOversample);
        const std::optional<long long> known_layers =
            config_count("detector_thicksteps", kMaxPassesPerPixel);
        for (std::size_t s = 0; s < segments_.size(); ++s) {
            const Segment& seg = segments_[s];
            if (seg.passes == 0)
                continue;
            long long os = known_os.value_or(0);
            long long layers = known_layers.value_or(0);
            if (os <= 0) {
                // no "  NxN pixel oversample steps" line: the passes must form a square grid
                const long long per_layer = seg.passes / std::max(layers, 1LL);
                os = isqrt(per_layer);
                if (os * os * std::max(layers, 1LL) != seg.passes)
                    throw ParseError(seg.pass_locations.front(),
                                     "cannot tell the sub-pixel grid of " +
                                         std::to_string(seg.passes) +
                                         " passes: keep the C stdout line '  NxN pixel "
                                         "oversample steps' in the log");
            }
            if (layers <= 0)
                layers = (seg.passes + os * os - 1) / (os * os);
            const long long capacity = os * os * layers;
            if (capacity > kMaxPassesPerPixel)
                throw ParseError(seg.pass_locations.front(),
                                 std::to_string(os) + "x" + std::to_string(os) + " sub-pixels x " +
                                     std::to_string(layers) + " layers is more than " +
                                     std::to_string(kMaxPassesPerPixel) + " passes per pixel");
            if (seg.passes > capacity)
                throw ParseError(seg.pass_locations[static_cast<std::size_t>(capacity)],
                                 "pass " + std::to_string(capacity + 1) + " of the pixel exceeds " +
                                     std::to_string(os) + "x" + std::to_string(os) +
                                     " sub-pixels x " + std::to_string(layers) + " layers");
            for (Pending& p : pending_) {
                if (p.segment != static_cast<int>(s) || p.pass < 0)
                    continue;
                p.record.idx.layer = static_cast<int>(p.pass / (os * os));
                p.record.idx.sub_s = static_cast<int>((p.pass / os) % os);
                p.record.idx.sub_f = static_cast<int>(p.pass % os);
            }
        }
    }

    // A count the log states on a stdout line, checked against `limit` (file:line of that line).
    std::optional<long long> config_count(const std::string& key, long long limit) const {
        for (const Pending& p : pending_)
            if (p.record.key == key && p.key && p.record.values.size() == 1) {
                const double v = p.record.values.front();
                if (!(v >= 1 && v <= static_cast<double>(limit)))
                    throw ParseError(p.record.location, key + " " + format_g15(v) +
                                                            " is out of range (1.." +
                                                            std::to_string(limit) + ")");
                return static_cast<long long>(v);
            }
        return std::nullopt;
    }

    const Registry& reg_;
    const std::string& name_;
    const ParseOptions& options_;
    std::size_t lineno_ = 0;
    std::string block_;          // current TRACE_C_SETUP block, empty outside
    std::optional<Pixel> pixel_; // of the current TRACE_CONFIG segment
    std::vector<Segment> segments_;
    int current_pass_ = -1;
    std::vector<Pending> pending_;
    ParseStats stats_;
};

} // namespace

TraceFile parse_legacy(const std::vector<std::string_view>& lines, const std::string& name,
                       const ParseOptions& options) {
    return LegacyParser(name, options).run(lines);
}

} // namespace nbtrace::detail
