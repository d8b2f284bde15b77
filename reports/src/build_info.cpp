#include "nbreport/build_info.h"

#include "nb_build_values.h" // generated at configure time by reports/CMakeLists.txt

namespace nbreport {

namespace {

std::optional<std::string> non_empty(const char* value) {
    if (value[0] == '\0')
        return std::nullopt;
    return std::string(value);
}

} // namespace

std::string_view project_version() {
    return NB_PROJECT_VERSION;
}

std::filesystem::path source_dir_at_build() {
    return NB_SOURCE_DIR_AT_BUILD;
}

BuildInfo build_info() {
    BuildInfo info;
    info.build_type = non_empty(NB_BUILD_TYPE);
    info.c_compiler = {non_empty(NB_C_COMPILER_ID), non_empty(NB_C_COMPILER_VERSION)};
    info.cxx_compiler = {non_empty(NB_CXX_COMPILER_ID), non_empty(NB_CXX_COMPILER_VERSION)};
    info.c_flags = std::string(NB_C_FLAGS_AT_BUILD); // empty flags are a value, not unknown
    info.cxx_flags = std::string(NB_CXX_FLAGS_AT_BUILD);
    info.openmp = NB_OPENMP_AT_BUILD != 0;
    return info;
}

std::optional<std::string> git_commit_at_build() {
    return non_empty(NB_GIT_COMMIT_AT_BUILD);
}

std::optional<bool> git_dirty_at_build() {
    const std::string_view dirty = NB_GIT_DIRTY_AT_BUILD;
    if (dirty.empty())
        return std::nullopt;
    return dirty == "true";
}

} // namespace nbreport
