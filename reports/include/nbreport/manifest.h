// The sha256.txt manifest: one line per file, exactly as `sha256sum` prints it in text mode,
//
//     <64 lowercase hex>  <bundle-relative path>\n
//
// (two spaces), sorted by path in byte order (like `LC_ALL=C sort`), never listing itself.
// `sha256sum -c sha256.txt` run inside the bundle accepts it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nbreport {

inline constexpr std::string_view kManifestName = "sha256.txt";

struct ManifestEntry {
    std::string sha256; // 64 lowercase hex characters
    std::string path;   // bundle-relative, '/'-separated
};

// The manifest text for `entries`, sorted by path. Throws std::invalid_argument on a malformed
// digest, an invalid path (bundle_path.h), a duplicate path, or an entry naming sha256.txt.
std::string format_manifest(std::vector<ManifestEntry> entries);

struct ManifestLineError {
    std::size_t line = 0; // 1-based
    std::string message;
};

struct ParsedManifest {
    std::vector<ManifestEntry> entries;    // well-formed lines, in file order
    std::vector<ManifestLineError> errors; // malformed or duplicate lines, in file order
};

// Parses manifest text. Every line must match the format above exactly: no blank lines, no
// comments, no '*' binary marker, no uppercase hex, a final newline, and a valid path that is
// listed once, after the path of the line before it in byte order (order matters: the writer
// sorts, so a manifest out of order was written or edited by something else; such a line is
// reported as an error but its entry is still checked).
ParsedManifest parse_manifest(std::string_view text);

} // namespace nbreport
