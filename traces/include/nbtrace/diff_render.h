// Renderings of a DiffResult: a table for people, JSON for machines (stable schema, below), and a
// side-by-side TSV with one line per compared component.
//
// JSON schema (schema "nbtrace-diff", schema_version 2):
//   {"schema":"nbtrace-diff","schema_version":2,"passed":bool,
//    "verdict":"pass"|"fail"|"incomplete","incomplete_reasons":[text],
//    "a":{"name","files":[..],"pixels":[{"slow","fast"}],"pixel_origin","lines",
//         "unregistered_records","lines_not_compared":{reason:n},"lines_not_compared_total"},
//    "b":{...},"config_notes":[text],
//    "coverage":{"keys_both","keys_compared","groups":[{"name","printed_a","printed_b",
//                "compared","missing"}]},
//    "misaligned_keys":[text],"misaligned_unregistered":[text],
//    "unregistered":{"compared","differ"},
//    "options":{"rtol":x,"atol":{class:x},"required":[key],"gate_projections":bool},
//    "counts":{"rows","compared","failed","failed_gating","only_a","only_b"},
//    "first_divergence":null|{"row":i,"stage","key","idx"},
//    "first_difference":null|{...same...},
//    "missing_required":[text],
//    "stages":[{"stage","rows","pass","fail","only_a","only_b","max_abs","max_rel"}],
//    "rows":[{"stage","key","units","tolerance_class","idx":{..},"status","gating",
//             "atol","rtol","magnitude"(null: |a|),"unit_slip_power"(null|k),
//             "max_abs","max_rel","worst_component",
//             "a":null|{"values":[..],"origin","source_key","location","projected","broadcast"},
//             "b":null|{...}}]}
// Numbers as in the canonical trace format (shortest round-trip text; "nan"/"inf" strings).
#pragma once

#include "nbtrace/diff.h"

#include <cstddef>
#include <ostream>

namespace nbtrace {

struct TableOptions {
    bool all_rows = false;   // list passing rows too, not only failing and one-sided ones
    std::size_t context = 3; // passing rows shown just upstream of the first divergence
};

void render_table(const DiffResult& r, std::ostream& out, const TableOptions& options = {});
void render_json(const DiffResult& r, std::ostream& out);
void render_tsv(const DiffResult& r, std::ostream& out);

} // namespace nbtrace
