// Reading and writing image files.
//
// Read (format detected from the first bytes, never from the file name):
//   NPY  "\x93NUMPY" magic, versions 1.0, 2.0 and 3.0; descr '<f4' or '<f8', fortran_order False,
//        a 2-D shape (slow, fast).
//   SMV  "{" then "HEADER_BYTES=" header (nanoBragg's -intfile and -noisefile images, and the
//        SMV-float files written here): keys HEADER_BYTES, SIZE1 (fast), SIZE2 (slow), TYPE
//        (unsigned_short, unsigned_int, float, double), BYTE_ORDER (little_endian, big_endian).
//   raw  anything else: little-endian float32, no header (nanoBragg's -floatfile); the shape must
//        be given.
// Every reader is bounded: the file must be exactly header + slow * fast * element bytes, a
// header at most 1 MiB. Errors are ImageError, one line starting with the file name.
//
// Write (both self-describing: shape and element type are in the file):
//   NPY        version 1.0, '<f4' for float32 images, '<f8' otherwise, C order (slow, fast).
//   SMV-float  512-byte header (more in steps of 512 if extra keys need it), TYPE=float for
//              float32 images and TYPE=double otherwise, BYTE_ORDER=little_endian.
#pragma once

#include "nbimage/image.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace nbimage {

class ImageError : public std::runtime_error {
  public:
    enum class Kind {
        input,          // missing, unreadable, malformed, wrong size
        shape_required, // a raw float32 file read without a shape
    };
    ImageError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

enum class ImageFormat { raw_float32, smv, npy };
const char* to_string(ImageFormat f); // "raw-float32", "smv", "npy"

struct ImageFile {
    std::string path;
    ImageFormat format = ImageFormat::raw_float32;
    Image image;
    std::string description; // e.g. "SMV, unsigned_short little_endian, 512-byte header"
};

// Reads any supported file. `shape` is required for raw float32 (ImageError shape_required
// otherwise) and, when given for NPY or SMV, must equal the file's own shape.
ImageFile read_image(const std::string& path, std::optional<Shape> shape = std::nullopt);

// The same from bytes already in memory; `name` stands for the file in messages.
ImageFile parse_image(const std::string& bytes, const std::string& name,
                      std::optional<Shape> shape = std::nullopt);

// "2527x2463" (slow x fast) -> Shape; std::invalid_argument with a reason otherwise.
Shape parse_shape(const std::string& text);

// Encoders (the bytes of a whole file).
std::string encode_npy(const Image& image);
// `extra` keys go into the header after the required ones (KEY=VALUE; lines): keys of capital
// letters, digits and '_', values without ';', '{', '}' or line breaks (std::invalid_argument).
std::string encode_smv_float(const Image& image,
                             const std::vector<std::pair<std::string, std::string>>& extra = {});

} // namespace nbimage
