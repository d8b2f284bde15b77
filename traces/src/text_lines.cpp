#include "text_lines.h"

#include "nbtrace/parse.h"

#include <cstdio>

namespace nbtrace::detail {

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is malformed.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    return n;
}

void check_text(std::string_view line, const std::string& name, std::size_t lineno) {
    for (std::size_t i = 0; i < line.size();) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\f') || c == 0x7F) {
                char buf[96];
                std::snprintf(buf, sizeof buf,
                              "binary data, not a text trace (byte 0x%02X at column %zu)", c,
                              i + 1);
                throw ParseError(name + ":" + std::to_string(lineno), buf);
            }
            ++i;
            continue;
        }
        const std::size_t n = utf8_length(line, i);
        if (n == 0) {
            char buf[96];
            std::snprintf(buf, sizeof buf,
                          "binary data, not a text trace (byte 0x%02X at column %zu)", c, i + 1);
            throw ParseError(name + ":" + std::to_string(lineno), buf);
        }
        i += n;
    }
}

} // namespace

std::vector<std::string_view> split_text_lines(std::string_view text, const std::string& name) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        const bool last = end == std::string_view::npos;
        if (last)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        check_text(line, name, lines.size() + 1);
        lines.push_back(line);
        start = last ? text.size() : end + 1;
    }
    return lines;
}

std::vector<std::string_view> split_tokens(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const std::size_t b = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > b)
            out.push_back(line.substr(b, i - b));
    }
    return out;
}

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\f") == std::string_view::npos;
}

std::string quote(std::string_view text) {
    constexpr std::size_t kMax = 40;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += (c >= 0x20 && c != 0x7F) ? static_cast<char>(c) : '?';
    }
    if (text.size() > kMax)
        out += "...";
    return out + "'";
}

} // namespace nbtrace::detail
