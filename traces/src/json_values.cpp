#include "nbtrace/json_values.h"

#include "number_text.h"

namespace nbtrace {

boost::json::object indices_object(const Indices& idx) {
    boost::json::object o;
    const auto put = [&](const char* name, const std::optional<int>& v) {
        if (v)
            o[name] = *v;
    };
    put("pixel_slow", idx.pixel_slow);
    put("pixel_fast", idx.pixel_fast);
    put("layer", idx.layer);
    put("sub_s", idx.sub_s);
    put("sub_f", idx.sub_f);
    put("source", idx.source);
    put("phi", idx.phi);
    put("mosaic", idx.mosaic);
    return o;
}

std::string shortest_text(double v) {
    return detail::format_shortest(v);
}

} // namespace nbtrace
