#include "json_text.h"

#include "number_text.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include <cmath>

namespace nbtrace::detail {

std::string json_string(std::string_view s) {
    return boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

std::string json_number(double v) {
    if (!std::isfinite(v))
        return "\"" + format_shortest(v) + "\"";
    return format_shortest(v);
}

} // namespace nbtrace::detail
