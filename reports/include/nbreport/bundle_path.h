// Which names may appear inside a bundle and as an initiative.
//
// A bundle-relative path is what sha256.txt lists, so it must stay inside the bundle and must be
// printed by sha256sum without escaping:
//   - not empty, not absolute, '/' as the only separator, no empty component ("a//b", "a/");
//   - no "." or ".." component, and no hidden component (".x": the writer's temporary files and
//     staging folders are hidden, and bundle files are meant to be seen);
//   - no backslash and no control character (sha256sum escapes such names, which would make the
//     manifest line differ from the plain "<hex>  <path>" format);
//   - each component at most 255 bytes; the root-level "sha256.txt" is reserved for the manifest.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nbreport {

// The reason `relpath` is not a valid bundle-relative path, or nullopt when it is valid.
std::optional<std::string> bundle_relpath_error(std::string_view relpath);

// The reason `name` is not a valid initiative name (one path component of letters, digits, '.',
// '_' and '-', not starting with '.' or '-'), or nullopt when it is valid.
std::optional<std::string> initiative_name_error(std::string_view name);

} // namespace nbreport
