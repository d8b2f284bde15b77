#include "nbtrace/dialect.h"

#include <cctype>
#include <charconv>

namespace nbtrace {

bool match_pattern(std::string_view pattern, std::string_view line,
                   std::vector<std::string>* captured) {
    std::vector<std::string> out;
    std::size_t p = 0;
    std::size_t l = 0;
    while (p < pattern.size()) {
        if (pattern[p] != '%' || p + 1 >= pattern.size()) {
            if (l >= line.size() || line[l] != pattern[p])
                return false;
            ++p;
            ++l;
            continue;
        }
        const char conv = pattern[p + 1];
        p += 2;
        const char* first = line.data() + l;
        const char* last = line.data() + line.size();
        switch (conv) {
        case '%':
            if (l >= line.size() || line[l] != '%')
                return false;
            ++l;
            break;
        case '*':
            l = line.size();
            break;
        case 'd': {
            long long v = 0;
            const auto [ptr, ec] = std::from_chars(first, last, v);
            if (ec != std::errc())
                return false;
            out.emplace_back(first, ptr);
            l += static_cast<std::size_t>(ptr - first);
            break;
        }
        case 'g': {
            double v = 0;
            const auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
            if (ec != std::errc())
                return false;
            out.emplace_back(first, ptr);
            l += static_cast<std::size_t>(ptr - first);
            break;
        }
        case 'w': {
            std::size_t e = l;
            while (e < line.size() &&
                   (std::isalpha(static_cast<unsigned char>(line[e])) || line[e] == '_'))
                ++e;
            if (e == l)
                return false;
            out.emplace_back(line.substr(l, e - l));
            l = e;
            break;
        }
        default:
            return false; // unknown conversion: the registry loader keeps these out
        }
    }
    if (l != line.size())
        return false;
    if (captured)
        *captured = std::move(out);
    return true;
}

} // namespace nbtrace
