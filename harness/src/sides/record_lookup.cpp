#include "sides/record_lookup.h"

namespace harness {

const nbtrace::Record* setup_record(const std::vector<nbtrace::Record>& records,
                                    const std::string& key) {
    for (const nbtrace::Record& r : records)
        if (r.key == key && !r.idx.pixel_slow && !r.values.empty())
            return &r;
    return nullptr;
}

std::optional<double> setup_value(const std::vector<nbtrace::Record>& records,
                                  const std::string& key) {
    const nbtrace::Record* r = setup_record(records, key);
    return r ? std::optional<double>(r->values[0]) : std::nullopt;
}

bool at_pixel(const nbtrace::Record& r, int slow, int fast) {
    return r.idx.pixel_slow == slow && r.idx.pixel_fast == fast;
}

std::optional<double> pixel_value(const std::vector<nbtrace::Record>& records,
                                  const std::string& key, int slow, int fast) {
    for (const nbtrace::Record& r : records)
        if (r.key == key && at_pixel(r, slow, fast) && !r.values.empty())
            return r.values[0];
    return std::nullopt;
}

std::vector<nbtrace::Record> without_run_switches(const std::vector<nbtrace::Record>& records) {
    std::vector<nbtrace::Record> out;
    out.reserve(records.size());
    for (const nbtrace::Record& r : records)
        if (r.key != "phi_mode" && r.key != "phi0_fix")
            out.push_back(r);
    return out;
}

} // namespace harness
