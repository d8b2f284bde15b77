// The legacy text dialects as data (traces/registry/dialects.json): how a line is split, which
// loop indices its values belong to (the "gating"), which parser blocks change a name's meaning,
// which lines are known lies or diagnostics, and which facts the C program's stdout states.
// The parser (legacy_parser.h) and the legacy writers (legacy_writer.h) only interpret these
// tables.
#pragma once

#include "nbtrace/record.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nbtrace {

// How the rest of a line after the dialect's prefix is split.
enum class Grammar {
    key_equals,         // TRACE_C:key=v v v | [a b c; ...] | k:v k:v | WORD
    key_values,         // TRACE_C: key v v v
    name_values,        // DETECTOR_FAST_AXIS v v v (the prefix is part of the name)
    fields,             // TRACE_C_PHI k=v k=v ...
    indexed_key_values, // TRACE_PY_SOURCE <i>: key v v v
    trace_config,       // TRACE_CONFIG: tracing pixel (spixel=S, fpixel=F)
};

// Where one index of a gating comes from.
struct IndexSource {
    enum class Kind { none, trace_pixel, current_pass, field, fixed };
    Kind kind = Kind::none;
    int value = 0; // for fixed
};

// Index template of a line. `pass` fills layer, sub_s and sub_f from the current TRACE_C pass.
struct Gating {
    std::string name;
    IndexSource pixel, pass, layer, sub_s, sub_f, source, phi, mosaic;
};

// A parser state of the TRACE_C_SETUP dialect, e.g. the BEAM-pivot block.
struct Block {
    std::string name;
    std::string enter_on_stdout; // the stdout fact line that opens it
    std::string enter_after;     // ... or the set-up name whose line opens it (from any block)
    std::string leave_after;     // the set-up name whose line closes it
};

// A name whose value is known to be false in a block: counted, never turned into a record.
struct IgnoredName {
    std::string name;
    std::string block; // empty: every block; "none": only outside every block
    std::string why;
};

// A name whose value restates a loop index (source_index, pixel): checked, not recorded.
struct IndexCheck {
    std::string name;
    std::string index; // "source" or "pixel"
};

struct IndexField {
    std::string name;  // e.g. phi_tic
    std::string index; // e.g. phi
};

struct Dialect {
    std::string name;
    Side side = Side::reference;
    Grammar grammar = Grammar::key_values;
    std::string prefix;
    std::string gating; // default gating of the dialect's names
    std::string about;
    std::string pass_start; // TRACE_C: the name that opens a new (layer, subS, subF) pass
    std::vector<Block> blocks;
    std::vector<IgnoredName> ignored;
    std::vector<IndexCheck> index_checks;
    std::optional<IndexField> index_field;
    std::vector<std::vector<std::string>> field_sets; // a fields line must carry exactly one set
    std::map<std::string, std::vector<std::string>> emit; // writer order per block of the loop nest
    // Names this dialect does not register itself are looked up in this dialect's aliases, as in
    // its block `aliases_block` (the port's set-up lines reuse the C program's set-up names).
    std::string aliases_from;
    std::string aliases_block;
    // The dialect's per-pass lines describe the pixel centre (the port), read as sub-pixel (0,0)
    // of layer 0 only when the log says oversample 1 or says nothing; with oversample > 1 they
    // keep no layer or sub-pixel index (the centre is none of the C program's sub-pixels).
    bool pixel_centre = false;
};

// A value captured from a stdout fact line.
struct Capture {
    std::string key;
    std::optional<int> component;
};

// A line of the C program's ordinary stdout that states a configuration fact, e.g.
// "  2x2 pixel oversample steps". Pattern language: %d integer, %g number, %w word (an enum label,
// matched case-insensitively), %* any rest of line, %% a literal '%'; everything else literal.
struct StdoutFact {
    std::string name;
    std::string pattern;
    std::vector<std::pair<std::string, double>> records; // fixed records the line implies
    std::vector<std::optional<Capture>> captures;        // one per conversion except %*
    std::string enter_block;
};

struct SkippedLine {
    std::string category;
    std::string pattern; // same pattern language as StdoutFact
};

struct DiagnosticPrefix {
    std::string prefix;
    std::string why;
};

struct DialectTables {
    std::vector<Dialect> dialects;
    std::map<std::string, Gating> gatings;
    std::vector<std::string> trace_prefixes; // a line starting so must parse, or it is an error
    std::vector<DiagnosticPrefix> diagnostic_prefixes;
    std::vector<SkippedLine> skipped_lines;
    std::vector<StdoutFact> stdout_facts;
    // A line starting with this, then [A-Z0-9_]+ and ':' or ' ', belongs to a trace dialect the
    // registry does not know (a probe added for one bug hunt): its values become unregistered
    // records of that literal dialect.
    std::string unknown_dialect_prefix;
    // Value words that stand for "not measured" (NOT_EXTRACTED, N/A, ...): the line is not a value.
    std::vector<std::string> placeholders;
};

// Matches `line` against a StdoutFact/SkippedLine pattern. On success fills `captured` with the
// text of each conversion except %* and returns true.
bool match_pattern(std::string_view pattern, std::string_view line,
                   std::vector<std::string>* captured);

} // namespace nbtrace
