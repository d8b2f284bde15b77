// env.json: an EnvRecord as JSON, keys in the fixed order below, null for unknown values.
//
// { "schema_version": 2,
//   "tool":      { "name", "version" },
//   "git":       { "commit", "short_commit", "dirty", "source", "commit_at_build",
//                  "dirty_at_build" },
//   "build":     { "build_type", "c_compiler": {"id", "version"},
//                  "cxx_compiler": {"id", "version"}, "c_flags", "cxx_flags", "openmp" },
//   "openmp":    { "max_threads", "omp_num_threads" },
//   "host":      { "hostname", "cpu_model", "logical_cores",
//                  "os": {"sysname", "release", "machine", "pretty_name"} },
//   "libraries": { "boost", "eigen", "openssl" },
//   "timing":    { "start_utc", "end_utc", "wall_s", "engine_wall_s": {<engine>: s} },
//   "inputs":    [ {"role", "path", "size_bytes", "sha256"} ],
//   "run":       { "phi_mode", "dtype", "threads", "schedule", "rtol",
//                  "atol_by_class": {<class>: atol}, "pixels": [{"slow", "fast"}],
//                  "roi": null | {"fmin", "fmax", "smin", "smax"}, "command": [argv] },
//   "sides":     [ {"side", "name", "kind", "program", "program_sha256", "program_git_commit",
//                   "interpreter", "versions": {<name>: version}, "argv": null | [argv]} ] }
#pragma once

#include "nbreport/env_record.h"

#include <boost/json/object.hpp>

#include <string>

namespace nbreport {

boost::json::object env_to_json(const EnvRecord& record);

// env_to_json() pretty-printed (pretty_json.h): the bytes of env.json.
std::string env_to_json_text(const EnvRecord& record);

} // namespace nbreport
