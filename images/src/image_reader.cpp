// Format detection, size checks and pixel decoding shared by every reader.
#include "file_layout.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace nbimage {

namespace detail {

void fail(const std::string& name, const std::string& what) {
    throw ImageError(ImageError::Kind::input, name + ": " + what);
}

std::size_t FileLayout::element_bytes() const {
    switch (element) {
    case ElementType::uint16:
        return 2;
    case ElementType::float32:
    case ElementType::uint32:
        return 4;
    case ElementType::float64:
        return 8;
    }
    return 0;
}

bool host_is_little_endian() {
    const std::uint16_t probe = 1;
    unsigned char first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

namespace {

template <class T>
void decode(const char* data, std::size_t n, bool swap, std::vector<double>& out) {
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char bytes[sizeof(T)];
        std::memcpy(bytes, data + i * sizeof(T), sizeof(T));
        if (swap)
            for (std::size_t b = 0; b < sizeof(T) / 2; ++b)
                std::swap(bytes[b], bytes[sizeof(T) - 1 - b]);
        T v;
        std::memcpy(&v, bytes, sizeof(T));
        out[i] = static_cast<double>(v);
    }
}

} // namespace

std::vector<double> decode_pixels(const char* data, const FileLayout& l) {
    const std::size_t n = l.shape.pixels();
    std::vector<double> out(n);
    const bool swap = l.big_endian == host_is_little_endian();
    switch (l.element) {
    case ElementType::uint16:
        decode<std::uint16_t>(data, n, swap, out);
        break;
    case ElementType::uint32:
        decode<std::uint32_t>(data, n, swap, out);
        break;
    case ElementType::float32:
        decode<float>(data, n, swap, out);
        break;
    case ElementType::float64:
        decode<double>(data, n, swap, out);
        break;
    }
    return out;
}

} // namespace detail

using detail::fail;
using detail::FileLayout;

const char* to_string(ImageFormat f) {
    switch (f) {
    case ImageFormat::raw_float32:
        return "raw-float32";
    case ImageFormat::smv:
        return "smv";
    case ImageFormat::npy:
        return "npy";
    }
    return "?";
}

Shape parse_shape(const std::string& text) {
    const std::size_t x = text.find('x');
    auto number = [&](const std::string& s) {
        if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
            throw std::invalid_argument("shape '" + text + "' is not SLOWxFAST (e.g. 2527x2463)");
        const int v = std::stoi(s);
        if (v <= 0)
            throw std::invalid_argument("shape '" + text + "' has a zero dimension");
        return v;
    };
    if (x == std::string::npos)
        throw std::invalid_argument("shape '" + text + "' is not SLOWxFAST (e.g. 2527x2463)");
    return {number(text.substr(0, x)), number(text.substr(x + 1))};
}

namespace {

// The layout of a file of `file_bytes` bytes starting with `prefix`, checked against its size
// and against the shape asked for.
FileLayout layout_of(const std::string& prefix, std::size_t file_bytes, const std::string& name,
                     std::optional<Shape> shape) {
    FileLayout l;
    if (detail::looks_like_npy(prefix)) {
        l = detail::npy_layout(prefix, name);
    } else if (detail::looks_like_smv(prefix)) {
        l = detail::smv_layout(prefix, name);
    } else {
        if (!shape)
            throw ImageError(ImageError::Kind::shape_required,
                             name + ": neither NPY nor SMV, so raw float32: its shape must be "
                                    "given");
        l.format = ImageFormat::raw_float32;
        l.element = ElementType::float32;
        l.shape = *shape;
        l.description = "raw float32 little-endian, " + shape->to_string() + " (given)";
    }
    if (l.shape.slow <= 0 || l.shape.fast <= 0)
        fail(name, "empty image (" + l.shape.to_string() + ")");
    if (shape && *shape != l.shape)
        fail(name, "the file holds " + l.shape.to_string() + ", not the " + shape->to_string() +
                       " asked for");
    if (file_bytes != l.file_bytes())
        fail(name, std::to_string(file_bytes) + " bytes, but " + l.description + " needs " +
                       std::to_string(l.file_bytes()));
    return l;
}

ImageFile image_file(const std::string& name, const FileLayout& l, const char* data) {
    ImageFile f;
    f.path = name;
    f.format = l.format;
    f.description = l.description;
    f.image = Image(l.shape, detail::decode_pixels(data, l), l.element);
    return f;
}

} // namespace

ImageFile parse_image(const std::string& bytes, const std::string& name,
                      std::optional<Shape> shape) {
    const FileLayout l =
        layout_of(bytes.substr(0, detail::kMaxHeaderBytes), bytes.size(), name, shape);
    return image_file(name, l, bytes.data() + l.data_offset);
}

ImageFile read_image(const std::string& path, std::optional<Shape> shape) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
        fail(path, "not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(path, std::string("cannot open (") + std::strerror(errno) + ")");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (!in || size < 0)
        fail(path, "cannot read (not a regular file?)");
    if (size == 0)
        fail(path, "empty file");
    std::string prefix(
        std::min<std::size_t>(static_cast<std::size_t>(size), detail::kMaxHeaderBytes), '\0');
    in.read(prefix.data(), static_cast<std::streamsize>(prefix.size()));
    if (!in)
        fail(path, "read error");
    // the whole layout, including the size check, is settled before the pixels are read
    const FileLayout l = layout_of(prefix, static_cast<std::size_t>(size), path, shape);
    std::string data(l.file_bytes() - l.data_offset, '\0');
    in.seekg(static_cast<std::streamoff>(l.data_offset), std::ios::beg);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    if (!in)
        fail(path, "read error");
    return image_file(path, l, data.data());
}

} // namespace nbimage
