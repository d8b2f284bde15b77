#include "legacy_parser.h"

#include "nbtrace/registry.h"
#include "number_text.h"
#include "record_collector.h"
#include "text_lines.h"

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
    const KeyInfo* key = nullptr;
    std::optional<double> agree_rtol;
    int segment = 0; // pixel segment: a TRACE_CONFIG line starts a new one
    int pass = -1;   // pass ordinal within the segment; -1 when the gating has no pass
};

struct Segment {
    int passes = 0;
    std::vector<std::string> pass_locations; // file:line of each pass-start line
};

bool is_identifier(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

int isqrt(int n) {
    int r = static_cast<int>(std::lround(std::sqrt(static_cast<double>(n))));
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
        RecordCollector collector;
        for (Pending& p : pending_) {
            p.record.idx = p.key->indices.filter(p.record.idx);
            const std::string error = check_record(p.record);
            if (!error.empty())
                throw ParseError(p.record.location, error);
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
        for (const std::string& p : t.trace_prefixes)
            if (starts_with(line, p))
                error("unrecognised trace line " + quote(line) +
                      ": no dialect of the registry starts like this");
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

    // TRACE_C:key=value (set-up lines)
    bool parse_key_equals(const Dialect& d, std::string_view rest) {
        const std::size_t eq = rest.find('=');
        if (eq == std::string_view::npos)
            error("expected " + d.prefix + "key=value, got " + quote(rest));
        const std::string name(rest.substr(0, eq));
        if (!is_identifier(name))
            error("bad key name " + quote(name));
        std::string_view value = rest.substr(eq + 1);
        bool produced = false;
        if (is_ignored(d, name)) {
            skip("known_label");
        } else if (!value.empty() && value.front() == '[') {
            produced = parse_matrix(d, name, value);
        } else {
            const std::vector<std::string_view> tokens = split_tokens(value);
            if (tokens.empty())
                error("no value for " + name);
            if (tokens.front().find(':') != std::string_view::npos &&
                !parse_double(tokens.front())) {
                for (std::string_view tok : tokens) {
                    const std::size_t colon = tok.find(':');
                    if (colon == std::string_view::npos || colon == 0)
                        error("expected field:value in " + name + ", got " + quote(tok));
                    const std::string sub = name + ":" + std::string(tok.substr(0, colon));
                    const Alias* a = find_alias(d, sub);
                    emit(d, *a, {number(tok.substr(colon + 1), sub)}, sub, std::nullopt);
                }
            } else {
                const Alias* a = find_alias(d, name);
                emit(d, *a, values_of(tokens, name, reg_.at(a->key)), name, std::nullopt);
            }
            produced = true;
        }
        advance_block(d, name);
        return produced;
    }

    // "[a b c; d e f; g h i]" -> 9 values, row-major
    bool parse_matrix(const Dialect& d, const std::string& name, std::string_view value) {
        if (value.back() != ']')
            error("unterminated matrix for " + name + ": " + quote(value));
        std::string inner(value.substr(1, value.size() - 2));
        std::replace(inner.begin(), inner.end(), ';', ' ');
        const Alias* a = find_alias(d, name);
        emit(d, *a, values_of(split_tokens(inner), name, reg_.at(a->key)), name, std::nullopt);
        return true;
    }

    // "key v v v" (TRACE_C: per-pixel lines, TRACE_PY:, TRACE_C_SOURCE2:, DETECTOR_* with the
    // prefix kept as part of the name); `field` is the TRACE_PY_SOURCE index.
    bool parse_key_values(const Dialect& d, std::string_view rest, std::optional<int> field) {
        const std::vector<std::string_view> tokens = split_tokens(rest);
        if (tokens.empty())
            error("no key after " + quote(d.prefix));
        const std::string name(tokens.front());
        if (!is_identifier(name))
            error("bad key name " + quote(name));
        const std::vector<std::string_view> value_tokens(tokens.begin() + 1, tokens.end());
        if (value_tokens.empty())
            error("no value for " + name);
        if (!d.pass_start.empty() && name == d.pass_start)
            start_pass();
        for (const IndexCheck& c : d.index_checks)
            if (c.name == name) {
                check_index(d, c, value_tokens, field);
                skip("index_check");
                return false;
            }
        const Alias* a = find_alias(d, name);
        emit(d, *a, values_of(value_tokens, name, reg_.at(a->key)), name, field);
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
        if (!d.field_sets.empty() &&
            std::none_of(d.field_sets.begin(), d.field_sets.end(), [&](const auto& set) {
                return std::set<std::string>(set.begin(), set.end()) == names;
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
        pixel_ = std::make_pair(s, f);
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
        if (v != std::floor(v) || v < 0 || v > 1e9)
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
        if (tokens.size() == 1 && !k.labels.empty() && !parse_double(tokens.front()))
            return {label(k, tokens.front(), false)};
        std::vector<double> out;
        out.reserve(tokens.size());
        for (std::string_view t : tokens)
            out.push_back(number(t, name));
        return out;
    }

    // ---- records ---------------------------------------------------------------------------

    const Alias* find_alias(const Dialect& d, const std::string& name) const {
        const Alias* a = reg_.find_alias(d.name, name, block_);
        if (!a)
            error("unknown key " + quote(name) + " in " + d.name +
                  (block_.empty() ? "" : " (block " + block_ + ")"));
        return a;
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
            if (pixel_ && (pixel_->first != s || pixel_->second != f))
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

    Indices indices_of(const Gating& g, std::optional<int> field, int* pass) const {
        using K = IndexSource::Kind;
        Indices idx;
        if (g.pixel.kind == K::trace_pixel) {
            const std::optional<std::pair<int, int>> px = pixel_ ? pixel_ : options_.pixel;
            if (px) {
                idx.pixel_slow = px->first;
                idx.pixel_fast = px->second;
            }
        }
        if (g.pass.kind == K::current_pass) {
            if (current_pass_ < 0)
                error("per-pass line before the first pass-start line of its pixel");
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
            if (!std::isfinite(v) && !k.allow_nonfinite)
                error("non-finite value for " + written_name +
                      ": the registry allows NaN/inf only for intensities");
            if (a.scale != 1)
                v *= a.scale;
            if (k.integer && std::isfinite(v) && v != std::floor(v))
                error(written_name + " takes integers, got " + format_g15(v));
        }
        Pending p;
        p.key = &k;
        p.agree_rtol = a.agree_rtol;
        p.segment = static_cast<int>(segments_.size()) - 1;
        const Gating* g = reg_.gating(a.gating.empty() ? d.gating : a.gating);
        p.record.idx = indices_of(*g, field, &p.pass);
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

    std::optional<int> config_value(const std::string& key) const {
        for (const Pending& p : pending_)
            if (p.record.key == key && p.record.values.size() == 1)
                return static_cast<int>(p.record.values.front());
        return std::nullopt;
    }

    // Pass ordinal -> (layer, subS, subF) in C loop order: for layer, for subS, for subF.
    void decode_passes() {
        const std::optional<int> known_os = config_value("oversample");
        const std::optional<int> known_layers = config_value("detector_thicksteps");
        for (std::size_t s = 0; s < segments_.size(); ++s) {
            const Segment& seg = segments_[s];
            if (seg.passes == 0)
                continue;
            int os = known_os.value_or(0);
            int layers = known_layers.value_or(0);
            if (os <= 0) {
                // no "  NxN pixel oversample steps" line: the passes must form a square grid
                const int per_layer = seg.passes / std::max(layers, 1);
                os = isqrt(per_layer);
                if (os * os * std::max(layers, 1) != seg.passes)
                    throw ParseError(seg.pass_locations.front(),
                                     "cannot tell the sub-pixel grid of " +
                                         std::to_string(seg.passes) +
                                         " passes: keep the C stdout line '  NxN pixel "
                                         "oversample steps' in the log");
            }
            if (layers <= 0)
                layers = (seg.passes + os * os - 1) / (os * os);
            const int capacity = os * os * layers;
            if (seg.passes > capacity)
                throw ParseError(seg.pass_locations[static_cast<std::size_t>(capacity)],
                                 "pass " + std::to_string(capacity + 1) + " of the pixel exceeds " +
                                     std::to_string(os) + "x" + std::to_string(os) +
                                     " sub-pixels x " + std::to_string(layers) + " layers");
            for (Pending& p : pending_) {
                if (p.segment != static_cast<int>(s) || p.pass < 0)
                    continue;
                p.record.idx.layer = p.pass / (os * os);
                p.record.idx.sub_s = (p.pass / os) % os;
                p.record.idx.sub_f = p.pass % os;
            }
        }
    }

    const Registry& reg_;
    const std::string& name_;
    const ParseOptions& options_;
    std::size_t lineno_ = 0;
    std::string block_; // current TRACE_C_SETUP block, empty outside
    std::optional<std::pair<int, int>> pixel_;
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
