// UTC time stamps: the bundle folder name and the ISO 8601 times of env.json.
#pragma once

#include <chrono>
#include <string>

namespace nbreport {

// "YYYYMMDDTHHMMSSZ", e.g. "20251008T212459Z" (whole seconds, truncated): a bundle's folder name.
std::string utc_stamp(std::chrono::system_clock::time_point t);

// ISO 8601 in UTC with milliseconds and a Z, e.g. "2025-10-08T21:24:59.123Z".
std::string iso8601_utc(std::chrono::system_clock::time_point t);

} // namespace nbreport
