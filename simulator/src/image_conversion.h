// The float image's pixels converted to the SMV and PGM pixel types, the C program's formulas,
// one run of pixels at a time (image_conversion.cpp: vectorised for AVX-512, AVX2 and baseline
// x86-64; every version gives the same values).
#pragma once

#include <cstdint>

namespace nbsim {

// SMV counts: floor(min(max(v scale + adc, 0), 65535) + 0.5), the sum rounded to float first.
void to_smv_counts(const float* in, std::uint16_t* out, int count, double scale, double adc);

// PGM grey levels: (int) min(v scale, 255), 0 where that is not > 0 (NaN included).
void to_pgm_levels(const float* in, std::uint8_t* out, int count, double scale);

} // namespace nbsim
