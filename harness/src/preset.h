// Presets: named nanoBragg command lines kept as data (harness/presets/*.json, see the README
// there). A preset names the input files its command reads, and how each is found.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace harness {

struct PresetInput {
    std::string flag;        // nanoBragg flag, e.g. "-mat"
    std::string option;      // trace_harness option that names it, e.g. "--mat"
    std::string file_in_cwd; // used when present in the current directory, e.g. "A.mat"
    std::string embedded;    // the project's own file, e.g. "A_synth.mat"
    std::string what;        // e.g. "MOSFLM orientation matrix"
};

struct Preset {
    std::string name;
    std::string description;
    std::vector<PresetInput> inputs;
    std::vector<std::string> args;
};

// Every embedded preset; throws std::runtime_error naming the preset if one is malformed.
std::vector<Preset> load_presets();

// The preset called `name`, or nullopt.
std::optional<Preset> find_preset(const std::string& name);

} // namespace harness
