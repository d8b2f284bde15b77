#include "nbreport/pretty_json.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <limits>

namespace json = boost::json;
using nbreport::pretty_json;

TEST_CASE("pretty_json indents by two spaces and keeps insertion order", "[pretty_json]") {
    const json::value v = json::object{{"z", 1},
                                       {"a", json::array{true, nullptr, "s\"q"}},
                                       {"empty_object", json::object{}},
                                       {"empty_array", json::array{}}};
    CHECK(pretty_json(v) == "{\n"
                            "  \"z\": 1,\n"
                            "  \"a\": [\n"
                            "    true,\n"
                            "    null,\n"
                            "    \"s\\\"q\"\n"
                            "  ],\n"
                            "  \"empty_object\": {},\n"
                            "  \"empty_array\": []\n"
                            "}\n");
}

TEST_CASE("pretty_json writes doubles in their shortest round-trip form", "[pretty_json]") {
    CHECK(pretty_json(json::value(0.1)) == "0.1\n");
    CHECK(pretty_json(json::value(1e-6)) == "1e-06\n");
    CHECK(pretty_json(json::value(2.0)) == "2.0\n"); // stays a double for readers
    CHECK(pretty_json(json::value(0.30000000000000004)) == "0.30000000000000004\n");
    CHECK(pretty_json(json::value(std::numeric_limits<double>::quiet_NaN())) == "null\n");
    CHECK(pretty_json(json::value(std::numeric_limits<double>::infinity())) == "null\n");
}

TEST_CASE("pretty_json writes 64-bit integers exactly", "[pretty_json]") {
    CHECK(pretty_json(json::value(std::uint64_t{18446744073709551615u})) ==
          "18446744073709551615\n");
    CHECK(pretty_json(json::value(std::int64_t{-9007199254740993})) == "-9007199254740993\n");
}
