// libFuzzer target for the legacy trace parser (the text the nanoBragg C program and its PyTorch
// port print). Build with -DNB_FUZZ=ON (clang); run e.g.
//   build-fuzz/tests/fuzz/legacy_parser_fuzz -max_total_time=300 -rss_limit_mb=256 CORPUS/
// Invariants checked on every input the parser accepts:
//   1. the parsed trace diffed with itself passes (or is incomplete only for want of records);
//   2. canonical JSON Lines written from it read back bit-exactly.
// Inputs it refuses must fail with a ParseError (one line), never crash or hang.
#include "nbtrace/diff.h"
#include "nbtrace/jsonl.h"
#include "nbtrace/parse.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

bool same_bits(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || (std::signbit(a) == std::signbit(b) && a == b);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    nbtrace::TraceFile f;
    try {
        f = nbtrace::parse_trace_text(text, "fuzz.log");
    } catch (const nbtrace::ParseError& e) {
        if (std::string(e.what()).find('\n') != std::string::npos)
            std::abort(); // an error is one line
        return 0;
    }
    const nbtrace::DiffResult self = nbtrace::diff_traces(f.records, f.records, {});
    if (self.failed != 0 || self.only_a != 0 || self.only_b != 0 ||
        self.verdict == nbtrace::Verdict::fail)
        std::abort();
    std::ostringstream jsonl;
    nbtrace::write_jsonl(jsonl, f.records);
    const nbtrace::TraceFile back = nbtrace::parse_trace_text(jsonl.str(), "fuzz.jsonl");
    if (back.records.size() != f.records.size())
        std::abort();
    for (std::size_t i = 0; i < f.records.size(); ++i) {
        const nbtrace::Record& a = f.records[i];
        const nbtrace::Record& b = back.records[i];
        if (a.key != b.key || a.stage != b.stage || a.idx != b.idx ||
            a.values.size() != b.values.size())
            std::abort();
        for (std::size_t k = 0; k < a.values.size(); ++k)
            if (!same_bits(a.values[k], b.values[k]))
                std::abort();
    }
    return 0;
}
