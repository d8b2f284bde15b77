// The SMV and PGM pixel conversions (multiversioned; this machine's version runs) against the C
// program's formulas written out here one pixel at a time:
//   SMV: test = v * intfile_scale + adc_offset; clamp to [0, 65535]; floorf(test + 0.5)
//   PGM: test = v * pgm_scale; clamp above at 255; 0 unless test > 0; (int) test
// Exact equality: both are IEEE double products and sums, one rounding to float and a floor.
#include "image_conversion.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace {

std::vector<float> probe_values() {
    std::vector<float> v = {0.0f,    -0.0f,
                            -1.0f,   0.4999f,
                            0.5f,    1.5f,
                            2.5f,    65534.4f,
                            65535.f, 65536.f,
                            1e30f,   -1e30f,
                            254.9f,  255.f,
                            256.f,   1e-30f,
                            -1e-30f, 3.75f,
                            0.25f,   0.75f,
                            1e9f,    std::numeric_limits<float>::quiet_NaN()};
    for (int i = 0; i < 5000; ++i)
        v.push_back(static_cast<float>(i) * 0.37f - 300.0f + static_cast<float>(i % 7) * 0.125f);
    return v;
}

} // namespace

TEST_CASE("sim outputs: SMV counts follow the C formula pixel by pixel", "[sim][io]") {
    const std::vector<float> in = probe_values();
    for (double scale : {1.0, 0.5, 1078.3, 55000.0 / 51.0073}) {
        for (double adc : {0.0, 40.0, 10.5}) {
            std::vector<std::uint16_t> out(in.size());
            nbsim::to_smv_counts(in.data(), out.data(), static_cast<int>(in.size()), scale, adc);
            for (std::size_t i = 0; i < in.size(); ++i) {
                if (std::isnan(in[i]))
                    continue; // the C program's conversion of NaN is undefined
                double test = in[i] * scale + adc;
                if (test > 65535.0)
                    test = 65535.0;
                if (test < 0.0)
                    test = 0.0;
                const auto expected =
                    static_cast<std::uint16_t>(std::floor(static_cast<float>(test + 0.5)));
                INFO("v = " << in[i] << ", scale " << scale << ", adc " << adc);
                CHECK(out[i] == expected);
            }
        }
    }
}

TEST_CASE("sim outputs: PGM levels follow the C formula pixel by pixel", "[sim][io]") {
    const std::vector<float> in = probe_values();
    for (double scale : {1.0, 0.01, 250.0 / (5.0 * 0.0409), 3.0}) {
        std::vector<std::uint8_t> out(in.size());
        nbsim::to_pgm_levels(in.data(), out.data(), static_cast<int>(in.size()), scale);
        for (std::size_t i = 0; i < in.size(); ++i) {
            double test = in[i] * scale;
            if (test > 255.0)
                test = 255.0;
            if (!(test > 0.0))
                test = 0.0; // NaN included
            INFO("v = " << in[i] << ", scale " << scale);
            CHECK(out[i] == static_cast<std::uint8_t>(test));
        }
    }
}
