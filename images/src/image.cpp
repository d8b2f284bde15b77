#include "nbimage/image.h"

#include <cmath>
#include <stdexcept>

namespace nbimage {

std::string Shape::to_string() const {
    return std::to_string(fast) + " fast x " + std::to_string(slow) + " slow";
}

nbtrace::Region full_region(Shape shape) {
    return {0, shape.slow - 1, 0, shape.fast - 1};
}

bool region_within(const nbtrace::Region& region, Shape shape) {
    return !region.empty() && region.slow_min >= 0 && region.fast_min >= 0 &&
           region.slow_max < shape.slow && region.fast_max < shape.fast;
}

bool is_full_region(const nbtrace::Region& region, Shape shape) {
    return region == full_region(shape);
}

const char* to_string(ElementType t) {
    switch (t) {
    case ElementType::float32:
        return "float32";
    case ElementType::float64:
        return "float64";
    case ElementType::uint16:
        return "uint16";
    case ElementType::uint32:
        return "uint32";
    }
    return "?";
}

Image::Image(Shape shape, std::vector<double> values, ElementType stored)
    : shape_(shape), values_(std::move(values)), stored_(stored) {
    if (shape.slow < 0 || shape.fast < 0 || values_.size() != shape.pixels())
        throw std::invalid_argument("image of " + shape.to_string() + " needs " +
                                    std::to_string(shape.pixels()) + " values, got " +
                                    std::to_string(values_.size()));
    if (stored == ElementType::float32)
        for (double& v : values_)
            v = static_cast<double>(static_cast<float>(v));
    if (stored == ElementType::uint16 || stored == ElementType::uint32) {
        const double top = stored == ElementType::uint16 ? 65535.0 : 4294967295.0;
        for (double v : values_)
            if (!(v >= 0 && v <= top && std::floor(v) == v))
                throw std::invalid_argument(std::string("value ") + std::to_string(v) +
                                            " is not a " + nbimage::to_string(stored));
    }
}

Image Image::from_float32(Shape shape, const std::vector<float>& values) {
    return Image(shape, std::vector<double>(values.begin(), values.end()), ElementType::float32);
}

} // namespace nbimage
