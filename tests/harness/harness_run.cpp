#include "harness_run.h"

#include "nbimage/image_io.h"
#include "nbtrace/parse.h"

#include <fstream>
#include <sstream>

namespace htest {

nbtest::CommandResult run_harness(const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> argv{TRACE_HARNESS_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return nbtest::run_command(argv, cwd);
}

fs::path bundle_of(const nbtest::CommandResult& r, const fs::path& cwd) {
    const std::string tag = "bundle: ";
    const std::size_t at = r.out.find(tag);
    if (at == std::string::npos)
        return {};
    const std::size_t end = r.out.find('\n', at);
    return cwd / r.out.substr(at + tag.size(), end - at - tag.size());
}

boost::json::value read_json(const fs::path& p) {
    return boost::json::parse(nbtest::read_text(p));
}

namespace {

std::vector<fs::path> folders(const fs::path& dir, bool hidden) {
    std::vector<fs::path> out;
    if (!fs::exists(dir))
        return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_directory() && (e.path().filename().string()[0] == '.') == hidden)
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

std::vector<fs::path> bundles_in(const fs::path& initiative_dir) {
    return folders(initiative_dir, false);
}

std::vector<fs::path> staging_in(const fs::path& initiative_dir) {
    return folders(initiative_dir, true);
}

nbtrace::DiffResult diff_with_golden(const fs::path& golden, const fs::path& ours, double rtol) {
    nbtrace::DiffOptions options;
    options.rtol = rtol;
    const nbtrace::TraceFile a = nbtrace::read_trace_file(golden.string());
    const nbtrace::TraceFile b = nbtrace::read_trace_file(ours.string());
    return nbtrace::diff_traces(a.records, b.records, options, "golden", "harness");
}

bool npy_equals_raw_float32(const fs::path& npy, const fs::path& raw) {
    const nbimage::ImageFile ours = nbimage::read_image(npy.string());
    const nbimage::ImageFile golden = nbimage::read_image(raw.string(), ours.image.shape());
    return ours.format == nbimage::ImageFormat::npy &&
           ours.image.element_type() == nbimage::ElementType::float32 &&
           ours.image.values() == golden.image.values();
}

void copy_real_inputs(const fs::path& inputs, const fs::path& dir) {
    fs::copy_file(inputs / "A.mat", dir / "A.mat");
    fs::copy_file(inputs / "scaled.hkl", dir / "scaled.hkl");
}

} // namespace htest
