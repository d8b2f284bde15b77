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

struct DtypeRow {
    std::string key;
    nbtrace::Indices idx;
    double parity_rel = 0;             // the row's largest |b - a|/|a| in the diff judged
    std::optional<double> sensitivity; // |f32 - f64|/|f64| of the side run in both; absent when
                                       // that side did not print the key at those indices
    bool within_precision = false;
};

struct DtypeMatrix {
    std::string side;           // the side run in both dtypes
    std::string diff_name;      // the diff labelled, e.g. "the float32 run" (set by the caller)
    std::string dtype;          // that run's dtype, "float64" or "float32" (set by the caller)
    std::vector<DtypeRow> rows; // every failing row of the diff, pipeline order
    std::size_t within_precision = 0, logic = 0;
};

// `diff`: the parity diff to label (e.g. the float32 run's); `f64`, `f32`: one side's records
// in each dtype (the same case, pixels and switches).
DtypeMatrix dtype_matrix(const nbtrace::DiffResult& diff, const std::string& side,
                         const std::vector<nbtrace::Record>& f64,
                         const std::vector<nbtrace::Record>& f32);

// A markdown table: key, indices, parity difference, dtype sensitivity, label.
std::string render_dtype_matrix(const DtypeMatrix& m);

} // namespace nbdiag
