// The discrete sources of the beam (nanobragg_model.md 4.2-4.3).
#pragma once

#include "nbsim/beam.h"

#include <string>

namespace nbsim {

// Reads -sourcefile: per non-blank line up to five numbers X Y Z (m, the source POSITION
// relative to the sample), weight, lambda (m); missing columns default to -10 m * beam,
// weight 1, lambda0. Separators: whitespace and , ; : ! (the C program's). Throws InputError
// naming the file (and line) when it is missing, unreadable, has a non-numeric field (the C
// program silently turns such lines into zero sources, C-SOURCEFILE-001), more than five
// numbers, a zero position or a non-positive wavelength, or no source at all.
std::vector<Source> read_source_file(const std::string& path, const Vec3& beam_vector,
                                     double lambda0_m);

// The divergence x dispersion grid: hdiv outer, vdiv middle, lambda inner; points outside the
// ellipse dropped when round_div (4 t > 1.1); each direction is -10 m * beam rotated about the
// polarization axis by vdiv, then about the vertical axis by hdiv. Fills beam.sources and
// beam.divergence_points from the resolved ranges/steps already in `beam`.
void generate_sources(Beam& beam, bool round_div);

// Normalises every source direction (as the C program does after creating the list).
void normalise_source_directions(Beam& beam);

} // namespace nbsim
