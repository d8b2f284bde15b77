// The accumulated intensity, the final scaling and the image cell recomputed from the side's own
// printed terms (nanobragg_model.md 6.8-6.10; the last-value rules of c_reference_behaviour.md
// 2.2: a factor whose -oversample_* switch is on multiplied the running sum instead).
#include "self_consistency_lookup.h"

#include <cmath>
#include <sstream>

namespace nbdiag::detail {

namespace {

bool flag_on(const SideRecords& r, const char* key, std::vector<std::string>& assumed) {
    const std::optional<double> v = r.scalar(key);
    if (!v)
        assumed.push_back(key);
    return v && *v != 0;
}

std::string assumed_note(const std::vector<std::string>& assumed) {
    if (assumed.empty())
        return {};
    std::string s = "not printed, taken as off (the default):";
    for (const std::string& a : assumed)
        s += " " + a;
    return s;
}

nbtrace::Indices pixel_index(const SideRecords& r) {
    for (const char* key : {"I_pixel_final", "I_before_scaling", "steps"})
        if (const nbtrace::Record* p = r.once(key))
            return p->idx;
    return {};
}

// steps = sources * mosaic domains * phi steps * oversample^2 (layers not counted), when the side
// printed every count.
void check_steps(const SideRecords& r, SelfConsistency& out) {
    const nbtrace::Record* steps = r.once("steps");
    if (!steps)
        return;
    const std::optional<double> sources = r.scalar("sources");
    const std::optional<double> domains = r.scalar("mosaic_domains");
    const std::optional<double> phis = r.scalar("phisteps");
    const std::optional<double> os = r.scalar("oversample");
    if (!sources || !domains || !phis || !os) {
        out.results.push_back(not_applicable(
            "steps", "steps", steps->idx,
            "the side did not print every count (sources, mosaic domains, phi steps, oversample)"));
        return;
    }
    const double expected = *sources * *domains * *phis * *os * *os;
    out.results.push_back(
        judged("steps", "steps", steps->idx, expected, steps->values[0], 0, "integers: exact"));
}

// The number of detector layers the side's loop ran: its count, else the layer indices seen.
double layers_of(const SideRecords& r) {
    if (const std::optional<double> n = r.scalar("detector_thicksteps"); n && *n >= 1)
        return *n;
    int last = 0;
    for (const char* key : {"I_contribution", "F_latt", "pixel_pos"})
        for (const nbtrace::Record* x : r.all(key))
            if (x->idx.layer)
                last = std::max(last, *x->idx.layer);
    return last + 1.0;
}

struct Terms {
    double sum = 0, abs_sum = 0;
    std::size_t count = 0;
    std::string from;
    std::string unprinted; // the first term whose F_cell was not printed
};

// Every (pass, source, phi, mosaic) term the side printed: its I_contribution lines, else
// F_cell^2 * F_latt^2 at each position of a printed F_latt (a term the C skipped for F_latt = 0
// prints no F_cell and adds nothing).
Terms printed_terms(const SideRecords& r, const CheckOptions& o, SelfConsistency& out) {
    Terms t;
    if (!r.all("I_contribution").empty()) {
        t.from = "I_contribution lines";
        for (const nbtrace::Record* c : r.all("I_contribution")) {
            t.sum += c->values[0];
            t.abs_sum += std::fabs(c->values[0]);
            ++t.count;
            const nbtrace::Record* fc = r.at("F_cell", c->idx);
            const nbtrace::Record* fl = r.at("F_latt", c->idx);
            if (fc && fl) {
                const double term = fc->values[0] * fc->values[0] * fl->values[0] * fl->values[0];
                out.results.push_back(
                    judged("i_contribution", "I_contribution", c->idx, term, c->values[0],
                           8 * o.print_epsilon * std::fabs(term),
                           "F_cell^2 F_latt^2 of printed values: 4 roundings, 8 eps relative"));
            }
        }
        return t;
    }
    t.from = "F_cell^2 * F_latt^2 of the printed lattice lines";
    for (const nbtrace::Record* fl : r.all("F_latt")) {
        if (!fl->idx.phi || !fl->idx.mosaic || !fl->idx.source)
            continue;
        const nbtrace::Record* fc = r.at("F_cell", fl->idx);
        if (!fc && fl->values[0] != 0) {
            if (t.unprinted.empty())
                t.unprinted = fl->idx.to_string();
            continue;
        }
        const double term =
            fc ? fc->values[0] * fc->values[0] * fl->values[0] * fl->values[0] : 0.0;
        t.sum += term;
        t.abs_sum += std::fabs(term);
        ++t.count;
    }
    return t;
}

void check_accumulation(const SideRecords& r, const CheckOptions& o, SelfConsistency& out) {
    const nbtrace::Record* total = r.once("I_before_scaling");
    if (!total)
        return;
    std::vector<std::string> assumed;
    const bool thick = flag_on(r, "oversample_thick", assumed);
    const bool polar = flag_on(r, "oversample_polar", assumed);
    const bool omega = flag_on(r, "oversample_omega", assumed);
    if (thick || polar || omega) {
        out.results.push_back(not_applicable(
            "i_before_scaling", "I_before_scaling", total->idx,
            "an -oversample_thick/_polar/_omega switch multiplied the running sum after every "
            "term with per-sub-pixel factors the side does not print"));
        return;
    }
    const std::optional<double> steps = r.scalar("steps");
    if (!steps) {
        out.results.push_back(not_applicable("i_before_scaling", "I_before_scaling", total->idx,
                                             "steps not printed: completeness unknown"));
        return;
    }
    const double expected = *steps * layers_of(r);
    const Terms t = printed_terms(r, o, out);
    if (double(t.count) != expected) {
        std::ostringstream why;
        why << "not every term printed: " << t.count << " of " << expected
            << " (steps x layers) from " << t.from;
        if (!t.unprinted.empty())
            why << "; F_latt without its F_cell first at " << t.unprinted;
        out.results.push_back(
            not_applicable("i_before_scaling", "I_before_scaling", total->idx, why.str()));
        return;
    }
    const std::optional<double> bg = r.scalar("I_bg");
    const double sum = t.sum + bg.value_or(0.0);
    CheckResult c = judged(
        "i_before_scaling", "I_before_scaling", total->idx, sum, total->values[0],
        (8 + 2 * double(t.count)) * o.print_epsilon * (t.abs_sum + std::fabs(bg.value_or(0))),
        "(8 + 2n) eps * sum|terms|: n additions of terms made of printed values");
    c.note = "from " + std::to_string(t.count) + " " + t.from +
             (bg ? " + I_bg" : " (I_bg not printed: 0, no water background)");
    if (!assumed.empty())
        c.note += "; " + assumed_note(assumed);
    out.results.push_back(std::move(c));
}

void check_final(const SideRecords& r, const CheckOptions& o, SelfConsistency& out) {
    const nbtrace::Record* final_ = r.once("I_pixel_final");
    if (!final_)
        return;
    std::vector<std::string> assumed;
    const bool thick = flag_on(r, "oversample_thick", assumed);
    const bool polar_on = flag_on(r, "oversample_polar", assumed);
    const bool omega_on = flag_on(r, "oversample_omega", assumed);
    struct Need {
        const char* key;
        bool applied;
    };
    const Need needs[] = {{"r_e_sqr", true},
                          {"fluence", true},
                          {"I_before_scaling", true},
                          {"steps", true},
                          {"capture_fraction", !thick},
                          {"polar", !polar_on},
                          {"omega_pixel", !omega_on}};
    double value = 1;
    std::string missing;
    for (const Need& n : needs) {
        if (!n.applied)
            continue;
        const std::optional<double> v = r.scalar(n.key);
        if (!v) {
            missing += std::string(missing.empty() ? "" : ", ") + n.key;
            continue;
        }
        value = n.key == std::string("steps") ? value / *v : value * *v;
    }
    if (!missing.empty()) {
        out.results.push_back(not_applicable("i_pixel_final", "I_pixel_final", final_->idx,
                                             "the side did not print " + missing));
        return;
    }
    CheckResult c = judged("i_pixel_final", "I_pixel_final", final_->idx, value, final_->values[0],
                           16 * o.print_epsilon * std::fabs(value),
                           "a product of up to 7 printed values: 16 eps relative");
    std::string applied = "r_e^2 fluence I/steps";
    applied += thick ? "" : " capture";
    applied += polar_on ? "" : " polar";
    applied += omega_on ? "" : " omega";
    c.note = "applied: " + applied + (assumed.empty() ? "" : "; " + assumed_note(assumed));
    out.results.push_back(std::move(c));

    // the port prints the sum after polarization too: pre * polar when polar was applied once
    if (const nbtrace::Record* post = r.once("I_before_scaling_post_polar")) {
        const std::optional<double> pre = r.scalar("I_before_scaling");
        const std::optional<double> polar = r.scalar("polar");
        if (pre && polar && !polar_on)
            out.results.push_back(judged("post_polar", "I_before_scaling_post_polar", post->idx,
                                         *pre * *polar, post->values[0],
                                         4 * o.print_epsilon * std::fabs(*pre * *polar),
                                         "a product of two printed values: 4 eps relative"));
    }
}

// The image is float32 and starts at zero: the cell holds (float)I_pixel_final, within half a
// float32 ulp (2^-24 relative) of the double, plus the double's own printing.
void check_image(const SideRecords& r, const SideFacts& facts, const CheckOptions& o,
                 SelfConsistency& out) {
    const nbtrace::Record* final_ = r.once("I_pixel_final");
    const nbtrace::Record* cell = r.once("image_value");
    if (!final_) {
        if (cell || facts.image_cell)
            out.results.push_back(not_applicable("image_cell", "image_value", pixel_index(r),
                                                 "I_pixel_final not printed"));
        return;
    }
    const double i = final_->values[0];
    const double tol = std::fabs(i) * (std::ldexp(1.0, -24) + 2 * o.print_epsilon);
    const char* why = "float32 cell of a zero-started image: half a float32 ulp (2^-24) + eps";
    if (cell) {
        out.results.push_back(
            judged("image_cell", "image_value", cell->idx, i, cell->values[0], tol, why));
    }
    if (facts.image_cell) {
        CheckResult c =
            judged("image_cell", "image_value", final_->idx, i, *facts.image_cell, tol, why);
        c.note = "cell of " + facts.image_source;
        out.results.push_back(std::move(c));
    }
    if (!cell && !facts.image_cell)
        out.results.push_back(not_applicable("image_cell", "image_value", final_->idx,
                                             "no image cell printed and no image given"));
}

} // namespace

void check_scaling(const SideRecords& r, const SideFacts& facts, const CheckOptions& o,
                   SelfConsistency& out) {
    check_steps(r, out);
    check_accumulation(r, o, out);
    check_final(r, o, out);
    check_image(r, facts, o, out);
}

} // namespace nbdiag::detail
