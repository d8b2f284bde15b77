#include "nbreport/manifest.h"

#include "nbreport/bundle_path.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace nbreport {

namespace {

constexpr std::size_t kDigestChars = 64;
constexpr std::string_view kSeparator = "  ";

bool is_lowercase_hex_digest(std::string_view s) {
    return s.size() == kDigestChars && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Why `line` (without its newline) is not "<64 lowercase hex>  <path>", or "" when it is.
std::string line_error(std::string_view line) {
    if (line.empty())
        return "empty line";
    if (line.size() < kDigestChars + kSeparator.size() + 1)
        return "too short for \"<64 lowercase hex>  <relative path>\"";
    if (!is_lowercase_hex_digest(line.substr(0, kDigestChars)))
        return "the first 64 characters are not a lowercase hex SHA-256";
    if (line.substr(kDigestChars, kSeparator.size()) != kSeparator)
        return "the digest is not followed by exactly two spaces";
    if (auto error = bundle_relpath_error(line.substr(kDigestChars + kSeparator.size())))
        return *error;
    return "";
}

} // namespace

std::string format_manifest(std::vector<ManifestEntry> entries) {
    std::sort(entries.begin(), entries.end(),
              [](const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; });
    std::string text;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const ManifestEntry& e = entries[i];
        if (!is_lowercase_hex_digest(e.sha256))
            throw std::invalid_argument("manifest: not a lowercase hex SHA-256 for " + e.path);
        if (auto error = bundle_relpath_error(e.path))
            throw std::invalid_argument("manifest: " + *error);
        if (i > 0 && entries[i - 1].path == e.path)
            throw std::invalid_argument("manifest: path listed twice: " + e.path);
        text += e.sha256;
        text += kSeparator;
        text += e.path;
        text += '\n';
    }
    return text;
}

ParsedManifest parse_manifest(std::string_view text) {
    ParsedManifest parsed;
    std::set<std::string_view> seen;
    std::string_view previous; // path of the last well-formed line
    std::size_t line_number = 0;
    std::size_t begin = 0;
    while (begin < text.size()) {
        ++line_number;
        std::size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) {
            parsed.errors.push_back({line_number, "no newline at the end of the last line"});
            end = text.size();
        }
        const std::string_view line = text.substr(begin, end - begin);
        begin = end + 1;
        if (std::string error = line_error(line); !error.empty()) {
            parsed.errors.push_back({line_number, "malformed line: " + error});
            continue;
        }
        const std::string_view path = line.substr(kDigestChars + kSeparator.size());
        if (!seen.insert(path).second) {
            parsed.errors.push_back({line_number, "path listed twice: " + std::string(path)});
            continue;
        }
        // the writer sorts; a line out of order was written or edited by something else
        if (path < previous)
            parsed.errors.push_back({line_number, "out of order: " + std::string(path) + " after " +
                                                      std::string(previous) +
                                                      " (paths are sorted in byte order)"});
        previous = path;
        parsed.entries.push_back({std::string(line.substr(0, kDigestChars)), std::string(path)});
    }
    return parsed;
}

} // namespace nbreport
