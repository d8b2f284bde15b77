// SMV (ADSC) headers: "{" newline, then KEY=VALUE; entries one a line, "}", padding up to
// HEADER_BYTES; the pixels follow. nanoBragg writes HEADER_BYTES=512, DIM=2, BYTE_ORDER, TYPE,
// SIZE1 (fast), SIZE2 (slow) first, and some entries without the ';' (DIALS_ORIGIN).
//
// Keys are matched whole (nanoBragg's own reader takes the last substring match, so that
// DISTANCE can hit CLOSE_DISTANCE; a reader that only needs the layout has no reason to copy that).
#include "file_layout.h"

#include <cctype>
#include <cstdlib>
#include <map>

namespace nbimage::detail {

namespace {

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
}

// A positive decimal integer (at most 9 digits), or fails naming the key.
long positive_integer(const std::map<std::string, std::string>& keys, const char* key,
                      const std::string& name) {
    const auto it = keys.find(key);
    if (it == keys.end())
        fail(name, std::string("SMV header lacks ") + key);
    const std::string& v = it->second;
    bool digits = !v.empty() && v.size() <= 9;
    for (char c : v)
        digits = digits && std::isdigit(static_cast<unsigned char>(c));
    const long n = digits ? std::atol(v.c_str()) : 0;
    if (n <= 0)
        fail(name, std::string("SMV header: ") + key + "=" + v + " is not a positive integer");
    return n;
}

} // namespace

bool looks_like_smv(const std::string& prefix) {
    if (prefix.empty() || prefix[0] != '{')
        return false;
    std::size_t i = 1;
    while (i < prefix.size() && i < 64 && std::isspace(static_cast<unsigned char>(prefix[i])))
        ++i;
    return prefix.compare(i, 12, "HEADER_BYTES") == 0;
}

FileLayout smv_layout(const std::string& prefix, const std::string& name) {
    const std::size_t close = prefix.find('}');
    if (close == std::string::npos)
        fail(name, "SMV header has no closing '}' within its first 1 MiB");
    std::map<std::string, std::string> keys;
    std::string entry;
    auto take = [&](const std::string& raw) {
        const std::string e = trim(raw);
        if (e.empty())
            return;
        const std::size_t eq = e.find('=');
        if (eq == std::string::npos || eq == 0)
            fail(name, "SMV header entry '" + e.substr(0, 40) + "' is not KEY=VALUE");
        const std::string key = trim(e.substr(0, eq));
        if (keys.count(key) && (key == "HEADER_BYTES" || key == "SIZE1" || key == "SIZE2" ||
                                key == "TYPE" || key == "BYTE_ORDER"))
            fail(name, "SMV header has " + key + " twice");
        keys[key] = trim(e.substr(eq + 1));
    };
    for (std::size_t i = 1; i < close; ++i) {
        const char c = prefix[i];
        if (c == ';' || c == '\n' || c == '\r') {
            take(entry);
            entry.clear();
        } else {
            entry += c;
        }
    }
    take(entry);

    FileLayout l;
    l.format = ImageFormat::smv;
    const long header_bytes = positive_integer(keys, "HEADER_BYTES", name);
    if (static_cast<std::size_t>(header_bytes) < close + 1)
        fail(name, "SMV header: HEADER_BYTES=" + std::to_string(header_bytes) +
                       " is shorter than the header text (" + std::to_string(close + 1) +
                       " bytes)");
    if (static_cast<std::size_t>(header_bytes) > kMaxHeaderBytes)
        fail(name,
             "SMV header: HEADER_BYTES=" + std::to_string(header_bytes) + " is more than 1 MiB");
    l.data_offset = static_cast<std::size_t>(header_bytes);
    if (keys.count("DIM") && keys.at("DIM") != "2")
        fail(name, "SMV header: DIM=" + keys.at("DIM") + " (an image has 2)");
    const long fast = positive_integer(keys, "SIZE1", name);
    const long slow = positive_integer(keys, "SIZE2", name);
    l.shape = {static_cast<int>(slow), static_cast<int>(fast)};
    if (!keys.count("TYPE"))
        fail(name, "SMV header lacks TYPE");
    const std::string& type = keys.at("TYPE");
    if (type == "unsigned_short")
        l.element = ElementType::uint16;
    else if (type == "unsigned_int" || type == "unsigned_long")
        l.element = ElementType::uint32;
    else if (type == "float")
        l.element = ElementType::float32;
    else if (type == "double")
        l.element = ElementType::float64;
    else
        fail(name, "SMV TYPE=" + type +
                       " is not supported (unsigned_short, unsigned_int, unsigned_long, float, "
                       "double)");
    if (!keys.count("BYTE_ORDER"))
        fail(name, "SMV header lacks BYTE_ORDER");
    const std::string& order = keys.at("BYTE_ORDER");
    if (order == "big_endian")
        l.big_endian = true;
    else if (order != "little_endian")
        fail(name, "SMV BYTE_ORDER=" + order + " is neither little_endian nor big_endian");
    l.description = "SMV, " + type + " " + order + ", " + std::to_string(header_bytes) +
                    "-byte header, " + l.shape.to_string();
    return l;
}

} // namespace nbimage::detail
