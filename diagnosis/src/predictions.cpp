#include "nbdiag/predictions.h"

#include "number_format.h"

#include <cmath>

namespace nbdiag {

namespace {

std::string signed_percent(double frac) {
    return (frac >= 0 ? "+" : "") + percent(frac);
}

std::string interval_text(double lo, double hi) {
    return lo == hi ? signed_percent(lo)
                    : "between " + signed_percent(lo) + " and " + signed_percent(hi);
}

} // namespace

bool PredictionCheck::explained() const {
    return problems.empty() && observed >= predicted_lo - tolerance &&
           observed <= predicted_hi + tolerance && std::isfinite(observed);
}

std::string PredictionCheck::verdict_text() const {
    std::string t = std::string(explained() ? "explained" : "NOT explained") + ": " + subject +
                    " predicted " + interval_text(predicted_lo, predicted_hi) + ", observed " +
                    signed_percent(observed) + " (tolerance " + sig3(tolerance) + ")";
    for (const std::string& p : problems)
        t += "; " + p;
    return t;
}

} // namespace nbdiag
