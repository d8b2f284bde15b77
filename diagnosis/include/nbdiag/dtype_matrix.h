// The dtype matrix: one side run in float32 and in float64 tells how much each key moves with
// the precision alone (its dtype sensitivity |f32 - f64| / |f64|); a parity difference no larger
// than that is "within precision", a larger one is "logic".
//
// Float32 and float64 mixed with no tool separating them cost the port weeks (W8 of
// harness_lessons.md): a 1e-6 gate failing in float32 was widened instead of asking whether
// the difference exceeded what float32 does to that very key.
#pragma once

#include "nbtrace/diff.h"

#include <optional>
#include <string>
#include <vector>

namespace nbdiag {

// A parity difference is within precision when it is at most this many times the key's dtype
// sensitivity: the sensitivity is one draw of the rounding noise, a second run (or the other
// side's rounding) may land on the other side of the value.
constexpr double kPrecisionFactor = 2.0;
// What a key loses to precision in a float64 run: its float32 sensitivity scaled by the ratio of
// the unit roundoffs, 2^-53 / 2^-24 = 2^-29 (rounding errors grow with the unit roundoff, to first
// order). A float64 run's difference of 1.8e-5 is logic however much float32 moves that key.
constexpr double kFloat64PerFloat32 = 1.0 / (1 << 29);

struct DtypeRow {
    std::string key;
    nbtrace::Indices idx;
    double parity_rel = 0;             // the row's largest |b - a|/|a| in the diff judged
    std::optional<double> sensitivity; // |f32 - f64|/|f64| of the side run in both; absent when
                                       // that side did not print the key at those indices
    bool within_precision = false;     // parity_rel <= kPrecisionFactor x the sensitivity, scaled
                                       // by kFloat64PerFloat32 in a float64 run
};

struct DtypeMatrix {
    std::string side;           // the side run in both dtypes
    std::string diff_name;      // the diff labelled, e.g. "the float32 run" (set by the caller)
    std::string dtype;          // that run's dtype, "float64" or "float32"
    std::vector<DtypeRow> rows; // every failing row of the diff, pipeline order
    std::size_t within_precision = 0, logic = 0;
};

// `diff`: the parity diff to label, of a run in `run_dtype` ("float32" or "float64"); `f64`,
// `f32`: one side's records in each dtype (the same case, pixels and switches).
DtypeMatrix dtype_matrix(const nbtrace::DiffResult& diff, const std::string& side,
                         const std::string& run_dtype, const std::vector<nbtrace::Record>& f64,
                         const std::vector<nbtrace::Record>& f32);

// A markdown table: key, indices, parity difference, dtype sensitivity, label.
std::string render_dtype_matrix(const DtypeMatrix& m);

} // namespace nbdiag
