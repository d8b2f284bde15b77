// A detector image for comparison: float values on a grid of slow rows x fast columns.
//
// WARNING: slow (row) comes first everywhere in this library. nanoBragg's own flags differ:
// -trace_pixel S F is slow-first, -printout_pixel F S and -roi xmin xmax ymin ymax are
// fast-first; Region::from_nanobragg_roi() is the one place that converts the -roi order.
//
// Layout: row-major, the fast index varies fastest: index = slow * shape.fast + fast (the order
// nanoBragg writes its float image in).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace nbimage {

struct Pixel {
    int slow = 0;
    int fast = 0;
    bool operator==(const Pixel& o) const { return slow == o.slow && fast == o.fast; }
    bool operator!=(const Pixel& o) const { return !(*this == o); }
    std::string to_string() const; // "(slow 685, fast 1039)"
};

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

// Inclusive rectangle of pixels.
struct Region {
    int slow_min = 0, slow_max = -1;
    int fast_min = 0, fast_max = -1;

    static Region full(Shape shape);
    // nanoBragg's "-roi xmin xmax ymin ymax": FAST min, FAST max, SLOW min, SLOW max, inclusive.
    static Region from_nanobragg_roi(int fast_min, int fast_max, int slow_min, int slow_max);

    int slow_count() const { return slow_max - slow_min + 1; }
    int fast_count() const { return fast_max - fast_min + 1; }
    std::size_t pixels() const {
        return empty() ? 0
                       : static_cast<std::size_t>(slow_count()) *
                             static_cast<std::size_t>(fast_count());
    }
    bool empty() const { return slow_max < slow_min || fast_max < fast_min; }
    bool contains(Pixel p) const {
        return p.slow >= slow_min && p.slow <= slow_max && p.fast >= fast_min && p.fast <= fast_max;
    }
    bool within(Shape s) const {
        return !empty() && slow_min >= 0 && fast_min >= 0 && slow_max < s.slow && fast_max < s.fast;
    }
    bool is_full(Shape s) const {
        return slow_min == 0 && fast_min == 0 && slow_max == s.slow - 1 && fast_max == s.fast - 1;
    }
    bool operator==(const Region& o) const {
        return slow_min == o.slow_min && slow_max == o.slow_max && fast_min == o.fast_min &&
               fast_max == o.fast_max;
    }
    std::string to_string() const; // "fast 1029..1049, slow 675..695"
};

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
    std::size_t index(Pixel p) const {
        return static_cast<std::size_t>(p.slow) * static_cast<std::size_t>(shape_.fast) +
               static_cast<std::size_t>(p.fast);
    }
    Pixel pixel_of(std::size_t index) const {
        return {static_cast<int>(index / static_cast<std::size_t>(shape_.fast)),
                static_cast<int>(index % static_cast<std::size_t>(shape_.fast))};
    }
    double at(Pixel p) const { return values_[index(p)]; }
    double at(int slow, int fast) const { return at(Pixel{slow, fast}); }
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
