#include "sampling_rules.h"

#include <climits>
#include <cmath>

namespace nbsim {

namespace {

// ceil(range / step) as an int, saturated instead of overflowing (the limits then name the
// flags; the C program's int conversion would be undefined).
int steps_of(double range, double step) {
    const double n = std::ceil(range / step);
    return n > INT_MAX ? INT_MAX : static_cast<int>(n);
}

constexpr double kRTD = 180.0 * M_1_PI;

} // namespace

SampledRange resolve_phi_sampling(int n, double osc, double step) {
    if (n < 0) {
        if (osc < 0.0) {
            if (step <= 0.0)
                return {1, 0.0, 0.0}; // nothing given: one still image
            return {2, step, step};   // only the step
        }
        if (step <= 0.0)
            return {2, osc, osc / 2.0}; // only the range
        return {steps_of(osc, step), osc, step};
    }
    if (n == 0)
        n = 1;
    if (osc < 0.0) {
        if (step <= 0.0) {
            const double o = 1.0 / kRTD; // only the count: 1 degree in n steps
            return {n, o, o / n};
        }
        return {2, step, step}; // count and step: the count is overridden
    }
    if (step < 0.0)
        return {n, osc, osc / n};
    return {n, osc, step};
}

SampledRange resolve_divergence_sampling(int n, double range, double step) {
    if (n <= 0) {
        if (range < 0.0) {
            if (step <= 0.0)
                return {1, 0.0, 0.0};
            return {2, step, step};
        }
        if (step <= 0.0)
            return {2, range, range};
        return {steps_of(range, step), range, step};
    }
    if (range < 0.0) {
        if (step <= 0.0)
            return {n, 1.0, 1.0 / n};
        return {2, step, step};
    }
    if (step <= 0.0) {
        if (n <= 1)
            n = 2;
        return {n, range, range / (n - 1)};
    }
    return {n, range, step};
}

SampledRange resolve_thickness_sampling(int n, double thick, double step) {
    if (n <= 0) {
        if (thick < 0.0) {
            if (step <= 0.0)
                return {1, 0.0, 0.0};
            return {2, step, step};
        }
        if (step <= 0.0)
            return {2, thick, thick / 2};
        return {steps_of(thick, step), thick, step};
    }
    if (thick < 0.0) {
        if (step <= 0.0) {
            const double t = 0.5e-6;
            return {n, t, t / n};
        }
        return {2, step, step};
    }
    if (step <= 0.0) {
        if (n <= 1)
            n = 2;
        return {n, thick, thick / (n - 1)};
    }
    return {n, thick, step};
}

SampledRange sanitise(SampledRange r) {
    if (r.range <= 0.0 || r.step <= 0.0 || r.count <= 0)
        return {1, 0.0, 0.0};
    return r;
}

MosaicSampling resolve_mosaic_sampling(int domains, double spread) {
    if (domains <= 0) {
        if (spread < 0.0)
            return {1, 0.0};
        if (spread == 0.0)
            return {1, spread};
        return {10, spread}; // finite spread without a count: 10 domains (with a warning)
    }
    if (spread < 0.0)
        return {1, 0.0};
    if (spread == 0.0)
        return {1, spread};
    return {domains, spread};
}

} // namespace nbsim
