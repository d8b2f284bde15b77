// Colour maps of the heatmaps (internal). Both are piecewise linear between a few anchor colours
// chosen here: `sequential` runs dark indigo -> purple -> red -> orange -> pale yellow with
// rising lightness, so order reads without a legend even in grey; `diverging` runs blue ->
// near-white (at 0.5) -> red, for signed values centred on zero.
#pragma once

#include "canvas.h"

namespace nbimage::detail {

Rgb sequential(double t); // t in [0, 1], clamped
Rgb diverging(double t);  // t in [0, 1], clamped; 0.5 is zero

inline constexpr Rgb kNoValue{160, 160, 160}; // pixels without a value (NaN, below the floor)

} // namespace nbimage::detail
