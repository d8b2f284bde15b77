// Trace records: the one vocabulary in which every engine reports what it computed.
//
// A record is {side, stage, key, units, indices, values, origin}. Records of two traces are aligned
// by (key, indices) -- never by line position -- and compared value by value (see diff.h).
//
//   side     which implementation produced the value (the C reference or the simulator/port)
//   stage    pipeline stage of the key (fixed by the registry; reports are ordered by stage)
//   key      canonical name from the registry (registry.h), e.g. "hkl_frac", "ap", "I_pixel_final"
//   units    canonical units of the key (registry), e.g. "m", "1/m", "A", "sr", "1"
//   indices  loop position the value belongs to; every index may be absent (not applicable)
//   values   1..9 doubles (a scalar, a 3-vector, a 3x3 matrix row-major, ...)
//   origin   production: the value the computation used; derived: recomputed for display.
//            Gates only ever use production values.
//
// WARNING: pixels are (slow, fast) everywhere in this project. nanoBragg's flags differ:
// -trace_pixel S F is slow-first, -printout_pixel F S is fast-first, -roi is fmin fmax smin smax.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbtrace {

// Which implementation produced a record. Legacy TRACE_C lines (the nanoBragg C program or
// nanobragg_ref) are the reference side; TRACE_PY lines (the PyTorch port or nbsim) the simulator
// side.
enum class Side { reference, simulator };

// Pipeline stages, in report order (ARCHITECTURE.md). The first failing row in this order is the
// first place the two sides disagree.
enum class Stage {
    config,
    detector,
    crystal,
    beam,
    pixel_geometry,
    orientation,
    miller,
    lattice,
    structure_factor,
    accumulate,
    scale,
    image,
    // A key the registry does not know, kept under its literal name and dialect (source_key
    // "DIALECT/name", units ""). Compared with the same literal name on the other side (rtol
    // against |a|, no absolute floor) and listed apart, after every registered stage.
    unregistered,
};
constexpr int kStageCount = 13;

enum class Origin { production, derived };

// Loop position of a value: pixel (slow, fast), detector layer, sub-pixel (s, f), source index,
// phi step, mosaic domain. Each index is absent when it does not apply (e.g. a detector vector has
// none; I_pixel_final has only the pixel).
struct Indices {
    std::optional<int> pixel_slow;
    std::optional<int> pixel_fast;
    std::optional<int> layer;
    std::optional<int> sub_s;
    std::optional<int> sub_f;
    std::optional<int> source;
    std::optional<int> phi;
    std::optional<int> mosaic;

    // Total order used for alignment and stable report ordering: field by field in the order
    // above, an absent index sorting before any present one.
    bool operator<(const Indices& o) const;
    bool operator==(const Indices& o) const;
    bool operator!=(const Indices& o) const { return !(*this == o); }

    // Human-readable form, e.g. "pixel(s=685,f=1039) sub(0,0) source 0 phi 3 mosaic 0";
    // "-" when no index is present.
    std::string to_string() const;
};

struct Record {
    Side side = Side::reference;
    Stage stage = Stage::config;
    std::string key;   // canonical key (registry)
    std::string units; // canonical units (registry)
    Indices idx;
    std::vector<double> values; // 1..9 values, already in canonical units
    Origin origin = Origin::production;

    // Provenance; not part of a record's identity.
    std::string source_key; // the name as written in the input when it was an alias, else empty
    std::string location;   // "file:line" for parsed records, empty for in-process records
};

// Enum <-> string pairs. The spelling is the one used in JSON, on the command line and in reports.
std::string_view to_string(Side s);
std::string_view to_string(Stage s);
std::string_view to_string(Origin o);
std::optional<Side> side_from_string(std::string_view s);
std::optional<Stage> stage_from_string(std::string_view s);
std::optional<Origin> origin_from_string(std::string_view s);

} // namespace nbtrace
