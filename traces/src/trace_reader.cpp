// read_trace_file / parse_trace_text: file access, format detection, whole-file checks.
#include "nbtrace/parse.h"

#include "jsonl_reader.h"
#include "legacy_parser.h"
#include "text_lines.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

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

// Reads a trace in bounded memory: a character device or socket is refused before reading, a
// NUL byte ends the read (binary input), and more than kMaxTraceBytes
// (an endless pipe) is refused.
TraceFile read_trace_file(const std::string& path, const ParseOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (!ec) {
        if (fs::is_directory(st))
            throw ParseError(path, "cannot open: is a directory");
        if (fs::is_character_file(st) || fs::is_block_file(st) || fs::is_socket(st))
            throw ParseError(path, "not a trace file: a device or socket, not a regular file or "
                                   "pipe");
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        const int err = errno;
        throw ParseError(path, std::string("cannot open: ") +
                                   (err ? std::strerror(err) : "unknown error"));
    }
    std::string text;
    std::vector<char> chunk(std::size_t(1) << 20);
    for (;;) {
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), f);
        if (n == 0)
            break;
        // binary input: stop at its first NUL; the text check below names the first byte that
        // is not text (it may come earlier)
        if (const void* nul = std::memchr(chunk.data(), '\0', n)) {
            text.append(chunk.data(),
                        static_cast<std::size_t>(static_cast<const char*>(nul) - chunk.data()) + 1);
            break;
        }
        if (text.size() + n > kMaxTraceBytes) {
            std::fclose(f);
            throw ParseError(path, "larger than " + std::to_string(kMaxTraceBytes >> 20) +
                                       " MiB: not a trace (an endless or binary input?)");
        }
        text.append(chunk.data(), n);
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed)
        throw ParseError(path, "read error");
    return parse_trace_text(text, path, options);
}

} // namespace nbtrace
