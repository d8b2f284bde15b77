#include "nbsim/enums.h"

namespace nbsim {

std::string_view to_string(Convention c) {
    switch (c) {
    case Convention::custom:
        return "CUSTOM";
    case Convention::adxv:
        return "ADXV";
    case Convention::mosflm:
        return "MOSFLM";
    case Convention::xds:
        return "XDS";
    case Convention::dials:
        return "DIALS";
    case Convention::denzo:
        return "DENZO";
    }
    return "?";
}

std::string_view to_string(Pivot p) {
    return p == Pivot::sample ? "SAMPLE" : "BEAM";
}

std::string_view to_string(CrystalShape s) {
    switch (s) {
    case CrystalShape::square:
        return "SQUARE";
    case CrystalShape::round:
        return "ROUND";
    case CrystalShape::gauss:
        return "GAUSS";
    case CrystalShape::tophat:
        return "TOPHAT";
    }
    return "?";
}

std::string_view to_string(PhiMode m) {
    return m == PhiMode::spec ? "spec" : "c-parity";
}
std::string_view to_string(Dtype d) {
    return d == Dtype::float64 ? "float64" : "float32";
}
std::string_view to_string(Schedule s) {
    return s == Schedule::roi ? "roi" : "full-frame";
}

std::optional<PhiMode> phi_mode_from_string(std::string_view s) {
    if (s == "spec")
        return PhiMode::spec;
    if (s == "c-parity")
        return PhiMode::c_parity;
    return std::nullopt;
}

std::optional<Dtype> dtype_from_string(std::string_view s) {
    if (s == "float64")
        return Dtype::float64;
    if (s == "float32")
        return Dtype::float32;
    return std::nullopt;
}

std::optional<Schedule> schedule_from_string(std::string_view s) {
    if (s == "roi")
        return Schedule::roi;
    if (s == "full-frame")
        return Schedule::full_frame;
    return std::nullopt;
}

std::string_view to_string(Fault f) {
    switch (f) {
    case Fault::none:
        return "none";
    case Fault::geometry:
        return "geometry";
    case Fault::lattice:
        return "lattice";
    case Fault::scale:
        return "scale";
    }
    return "?";
}

std::optional<Fault> fault_from_string(std::string_view s) {
    for (Fault f : {Fault::none, Fault::geometry, Fault::lattice, Fault::scale})
        if (s == to_string(f))
            return f;
    return std::nullopt;
}

} // namespace nbsim
