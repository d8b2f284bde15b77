// Known divergences checked against what was observed: a documented C behaviour explains a
// difference only when its predicted effect agrees with the observed one within the prediction's
// stated tolerance. Otherwise the summary says "NOT explained: predicted ..., observed ...": a
// full-frame sum ratio of 1.26e5 is not explained by a carry-over whose predicted effect on the
// traced pixel is -14.6 %.
//
// C-PARITY-001 (harness/known_divergences.json): at a phi step whose angle is exactly 0 the C
// program keeps the vectors its thread rotated last, except on the thread's first pass. The
// mosaic rotation and everything after it are recomputed, so at that step the pixel receives the
// contribution of the carried step instead:
//
//     I_C = I_spec + sum over carried passes, domains m of [ I(carried, m) - I(zero, m) ]
//
// with I(step, m) the spec side's own per-step contributions (I_contribution, or
// F_cell^2 F_latt^2 of its per-phi lines). Only the zero step changes; a pixel holding its
// thread's first pass keeps it on that pass. Contributions are >= 0, so whatever the crystal,
// 0 <= I_C <= 2 I_spec: no pixel and no region can change by more than that factor.
#pragma once

#include "nbtrace/diff.h"
#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace nbdiag {

struct PredictionCheck {
    std::string divergence; // "C-PARITY-001"
    std::string subject;    // "I_before_scaling at pixel (1218, 1227)", "ROI sum (441 pixels)"
    // relative change (c - spec)/spec: predicted as an interval (lo == hi for a value) and
    // observed, agreeing when observed lies in [lo - tolerance, hi + tolerance]
    double predicted_lo = 0, predicted_hi = 0;
    double observed = 0;
    double tolerance = 0;
    std::string tolerance_reason;
    std::vector<std::string> problems; // further disagreements (steps or pixels that changed)
    std::string details;               // the numbers the prediction came from

    bool explained() const;
    // "explained: predicted +2.06 %, observed +2.06 % (tolerance 1e-06)" or
    // "NOT explained: predicted +2.06 %, observed +206 %; ..."
    std::string verdict_text() const;
};

// Tolerance of the traced-pixel prediction, on the relative change: the contributions are
// rebuilt from 15-digit printed values (1e-14 each) and summed in double by the C program; 1e-6
// leaves room for a side whose intensities are printed at float32 precision, and is far below
// any change C-PARITY-001 makes (a share of one phi step of ten, ~1e-2).
constexpr double kCarryoverPixelTolerance = 1e-6;

// The spec side's per-step contributions of one pixel: pass (layer, sub-pixel slow, sub-pixel
// fast, source, in the C loop order) -> (phi step, mosaic domain) -> I.
using CarryoverPass = std::tuple<int, int, int, int>;
using CarryoverContributions = std::map<CarryoverPass, std::map<std::pair<int, int>, double>>;
CarryoverPass carryover_pass_of(const nbtrace::Indices& idx);

// The formula above on those contributions: the zero step `zero` of every pass but a thread's
// first (step 0 carries step phisteps - 1 of the pass before; a later zero step the step before
// it) receives the carried step's contribution instead.
struct CarryoverDelta {
    double delta = 0;        // I_C - I_spec, in the contributions' units
    int affected_passes = 0; // passes whose zero step is replaced
    int carried_step = -1;
};
CarryoverDelta carryover_delta(const CarryoverContributions& contributions, int zero, int phisteps,
                               bool thread_first_pass);

// Which side of the diff ran the model ("spec": fresh rotation at every step); the other side
// is the one observed with the carry-over (the C program, or a c-parity emulation).
enum class SpecSide { a, b };

// C-PARITY-001 at one traced pixel. `thread_first_pass`: the pixel holds its thread's first
// pass (nbsim::first_pass_pixels / nbimage::pick_thread_first say which). Empty when the
// divergence does not apply (no phi step of angle exactly 0 next to a rotating one) or when the
// spec side lacks what the prediction needs (*why_not says what).
std::optional<PredictionCheck> check_carryover_pixel(const nbtrace::DiffResult& diff, SpecSide spec,
                                                     nbtrace::Pixel pixel, bool thread_first_pass,
                                                     std::string* why_not = nullptr);

// An ROI image pair: the values over `region`, slow-major (the fast index varies fastest).
struct RoiImages {
    nbtrace::Region region;
    std::vector<double> spec, c; // region.pixel_count() values each
    // The model's own pair over the same region, schedule and threads (the reference engine
    // with and without its phi = 0 fix), when it could be run: each pixel's predicted change is
    // then model_c - model_spec. Empty: only the bound below is checked.
    std::vector<double> model_spec, model_c;
    // How far a side may sit from the model and still agree, relative: the run's image parity
    // tolerance (each side within it of the model; the two pairs' changes within twice it),
    // never below kCarryoverRoiFloor.
    double model_rtol = 0;
};

// float32 images hold 7 digits
constexpr double kCarryoverRoiFloor = 1e-6;

// C-PARITY-001 on an ROI: every pixel within [0, 2] x its spec value (the bound above, exact
// whatever the crystal), the ROI sum within the same bound, and the pixels in
// `unchanged_pixels` (those holding a thread's first pass, when a pixel has one pass) unchanged.
// Tolerance: 1e-6 relative (float32 images hold 7 digits). With the model's pair, the
// prediction is per pixel: every pixel's change c - spec equals the model's within
// 2 model_rtol of the pixel's largest value, and the sum's relative change the model's within
// 2 model_rtol; the pixels the model changes and leaves alone are counted in the details.
// std::invalid_argument when `spec` or `c` does not hold one value per pixel of the region.
PredictionCheck check_carryover_roi(const RoiImages& images,
                                    const std::set<nbtrace::Pixel>& unchanged_pixels);

} // namespace nbdiag
