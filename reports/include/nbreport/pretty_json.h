// Pretty-printing JSON for files people read (env.json, metrics.json).
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace nbreport {

// Two-space indentation, keys in the object's own (insertion) order, a final newline. Numbers:
// integers exactly; doubles in the shortest form that reads back to the same double (std::to_chars,
// e.g. 0.1, 1e-06); NaN and infinities, which JSON cannot hold, as null.
std::string pretty_json(const boost::json::value& value);

} // namespace nbreport
