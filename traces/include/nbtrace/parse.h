// Reading traces: the legacy text dialects of the nanoBragg C program and the PyTorch port, and
// the canonical JSON Lines format (jsonl.h), auto-detected per file.
//
// Every failure is a ParseError whose what() is ONE line, "file:line: what is wrong" (or
// "file: what is wrong" when no line applies, e.g. a missing file).
#pragma once

#include "nbtrace/pixel.h"
#include "nbtrace/record.h"

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbtrace {

class ParseError : public std::runtime_error {
  public:
    ParseError(std::string location, std::string message);
    const std::string& location() const { return location_; }
    const std::string& message() const { return message_; }

  private:
    std::string location_;
    std::string message_;
};

struct ParseOptions {
    // The pixel of records that need one and lack it (a legacy log without a TRACE_CONFIG line,
    // a canonical file written without pixel). A pixel present in the input always wins.
    std::optional<Pixel> pixel;
    // A name the registry does not know, or a line of an unknown TRACE_ dialect, is an error
    // (file:line) instead of an unregistered record: for traces of our own engines, whose every
    // line must be known.
    bool strict = false;
    // Least relative disagreement allowed between two spellings of one quantity (a registry
    // alias's agree_rtol): a program computing in float32 prints one spelling rounded to float32
    // and may print the other from a double, so they agree to float32 rounding only
    // (kFloat32AgreeRtol); 0 keeps each alias's own agree_rtol.
    double min_agree_rtol = 0;
};

// Two float32 roundings: 2^-23 = 1.19e-7 relative (one spelling rounded to float32, the other
// computed from float32 inputs in double).
constexpr double kFloat32AgreeRtol = 1.0 / (1 << 23);

// Limits of what a trace may declare (documented in traces/README.md): larger values are errors
// naming the line, never an overflow.
constexpr long long kMaxTraceIndex = 1000000000;             // any loop index or count
constexpr long long kMaxOversample = 46340;                  // oversample^2 must fit a 32-bit index
constexpr long long kMaxPassesPerPixel = 1 << 24;            // oversample^2 * layers
constexpr std::size_t kMaxTraceBytes = std::size_t(1) << 30; // 1 GiB: larger input is refused

enum class TraceFormat { legacy, canonical };

struct ParseStats {
    std::size_t lines = 0;
    std::size_t records = 0;   // records kept
    std::size_t collapsed = 0; // identical duplicates merged (same key, indices and values)
    std::size_t agreed = 0;    // second spellings of a quantity checked and dropped
    // lines that produced records, by dialect ("TRACE_C", "STDOUT", "canonical", ...)
    std::map<std::string, std::size_t> record_lines;
    // lines that gave no compared value, by reason: blank, progress, free_form_trace,
    // other_stdout, known_label (a value known to be false), diagnostic, index_check,
    // pixel_marker, free_text (a banner on a trace prefix), placeholder (NOT_EXTRACTED, ...),
    // text_value (an unregistered name with words for a value)
    std::map<std::string, std::size_t> skipped;
    std::size_t unregistered = 0;    // records kept under a name the registry does not know
    std::size_t implicit_passes = 0; // passes inferred without their pass-start line
};

struct TraceFile {
    std::string path;
    TraceFormat format = TraceFormat::legacy;
    std::vector<Record> records; // in order of first appearance
    ParseStats stats;
};

// Reads and parses one file. A missing, empty or binary file, a file with no trace record and a
// line that starts like a trace line but does not parse are ParseErrors.
TraceFile read_trace_file(const std::string& path, const ParseOptions& options = {});

// The same for text already in memory; `name` is used in locations and errors.
TraceFile parse_trace_text(std::string_view text, const std::string& name,
                           const ParseOptions& options = {});

std::string_view to_string(TraceFormat f);

} // namespace nbtrace
