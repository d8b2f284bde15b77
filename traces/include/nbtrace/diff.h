// The diff engine: two record sets aligned by (canonical key, indices) -- never by position --
// and compared component by component with the mixed tolerance of closeness.h.
//
// The result is data (DiffResult); diff_render.h turns it into a table, JSON or TSV. Rows are in
// report order: pipeline stage, then registry key order, then indices, so the first failing row
// is the first place the two traces disagree and the rows above it are its upstream.
#pragma once

#include "nbtrace/closeness.h"
#include "nbtrace/pixel.h"
#include "nbtrace/record.h"

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nbtrace {

struct DiffOptions {
    // |a - b| <= atol(class) + rtol*|a| for every component; a tolerance class may pin its own
    // rtol (exact: 0).
    double rtol = 1e-6;
    std::map<std::string, double> atol; // per tolerance class, overriding the registry's
    std::set<std::string> required;     // keys that must be present on both sides
    // Rows compare production values only. A projection made by the diff itself (k_frac taken
    // from hkl_frac[1]) carries origin=derived but is the production value bit for bit; it gates
    // unless this is false.
    bool gate_projections = true;

    // Checks unknown classes/keys and negative tolerances; false with *error set when invalid.
    bool is_valid(std::string* error) const;
};

enum class RowStatus { pass, fail, only_a, only_b };
std::string_view to_string(RowStatus s);

// pass: the coverage set was compared wherever both sides printed it and everything gating agreed.
// fail: a gating value out of tolerance, or a required key missing.
// incomplete: nothing failed, but what matters was not compared (nothing at all, a coverage group
// both sides printed with no aligned record, a key both sides printed that never lined up).
enum class Verdict { pass, fail, incomplete };
std::string_view to_string(Verdict v);

// What one side's input was, for the report: files, traced pixels, lines that gave no compared
// value, by reason. Filled by the caller that read the files (diff_traces only carries it).
struct InputSummary {
    std::vector<std::string> files;
    std::vector<Pixel> pixels; // the side traced
    std::string pixel_origin;  // "trace", "--pixel", "the other side", ...
    std::size_t lines = 0;
    std::map<std::string, std::size_t> lines_not_compared; // reason -> count
    std::size_t unregistered_records = 0;
};

// A coverage group (keys.json "coverage"): the quantities a PASS must have compared whenever both
// sides printed them.
struct CoverageGroup {
    std::string name;
    bool printed_a = false, printed_b = false;
    std::size_t compared = 0; // rows of the group's keys with both sides present
    bool missing() const { return printed_a && printed_b && compared == 0; }
};

struct DiffRow {
    Stage stage = Stage::config;
    std::string key;
    std::string units;
    std::string tolerance_class;
    Indices idx;
    RowStatus status = RowStatus::pass;
    // Whether the row can fail the diff: both sides production values (or projections, see
    // DiffOptions::gate_projections). A non-gating row is still compared and shown.
    bool gating = true;
    std::optional<Record> a; // as aligned; absent on only_b rows
    std::optional<Record> b;
    bool a_projected = false; // the record was projected by the diff (derive.h)
    bool b_projected = false;
    bool a_broadcast = false; // a set-up value (no pixel) compared against B's per-pixel copy
    bool b_broadcast = false;
    Tolerance tolerance;
    std::vector<Closeness> components; // one per value when both sides are present
    // A failing row whose two sides differ by this power of ten (|b/a| = 10^k, |k| >= 3): the
    // signature of a unit slip (mm vs m, A vs m), flagged "unit mismatch suspected".
    std::optional<int> unit_slip_power;
    double max_abs = 0;
    double max_rel = 0;
    int worst = -1; // component with the largest abs error among the failing ones (else among all)
};

struct StageSummary {
    Stage stage = Stage::config;
    std::size_t rows = 0, pass = 0, fail = 0, only_a = 0, only_b = 0;
    double max_abs = 0, max_rel = 0; // over compared rows of the stage
};

struct DiffResult {
    bool ran = false; // a default DiffResult never passes
    std::string a_name, b_name;
    DiffOptions options;
    std::vector<DiffRow> rows;
    std::vector<StageSummary> stages; // every stage, in pipeline order
    // The first gating failing row (rows[0 .. *first_divergence) are its upstream).
    std::optional<std::size_t> first_divergence;
    // The first failing row of any kind, when it comes before first_divergence (a display-only
    // value that already disagrees upstream).
    std::optional<std::size_t> first_difference;
    std::vector<std::string> missing_required; // "KEY absent from both", "KEY at IDX only in A"
    std::size_t compared = 0, failed = 0, failed_gating = 0, only_a = 0, only_b = 0;
    // Keys both sides printed whose records never lined up (rows only in A and only in B): an
    // alignment error, never "only in A / only in B".
    std::vector<std::string> misaligned_keys;
    std::vector<std::string> misaligned_unregistered; // the same for unregistered names (info)
    std::vector<CoverageGroup> coverage;
    std::size_t keys_both = 0;     // keys (canonical or literal) both sides printed
    std::size_t keys_compared = 0; // ... of which at least one row was compared
    // Configuration facts that differ between the sides (oversample, layers, steps, ...), said
    // before any physics row.
    std::vector<std::string> config_notes;
    std::size_t unregistered_compared = 0, unregistered_differ = 0;
    InputSummary a_input, b_input;
    Verdict verdict = Verdict::incomplete;
    std::vector<std::string> incomplete_reasons;

    bool passed() const { return ran && verdict == Verdict::pass; }
};

// Throws RecordError when one side holds two different records for one (key, indices) (the
// readers never produce that) or a registered-stage record of a key the registry does not know.
DiffResult diff_traces(const std::vector<Record>& a, const std::vector<Record>& b,
                       const DiffOptions& options, std::string a_name = "A",
                       std::string b_name = "B");

} // namespace nbtrace
