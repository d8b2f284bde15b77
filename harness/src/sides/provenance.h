// Where a backend's program came from, for env.json: a digest of the program (a file's sha256,
// or for a folder such as a Python package a sha256 over its *.py files, sorted by path), the git
// commit of the folder that holds it when it is in a git work tree, and the versions the
// backend file says how to ask for (the interpreter's, torch's), each asked with a time limit.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harness {

// sha256 of a file, or of a folder's *.py files: the sha256 of the sorted "sha256  path" lines.
std::string program_digest(const std::string& path);

// HEAD of the git work tree holding `path` (the folder itself, or a file's folder), or nullopt.
// `workdir` receives git's output files; the question is abandoned after `timeout_s`.
std::optional<std::string> git_commit_of(const std::string& path, const std::string& workdir,
                                         double timeout_s);

// Runs each probe (name -> argv) in `workdir` and keeps the first line it prints: nullopt when
// it fails, prints nothing or runs past `timeout_s`.
std::map<std::string, std::optional<std::string>>
probe_versions(const std::map<std::string, std::vector<std::string>>& probes,
               const std::string& workdir, double timeout_s);

} // namespace harness
