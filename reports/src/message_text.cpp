#include "nbreport/message_text.h"

namespace nbreport {

std::string printable(std::string_view text) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u <= 0x7e) {
            out.push_back(c);
        } else {
            out += "\\x";
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0xf]);
        }
    }
    return out;
}

std::string with_user_paths(std::string message,
                            const std::vector<std::pair<std::string, std::string>>& made_to_user) {
    for (const auto& [made, user] : made_to_user) {
        if (made.empty())
            continue;
        for (std::size_t at = message.find(made); at != std::string::npos;
             at = message.find(made, at + user.size()))
            message.replace(at, made.size(), user);
    }
    return message;
}

} // namespace nbreport
