#include "nbreport/verify.h"

#include "nbreport/manifest.h"
#include "nbreport/read_file.h"
#include "nbreport/sha256.h"

#include <algorithm>
#include <set>
#include <system_error>

namespace nbreport {

namespace fs = std::filesystem;

std::string_view to_string(VerifyProblemKind kind) {
    switch (kind) {
    case VerifyProblemKind::bundle_not_a_directory:
        return "bundle-not-a-directory";
    case VerifyProblemKind::manifest_missing:
        return "manifest-missing";
    case VerifyProblemKind::manifest_unreadable:
        return "manifest-unreadable";
    case VerifyProblemKind::malformed_line:
        return "malformed-line";
    case VerifyProblemKind::missing_file:
        return "missing-file";
    case VerifyProblemKind::not_a_regular_file:
        return "not-a-regular-file";
    case VerifyProblemKind::unreadable_file:
        return "unreadable-file";
    case VerifyProblemKind::hash_mismatch:
        return "hash-mismatch";
    case VerifyProblemKind::unlisted_file:
        return "unlisted-file";
    case VerifyProblemKind::manifest_empty:
        return "manifest-empty";
    case VerifyProblemKind::required_file_missing:
        return "required-file-missing";
    }
    return "unknown";
}

std::string_view to_string(VerifyVerdict verdict) {
    switch (verdict) {
    case VerifyVerdict::not_run:
        return "NOT RUN";
    case VerifyVerdict::pass:
        return "PASS";
    case VerifyVerdict::fail:
        return "FAIL";
    }
    return "unknown";
}

namespace {

const std::string kManifest(kManifestName);

void check_listed_file(const fs::path& bundle, const ManifestEntry& entry, VerifyResult& result) {
    const fs::path path = bundle / fs::path(entry.path);
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(path, ec);
    if (!fs::exists(status)) {
        result.problems.push_back(
            {VerifyProblemKind::missing_file, entry.path, {}, "listed, absent"});
        return;
    }
    if (!fs::is_regular_file(status)) {
        result.problems.push_back(
            {VerifyProblemKind::not_a_regular_file, entry.path, {}, "listed, not a regular file"});
        return;
    }
    std::string actual;
    try {
        actual = sha256_file_hex(path);
    } catch (const std::system_error& e) {
        result.problems.push_back({VerifyProblemKind::unreadable_file, entry.path, {}, e.what()});
        return;
    }
    if (actual != entry.sha256) {
        result.problems.push_back({VerifyProblemKind::hash_mismatch,
                                   entry.path,
                                   {},
                                   "listed " + entry.sha256 + ", actual " + actual});
        return;
    }
    ++result.files_matched;
}

// Every entry below `bundle` that is neither a folder, nor sha256.txt, nor listed.
void check_unlisted(const fs::path& bundle, const std::set<std::string>& listed,
                    VerifyResult& result) {
    std::vector<VerifyProblem> unlisted;
    std::error_code ec;
    fs::recursive_directory_iterator it(bundle, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::file_status status = it->symlink_status(ec);
        if (ec || fs::is_directory(status))
            continue;
        const std::string relpath = it->path().lexically_relative(bundle).generic_string();
        if (relpath == kManifest || listed.count(relpath))
            continue;
        unlisted.push_back({VerifyProblemKind::unlisted_file,
                            relpath,
                            {},
                            fs::is_regular_file(status)
                                ? "present, not listed"
                                : "present, not listed, not a regular file"});
    }
    if (ec)
        unlisted.push_back({VerifyProblemKind::unreadable_file,
                            "",
                            {},
                            "cannot list the bundle: " + ec.message()});
    std::sort(unlisted.begin(), unlisted.end(),
              [](const VerifyProblem& a, const VerifyProblem& b) { return a.path < b.path; });
    result.problems.insert(result.problems.end(), unlisted.begin(), unlisted.end());
}

} // namespace

VerifyResult verify_bundle(const fs::path& bundle, const VerifyOptions& options) {
    VerifyResult result;
    result.bundle = bundle;
    result.verdict = VerifyVerdict::fail;
    std::error_code ec;
    if (!fs::is_directory(bundle, ec)) {
        result.problems.push_back(
            {VerifyProblemKind::bundle_not_a_directory, "", {}, "not a folder"});
        return result;
    }
    const fs::path manifest_path = bundle / kManifest;
    const fs::file_status manifest_status = fs::symlink_status(manifest_path, ec);
    if (!fs::exists(manifest_status)) {
        result.problems.push_back({VerifyProblemKind::manifest_missing,
                                   kManifest,
                                   {},
                                   "no sha256.txt: the bundle is incomplete or not a bundle"});
        return result;
    }
    std::string text;
    try {
        if (!fs::is_regular_file(manifest_status))
            throw std::runtime_error("not a regular file");
        text = read_file(manifest_path);
    } catch (const std::exception& e) {
        result.problems.push_back(
            {VerifyProblemKind::manifest_unreadable, kManifest, {}, e.what()});
        return result;
    }

    const ParsedManifest parsed = parse_manifest(text);
    for (const ManifestLineError& error : parsed.errors)
        result.problems.push_back(
            {VerifyProblemKind::malformed_line, kManifest, error.line, error.message});
    result.files_listed = parsed.entries.size();
    if (parsed.entries.empty() && parsed.errors.empty())
        result.problems.push_back(
            {VerifyProblemKind::manifest_empty, kManifest, {}, "lists no files: not a bundle"});
    std::set<std::string> listed;
    for (const ManifestEntry& entry : parsed.entries) {
        listed.insert(entry.path);
        check_listed_file(bundle, entry, result);
    }
    for (const std::string& required : options.required_files)
        if (!listed.count(required))
            result.problems.push_back({VerifyProblemKind::required_file_missing,
                                       required,
                                       {},
                                       "not listed: every bundle has commands.txt, env.json, "
                                       "metrics.json and summary.md"});
    check_unlisted(bundle, listed, result);
    if (result.problems.empty())
        result.verdict = VerifyVerdict::pass;
    return result;
}

} // namespace nbreport
