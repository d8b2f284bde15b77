// Splitting a trace file into lines, rejecting binary data on the way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nbtrace::detail {

// Lines without their terminator (a trailing '\r' of CRLF files is dropped). Throws ParseError at
// the first line holding a NUL byte, a control character other than tab/form feed, or invalid
// UTF-8: such a file is not a text trace.
std::vector<std::string_view> split_text_lines(std::string_view text, const std::string& name);

// Whitespace-separated tokens of a line.
std::vector<std::string_view> split_tokens(std::string_view line);

bool is_blank(std::string_view line);

// `text` shortened for an error message, with non-printable bytes shown as '?'.
std::string quote(std::string_view text);

} // namespace nbtrace::detail
