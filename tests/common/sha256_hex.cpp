#include "sha256_hex.h"

#include <openssl/evp.h>

#include <cstdio>
#include <stdexcept>

namespace nbtest {

std::string sha256_hex(const void* data, size_t len) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(data, len, md, &n, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("EVP_Digest failed");
    std::string hex;
    char buf[3];
    for (unsigned int i = 0; i < n; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", md[i]);
        hex += buf;
    }
    return hex;
}

} // namespace nbtest
