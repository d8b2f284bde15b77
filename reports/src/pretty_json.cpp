#include "nbreport/pretty_json.h"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>
#include <string>

namespace nbreport {

namespace {

void append_indent(std::string& out, int depth) {
    out.append(static_cast<std::size_t>(2 * depth), ' ');
}

void append_double(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    out += text;
    // "1" would read back as an integer; keep doubles recognisable as such.
    if (text.find_first_of(".eE") == std::string_view::npos)
        out += ".0";
    (void)ec; // 32 bytes always hold the shortest form of a double
}

void append_value(std::string& out, const boost::json::value& v, int depth) {
    switch (v.kind()) {
    case boost::json::kind::object: {
        const boost::json::object& object = v.get_object();
        if (object.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& [key, value] : object) {
            if (!first)
                out += ",\n";
            first = false;
            append_indent(out, depth + 1);
            out += boost::json::serialize(boost::json::string_view(key));
            out += ": ";
            append_value(out, value, depth + 1);
        }
        out += '\n';
        append_indent(out, depth);
        out += '}';
        return;
    }
    case boost::json::kind::array: {
        const boost::json::array& array = v.get_array();
        if (array.empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < array.size(); ++i) {
            if (i > 0)
                out += ",\n";
            append_indent(out, depth + 1);
            append_value(out, array[i], depth + 1);
        }
        out += '\n';
        append_indent(out, depth);
        out += ']';
        return;
    }
    case boost::json::kind::double_:
        append_double(out, v.get_double());
        return;
    default: // null, bool, integers, strings: Boost.JSON's own serialisation is exact
        out += boost::json::serialize(v);
        return;
    }
}

} // namespace

std::string pretty_json(const boost::json::value& value) {
    std::string out;
    append_value(out, value, 0);
    out += '\n';
    return out;
}

} // namespace nbreport
