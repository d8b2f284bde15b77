// Presets: named nanoBragg command lines kept as data (harness/presets/*.json, see the README
// there), compiled in, or any preset file given by path. A preset names the input files its
// command reads, and how each is found.
#pragma once

#include "case/field_reader.h"

#include <optional>
#include <string>
#include <vector>

namespace harness {

struct PresetInput {
    std::string flag;        // nanoBragg flag, e.g. "-mat"
    std::string option;      // trace_harness option that names it, e.g. "--mat"
    std::string file_in_cwd; // used when present in the current directory, e.g. "A.mat"
    std::string embedded;    // the project's own file, e.g. "A_synth.mat" ("" = none)
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

// True when `name` names a preset file rather than an embedded preset: it contains a '/' or
// ends in ".json".
bool is_preset_path(const std::string& name);

// The preset `name`: read from that file when is_preset_path(name) (DataFileError naming
// file:line when it cannot be read or is malformed), else the embedded preset of that name or
// nullopt.
std::optional<Preset> find_preset(const std::string& name);

} // namespace harness
