#include "nbdiag/self_consistency.h"

#include "self_consistency_lookup.h"

#include "nbtrace/registry.h"

#include <cmath>
#include <map>
#include <optional>

namespace nbdiag {

namespace detail {

namespace {
const std::vector<const nbtrace::Record*> kNone;
}

SideRecords::SideRecords(const std::vector<nbtrace::Record>& records) {
    for (const nbtrace::Record& r : records)
        if (r.origin == nbtrace::Origin::production && r.stage != nbtrace::Stage::unregistered)
            by_key_[r.key].push_back(&r);
}

const std::vector<const nbtrace::Record*>& SideRecords::all(std::string_view key) const {
    const auto it = by_key_.find(key);
    return it == by_key_.end() ? kNone : it->second;
}

const nbtrace::Record* SideRecords::at(std::string_view key, const nbtrace::Indices& idx) const {
    const nbtrace::KeyInfo* info = nbtrace::registry().find(key);
    if (!info)
        return nullptr;
    const nbtrace::Indices want = info->indices.filter(idx);
    for (const nbtrace::Record* r : all(key))
        if (r->idx == want)
            return r;
    return nullptr;
}

const nbtrace::Record* SideRecords::once(std::string_view key) const {
    const std::vector<const nbtrace::Record*>& rs = all(key);
    for (const nbtrace::Record* r : rs) {
        const nbtrace::Indices& i = r->idx;
        if (!i.layer && !i.sub_s && !i.source && !i.phi && !i.mosaic)
            return r;
    }
    return rs.size() == 1 ? rs.front() : nullptr;
}

std::optional<double> SideRecords::scalar(std::string_view key) const {
    const nbtrace::Record* r = once(key);
    if (!r || r->values.empty())
        return std::nullopt;
    return r->values[0];
}

CheckResult judged(std::string check, std::string key, const nbtrace::Indices& idx, double computed,
                   double printed, double tolerance, std::string why) {
    CheckResult c;
    c.check = std::move(check);
    c.key = std::move(key);
    c.idx = idx;
    c.computed = computed;
    c.printed = printed;
    c.error = std::fabs(computed - printed);
    c.tolerance = tolerance;
    c.tolerance_why = std::move(why);
    // Equal values agree whatever the tolerance (the same inf; a NaN tolerance from a NaN
    // input). A NaN agrees only with a NaN: the side printed what its own values give, and the
    // note says so; a NaN against a number fails.
    const bool both_nan = std::isnan(computed) && std::isnan(printed);
    if (computed == printed || both_nan) {
        c.error = 0;
        c.verdict = CheckVerdict::pass;
        if (both_nan || !std::isfinite(printed))
            c.note = "non-finite on both: the printed value is what the side's own inputs give";
    } else {
        c.verdict = c.error <= tolerance ? CheckVerdict::pass : CheckVerdict::fail;
    }
    return c;
}

CheckResult not_applicable(std::string check, std::string key, const nbtrace::Indices& idx,
                           std::string reason) {
    CheckResult c;
    c.check = std::move(check);
    c.key = std::move(key);
    c.idx = idx;
    c.verdict = CheckVerdict::not_applicable;
    c.note = std::move(reason);
    return c;
}

double sincg(double x, double n) {
    return x == 0 ? n : std::sin(n * x) / std::sin(x);
}

} // namespace detail

std::string to_string(CheckVerdict v) {
    switch (v) {
    case CheckVerdict::pass:
        return "PASS";
    case CheckVerdict::fail:
        return "FAIL";
    case CheckVerdict::not_applicable:
        return "n/a";
    }
    return "?";
}

double CheckResult::rel_error() const {
    return printed != 0 ? error / std::fabs(printed) : error;
}

CheckOptions float32_check_options() {
    CheckOptions o;
    o.print_epsilon = 6e-8;
    o.precision_why = "a float32 side: each value carries float32 rounding (2^-24 = 6e-8)";
    return o;
}

bool SelfConsistency::suspect() const {
    return count(CheckVerdict::fail) > 0 || !findings.empty();
}

std::set<std::string> SelfConsistency::suspect_keys() const {
    std::set<std::string> keys;
    for (const CheckResult& c : results)
        if (c.verdict == CheckVerdict::fail) {
            keys.insert(c.key);
            keys.insert(c.inputs.begin(), c.inputs.end());
        }
    for (const Finding& f : findings)
        keys.insert(f.key);
    return keys;
}

std::size_t SelfConsistency::count(CheckVerdict v) const {
    std::size_t n = 0;
    for (const CheckResult& c : results)
        n += c.verdict == v;
    return n;
}

SelfConsistency check_side(const std::vector<nbtrace::Record>& records, const SideFacts& facts,
                           const CheckOptions& options) {
    // one pixel: the first record's pixel (records without a pixel belong to every pixel)
    std::optional<nbtrace::Pixel> pixel = options.pixel;
    for (const nbtrace::Record& r : records)
        if (!pixel && r.idx.pixel_slow && r.idx.pixel_fast) {
            pixel = nbtrace::Pixel{*r.idx.pixel_slow, *r.idx.pixel_fast};
            break;
        }
    std::vector<nbtrace::Record> mine;
    mine.reserve(records.size());
    for (const nbtrace::Record& r : records)
        if (!pixel || !r.idx.pixel_slow ||
            (*r.idx.pixel_slow == pixel->slow && *r.idx.pixel_fast == pixel->fast))
            mine.push_back(r);
    const detail::SideRecords side(mine);
    SelfConsistency out;
    detail::check_lattice(side, facts, options, out);
    detail::check_scaling(side, facts, options, out);
    // the other printed values each check rests on (a failure may lie in any of them)
    static const std::map<std::string, std::vector<std::string>> inputs = {
        {"miller_index", {"a_rot", "b_rot", "c_rot", "scattering_vector"}},
        {"k_frac", {"hkl_frac"}},
        {"f_latt_axis", {"hkl_frac", "k_frac"}},
        {"f_latt", {"F_latt_a", "F_latt_b", "F_latt_c", "hkl_frac"}},
        {"steps", {"sources", "mosaic_domains", "phisteps", "oversample"}},
        {"i_contribution", {"F_cell", "F_latt"}},
        {"i_before_scaling", {"F_cell", "F_latt", "I_contribution", "I_bg"}},
        {"i_pixel_final",
         {"I_before_scaling", "r_e_sqr", "fluence", "steps", "capture_fraction", "polar",
          "omega_pixel"}},
        {"post_polar", {"I_before_scaling", "polar"}},
        {"image_cell", {"I_pixel_final"}}};
    const double f32 = float32_check_options().print_epsilon;
    for (CheckResult& c : out.results) {
        if (const auto it = inputs.find(c.check); it != inputs.end())
            c.inputs = it->second;
        // a failure that the same bound at float32 rounding would pass: say so (a float32 side,
        // or one float32 step), without passing it
        if (c.verdict == CheckVerdict::fail && options.print_epsilon < f32 &&
            c.error <= c.tolerance * (f32 / options.print_epsilon))
            c.note += std::string(c.note.empty() ? "" : "; ") +
                      "within the same bound at float32 rounding (eps 6e-8): a float32 side or "
                      "a float32 step";
    }
    return out;
}

} // namespace nbdiag
