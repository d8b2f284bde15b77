// Divergence patterns: what the shape of a diff says about its cause.
//
// A parity verdict says that two sides differ; these detectors read the rows of one diff
// (nbtrace/diff.h) and name the signatures a maintainer would otherwise have to spot by eye, each
// with the numbers that support it:
//
//   phi_constant_offset  b - a of a per-phi quantity is the same at every phi step (or every step
//                        after the first, which C-PARITY-001 may replace), while b/a is not: a
//                        geometry signature (a displaced pixel or axis shifts every step alike);
//                        never "float precision"
//   shared_scale_factor  one ratio b/a shared by the failing values of several keys: units or a
//                        normalisation (steps, fluence, a power of ten). A factor that enters at
//                        the summed intensity and is only carried down the intensity chain
//                        (I_before_scaling -> I_pixel_final -> image_value) is one upstream
//                        difference, not a normalisation, and is not named
//   power_of_ten         rows the diff flagged "unit mismatch suspected" (b = a x 10^k, |k| >= 3),
//                        grouped by k: a unit slip (A vs m, mm vs m)
//   float32_level        |b - a|/|a| between 1e-8 and 3e-6 on most differing keys, across stages:
//                        one side computed in single precision (float32 eps 6e-8; a few
//                        roundings in a chain reach 1e-6); or only the summed intensity and
//                        the chain after it at that level, every value before the sum agreeing
//                        to double precision: a single-precision accumulator
//   sincg_zero           a large relative error of F_latt_x where |F_latt_x| << N (next to a zero
//                        of sincg), fully accounted for by the side's own small index difference
//                        dh: sincg(h_b) - sincg(h_a) predicts dF_latt, and 2 dF/F the intensity
//                        change: a hypersensitive pixel, not a bug by itself
//   pixel_mapping        a traced pixel's position differs while pix0 and the detector axes
//                        agree: the indices-to-position mapping; the move in side A's frame, in
//                        pixels, names a slow/fast swap, an off-by-n index or a centre shift
//
// Every threshold is a named constant below with its reason.
#pragma once

#include "nbtrace/diff.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbdiag {

enum class PatternKind {
    phi_constant_offset,
    shared_scale_factor,
    power_of_ten,
    float32_level,
    sincg_zero,
    pixel_mapping,
};

// "constant offset across phi steps (geometry signature)", ...
std::string_view to_string(PatternKind k);

struct PatternFinding {
    PatternKind kind = PatternKind::phi_constant_offset;
    std::vector<std::string> keys; // canonical keys the pattern was seen on, pipeline order
    std::string evidence;          // one line (or several joined by "; ") of numbers
    std::optional<double> factor;  // shared_scale_factor: the shared b/a, at full precision
};

// A per-phi series is constant when max(d) - min(d) <= this fraction of |mean d| (the W7 offset
// -6.77e-6 ... -6.78e-6 is constant to 0.15 %), and a ratio explains it worse by at least
// kOffsetBeatsRatio (b = r a makes d = (r-1) a vary exactly as a does).
constexpr double kOffsetConstancy = 0.05;
constexpr double kOffsetBeatsRatio = 2.0;
constexpr int kOffsetMinSteps = 3; // two points are always "constant"
// ... and the values move with phi at least this many times more than their difference does
// (a side stuck at one value next to a small varying one also gives a constant b - a).
constexpr double kOffsetTracking = 10.0;
// Each key's factor is the median b/a of its failing components. Factors of neighbouring keys
// (sorted) join when their logs differ by at most min(log(1 + kScaleSpread), |log r| /
// kScaleSharpness): 1 % for a factor far from 1, because a side that recomputes its trace lines
// at the pixel centre (the port) moves each key by up to ~0.5 % around an exact unit factor; a
// hundredth of the factor's own distance from 1 near 1 (a 1e-3 polarization slip shared by
// polar, I_pixel_final and image_value is matched to 1e-5; the port's lambda 1 + 2.51e-3 and
// polar 1 + 2.46e-3 are two facts, not one). A factor within kScaleFloor of 1 is
// precision (ten times the float32 level), not a factor.
constexpr double kScaleSpread = 1e-2;
constexpr double kScaleSharpness = 100.0;
constexpr double kScaleFloor = 3e-5;
constexpr int kScaleMinKeys = 2;
// float32 level: single precision has eps 5.96e-8; one to ~20 roundings in a chain.
constexpr double kFloat32Low = 1e-8;
constexpr double kFloat32High = 3e-6;
constexpr int kFloat32MinKeys = 3;
// A sum accumulated in single precision: its last rounding alone is up to 6e-8 relative (1e-9 ...
// 3e-8 seen on the gate's cases); a double sum of the same terms in another order is off by at
// most n x 1.1e-16, 1.1e-12 for the 10^4 terms (steps x sub-pixels x sources x layers) of the
// largest cases, so a sum 1e-11 off is no reordering. The terms must agree kSumDominance times
// better than the sum (two engines' F_latt next to a zero of sincg may differ at 1e-12): the
// sum's difference is not carried from them.
constexpr double kSumFloat32Low = 1e-11;
constexpr double kSumDominance = 100.0;
// sincg zero: |F_latt_x| below this fraction of N, a relative error above kSincgLargeError, an
// index difference below kSincgSmallIndex/N (a tenth of the spacing of the zeros: a small move,
// not another reflection), and the exact sincg(h_b) - sincg(h_a) within kSincgAgreement of the
// observed dF_latt_x.
constexpr double kSincgNearZero = 0.1;
constexpr double kSincgLargeError = 1e-3;
constexpr double kSincgSmallIndex = 0.1;
constexpr double kSincgAgreement = 0.1;

// pixel mapping: a move matches a swap or a whole number of pixels to this many pixels (double
// positions of metres-sized vectors are exact to ~1e-12 of a 0.1 mm pixel; a float32 side's
// position, a few roundings of 0.1 m x 6e-8, to ~2e-4 of one, so a float32 swap still matches).
// A move of less than this is no whole number: zero pixels is no index error.
constexpr double kPixelMoveMatch = 1e-3;

// Runs every detector on `diff` (its rows carry both sides' records, only-A/only-B rows
// included); findings in the order of PatternKind.
std::vector<PatternFinding> find_patterns(const nbtrace::DiffResult& diff);

// The detectors one by one (find_patterns calls them all).
std::vector<PatternFinding> find_phi_constant_offsets(const nbtrace::DiffResult& diff);
std::vector<PatternFinding> find_shared_scale_factors(const nbtrace::DiffResult& diff);
std::vector<PatternFinding> find_powers_of_ten(const nbtrace::DiffResult& diff);
std::vector<PatternFinding> find_float32_level(const nbtrace::DiffResult& diff);
std::vector<PatternFinding> find_sincg_zeros(const nbtrace::DiffResult& diff);
std::vector<PatternFinding> find_pixel_mapping(const nbtrace::DiffResult& diff);

// "PATTERNS" block of the text report: one line per finding, "(none)" when empty.
std::string render_patterns(const std::vector<PatternFinding>& findings);

} // namespace nbdiag
