// Data compiled into trace_harness: the presets (harness/presets/*.json), the known-divergence
// registry (harness/known_divergences.json) and the project's own supervisor crystal
// (harness/data/supervisor_synth/), so the default case runs anywhere.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace harness {

struct EmbeddedFile {
    std::string_view name; // file name, e.g. "synth.hkl"
    std::string_view bytes;
};

// The embedded crystal files; nullopt for an unknown name.
std::optional<EmbeddedFile> embedded_input(std::string_view name);

// The JSON text of every preset, in name order.
std::vector<std::string_view> embedded_presets();

// The JSON text of harness/known_divergences.json.
std::string_view embedded_known_divergences();

} // namespace harness
