// SHA-256 of bytes, as lowercase hex (for comparing with the sha256 recorded by the golden runs).
#pragma once

#include <string>

namespace nbtest {
std::string sha256_hex(const void* data, size_t len);
}
