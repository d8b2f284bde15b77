#include "sides/provenance.h"

#include "sides/process.h"

#include "nbreport/sha256.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace harness {

namespace fs = std::filesystem;

namespace {

// The first line `argv` prints on stdout when it exits with status 0, trimmed; else nullopt.
std::optional<std::string> first_line_of(const std::vector<std::string>& argv,
                                         const std::string& workdir, const std::string& tag,
                                         double timeout_s) {
    ProcessRequest pr;
    pr.argv = argv;
    pr.workdir = workdir;
    pr.stdout_path = (fs::path(workdir) / ("probe_" + tag + ".out")).string();
    pr.stderr_path = (fs::path(workdir) / ("probe_" + tag + ".err")).string();
    pr.timeout_s = timeout_s;
    if (!run_process(pr).ok())
        return std::nullopt;
    std::ifstream in(pr.stdout_path);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
    if (line.empty())
        return std::nullopt;
    return line;
}

} // namespace

std::string program_digest(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec))
        return nbreport::sha256_file_hex(path);
    std::vector<std::string> lines;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".py")
            lines.push_back(nbreport::sha256_file_hex(it->path()) + "  " +
                            fs::relative(it->path(), path).string());
    std::sort(lines.begin(), lines.end());
    std::string all;
    for (const std::string& l : lines)
        all += l + "\n";
    return nbreport::sha256_hex(all);
}

std::optional<std::string> git_commit_of(const std::string& path, const std::string& workdir,
                                         double timeout_s) {
    std::error_code ec;
    const fs::path dir = fs::is_directory(path, ec) ? fs::path(path) : fs::path(path).parent_path();
    std::optional<std::string> head = first_line_of(
        {"git", "-C", dir.string(), "rev-parse", "--verify", "HEAD"}, workdir, "git", timeout_s);
    const bool is_hash = head && (head->size() == 40 || head->size() == 64) &&
                         std::all_of(head->begin(), head->end(), [](char c) {
                             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                         });
    return is_hash ? head : std::nullopt;
}

std::map<std::string, std::optional<std::string>>
probe_versions(const std::map<std::string, std::vector<std::string>>& probes,
               const std::string& workdir, double timeout_s) {
    std::map<std::string, std::optional<std::string>> out;
    for (const auto& [name, argv] : probes)
        out[name] = first_line_of(argv, workdir, name, timeout_s);
    return out;
}

} // namespace harness
