// C-PARITY-001 predicted from the spec side's own trace and compared with the carry-over side
// (predictions.h).
#include "nbdiag/predictions.h"

#include "number_format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

namespace nbdiag {

CarryoverPass carryover_pass_of(const nbtrace::Indices& i) {
    return {i.layer.value_or(0), i.sub_s.value_or(0), i.sub_f.value_or(0), i.source.value_or(0)};
}

CarryoverDelta carryover_delta(const CarryoverContributions& contributions, int zero, int phisteps,
                               bool thread_first_pass) {
    CarryoverDelta d;
    bool first = true;
    for (const auto& [pass, by_step] : contributions) {
        const bool keeps_spec = zero == 0 && first && thread_first_pass;
        first = false;
        if (keeps_spec)
            continue;
        d.carried_step = zero == 0 ? phisteps - 1 : zero - 1;
        ++d.affected_passes;
        for (const auto& [step, value] : by_step)
            if (step.first == zero)
                if (auto from = by_step.find({d.carried_step, step.second}); from != by_step.end())
                    d.delta += from->second - value;
    }
    return d;
}

namespace {

bool at_pixel(const nbtrace::Indices& i, nbtrace::Pixel p) {
    return i.pixel_slow == p.slow && i.pixel_fast == p.fast;
}

struct SideView {
    const nbtrace::DiffResult& diff;
    SpecSide spec;
    const std::optional<nbtrace::Record>& spec_of(const nbtrace::DiffRow& r) const {
        return spec == SpecSide::a ? r.a : r.b;
    }
    const std::optional<nbtrace::Record>& c_of(const nbtrace::DiffRow& r) const {
        return spec == SpecSide::a ? r.b : r.a;
    }
    // the first row of `key` at the pixel (or without one) that the chosen side printed
    const nbtrace::Record* find(const std::string& key, nbtrace::Pixel p, bool spec_side) const {
        for (const nbtrace::DiffRow& r : diff.rows) {
            const auto& rec = spec_side ? spec_of(r) : c_of(r);
            if (r.key == key && rec && (!r.idx.pixel_slow || at_pixel(r.idx, p)))
                return &*rec;
        }
        return nullptr;
    }
};

} // namespace

std::optional<PredictionCheck> check_carryover_pixel(const nbtrace::DiffResult& diff, SpecSide spec,
                                                     nbtrace::Pixel pixel, bool thread_first_pass,
                                                     std::string* why_not) {
    const auto refuse = [&](const std::string& why) -> std::optional<PredictionCheck> {
        if (why_not)
            *why_not = why;
        return std::nullopt;
    };
    const SideView side{diff, spec};
    // the zero step, from the spec side's phi angles
    std::optional<int> zero;
    bool rotating = false;
    int phisteps = 0;
    for (const nbtrace::DiffRow& r : diff.rows) {
        const auto& rec = side.spec_of(r);
        if (r.key != "phi_angle" || !rec || !r.idx.phi ||
            (r.idx.pixel_slow && !at_pixel(r.idx, pixel)))
            continue;
        phisteps = std::max(phisteps, *r.idx.phi + 1);
        if (rec->values[0] == 0.0)
            zero = *r.idx.phi;
        else
            rotating = true;
    }
    if (!zero || !rotating)
        return refuse("no phi step of angle exactly 0 next to a rotating one");
    for (const char* flag : {"oversample_thick", "oversample_polar", "oversample_omega"})
        if (const nbtrace::Record* f = side.find(flag, pixel, true); f && f->values[0] != 0)
            return refuse(std::string("-") + flag +
                          " multiplies partial sums: contributions do "
                          "not add up to I_before_scaling");
    // the spec side's contributions: pass -> (phi, mosaic) -> I
    CarryoverContributions contrib;
    std::string source = "I_contribution";
    for (const nbtrace::DiffRow& r : diff.rows)
        if (r.key == "I_contribution" && side.spec_of(r) && r.idx.phi && at_pixel(r.idx, pixel))
            contrib[carryover_pass_of(r.idx)][{*r.idx.phi, r.idx.mosaic.value_or(0)}] =
                side.spec_of(r)->values[0];
    if (contrib.empty()) {
        const nbtrace::Record* f_cell = side.find("F_cell", pixel, true);
        if (!f_cell)
            return refuse("the spec side printed neither I_contribution nor F_cell");
        const double f2 = f_cell->values[0] * f_cell->values[0];
        source = "F_cell^2 F_latt^2 (F_cell " + sig3(f_cell->values[0]) + " at every step)";
        for (const nbtrace::DiffRow& r : diff.rows)
            if (r.key == "F_latt" && side.spec_of(r) && r.idx.phi && at_pixel(r.idx, pixel)) {
                const double fl = side.spec_of(r)->values[0];
                contrib[carryover_pass_of(r.idx)][{*r.idx.phi, r.idx.mosaic.value_or(0)}] =
                    f2 * fl * fl;
            }
    }
    if (contrib.empty())
        return refuse("the spec side printed no per-phi F_latt or I_contribution at the pixel");
    // every mosaic domain's contribution is needed (the C program prints domain 0 only)
    std::set<int> domains;
    for (const auto& [pass, by_step] : contrib)
        for (const auto& [step, value] : by_step)
            domains.insert(step.second);
    // the configuration is common: either side's count of domains will do
    for (bool spec_side : {true, false})
        if (const nbtrace::Record* m = side.find("mosaic_domains", pixel, spec_side);
            m && m->values[0] > static_cast<double>(domains.size()))
            return refuse("contributions printed for " + std::to_string(domains.size()) + " of " +
                          sig3(m->values[0]) + " mosaic domains");
    const int carried = *zero == 0 ? phisteps - 1 : *zero - 1;
    const CarryoverDelta carry = carryover_delta(contrib, *zero, phisteps, thread_first_pass);
    const double delta = carry.delta;
    const int affected = carry.affected_passes;
    // the pixel's intensity on both sides: I_before_scaling, else I_pixel_final (the
    // carry-over leaves the scale factors alone, so the relative change is the same)
    std::string key = "I_before_scaling";
    const nbtrace::Record* is = side.find(key, pixel, true);
    const nbtrace::Record* ic = side.find(key, pixel, false);
    if (!is || !ic) {
        key = "I_pixel_final";
        is = side.find(key, pixel, true);
        ic = side.find(key, pixel, false);
    }
    if (!is || !ic || is->values[0] == 0)
        return refuse("I_before_scaling or I_pixel_final missing on a side (or zero)");
    // delta is in I_before_scaling's units: scale it to the key compared
    const nbtrace::Record* is_bs = side.find("I_before_scaling", pixel, true);
    const double spec_bs = is_bs ? is_bs->values[0] : 0;
    if (spec_bs == 0)
        return refuse("the spec side's I_before_scaling is missing or zero");
    PredictionCheck check;
    check.divergence = "C-PARITY-001";
    check.subject =
        key + " at pixel (" + std::to_string(pixel.slow) + ", " + std::to_string(pixel.fast) + ")";
    check.predicted_lo = check.predicted_hi = delta / spec_bs;
    check.observed = (ic->values[0] - is->values[0]) / is->values[0];
    check.tolerance = kCarryoverPixelTolerance;
    check.tolerance_reason = "15-digit printed contributions summed in double";
    check.details = "zero step " + std::to_string(*zero) + " carries step " +
                    std::to_string(carried) + " on " + std::to_string(affected) + " of " +
                    std::to_string(contrib.size()) + " passes" +
                    (thread_first_pass ? " (the thread's first pass keeps phi = 0)" : "") +
                    "; contributions from " + source;
    // only the zero step may change
    std::set<int> changed;
    for (const nbtrace::DiffRow& r : diff.rows)
        if (r.status == nbtrace::RowStatus::fail && r.idx.phi && at_pixel(r.idx, pixel) &&
            *r.idx.phi != *zero && r.key != "phi_angle")
            changed.insert(*r.idx.phi);
    if (affected == 0 && check.observed != 0)
        check.problems.push_back("no pass is carried, yet the pixel changed");
    if (!changed.empty()) {
        std::string steps;
        for (int z : changed)
            steps += (steps.empty() ? "" : ",") + std::to_string(z);
        check.problems.push_back("phi steps " + steps +
                                 " differ too; the carry-over changes step " +
                                 std::to_string(*zero) + " only");
    }
    return check;
}

namespace {

// The model's own change of every pixel against the observed one (predictions.h).
void check_against_model(const RoiImages& images, PredictionCheck& check) {
    const double tol = 2 * std::max(images.model_rtol, kCarryoverRoiFloor);
    double sum_model_spec = 0, sum_model_c = 0, worst = 0;
    nbtrace::Pixel worst_at{-1, -1};
    double worst_pred = 0, worst_obs = 0;
    std::size_t changed = 0, mismatched = 0;
    const nbtrace::Region& roi = images.region;
    std::size_t i = 0; // slow-major: the fast index varies fastest
    for (int s = roi.slow_min; s <= roi.slow_max; ++s)
        for (int f = roi.fast_min; f <= roi.fast_max; ++f, ++i) {
            const double ms = images.model_spec[i], mc = images.model_c[i];
            const double a = images.spec[i], c = images.c[i];
            sum_model_spec += ms;
            sum_model_c += mc;
            if (mc != ms)
                ++changed;
            const double scale =
                std::max({std::fabs(a), std::fabs(c), std::fabs(ms), std::fabs(mc)});
            const double miss = std::fabs((c - a) - (mc - ms));
            if (!(miss <= tol * scale)) {
                ++mismatched;
                const double rel = scale > 0 ? miss / scale : INFINITY;
                if (!(rel <= worst)) {
                    worst = rel;
                    worst_at = {s, f};
                    worst_pred = mc - ms;
                    worst_obs = c - a;
                }
            }
        }
    const std::size_t n = images.model_spec.size();
    const double predicted = sum_model_spec != 0 ? (sum_model_c - sum_model_spec) / sum_model_spec
                                                 : (sum_model_c == 0 ? 0 : INFINITY);
    check.predicted_lo = check.predicted_hi = predicted;
    check.tolerance = tol;
    check.tolerance_reason = "each side within the image parity tolerance of the model (twice "
                             "it on a change), float32 images hold 7 digits";
    check.details += "; the model (the reference with and without its phi = 0 fix, same region, "
                     "schedule and threads) changes " +
                     std::to_string(changed) + " of " + std::to_string(n) + " pixels, sum spec " +
                     sig3(sum_model_spec) + " -> " + sig3(sum_model_c);
    if (mismatched > 0)
        check.problems.push_back(std::to_string(mismatched) + " of " + std::to_string(n) +
                                 " pixels changed otherwise than the model predicts (worst at (" +
                                 std::to_string(worst_at.slow) + ", " +
                                 std::to_string(worst_at.fast) + "): predicted " +
                                 sig3(worst_pred) + ", observed " + sig3(worst_obs) + ")");
}

} // namespace

PredictionCheck check_carryover_roi(const RoiImages& images,
                                    const std::set<nbtrace::Pixel>& unchanged_pixels) {
    const nbtrace::Region& roi = images.region;
    const std::size_t n = static_cast<std::size_t>(roi.pixel_count());
    if (images.spec.size() != n || images.c.size() != n)
        throw std::invalid_argument("check_carryover_roi: " + std::to_string(images.spec.size()) +
                                    " spec and " + std::to_string(images.c.size()) +
                                    " carry-over values for the " + std::to_string(n) +
                                    " pixels of " + roi.to_string());
    PredictionCheck check;
    check.divergence = "C-PARITY-001";
    check.subject = "ROI sum (" + std::to_string(n) + " pixels)";
    check.predicted_lo = -1; // 0 <= I_C <= 2 I_spec for every pixel, hence for the sum
    check.predicted_hi = 1;
    check.tolerance = 1e-6;
    check.tolerance_reason = "float32 images hold 7 digits";
    double sum_spec = 0, sum_c = 0, worst = 1;
    nbtrace::Pixel worst_at{-1, -1};
    std::size_t outside = 0, first_pass_changed = 0;
    std::size_t i = 0; // slow-major: the fast index varies fastest
    for (int s = roi.slow_min; s <= roi.slow_max; ++s)
        for (int f = roi.fast_min; f <= roi.fast_max; ++f, ++i) {
            const double a = images.spec[i], c = images.c[i];
            const nbtrace::Pixel px{s, f};
            sum_spec += a;
            sum_c += c;
            const double slack = check.tolerance * std::max(std::fabs(a), std::fabs(c));
            if (c < -slack || c > 2 * a + slack || !std::isfinite(c)) {
                ++outside;
                const double ratio = a != 0 ? c / a : INFINITY;
                if (std::fabs(std::log(std::fabs(ratio))) > std::fabs(std::log(std::fabs(worst)))) {
                    worst = ratio;
                    worst_at = px;
                }
            }
            if (unchanged_pixels.count(px) && std::fabs(c - a) > slack)
                ++first_pass_changed;
        }
    check.observed = sum_spec != 0 ? (sum_c - sum_spec) / sum_spec : (sum_c == 0 ? 0 : INFINITY);
    check.details = "sum spec " + sig3(sum_spec) + ", sum carry-over side " + sig3(sum_c) +
                    " (ratio " + sig3(sum_spec != 0 ? sum_c / sum_spec : INFINITY) + ")";
    if (outside > 0)
        check.problems.push_back(std::to_string(outside) + " of " + std::to_string(n) +
                                 " pixels outside [0, 2] x spec (worst c/spec " + sig3(worst) +
                                 " at (" + std::to_string(worst_at.slow) + ", " +
                                 std::to_string(worst_at.fast) + "))");
    if (first_pass_changed > 0)
        check.problems.push_back(std::to_string(first_pass_changed) +
                                 " pixels holding a thread's first pass changed");
    if (!images.model_spec.empty() && images.model_spec.size() == n && images.model_c.size() == n)
        check_against_model(images, check);
    return check;
}

} // namespace nbdiag
