#include "value_text.h"

#include "number_text.h"
#include "text_lines.h"

#include <algorithm>
#include <cctype>

namespace nbtrace::detail {

namespace {

bool is_field_name(std::string_view s) {
    return !s.empty() && std::isalpha(static_cast<unsigned char>(s.front())) &&
           std::all_of(s.begin(), s.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
           });
}

} // namespace

std::vector<ValueField> split_value_text(std::string_view text, std::string& storage) {
    storage.assign(text.begin(), text.end());
    for (char& c : storage)
        if (c == '[' || c == ']' || c == ';' || c == ',' || c == '(' || c == ')')
            c = ' ';
    std::vector<ValueField> out;
    for (std::string_view tok : split_tokens(storage)) {
        const std::size_t colon = tok.find(':');
        // "name:rest" opens a field unless the token is a number ("1:2" is not printed; a
        // time-like "12:30" would be caught here and fail as a non-numeric field value later)
        if (colon != std::string_view::npos && is_field_name(tok.substr(0, colon))) {
            out.push_back(ValueField{std::string(tok.substr(0, colon)), {}});
            if (colon + 1 < tok.size())
                out.back().tokens.push_back(tok.substr(colon + 1));
            continue;
        }
        if (out.empty())
            out.push_back(ValueField{});
        out.back().tokens.push_back(tok);
    }
    return out;
}

bool is_trace_name(std::string_view name) {
    if (name.empty() || name.find('=') != std::string_view::npos)
        return false;
    for (char c : name)
        if (c == ' ' || c == '\t')
            return false;
    return std::any_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

} // namespace nbtrace::detail
