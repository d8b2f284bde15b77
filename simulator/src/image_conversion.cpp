// Built with -ffp-contract=off (simulator/CMakeLists.txt): v * scale + adc is a product rounded
// to double and then a sum, as in the C program, in every clone.
#include "image_conversion.h"

#include "multiversion.h"

namespace nbsim {

NBSIM_CLONES
void to_smv_counts(const float* in, std::uint16_t* out, int count, double scale, double adc) {
#pragma omp simd
    for (int i = 0; i < count; ++i) {
        // the C program's two clamps, as selects so that the loop vectorises
        double test = in[i] * scale + adc;
        test = test > 65535.0 ? 65535.0 : test;
        test = test < 0.0 ? 0.0 : test;
        // C: floorf(test + 0.5), the sum rounded to float first. test + 0.5 >= 0.5 here, so the
        // conversion's truncation is that floor (floorf is a libm call on baseline x86-64)
        out[i] =
            static_cast<std::uint16_t>(static_cast<std::int32_t>(static_cast<float>(test + 0.5)));
    }
}

NBSIM_CLONES
void to_pgm_levels(const float* in, std::uint8_t* out, int count, double scale) {
#pragma omp simd
    for (int i = 0; i < count; ++i) {
        double test = in[i] * scale;
        test = test > 255.0 ? 255.0 : test;
        test = test > 0.0 ? test : 0.0; // NaN too, as C's !(test > 0)
        out[i] = static_cast<std::uint8_t>(static_cast<std::int32_t>(test));
    }
}

} // namespace nbsim
