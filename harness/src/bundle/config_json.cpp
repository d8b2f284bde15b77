// config_effective.json: what each engine was asked to simulate, as it resolved it: every set-up
// record (no pixel index), keyed by canonical key; enum values also by label.
#include "bundle/bundle_contents.h"

#include "bundle/report_text.h"

#include "nbreport/pretty_json.h"
#include "nbreport/sha256.h"
#include "nbtrace/registry.h"

#include <boost/json.hpp>

namespace harness {

namespace {

namespace json = boost::json;

json::value values_json(const std::vector<double>& v) {
    if (v.size() == 1)
        return v[0];
    json::array a;
    for (double x : v)
        a.push_back(x);
    return a;
}

// {key: value | [values] | [{"idx": {...}, "values": ...}], ..., "labels": {key: label}}
json::object setup_json(const std::vector<nbtrace::Record>& records) {
    json::object o, labels;
    for (const nbtrace::Record& r : records) {
        if (r.idx.pixel_slow)
            continue;
        const json::object idx = indices_json(r.idx);
        if (idx.empty()) {
            if (!o.contains(r.key))
                o[r.key] = values_json(r.values);
        } else {
            json::value& list = o[r.key];
            if (!list.is_array())
                list = json::array();
            list.as_array().push_back(
                json::object{{"idx", idx}, {"values", values_json(r.values)}});
        }
        const std::string label = nbtrace::registry().at(r.key).label_of(r.values[0]);
        if (!label.empty())
            labels[r.key] = label;
    }
    o["labels"] = std::move(labels);
    return o;
}

} // namespace

std::string config_effective_json(const BundleContext& c) {
    json::object root;
    root["schema"] = "trace_harness-config";
    root["schema_version"] = 1;
    json::array args;
    for (const std::string& a : c.the_case.args("inputs"))
        args.push_back(json::string(a));
    root["case"] = json::object{
        {"name", c.the_case.name}, {"description", c.the_case.description}, {"args", args}};
    json::array inputs;
    for (const ResolvedInput& in : c.the_case.inputs)
        inputs.push_back(
            json::object{{"flag", in.flag},
                         {"what", in.what},
                         {"source", in.source},
                         {"given", in.given.empty() ? json::value(nullptr) : json::value(in.given)},
                         {"bundle_path", "inputs/" + in.bundle_name},
                         {"size_bytes", in.bytes.size()},
                         {"sha256", nbreport::sha256_hex(in.bytes)}});
    root["inputs"] = inputs;
    root["run_switches"] =
        json::object{{"phi_mode", c.request.phi_mode()},
                     {"reference_phi0_fix", c.outcome.reference_request.phi0_fix},
                     {"simulator_c_parity", c.outcome.simulator_request.c_parity},
                     {"dtype", c.request.dtype()},
                     {"threads", c.request.threads},
                     {"schedule", c.request.schedule()}};
    root["reference"] = setup_json(c.outcome.reference.records);
    root["simulator"] = setup_json(c.outcome.simulator.records);
    return nbreport::pretty_json(root);
}

} // namespace harness
