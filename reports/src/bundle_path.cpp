#include "nbreport/bundle_path.h"

#include "nbreport/manifest.h"

namespace nbreport {

namespace {

constexpr std::size_t kMaxComponentBytes = 255;

std::string quoted(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

} // namespace

std::optional<std::string> bundle_relpath_error(std::string_view relpath) {
    if (relpath.empty())
        return "empty path";
    if (relpath.front() == '/')
        return "absolute path " + quoted(relpath) + " (bundle paths are relative)";
    for (const char c : relpath) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F)
            return "control character in path " + quoted(relpath);
        if (c == '\\')
            return "backslash in path " + quoted(relpath);
    }
    std::size_t begin = 0;
    for (;;) {
        const std::size_t end = relpath.find('/', begin);
        const std::string_view part = relpath.substr(begin, end - begin);
        if (part.empty())
            return "empty component in path " + quoted(relpath);
        if (part == "." || part == "..")
            return quoted(part) + " component in path " + quoted(relpath) +
                   " (bundle paths must not leave the bundle)";
        if (part.front() == '.')
            return "hidden component " + quoted(part) + " in path " + quoted(relpath);
        if (part.size() > kMaxComponentBytes)
            return "component longer than 255 bytes in path " + quoted(relpath);
        if (end == std::string_view::npos)
            break;
        begin = end + 1;
    }
    if (relpath == kManifestName)
        return quoted(relpath) + " is reserved for the manifest";
    return std::nullopt;
}

std::optional<std::string> initiative_name_error(std::string_view name) {
    if (name.empty())
        return "empty initiative name";
    if (name.front() == '.' || name.front() == '-')
        return "initiative name " + quoted(name) + " starts with '" + name.front() + "'";
    if (name.size() > kMaxComponentBytes)
        return "initiative name longer than 255 bytes";
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok)
            return "initiative name " + quoted(name) +
                   " may hold only letters, digits, '.', '_' and '-'";
    }
    return std::nullopt;
}

} // namespace nbreport
