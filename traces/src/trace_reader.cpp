// read_trace_file / parse_trace_text: file access, format detection, whole-file checks.
#include "nbtrace/parse.h"

#include "jsonl_reader.h"
#include "legacy_parser.h"
#include "text_lines.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nbtrace {

ParseError::ParseError(std::string location, std::string message)
    : std::runtime_error(location + ": " + message), location_(std::move(location)),
      message_(std::move(message)) {}

std::string_view to_string(TraceFormat f) {
    return f == TraceFormat::canonical ? "canonical" : "legacy";
}

TraceFile parse_trace_text(std::string_view text, const std::string& name,
                           const ParseOptions& options) {
    if (text.empty())
        throw ParseError(name + ":1", "empty file");
    const std::vector<std::string_view> lines = detail::split_text_lines(text, name);
    // canonical files start with their JSON header; everything else is a legacy text trace
    bool canonical = false;
    for (std::string_view line : lines)
        if (!detail::is_blank(line)) {
            canonical = line.find_first_not_of(" \t") != std::string_view::npos &&
                        line[line.find_first_not_of(" \t")] == '{';
            break;
        }
    TraceFile f = canonical ? detail::parse_canonical(lines, name, options)
                            : detail::parse_legacy(lines, name, options);
    if (f.records.empty())
        throw ParseError(name + ":" + std::to_string(lines.size()),
                         "no trace records in " + std::to_string(lines.size()) + " line" +
                             (lines.size() == 1 ? "" : "s"));
    return f;
}

TraceFile read_trace_file(const std::string& path, const ParseOptions& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ParseError(path, "cannot open: is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        throw ParseError(path, std::string("cannot open: ") +
                                   (err ? std::strerror(err) : "unknown error"));
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad())
        throw ParseError(path, "read error");
    return parse_trace_text(buf.str(), path, options);
}

} // namespace nbtrace
