// JSON text -> boost::json::value with every number converted exactly from its text.
//
// WARNING: Boost.JSON 1.81's own number parser is not correctly rounded (about 29% of random
// doubles come back one ulp off), while its serializer output and our writer's output parse back
// exactly with a correctly rounded conversion. Every JSON this library reads (trace records,
// the key registry) therefore goes through parse_json_exact, never boost::json::parse.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace nbtrace::detail {

// Parses exactly one JSON document. On failure returns a null value and sets *error to the parser's
// message (with the byte offset); on success *error is cleared.
boost::json::value parse_json_exact(std::string_view text, std::string* error);

} // namespace nbtrace::detail
