// Finding values in a record list: set-up values (no pixel index) and per-pixel values.
#pragma once

#include "nbtrace/record.h"

#include <optional>
#include <string>
#include <vector>

namespace harness {

// The first record of `key` without a pixel index (a set-up value), or nullptr.
const nbtrace::Record* setup_record(const std::vector<nbtrace::Record>& records,
                                    const std::string& key);

// The first value of the set-up record `key`, or nullopt.
std::optional<double> setup_value(const std::vector<nbtrace::Record>& records,
                                  const std::string& key);

// The first value of `key` at pixel (slow, fast), or nullopt.
std::optional<double> pixel_value(const std::vector<nbtrace::Record>& records,
                                  const std::string& key, int slow, int fast);

bool at_pixel(const nbtrace::Record& r, int slow, int fast);

// `records` without the run-switch records (phi_mode, phi0_fix): they tell how an engine was asked
// to run, differ between the engines (or two runs of one) by design, and are reported, not
// compared.
std::vector<nbtrace::Record> without_run_switches(const std::vector<nbtrace::Record>& records);

} // namespace harness
