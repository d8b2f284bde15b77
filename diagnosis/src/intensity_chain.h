// The intensity chain of one pixel: each value is the one before it times factors (the per-step
// term I_contribution summed into I_before_scaling, then polarization, r_e^2, fluence, steps,
// solid angle and capture fraction into I_pixel_final, then the image cell). A difference that
// enters at the sum is carried unchanged, as one relative difference, down the rest.
#pragma once

#include <set>
#include <string>

namespace nbdiag {

inline bool in_intensity_chain(const std::string& key) {
    static const std::set<std::string> chain = {"I_contribution", "I_before_scaling",
                                                "I_before_scaling_post_polar", "I_pixel_final",
                                                "image_value"};
    return chain.count(key) > 0;
}

// The keys where the chain's sum is formed (a difference entering here is not a normalisation).
inline bool is_intensity_sum(const std::string& key) {
    return key == "I_contribution" || key == "I_before_scaling";
}

} // namespace nbdiag
