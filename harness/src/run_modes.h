// The modes of a run: the phi = 0 behaviour, the simulator's dtype and the loop order that decides
// each thread's first pass. They are nbsim's enums, so each has one string table for the whole
// project (simulator/src/enums.cpp: "spec"/"c-parity", "float64"/"float32", "full-frame"/"roi"):
// the command line, the engines' options and the bundle's files all spell them through it.
#pragma once

#include "nbsim/enums.h"

#include <array>
#include <string>
#include <vector>

namespace harness {

using nbsim::Dtype;
using nbsim::PhiMode;
using nbsim::Schedule;

inline constexpr std::array<PhiMode, 2> kPhiModes{PhiMode::spec, PhiMode::c_parity};
inline constexpr std::array<Dtype, 2> kDtypes{Dtype::float64, Dtype::float32};
inline constexpr std::array<Schedule, 2> kSchedules{Schedule::full_frame, Schedule::roi};

// "c-parity", "float32", "full-frame", ...
template <typename Mode>
std::string text(Mode mode) {
    return std::string(nbsim::to_string(mode));
}

// Every spelling of a mode, in the order of `modes` (for lists of allowed values).
template <typename Mode, std::size_t N>
std::vector<std::string> texts_of(const std::array<Mode, N>& modes) {
    std::vector<std::string> out;
    for (Mode m : modes)
        out.push_back(text(m));
    return out;
}

} // namespace harness
