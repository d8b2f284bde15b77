#include "case/case_inputs.h"

#include "case/embedded_data.h"
#include "case/preset.h"

#include "nbreport/read_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace harness {

namespace fs = std::filesystem;

namespace {

constexpr const char* kInputsToken = "@INPUTS@";

std::string read_input(const fs::path& path, const std::string& flag) {
    try { // bounded: a FIFO or a device is refused before a byte is read
        return nbreport::read_input_file(path, nbreport::kMaxInputFileBytes);
    } catch (const nbreport::InputFileError& e) {
        throw HarnessError{kExitInput, std::string(e.what()) + " (the " + flag + " input file)"};
    }
}

// A file name under inputs/ that no other input uses.
std::string unique_name(const std::string& base, std::set<std::string>& used) {
    std::string name = base.empty() ? "input" : base;
    for (int n = 2; used.count(name); ++n)
        name = std::to_string(n) + "_" + base;
    used.insert(name);
    return name;
}

ResolvedCase from_preset(const CaseRequest& req) {
    std::optional<Preset> preset;
    try {
        preset = find_preset(req.preset);
    } catch (const HarnessError& e) {
        throw HarnessError{kExitInput, "--preset: " + e.message};
    }
    if (!preset) {
        std::string names;
        for (const Preset& p : load_presets())
            names += (names.empty() ? "" : ", ") + p.name;
        throw HarnessError{kExitUsage, "--preset: unknown preset '" + req.preset + "' (known: " +
                                           names + "; or give a preset file's path)"};
    }
    ResolvedCase c;
    c.name = preset->name;
    c.description = preset->description;
    std::set<std::string> used;
    for (const PresetInput& in : preset->inputs) {
        ResolvedInput r;
        r.flag = in.flag;
        r.what = in.what;
        auto opt = req.input_options.find(in.option);
        if (opt != req.input_options.end()) {
            r.source = "option";
            r.given = opt->second;
        } else if (fs::is_regular_file(in.file_in_cwd)) {
            r.source = "current directory";
            r.given = in.file_in_cwd;
        } else {
            std::optional<EmbeddedFile> e = embedded_input(in.embedded);
            if (!e) // a preset file without an embedded stand-in
                throw HarnessError{kExitInput, "preset " + c.name + ": no " + in.flag +
                                                   " input: give " + in.option + " FILE or put " +
                                                   in.file_in_cwd + " in the current directory"};
            r.source = "embedded";
            r.bytes = std::string(e->bytes);
            r.bundle_name = unique_name(in.embedded, used);
        }
        if (r.source != "embedded") {
            r.bytes = read_input(r.given, in.flag);
            r.bundle_name = unique_name(fs::path(r.given).filename().string(), used);
        }
        c.args_template.push_back(in.flag);
        c.args_template.push_back(std::string(kInputsToken) + "/" + r.bundle_name);
        c.inputs.push_back(std::move(r));
    }
    c.args_template.insert(c.args_template.end(), preset->args.begin(), preset->args.end());
    return c;
}

int pixel_index(const std::string& text, const std::string& flag) {
    try {
        std::size_t used = 0;
        const int v = std::stoi(text, &used);
        if (used == text.size() && v >= 0)
            return v;
    } catch (const std::exception&) {
    }
    throw HarnessError{kExitUsage, flag + ": '" + text + "' is not a pixel index"};
}

ResolvedCase from_command(const std::vector<std::string>& command) {
    static const std::map<std::string, std::string> kInputFlags = {
        {"-mat", "MOSFLM orientation matrix"},
        {"-hkl", "structure factors h k l F"},
        {"-sourcefile", "source list"},
        {"-img", "SMV image header"},
        {"-mask", "SMV mask"},
        {"-dump", "Fdump structure-factor cache"}};
    ResolvedCase c;
    c.name = "custom";
    c.description = "nanoBragg command line given after --";
    const bool has_hkl = std::find(command.begin(), command.end(), "-hkl") != command.end();
    std::set<std::string> used;
    for (std::size_t i = 0; i < command.size(); ++i) {
        const std::string& word = command[i];
        if (word == "-trace_pixel") {
            if (i + 2 >= command.size())
                throw HarnessError{kExitUsage, "-trace_pixel takes S F"};
            c.trace_pixels.push_back(
                {pixel_index(command[i + 1], word), pixel_index(command[i + 2], word)});
            i += 2;
            continue;
        }
        if (word == "-dump" && has_hkl && i + 1 < command.size()) {
            c.dropped.push_back(word + " " + command[++i]);
            continue;
        }
        auto flag = kInputFlags.find(word);
        // without -hkl, an existing -dump file is read; a missing one means default_F
        if (word == "-dump" && (i + 1 >= command.size() || !fs::is_regular_file(command[i + 1])))
            flag = kInputFlags.end();
        c.args_template.push_back(word);
        if (flag == kInputFlags.end() || i + 1 >= command.size())
            continue;
        ResolvedInput r;
        r.flag = flag->first;
        r.what = flag->second;
        r.source = "command line";
        r.given = command[++i];
        r.bytes = read_input(r.given, r.flag);
        r.bundle_name = unique_name(fs::path(r.given).filename().string(), used);
        c.args_template.push_back(std::string(kInputsToken) + "/" + r.bundle_name);
        c.inputs.push_back(std::move(r));
    }
    return c;
}

} // namespace

std::vector<std::string> ResolvedCase::args(const std::string& inputs_dir) const {
    std::vector<std::string> out;
    const std::string token = std::string(kInputsToken) + "/";
    for (const std::string& a : args_template)
        out.push_back(a.rfind(token, 0) == 0 ? inputs_dir + "/" + a.substr(token.size()) : a);
    return out;
}

bool ResolvedCase::mixed_sources() const {
    bool embedded = false, other = false;
    for (const ResolvedInput& in : inputs)
        (in.source == "embedded" ? embedded : other) = true;
    return embedded && other;
}

ResolvedCase resolve_case(const CaseRequest& request) {
    return request.command ? from_command(*request.command) : from_preset(request);
}

} // namespace harness
