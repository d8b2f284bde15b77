#include "nbtrace/record.h"

#include <array>
#include <sstream>
#include <tuple>

namespace nbtrace {

namespace {

constexpr std::array<std::string_view, kStageCount> kStageNames = {
    "config",       "detector", "crystal",          "beam",       "pixel_geometry", "orientation",
    "miller",       "lattice",  "structure_factor", "accumulate", "scale",          "image",
    "unregistered",
};

// Absent sorts before present; present values compare numerically.
int compare_opt(const std::optional<int>& a, const std::optional<int>& b) {
    if (a.has_value() != b.has_value())
        return a.has_value() ? 1 : -1;
    if (!a)
        return 0;
    return (*a < *b) ? -1 : (*a > *b ? 1 : 0);
}

auto as_tuple(const Indices& i) {
    return std::tie(i.pixel_slow, i.pixel_fast, i.layer, i.sub_s, i.sub_f, i.source, i.phi,
                    i.mosaic);
}

} // namespace

bool Indices::operator<(const Indices& o) const {
    const std::optional<int>* a[] = {&pixel_slow, &pixel_fast, &layer, &sub_s,
                                     &sub_f,      &source,     &phi,   &mosaic};
    const std::optional<int>* b[] = {&o.pixel_slow, &o.pixel_fast, &o.layer, &o.sub_s,
                                     &o.sub_f,      &o.source,     &o.phi,   &o.mosaic};
    for (int k = 0; k < 8; ++k) {
        const int c = compare_opt(*a[k], *b[k]);
        if (c != 0)
            return c < 0;
    }
    return false;
}

bool Indices::operator==(const Indices& o) const {
    return as_tuple(*this) == as_tuple(o);
}

std::string Indices::to_string() const {
    std::ostringstream out;
    const char* sep = "";
    if (pixel_slow || pixel_fast) {
        out << "pixel(s=" << (pixel_slow ? std::to_string(*pixel_slow) : "?")
            << ",f=" << (pixel_fast ? std::to_string(*pixel_fast) : "?") << ")";
        sep = " ";
    }
    if (layer) {
        out << sep << "layer " << *layer;
        sep = " ";
    }
    if (sub_s || sub_f) {
        out << sep << "sub(" << (sub_s ? std::to_string(*sub_s) : "?") << ","
            << (sub_f ? std::to_string(*sub_f) : "?") << ")";
        sep = " ";
    }
    if (source) {
        out << sep << "source " << *source;
        sep = " ";
    }
    if (phi) {
        out << sep << "phi " << *phi;
        sep = " ";
    }
    if (mosaic) {
        out << sep << "mosaic " << *mosaic;
        sep = " ";
    }
    const std::string s = out.str();
    return s.empty() ? "-" : s;
}

std::string_view to_string(Side s) {
    return s == Side::reference ? "reference" : "simulator";
}

std::string_view to_string(Stage s) {
    return kStageNames[static_cast<int>(s)];
}

std::string_view to_string(Origin o) {
    return o == Origin::production ? "production" : "derived";
}

std::optional<Side> side_from_string(std::string_view s) {
    if (s == "reference")
        return Side::reference;
    if (s == "simulator")
        return Side::simulator;
    return std::nullopt;
}

std::optional<Stage> stage_from_string(std::string_view s) {
    for (int i = 0; i < kStageCount; ++i)
        if (kStageNames[i] == s)
            return static_cast<Stage>(i);
    return std::nullopt;
}

std::optional<Origin> origin_from_string(std::string_view s) {
    if (s == "production")
        return Origin::production;
    if (s == "derived")
        return Origin::derived;
    return std::nullopt;
}

} // namespace nbtrace
