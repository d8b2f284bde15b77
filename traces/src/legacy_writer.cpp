#include "nbtrace/legacy_writer.h"

#include "nbtrace/derive.h"
#include "nbtrace/pixel.h"
#include "nbtrace/registry.h"
#include "number_text.h"

#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace nbtrace {

namespace {

using MaybePixel = std::optional<Pixel>; // nullopt: records that name no pixel
using Pass = std::tuple<int, int, int>;  // layer, sub_s, sub_f

// Loop position a line is written for; a gating turns it into the indices of the value.
struct Context {
    MaybePixel pixel;
    Pass pass{0, 0, 0};
    std::optional<int> field; // phi_tic or the TRACE_PY_SOURCE number
};

class Writer {
  public:
    Writer(std::ostream& out, const std::vector<Record>& records)
        : reg_(registry()), out_(out), records_(records) {
        for (const Record& r : records)
            index_.emplace(std::make_pair(r.key, r.idx), &r);
    }

    WriteReport finish() {
        for (const Record& r : records_)
            if (!used_.count(&r))
                report_.unwritten.insert(r.key);
        return report_;
    }

    // The values written under `name` of dialect `d` at `c`, or nullopt when unknown.
    std::optional<std::vector<double>> value(const Dialect& d, const std::string& name,
                                             const Context& c) {
        const Alias* a = reg_.find_alias(d.name, name);
        if (!a)
            return std::nullopt;
        const KeyInfo& k = reg_.at(a->key);
        const Gating& g = *reg_.gating(a->gating.empty() ? d.gating : a->gating);
        const Indices idx = k.indices.filter(indices_of(g, c));
        std::optional<Record> r;
        const auto it = index_.find({k.key, idx});
        if (it != index_.end()) {
            used_.insert(it->second);
            r = *it->second;
        } else {
            r = find_or_project(records_, k.key, idx);
            if (r && k.component_of)
                mark_used(k.component_of->of, idx);
        }
        if (!r)
            return std::nullopt;
        std::vector<double> v;
        if (a->component)
            v.push_back(r->values.at(static_cast<std::size_t>(*a->component)) / a->scale);
        else
            for (double x : r->values)
                v.push_back(x / a->scale);
        return v;
    }

    // "<prefix><name> v v v"
    void key_line(const Dialect& d, const std::string& prefix, const std::string& name,
                  const Context& c) {
        const std::optional<std::vector<double>> v = value(d, name, c);
        if (!v)
            return;
        out_ << prefix << name;
        for (double x : *v)
            out_ << ' ' << detail::format_g15(x);
        out_ << '\n';
        ++report_.lines;
    }

    // "<prefix>field=v field=v ..." with the first complete field set of the dialect
    // (the last set first: TRACE_PY_PHI v2 when every v2 field is known).
    void fields_line(const Dialect& d, const Context& c) {
        for (auto set = d.field_sets.rbegin(); set != d.field_sets.rend(); ++set) {
            std::string line = d.prefix;
            bool complete = true;
            for (const std::string& f : *set) {
                if (d.index_field && f == d.index_field->name) {
                    line += f + "=" + std::to_string(c.field.value_or(0)) + " ";
                    continue;
                }
                const std::optional<std::vector<double>> v = value(d, f, c);
                if (!v) {
                    complete = false;
                    break;
                }
                line += f + "=" + detail::format_g15(v->front()) + " ";
            }
            if (complete) {
                line.pop_back();
                out_ << line << '\n';
                ++report_.lines;
                return;
            }
        }
    }

    std::set<MaybePixel> pixels() const {
        std::set<MaybePixel> out;
        for (const Record& r : records_)
            if (r.idx.pixel_slow)
                out.insert(Pixel{*r.idx.pixel_slow, *r.idx.pixel_fast});
        if (out.empty())
            out.insert(std::nullopt);
        return out;
    }

    std::set<Pass> passes(const MaybePixel& p) const {
        std::set<Pass> out;
        for (const Record& r : records_)
            if (same_pixel(r, p) && r.idx.layer && r.idx.sub_s)
                out.insert({*r.idx.layer, *r.idx.sub_s, *r.idx.sub_f});
        return out;
    }

    // phi steps with a record at this pixel and pass (or pixel-free, like phi_angle)
    std::set<int> phis(const MaybePixel& p, const std::optional<Pass>& pass) const {
        std::set<int> out;
        for (const Record& r : records_) {
            if (!r.idx.phi || (r.idx.pixel_slow && !same_pixel(r, p)))
                continue;
            if (pass && r.idx.layer && Pass{*r.idx.layer, *r.idx.sub_s, *r.idx.sub_f} != *pass)
                continue;
            out.insert(*r.idx.phi);
        }
        return out;
    }

    std::set<int> sources(const MaybePixel& p) const {
        std::set<int> out;
        for (const Record& r : records_)
            if (r.idx.source && (!r.idx.pixel_slow || same_pixel(r, p)))
                out.insert(*r.idx.source);
        return out;
    }

    std::optional<double> config(const std::string& key) {
        const auto it = index_.find({key, Indices{}});
        if (it == index_.end())
            return std::nullopt;
        used_.insert(it->second);
        return it->second->values.front();
    }

    std::ostream& out() { return out_; }
    WriteReport& report() { return report_; }

  private:
    static bool same_pixel(const Record& r, const MaybePixel& p) {
        if (!p)
            return !r.idx.pixel_slow;
        return r.idx.pixel_slow == p->slow && r.idx.pixel_fast == p->fast;
    }

