// The case a run simulates: a preset (default "supervisor") or any nanoBragg command line given
// after `--`, with its input files resolved and read once.
//
// Input resolution for a preset, per input: the harness option (--mat, --hkl), then the preset's
// file in the current directory (A.mat, scaled.hkl), then the project's embedded crystal. For a
// command line after `--`, the files named by -mat, -hkl, -sourcefile, -img and -mask.
//
// A command line after `--` keeps its flags, except -trace_pixel (see trace_pixels) and a -dump
// that would be written.
//
// Every input is copied into the bundle (inputs/<name>) and the engines read those copies, so the
// hashed file is the file read and the bundle's commands re-run from the bundle folder.
#pragma once

#include "exit_codes.h"

#include "nbtrace/pixel.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace harness {

struct ResolvedInput {
    std::string flag;        // e.g. "-mat"
    std::string what;        // e.g. "MOSFLM orientation matrix"
    std::string source;      // "option", "current directory", "embedded", "command line"
    std::string given;       // the path as given or found ("" for an embedded file)
    std::string bundle_name; // file name under the bundle's inputs/
    std::string bytes;       // content
};

struct ResolvedCase {
    std::string name; // preset name, or "custom"
    std::string description;
    // nanoBragg flags with every input path replaced by "@INPUTS@/<bundle_name>"
    std::vector<std::string> args_template;
    std::vector<ResolvedInput> inputs;
    // -trace_pixel S F of a command line after `--`: taken out of the flags (the harness traces
    // pixels itself) and traced when no --pixel is given.
    std::vector<nbtrace::Pixel> trace_pixels;
    // Flags taken out of a command line because the harness writes nothing outside its bundle
    // (-dump next to -hkl would write the Fdump cache), for the summary.
    std::vector<std::string> dropped;

    // args_template with "@INPUTS@" replaced by `inputs_dir` (e.g. "inputs" or a staging path).
    std::vector<std::string> args(const std::string& inputs_dir) const;
    // True when the embedded crystal stands in for some but not all of a preset's inputs.
    bool mixed_sources() const;
};

struct CaseRequest {
    std::string preset = "supervisor";
    std::map<std::string, std::string> input_options; // "--mat" -> path
    std::optional<std::vector<std::string>> command;  // nanoBragg flags after `--`
};

// Throws HarnessError: unknown preset (usage, 1) or an input file that cannot be read (input, 2).

ResolvedCase resolve_case(const CaseRequest& request);

} // namespace harness
