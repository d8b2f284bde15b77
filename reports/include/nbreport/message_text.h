// Error messages that are safe to print and name what the user gave.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbreport {

// `text` with every byte outside printable ASCII (0x20..0x7e) written as \xNN, so that a file
// name or a value holding control bytes, escape sequences or binary data cannot garble a
// terminal, split a one-line message or forge another line.
std::string printable(std::string_view text);

// `message` with every occurrence of a path a program made for itself (e.g. an input's copy in a
// bundle's staging folder) replaced by the path the user gave for it. Pairs are applied in the
// order given; the longer of two overlapping paths should come first.
std::string with_user_paths(std::string message,
                            const std::vector<std::pair<std::string, std::string>>& made_to_user);

} // namespace nbreport
