// Paths of the test data and small helpers shared by the nbtrace tests.
#pragma once

#include "nbtrace/parse.h"
#include "nbtrace/record.h"

#include <optional>
#include <string>
#include <vector>

namespace nbtest {

// tests/data/golden/<rel>: logs of the real nanoBragg C program (tests/data/golden/README.md).
inline std::string golden(const std::string& rel) {
    return std::string(NB_TEST_DATA_DIR) + "/golden/" + rel;
}

// tests/data/traces/<rel>: traces in the PyTorch port's dialects, written by this project
// (tests/data/traces/README.md).
inline std::string fixture(const std::string& rel) {
    return std::string(NB_TEST_DATA_DIR) + "/traces/" + rel;
}

// Every C trace log of tests/data/golden.
inline const std::vector<std::string>& golden_logs() {
    static const std::vector<std::string> logs = {
        "supervisor_trace_c.log",
        "supervisor_trace_c_single_pixel.log",
        "supervisor_synth/full_stdout.log",
        "supervisor_synth/trace_roi_peak.log",
        "supervisor_synth/trace_single_peak.log",
        "simple_cubic/trace.log",
        "triclinic_misset_phi_mosaic/trace.log",
        "oversample_sources_polar/trace.log",
    };
    return logs;
}

// Every PyTorch-port fixture of tests/data/traces.
inline const std::vector<std::string>& pytorch_fixtures() {
    static const std::vector<std::string> files = {
        "py_spec_685_1039.log",     "py_spec_685_1039_per_phi_v2.log",
        "py_spec_per_phi_v1.log",   "py_carryover_685_1039_rotstar.log",
        "py_two_sources_20_30.txt",
    };
    return files;
}

// The one record of `key` at `idx`, or nullopt.
inline std::optional<nbtrace::Record> find(const std::vector<nbtrace::Record>& records,
                                           const std::string& key, const nbtrace::Indices& idx) {
    for (const nbtrace::Record& r : records)
        if (r.key == key && r.idx == idx)
            return r;
    return std::nullopt;
}

inline std::size_t count_key(const std::vector<nbtrace::Record>& records, const std::string& key) {
    std::size_t n = 0;
    for (const nbtrace::Record& r : records)
        n += r.key == key;
    return n;
}

// Indices of a pixel-level value, of a (layer, subS, subF) pass, ...
inline nbtrace::Indices pixel(int s, int f) {
    nbtrace::Indices i;
    i.pixel_slow = s;
    i.pixel_fast = f;
    return i;
}
inline nbtrace::Indices pass(int s, int f, int layer, int sub_s, int sub_f) {
    nbtrace::Indices i = pixel(s, f);
    i.layer = layer;
    i.sub_s = sub_s;
    i.sub_f = sub_f;
    return i;
}
inline nbtrace::Indices with(nbtrace::Indices i, std::optional<int> source, std::optional<int> phi,
                             std::optional<int> mosaic) {
    i.source = source;
    i.phi = phi;
    i.mosaic = mosaic;
    return i;
}

} // namespace nbtest
