#include "case/embedded_data.h"

// Symbols defined by cmake/NbEmbedFile.cmake (harness/CMakeLists.txt).
extern "C" {
extern const char nb_embedded_A_synth_mat[];
extern const unsigned long nb_embedded_A_synth_mat_size;
extern const char nb_embedded_synth_hkl[];
extern const unsigned long nb_embedded_synth_hkl_size;
extern const char nb_preset_supervisor[];
extern const unsigned long nb_preset_supervisor_size;
extern const char nb_preset_simple_cubic[];
extern const unsigned long nb_preset_simple_cubic_size;
extern const char nb_known_divergences[];
extern const unsigned long nb_known_divergences_size;
}

namespace harness {

std::optional<EmbeddedFile> embedded_input(std::string_view name) {
    const EmbeddedFile files[] = {
        {"A_synth.mat", {nb_embedded_A_synth_mat, nb_embedded_A_synth_mat_size}},
        {"synth.hkl", {nb_embedded_synth_hkl, nb_embedded_synth_hkl_size}},
    };
    for (const auto& f : files)
        if (f.name == name)
            return f;
    return std::nullopt;
}

std::vector<std::string_view> embedded_presets() {
    return {{nb_preset_simple_cubic, nb_preset_simple_cubic_size},
            {nb_preset_supervisor, nb_preset_supervisor_size}};
}

std::string_view embedded_known_divergences() {
    return {nb_known_divergences, nb_known_divergences_size};
}

} // namespace harness
