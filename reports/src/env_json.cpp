#include "nbreport/env_json.h"

#include "nbreport/pretty_json.h"
#include "nbreport/utc_time.h"

namespace nbreport {

namespace json = boost::json;

namespace {

// An optional as its value or JSON null: the key is written either way.
template <typename T>
json::value or_null(const std::optional<T>& v) {
    if (!v)
        return nullptr;
    return json::value(*v);
}

template <typename T>
json::value or_null(const T& v) { // a value that is always known
    return json::value(v);
}

json::value time_or_null(const std::optional<std::chrono::system_clock::time_point>& t) {
    if (!t)
        return nullptr;
    return json::value(iso8601_utc(*t));
}

json::object compiler_json(const CompilerInfo& c) {
    return {{"id", or_null(c.id)}, {"version", or_null(c.version)}};
}

template <typename Number>
json::object number_map_json(const std::map<std::string, Number>& map) {
    json::object out;
    for (const auto& [key, value] : map) // std::map: sorted keys, a stable order
        out.emplace(key, or_null(value));
    return out;
}

json::array inputs_json(const std::vector<InputFile>& inputs) {
    json::array out;
    for (const InputFile& in : inputs)
        out.push_back(json::object{{"role", or_null(in.role)},
                                   {"path", in.path},
                                   {"size_bytes", static_cast<std::uint64_t>(in.size_bytes)},
                                   {"sha256", in.sha256}});
    return out;
}

json::object run_json(const RunParameters& run) {
    json::array pixels;
    for (const nbtrace::Pixel& p : run.pixels)
        pixels.push_back(json::object{{"slow", p.slow}, {"fast", p.fast}});
    json::value roi = nullptr;
    if (run.roi)
        roi = json::object{{"fmin", run.roi->fast_min},
                           {"fmax", run.roi->fast_max},
                           {"smin", run.roi->slow_min},
                           {"smax", run.roi->slow_max}};
    json::array command;
    for (const std::string& arg : run.command)
        command.push_back(json::value(arg));
    return {
        {"phi_mode", or_null(run.phi_mode)}, {"dtype", or_null(run.dtype)},
        {"threads", or_null(run.threads)},   {"schedule", or_null(run.schedule)},
        {"rtol", or_null(run.rtol)},         {"atol_by_class", number_map_json(run.atol_by_class)},
        {"pixels", std::move(pixels)},       {"roi", std::move(roi)},
        {"command", std::move(command)}};
}

json::array sides_json(const std::vector<SideRecord>& sides) {
    json::array out;
    for (const SideRecord& s : sides) {
        json::value argv = nullptr;
        if (s.argv) {
            json::array a;
            for (const std::string& arg : *s.argv)
                a.push_back(json::value(arg));
            argv = std::move(a);
        }
        json::object versions;
        for (const auto& [name, version] : s.versions)
            versions.emplace(name, or_null(version));
        out.push_back(json::object{{"side", s.side},
                                   {"name", s.name},
                                   {"kind", s.kind},
                                   {"program", or_null(s.program)},
                                   {"program_sha256", or_null(s.program_sha256)},
                                   {"program_git_commit", or_null(s.program_git_commit)},
                                   {"interpreter", or_null(s.interpreter)},
                                   {"versions", std::move(versions)},
                                   {"argv", std::move(argv)}});
    }
    return out;
}

} // namespace

json::object env_to_json(const EnvRecord& r) {
    json::object out;
    out["schema_version"] = r.schema_version;
    out["tool"] = json::object{{"name", r.tool.name}, {"version", r.tool.version}};
    out["git"] = json::object{{"commit", or_null(r.git.commit)},
                              {"short_commit", or_null(r.git.short_commit)},
                              {"dirty", or_null(r.git.dirty)},
                              {"source", std::string(to_string(r.git.source))},
                              {"commit_at_build", or_null(r.git.commit_at_build)},
                              {"dirty_at_build", or_null(r.git.dirty_at_build)}};
    out["build"] = json::object{{"build_type", or_null(r.build.build_type)},
                                {"c_compiler", compiler_json(r.build.c_compiler)},
                                {"cxx_compiler", compiler_json(r.build.cxx_compiler)},
                                {"c_flags", or_null(r.build.c_flags)},
                                {"cxx_flags", or_null(r.build.cxx_flags)},
                                {"openmp", r.build.openmp}};
    out["openmp"] = json::object{{"max_threads", or_null(r.openmp.max_threads)},
                                 {"omp_num_threads", or_null(r.openmp.omp_num_threads)}};
    out["host"] =
        json::object{{"hostname", or_null(r.host.hostname)},
                     {"cpu_model", or_null(r.host.cpu_model)},
                     {"logical_cores", or_null(r.host.logical_cores)},
                     {"os", json::object{{"sysname", or_null(r.host.os.sysname)},
                                         {"release", or_null(r.host.os.release)},
                                         {"machine", or_null(r.host.os.machine)},
                                         {"pretty_name", or_null(r.host.os.pretty_name)}}}};
    out["libraries"] = json::object{{"boost", or_null(r.libraries.boost)},
                                    {"eigen", or_null(r.libraries.eigen)},
                                    {"openssl", or_null(r.libraries.openssl)}};
    out["timing"] = json::object{{"start_utc", time_or_null(r.timing.start_utc)},
                                 {"end_utc", time_or_null(r.timing.end_utc)},
                                 {"wall_s", or_null(r.timing.wall_s)},
                                 {"engine_wall_s", number_map_json(r.timing.engine_wall_s)}};
    out["inputs"] = inputs_json(r.inputs);
    out["run"] = run_json(r.run);
    out["sides"] = sides_json(r.sides);
    return out;
}

std::string env_to_json_text(const EnvRecord& record) {
    return pretty_json(env_to_json(record));
}

} // namespace nbreport
