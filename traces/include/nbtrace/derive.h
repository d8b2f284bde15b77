// Component projections declared in the registry (keys.json "component_of"): k_frac = hkl_frac[1],
// ap_y = ap[1], ap_star_y = ap_star[1], ... The legacy per-phi lines carry only such components,
// so a canonical trace holding the full vectors is compared with them by projecting the vectors.
#pragma once

#include "nbtrace/record.h"

#include <optional>
#include <vector>

namespace nbtrace {

// For every record of `want` whose key is a component key and which `have` lacks at the same
// indices, the projection of `have`'s parent record at those indices (if `have` has it). The
// result carries origin=derived and source_key "<parent>[<component>]".
std::vector<Record> project_components(const std::vector<Record>& have,
                                       const std::vector<Record>& want);

// The value of `key` at `idx` in `records`: the record itself, or the projection of its parent.
std::optional<Record> find_or_project(const std::vector<Record>& records, const std::string& key,
                                      const Indices& idx);

} // namespace nbtrace
