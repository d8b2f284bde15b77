// verify_bundle: re-checks a committed bundle against its sha256.txt. The result is data; see
// verify_render.h for the text a person reads.
//
// A bundle verifies when sha256.txt exists and is well-formed (manifest.h: one line per file, in
// byte order of the paths), lists at least one file and every file a bundle must have
// (kRequiredBundleFiles), every listed file is a regular file whose SHA-256 matches, and nothing
// but sha256.txt and the listed files is present (folders aside). `sha256sum -c sha256.txt`
// inside the bundle checks only that the listed files match: it accepts any line order and a
// bundle without its summary or with unlisted files, which verify does not.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbreport {

enum class VerifyProblemKind {
    bundle_not_a_directory, // the path given is not a folder
    manifest_missing,       // no sha256.txt
    manifest_unreadable,    // sha256.txt exists but cannot be read
    malformed_line,         // a sha256.txt line is not "<64 lowercase hex>  <relative path>"
    missing_file,           // listed, but absent
    not_a_regular_file,     // listed or present, but a symlink, device, fifo, ...
    unreadable_file,        // listed, but cannot be read
    hash_mismatch,          // listed, but its SHA-256 differs
    unlisted_file,          // present, but not listed
    manifest_empty,         // sha256.txt lists no file at all
    required_file_missing,  // a file every bundle has (kRequiredBundleFiles) is not listed
};

// The files every evidence bundle holds (harness/README.md, "The bundle").
inline constexpr const char* kRequiredBundleFiles[] = {"commands.txt", "env.json", "metrics.json",
                                                       "summary.md"};

std::string_view to_string(VerifyProblemKind kind);

struct VerifyProblem {
    VerifyProblemKind kind = VerifyProblemKind::malformed_line;
    std::string path;                // bundle-relative ("sha256.txt" for manifest problems)
    std::optional<std::size_t> line; // 1-based sha256.txt line, when the problem has one
    std::string detail;              // e.g. "listed 3a7b..., actual 9f00..."
};

enum class VerifyVerdict { not_run, pass, fail };

std::string_view to_string(VerifyVerdict verdict);

struct VerifyResult {
    std::filesystem::path bundle;
    VerifyVerdict verdict = VerifyVerdict::not_run;
    std::size_t files_listed = 0;        // well-formed manifest lines
    std::size_t files_matched = 0;       // listed files whose SHA-256 matched
    std::vector<VerifyProblem> problems; // manifest lines first, then listed files, then unlisted

    bool passed() const { return verdict == VerifyVerdict::pass; }
};

struct VerifyOptions {
    // Bundle-relative paths the manifest must list; default: kRequiredBundleFiles.
    std::vector<std::string> required_files{std::begin(kRequiredBundleFiles),
                                            std::end(kRequiredBundleFiles)};
};

// Never throws for a problem with the bundle; every problem found is reported, not just the first.
VerifyResult verify_bundle(const std::filesystem::path& bundle,
                           const VerifyOptions& options = VerifyOptions());

} // namespace nbreport
