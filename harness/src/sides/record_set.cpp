#include "sides/record_set.h"

#include "bundle/report_text.h"

#include "nbtrace/registry.h"

namespace harness {

void RecordSet::add(const std::string& key, nbtrace::Indices idx, std::vector<double> values) {
    const nbtrace::KeyInfo& info = nbtrace::registry().at(key);
    idx = info.indices.filter(idx);
    auto slot = std::make_pair(key, idx.to_string());
    auto found = index_.find(slot);
    if (found != index_.end()) {
        const nbtrace::Record& kept = records_[found->second];
        if (kept.values != values)
            conflicts_.push_back(key + " at " + slot.second + ": kept " + values_text(kept.values) +
                                 ", also reported " + values_text(values));
        return;
    }
    index_.emplace(slot, records_.size());
    records_.push_back(nbtrace::make_record(side_, key, idx, std::move(values)));
}

} // namespace harness
