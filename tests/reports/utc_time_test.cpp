#include "nbreport/utc_time.h"

#include <catch2/catch.hpp>

using namespace std::chrono;
using nbreport::iso8601_utc;
using nbreport::utc_stamp;

TEST_CASE("utc_stamp and iso8601_utc at the epoch", "[utc_time]") {
    const system_clock::time_point epoch{};
    CHECK(utc_stamp(epoch) == "19700101T000000Z");
    CHECK(iso8601_utc(epoch) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("utc_stamp and iso8601_utc of a known instant", "[utc_time]") {
    // 2025-10-08T21:24:59Z = 1759958699 s since the epoch (`date -u -d @1759958699`).
    const system_clock::time_point t =
        system_clock::time_point{seconds{1759958699}} + milliseconds{123};
    CHECK(utc_stamp(t) == "20251008T212459Z");
    CHECK(iso8601_utc(t) == "2025-10-08T21:24:59.123Z");
}

TEST_CASE("times before the epoch floor toward the past", "[utc_time]") {
    // 1 ms before the epoch is 1969-12-31T23:59:59.999Z, not 00:00:00.-01.
    const system_clock::time_point t = system_clock::time_point{} - milliseconds{1};
    CHECK(utc_stamp(t) == "19691231T235959Z");
    CHECK(iso8601_utc(t) == "1969-12-31T23:59:59.999Z");
}
