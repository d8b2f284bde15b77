#include "staging_name.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <random>

#include <unistd.h>

namespace nbreport::detail {

namespace {

constexpr std::size_t kStampChars = 16; // YYYYMMDDTHHMMSSZ
constexpr std::size_t kRandomChars = 8;
constexpr std::size_t kMaxHostChars = 64;

bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

bool is_stamp(std::string_view s) {
    if (s.size() != kStampChars || s[8] != 'T' || s[15] != 'Z')
        return false;
    for (std::size_t i = 0; i < kStampChars; ++i)
        if (i != 8 && i != 15 && !std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    return true;
}

} // namespace

std::string format_staging_name(const StagingName& name) {
    return std::string(kStagingPrefix) + name.stamp + "-" + std::to_string(name.pid) + "-" +
           name.random + "-" + name.host;
}

std::optional<StagingName> parse_staging_name(std::string_view name) {
    if (name.substr(0, kStagingPrefix.size()) != kStagingPrefix)
        return std::nullopt;
    name.remove_prefix(kStagingPrefix.size());
    StagingName parsed;
    if (name.size() < kStampChars + 1 || !is_stamp(name.substr(0, kStampChars)) ||
        name[kStampChars] != '-')
        return std::nullopt;
    parsed.stamp = std::string(name.substr(0, kStampChars));
    name.remove_prefix(kStampChars + 1);

    const auto [after_pid, ec] =
        std::from_chars(name.data(), name.data() + name.size(), parsed.pid);
    if (ec != std::errc() || parsed.pid <= 0 || after_pid == name.data() + name.size() ||
        *after_pid != '-')
        return std::nullopt;
    name.remove_prefix(static_cast<std::size_t>(after_pid - name.data()) + 1);

    if (name.size() < kRandomChars + 2 || name[kRandomChars] != '-')
        return std::nullopt;
    const std::string_view random = name.substr(0, kRandomChars);
    if (!std::all_of(random.begin(), random.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
        return std::nullopt;
    parsed.random = std::string(random);
    name.remove_prefix(kRandomChars + 1);

    if (name.empty() || name.size() > kMaxHostChars ||
        !std::all_of(name.begin(), name.end(), is_host_char))
        return std::nullopt;
    parsed.host = std::string(name);
    return parsed;
}

std::string this_host_tag() {
    char buffer[256] = {};
    if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0')
        return "unknown";
    std::string host(buffer);
    if (host.size() > kMaxHostChars)
        host.resize(kMaxHostChars);
    std::replace_if(
        host.begin(), host.end(), [](char c) { return !is_host_char(c); }, '_');
    return host;
}

std::string random_hex8() {
    static thread_local std::mt19937 engine{std::random_device{}()};
    char out[kRandomChars + 1];
    std::snprintf(out, sizeof out, "%08x", static_cast<unsigned>(engine()));
    return out;
}

} // namespace nbreport::detail
