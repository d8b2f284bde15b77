// The canonical trace format: JSON Lines, one record per line after a header line.
//
//   {"format":"nbtrace-jsonl","schema_version":1}
//   {"side":"reference","stage":"miller","key":"k_frac","units":"1",
//    "idx":{"pixel_slow":685,"pixel_fast":1039,"layer":0,"sub_s":0,"sub_f":0,"source":0,"phi":3,"mosaic":0},
//    "values":[-0.595197691574922],"origin":"production",
//    "source_key":"TRACE_C_PHI/k_frac","location":"supervisor_trace_c.log:204"}
//
// Fields always in this order; absent indices, an empty source_key and an empty location are
// omitted. Numbers are the shortest text that reads back to the identical double; NaN and
// infinities (allowed only where the registry says so) are the strings "nan", "inf", "-inf".
// Reading is read_trace_file (parse.h), which recognises the header.
#pragma once

#include "nbtrace/record.h"

#include <ostream>
#include <string>
#include <vector>

namespace nbtrace {

inline constexpr const char* kJsonlFormat = "nbtrace-jsonl";
inline constexpr int kJsonlSchemaVersion = 1;

// One record as one JSON line (without the newline).
std::string to_json_line(const Record& r);

// Header line, then one line per record.
void write_jsonl(std::ostream& out, const std::vector<Record>& records);

} // namespace nbtrace
