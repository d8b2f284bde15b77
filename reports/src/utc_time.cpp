#include "nbreport/utc_time.h"

#include <cstdio>
#include <ctime>

namespace nbreport {

namespace {

struct UtcFields {
    std::tm tm{};
    int millis = 0;
};

// Splits a time point into UTC calendar fields, flooring toward the past (also before 1970).
UtcFields to_utc(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = time_point_cast<milliseconds>(t).time_since_epoch().count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    int millis = static_cast<int>(ms % 1000);
    if (millis < 0) {
        millis += 1000;
        --seconds;
    }
    UtcFields f;
    gmtime_r(&seconds, &f.tm);
    f.millis = millis;
    return f;
}

} // namespace

std::string utc_stamp(std::chrono::system_clock::time_point t) {
    const UtcFields f = to_utc(t);
    char out[64]; // room for any int year, so -Wformat-truncation stays quiet
    std::snprintf(out, sizeof out, "%04d%02d%02dT%02d%02d%02dZ", f.tm.tm_year + 1900,
                  f.tm.tm_mon + 1, f.tm.tm_mday, f.tm.tm_hour, f.tm.tm_min, f.tm.tm_sec);
    return out;
}

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
    const UtcFields f = to_utc(t);
    char out[80];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", f.tm.tm_year + 1900,
                  f.tm.tm_mon + 1, f.tm.tm_mday, f.tm.tm_hour, f.tm.tm_min, f.tm.tm_sec, f.millis);
    return out;
}

} // namespace nbreport