    static Indices indices_of(const Gating& g, const Context& c) {
        using K = IndexSource::Kind;
        Indices idx;
        if (g.pixel.kind == K::trace_pixel && c.pixel) {
            idx.pixel_slow = c.pixel->slow;
            idx.pixel_fast = c.pixel->fast;
        }
        if (g.pass.kind == K::current_pass) {
            idx.layer = std::get<0>(c.pass);
            idx.sub_s = std::get<1>(c.pass);
            idx.sub_f = std::get<2>(c.pass);
        }
        const auto put = [&](const IndexSource& s, std::optional<int>& out) {
            if (s.kind == K::fixed)
                out = s.value;
            else if (s.kind == K::field)
                out = c.field;
        };
        put(g.layer, idx.layer);
        put(g.sub_s, idx.sub_s);
        put(g.sub_f, idx.sub_f);
        put(g.source, idx.source);
        put(g.phi, idx.phi);
        put(g.mosaic, idx.mosaic);
        return idx;
    }

    void mark_used(const std::string& key, const Indices& idx) {
        const auto it = index_.find({key, idx});
        if (it != index_.end())
            used_.insert(it->second);
    }

    const Registry& reg_;
    std::ostream& out_;
    const std::vector<Record>& records_;
    std::map<std::pair<std::string, Indices>, const Record*> index_;
    std::set<const Record*> used_;
    WriteReport report_;
};

const std::vector<std::string>& emit(const Dialect& d, const std::string& block) {
    static const std::vector<std::string> kNone;
    const auto it = d.emit.find(block);
    return it == d.emit.end() ? kNone : it->second;
}

void index_check_line(Writer& w, const std::string& prefix, const std::string& name, int value) {
    w.out() << prefix << name << ' ' << value << '\n';
    ++w.report().lines;
}

} // namespace

WriteReport write_trace_c(std::ostream& out, const std::vector<Record>& records) {
    const Registry& reg = registry();
    const Dialect& c = *reg.dialect("TRACE_C");
    const Dialect& phi = *reg.dialect("TRACE_C_PHI");
    const Dialect& src2 = *reg.dialect("TRACE_C_SOURCE2");
    const Dialect& det = *reg.dialect("DETECTOR");
    Writer w(out, records);
    for (const std::string& n : emit(det, "setup"))
        w.key_line(det, "", n, {});
    // the pass grid, as the C program states it (the parser decodes passes with it)
    if (const std::optional<double> os = w.config("oversample")) {
        out << "  " << *os << "x" << *os << " pixel oversample steps\n";
        ++w.report().lines;
    }
    for (const MaybePixel& p : w.pixels()) {
        if (p) {
            out << "TRACE_CONFIG: tracing pixel (spixel=" << p->slow << ", fpixel=" << p->fast
                << ")\n";
            ++w.report().lines;
        }
        for (const Pass& pass : w.passes(p)) {
            Context ctx{p, pass, std::nullopt};
            for (const std::string& n : emit(c, "pass"))
                w.key_line(c, c.prefix, n, ctx);
            std::set<int> steps = w.phis(p, pass);
            steps.insert(0);
            for (int step : steps) {
                if (step == 0)
                    for (const std::string& n : emit(c, "lattice"))
                        w.key_line(c, c.prefix, n, ctx);
                w.fields_line(phi, Context{p, pass, step});
                if (step == 0)
                    for (const std::string& n : emit(c, "structure_factor"))
                        w.key_line(c, c.prefix, n, ctx);
            }
            if (w.value(src2, "F_cell", ctx) || w.value(src2, "F_latt", ctx))
                for (const std::string& n : emit(src2, "source2")) {
                    if (n == "source_index")
                        index_check_line(w, src2.prefix, n, 2);
                    else
                        w.key_line(src2, src2.prefix, n, ctx);
                }
        }
        for (const std::string& n : emit(c, "final"))
            w.key_line(c, c.prefix, n, Context{p, {0, 0, 0}, std::nullopt});
    }
    return w.finish();
}

WriteReport write_trace_py(std::ostream& out, const std::vector<Record>& records) {
    const Registry& reg = registry();
    const Dialect& py = *reg.dialect("TRACE_PY");
    const Dialect& phi = *reg.dialect("TRACE_PY_PHI");
    const Dialect& rot = *reg.dialect("TRACE_PY_ROTSTAR");
    const Dialect& src = *reg.dialect("TRACE_PY_SOURCE");
    Writer w(out, records);
    for (const MaybePixel& p : w.pixels()) {
        const Context ctx{p, {0, 0, 0}, std::nullopt};
        for (const char* block : {"pass", "lattice", "final"})
            for (const std::string& n : emit(py, block))
                w.key_line(py, py.prefix, n, ctx);
        for (int s : w.sources(p)) {
            const Context sc{p, {0, 0, 0}, s};
            if (!w.value(src, "source_direction", sc) &&
                !w.value(src, "I_contribution_pre_polar", sc))
                continue;
            const std::string prefix = src.prefix + std::to_string(s) + ": ";
            for (const std::string& n : emit(src, "source")) {
                if (n == "source_index")
                    index_check_line(w, prefix, n, s);
                else
                    w.key_line(src, prefix, n, sc);
            }
        }
        for (int step : w.phis(p, Pass{0, 0, 0}))
            w.fields_line(phi, Context{p, {0, 0, 0}, step});
        for (int step : w.phis(p, Pass{0, 0, 0}))
            w.fields_line(rot, Context{p, {0, 0, 0}, step});
    }
    return w.finish();
}

} // namespace nbtrace
