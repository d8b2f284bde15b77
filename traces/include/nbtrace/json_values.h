// Trace values as other files show them (a bundle's metrics.json, config_effective.json, the
// harness's command lines): a record's indices as the canonical format's "idx" object, and the
// shortest text that reads back to exactly the same double.
#pragma once

#include "nbtrace/record.h"

#include <boost/json/object.hpp>

#include <string>

namespace nbtrace {

// {"pixel_slow":685,"pixel_fast":1039,...}: the indices a record has, in the canonical order.
boost::json::object indices_object(const Indices& idx);

// "1e-06", "0.1", "116418538225194": std::to_chars' shortest round-trip text.
std::string shortest_text(double v);

} // namespace nbtrace
