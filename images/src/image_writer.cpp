// The two self-describing formats images are written in (layouts in image_io.h).
#include "nbimage/image_io.h"

#include "file_layout.h"

#include <cstdint>
#include <cstring>

namespace nbimage {

namespace {

// The pixels as little-endian float32 (float32 images) or float64 (any other).
std::string little_endian_pixels(const Image& image) {
    const bool as_float = image.element_type() == ElementType::float32;
    const std::size_t size = as_float ? 4 : 8;
    std::string out(image.values().size() * size, '\0');
    const bool swap = !detail::host_is_little_endian();
    char* p = out.data();
    for (double v : image.values()) {
        unsigned char bytes[8];
        if (as_float) {
            const float f = static_cast<float>(v);
            std::memcpy(bytes, &f, 4);
        } else {
            std::memcpy(bytes, &v, 8);
        }
        if (swap)
            for (std::size_t b = 0; b < size / 2; ++b)
                std::swap(bytes[b], bytes[size - 1 - b]);
        std::memcpy(p, bytes, size);
        p += size;
    }
    return out;
}

bool valid_key(const std::string& k) {
    if (k.empty())
        return false;
    for (char c : k)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

} // namespace

std::string encode_npy(const Image& image) {
    const Shape s = image.shape();
    std::string dict = std::string("{'descr': '") +
                       (image.element_type() == ElementType::float32 ? "<f4" : "<f8") +
                       "', 'fortran_order': False, 'shape': (" + std::to_string(s.slow) + ", " +
                       std::to_string(s.fast) + "), }";
    // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64 bytes
    const std::size_t unpadded = 10 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(dict.size() & 0xff);
    out += static_cast<char>((dict.size() >> 8) & 0xff);
    out += dict;
    out += little_endian_pixels(image);
    return out;
}

std::string encode_smv_float(const Image& image,
                             const std::vector<std::pair<std::string, std::string>>& extra) {
    const Shape s = image.shape();
    std::string body = std::string("DIM=2;\nBYTE_ORDER=little_endian;\nTYPE=") +
                       (image.element_type() == ElementType::float32 ? "float" : "double") +
                       ";\nSIZE1=" + std::to_string(s.fast) + ";\nSIZE2=" + std::to_string(s.slow) +
                       ";\n";
    for (const auto& [key, value] : extra) {
        if (!valid_key(key) || key == "HEADER_BYTES" || key == "DIM" || key == "BYTE_ORDER" ||
            key == "TYPE" || key == "SIZE1" || key == "SIZE2")
            throw std::invalid_argument("SMV header key '" + key +
                                        "' is reserved or not of A-Z, 0-9, _");
        if (value.find_first_of(";{}\n\r") != std::string::npos)
            throw std::invalid_argument("SMV header value of " + key +
                                        " holds ';', '{', '}' or a line break");
        body += key + "=" + value + ";\n";
    }
    // "{\nHEADER_BYTES=NNNNN;\n" + body + "}\f", padded with spaces to a multiple of 512
    std::size_t header_bytes = 512;
    while (true) {
        const std::string head = "{\nHEADER_BYTES=" + std::to_string(header_bytes) + ";\n";
        const std::size_t text = head.size() + body.size() + 2;
        if (text <= header_bytes) {
            std::string out = head + body + "}\f";
            out.append(header_bytes - out.size(), ' ');
            return out + little_endian_pixels(image);
        }
        header_bytes += 512;
    }
}

} // namespace nbimage
