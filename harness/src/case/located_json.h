// JSON data files whose errors name file:line: the parsed document together with the line of
// every value, keyed by its JSON pointer ("/cases/3/dtypes/1").
//
// Numbers are converted from their text with std::from_chars (correctly rounded; Boost.JSON's own
// conversion can be one ulp off, traces/README.md), so a tolerance written as 2e-10 is exactly the
// double nearest to 2e-10.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>

namespace harness {

struct LocatedJson {
    boost::json::value root;
    // JSON pointer -> line (1-based) where the value starts; for an object member, the line of
    // its key.
    std::map<std::string, int> lines;

    // The line of `pointer`, else of its nearest ancestor that has one (1 for the root).
    int line_of(const std::string& pointer) const;
};

// A syntax error at a line.
struct JsonSyntaxError {
    int line;
    std::string message;
};

// Parses `text` (strict JSON: no comments, no trailing commas). Throws JsonSyntaxError.
LocatedJson parse_located_json(std::string_view text);

} // namespace harness
