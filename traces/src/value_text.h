// The right-hand side of a legacy trace line as the programs print it, split into values.
//
// The programs print one quantity in several shapes: "v v v", "[a b c; d e f; g h i]" (the C
// program's matrices), "[0.0124  0.  0. ]" (numpy arrays in the port's set-up lines),
// "rotx:0 roty:0.1" and "a:[1 2 3] b:[4 5 6]" (named fields). Brackets, semicolons and commas
// only group; a token "name:rest" opens a named field that takes the tokens up to the next one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nbtrace::detail {

struct ValueField {
    std::string name;                     // empty for the plain (unnamed) values
    std::vector<std::string_view> tokens; // value tokens, brackets and separators removed
};

// Plain values give one unnamed field; "k:v ..." gives one field per name (plain tokens before
// the first name form a leading unnamed field). `storage` keeps the cleaned text alive.
std::vector<ValueField> split_value_text(std::string_view text, std::string& storage);

// A name a trace line can carry: no whitespace, no '=', at least one letter or digit, and not
// made of punctuation alone ("===", "---" are banners).
bool is_trace_name(std::string_view name);

} // namespace nbtrace::detail
