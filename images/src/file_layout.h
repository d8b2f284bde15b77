// Where the pixels of an image file are and how they are stored (internal to the readers).
#pragma once

#include "nbimage/image_io.h"

#include <cstddef>
#include <optional>
#include <string>

namespace nbimage::detail {

// Headers are read from the first kMaxHeaderBytes of a file; none may be longer.
inline constexpr std::size_t kMaxHeaderBytes = 1u << 20;

struct FileLayout {
    ImageFormat format = ImageFormat::raw_float32;
    Shape shape;
    ElementType element = ElementType::float32;
    bool big_endian = false;
    std::size_t data_offset = 0;
    std::string description;

    std::size_t element_bytes() const;
    std::size_t file_bytes() const { return data_offset + shape.pixels() * element_bytes(); }
};

// Each parses the header in `prefix` (the file's first bytes, up to kMaxHeaderBytes) and throws
// ImageError("<name>: ...") when it is malformed or unsupported. They do not look at the size.
FileLayout npy_layout(const std::string& prefix, const std::string& name);
FileLayout smv_layout(const std::string& prefix, const std::string& name);

bool looks_like_npy(const std::string& prefix);
bool looks_like_smv(const std::string& prefix);

// Converts the stored elements to doubles (byte order and type of `layout`).
std::vector<double> decode_pixels(const char* data, const FileLayout& layout);

[[noreturn]] void fail(const std::string& name, const std::string& what);

// Whether this machine stores the lowest byte of a number first (files here are little-endian).
bool host_is_little_endian();

} // namespace nbimage::detail
