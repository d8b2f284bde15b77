#include "nbtrace/record_set.h"

#include "nbtrace/json_values.h"
#include "nbtrace/registry.h"
#include "record_collector.h"

namespace nbtrace {

namespace {

std::string values_text(const std::vector<double>& values) {
    std::string out;
    for (double v : values)
        out += (out.empty() ? "" : " ") + shortest_text(v);
    return out;
}

} // namespace

void RecordSet::add(const std::string& key, Indices idx, std::vector<double> values) {
    const KeyInfo& info = registry().at(key);
    idx = info.indices.filter(idx);
    auto slot = std::make_pair(key, idx.to_string());
    auto found = index_.find(slot);
    if (found != index_.end()) {
        const Record& kept = records_[found->second];
        if (!detail::identical_values(kept.values, values))
            conflicts_.push_back(key + " at " + slot.second + ": kept " + values_text(kept.values) +
                                 ", also reported " + values_text(values));
        return;
    }
    index_.emplace(slot, records_.size());
    records_.push_back(make_record(side_, key, idx, std::move(values)));
}

} // namespace nbtrace
