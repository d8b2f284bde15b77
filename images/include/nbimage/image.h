// A detector image for comparison: float values on a grid of slow rows x fast columns.
//
// Pixels and regions are the trace library's nbtrace::Pixel and nbtrace::Region: slow (row) comes
// first everywhere. nanoBragg's own flags differ: -trace_pixel S F is slow-first,
// -printout_pixel F S and -roi xmin xmax ymin ymax are fast-first; nbtrace::Region::from_roi_flag()
// is the one place that converts the -roi order.
//
// Layout: row-major, the fast index varies fastest: index = slow * shape.fast + fast (the order
// nanoBragg writes its float image in).
#pragma once

#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <cstddef>
#include <string>
#include <vector>

namespace nbimage {

struct Shape {
    int slow = 0; // rows (nanoBragg -detpixels_y / SMV SIZE2)
    int fast = 0; // columns (nanoBragg -detpixels_x / SMV SIZE1)
    std::size_t pixels() const {
        return static_cast<std::size_t>(slow) * static_cast<std::size_t>(fast);
    }
    bool operator==(const Shape& o) const { return slow == o.slow && fast == o.fast; }
    bool operator!=(const Shape& o) const { return !(*this == o); }
    std::string to_string() const; // "2463 fast x 2527 slow"
};

// Every pixel of an image of `shape`.
nbtrace::Region full_region(Shape shape);
// `region` is not empty and every pixel of it lies on an image of `shape`.
bool region_within(const nbtrace::Region& region, Shape shape);
// `region` is every pixel of an image of `shape`.
bool is_full_region(const nbtrace::Region& region, Shape shape);

// The element type an image was stored with (in its file, or by the engine that made it).
enum class ElementType { float32, float64, uint16, uint32 };
const char* to_string(ElementType t); // "float32", "float64", "uint16", "uint32"

class Image {
  public:
    Image() = default;
    // `values` in row-major order (shape.pixels() of them, else std::invalid_argument). With
    // ElementType::float32 every value is rounded to float32, so that the image holds what a
    // float32 file would; integer types must hold integers in range (std::invalid_argument).
    Image(Shape shape, std::vector<double> values, ElementType stored = ElementType::float64);
    // An engine's float image (e.g. nbsim::SimulationResult::image), exactly.
    static Image from_float32(Shape shape, const std::vector<float>& values);

    Shape shape() const { return shape_; }
    ElementType element_type() const { return stored_; }
    const std::vector<double>& values() const { return values_; }
    std::size_t index(nbtrace::Pixel p) const {
        return static_cast<std::size_t>(p.slow) * static_cast<std::size_t>(shape_.fast) +
               static_cast<std::size_t>(p.fast);
    }
    nbtrace::Pixel pixel_of(std::size_t index) const {
        return {static_cast<int>(index / static_cast<std::size_t>(shape_.fast)),
                static_cast<int>(index % static_cast<std::size_t>(shape_.fast))};
    }
    double at(nbtrace::Pixel p) const { return values_[index(p)]; }
    double at(int slow, int fast) const { return at(nbtrace::Pixel{slow, fast}); }
    const double* row(int slow) const {
        return values_.data() +
               static_cast<std::size_t>(slow) * static_cast<std::size_t>(shape_.fast);
    }

  private:
    Shape shape_;
    std::vector<double> values_;
    ElementType stored_ = ElementType::float64;
};

} // namespace nbimage
