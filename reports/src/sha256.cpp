#include "nbreport/sha256.h"

#include "file_io.h"

#include <memory>
#include <stdexcept>

#include <fcntl.h>
#include <openssl/evp.h>

namespace nbreport {

namespace {

// One SHA-256 computation through OpenSSL's EVP interface.
class Sha256 {
  public:
    Sha256() : ctx_(EVP_MD_CTX_new()) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
    }

    void update(const char* data, std::size_t size) {
        if (EVP_DigestUpdate(ctx_.get(), data, size) != 1)
            throw std::runtime_error("OpenSSL: SHA-256 update failed");
    }

    std::string final_hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), digest, &length) != 1)
            throw std::runtime_error("OpenSSL: SHA-256 final failed");
        static constexpr char kHex[] = "0123456789abcdef";
        std::string hex;
        hex.reserve(2 * length);
        for (unsigned int i = 0; i < length; ++i) {
            hex.push_back(kHex[digest[i] >> 4]);
            hex.push_back(kHex[digest[i] & 0xF]);
        }
        return hex;
    }

  private:
    struct Free {
        void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> ctx_;
};

} // namespace

std::string sha256_hex(std::string_view bytes) {
    Sha256 sha;
    sha.update(bytes.data(), bytes.size());
    return sha.final_hex();
}

std::string sha256_file_hex(const std::filesystem::path& path) {
    const detail::UniqueFd fd = detail::open_or_throw(path, O_RDONLY);
    Sha256 sha;
    char buffer[1 << 16];
    while (const std::size_t n = detail::read_some(fd.get(), buffer, sizeof buffer, path))
        sha.update(buffer, n);
    return sha.final_hex();
}

} // namespace nbreport
