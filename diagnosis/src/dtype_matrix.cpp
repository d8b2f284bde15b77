#include "nbdiag/dtype_matrix.h"

#include "number_format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

namespace nbdiag {

namespace {

using Site = std::pair<std::string, nbtrace::Indices>;

// Largest |f32 - f64|/|f64| over the components (|f32 - f64| when f64 is 0).
double sensitivity_of(const nbtrace::Record& f64, const nbtrace::Record& f32) {
    double worst = 0;
    for (std::size_t c = 0; c < f64.values.size() && c < f32.values.size(); ++c) {
        const double d = std::fabs(f32.values[c] - f64.values[c]);
        worst = std::max(worst, f64.values[c] != 0 ? d / std::fabs(f64.values[c]) : d);
    }
    return worst;
}

// Whether `coarse` stands for `fine`: every index it has, `fine` has with the same value.
bool covers(const nbtrace::Indices& coarse, const nbtrace::Indices& fine) {
    using Field = std::optional<int> nbtrace::Indices::*;
    for (Field f : {&nbtrace::Indices::pixel_slow, &nbtrace::Indices::pixel_fast,
                    &nbtrace::Indices::layer, &nbtrace::Indices::sub_s, &nbtrace::Indices::sub_f,
                    &nbtrace::Indices::source, &nbtrace::Indices::phi, &nbtrace::Indices::mosaic})
        if (coarse.*f && coarse.*f != fine.*f)
            return false;
    return true;
}

// A row the diff compared through a broadcast copy (a value printed once per pixel, or in the
// set-up block, stands for the other side's finer copies: the PyTorch port's close_distance
// against the C program's per-sub-pixel ones) carries the finer indices; the sensitivity is that
// of the one value printed: the side's record of the key whose indices cover the row's.
std::optional<double> coarser_sensitivity(const std::map<Site, double>& sensitivity,
                                          const std::string& key, const nbtrace::Indices& idx) {
    for (auto it = sensitivity.lower_bound({key, nbtrace::Indices{}});
         it != sensitivity.end() && it->first.first == key; ++it)
        if (covers(it->first.second, idx))
            return it->second;
    return std::nullopt;
}

} // namespace

DtypeMatrix dtype_matrix(const nbtrace::DiffResult& diff, const std::string& side,
                         const std::string& run_dtype, const std::vector<nbtrace::Record>& f64,
                         const std::vector<nbtrace::Record>& f32) {
    const double scale = run_dtype == "float64" ? kFloat64PerFloat32 : 1.0;
    std::map<Site, const nbtrace::Record*> in64;
    for (const nbtrace::Record& r : f64)
        in64[{r.key, r.idx}] = &r;
    std::map<Site, double> sensitivity;
    for (const nbtrace::Record& r : f32)
        if (auto it = in64.find({r.key, r.idx}); it != in64.end())
            sensitivity[{r.key, r.idx}] = sensitivity_of(*it->second, r);
    DtypeMatrix m;
    m.side = side;
    m.dtype = run_dtype;
    for (const nbtrace::DiffRow& row : diff.rows) {
        if (row.status != nbtrace::RowStatus::fail)
            continue;
        DtypeRow d;
        d.key = row.key;
        d.idx = row.idx;
        d.parity_rel = row.max_rel;
        if (auto it = sensitivity.find({row.key, row.idx}); it != sensitivity.end())
            d.sensitivity = it->second;
        else if (row.a_broadcast || row.b_broadcast)
            d.sensitivity = coarser_sensitivity(sensitivity, row.key, row.idx);
        d.within_precision =
            d.sensitivity && d.parity_rel <= kPrecisionFactor * scale * *d.sensitivity;
        ++(d.within_precision ? m.within_precision : m.logic);
        m.rows.push_back(d);
    }
    return m;
}

std::string render_dtype_matrix(const DtypeMatrix& m) {
    std::string md = "| key | at | parity difference (relative) | dtype sensitivity of " + m.side +
                     " | label |\n|---|---|---|---|---|\n";
    for (const DtypeRow& r : m.rows)
        md += "| " + r.key + " | " + r.idx.to_string() + " | " + sig3(r.parity_rel) + " | " +
              (r.sensitivity ? sig3(*r.sensitivity) : "not printed") + " | " +
              (r.within_precision ? "within precision" : "logic") + " |\n";
    return md;
}

} // namespace nbdiag
