#include "nbsim/trace_sink.h"

#include "nbtrace/registry.h"

namespace nbsim {

void RecordCollector::emit(nbtrace::Record record) {
    std::lock_guard<std::mutex> lock(mutex_);
    records_.push_back(std::move(record));
}

std::vector<nbtrace::Record> RecordCollector::take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<nbtrace::Record> out;
    out.swap(records_);
    return out;
}

nbtrace::Record make_simulator_record(std::string_view key, nbtrace::Indices idx,
                                      std::vector<double> values) {
    // Stage, units, arity and the index signature come from (and are checked by) the registry.
    return nbtrace::make_record(nbtrace::Side::simulator, key, std::move(idx), std::move(values),
                                nbtrace::Origin::production);
}

} // namespace nbsim
