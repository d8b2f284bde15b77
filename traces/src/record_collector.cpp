#include "record_collector.h"

#include "number_text.h"

#include <algorithm>
#include <cmath>

namespace nbtrace::detail {

namespace {

// shortest round-trip text: two values that differ never print the same
std::string values_text(const std::vector<double>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i)
        s += (i ? " " : "") + format_shortest(v[i]);
    return s;
}

// Second spellings agree when every component is within rtol of the kept value (a value printed
// in another unit carries one extra rounding).
bool agrees(const std::vector<double>& kept, const std::vector<double>& other, double rtol) {
    if (kept.size() != other.size())
        return false;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        const double a = kept[i];
        const double b = other[i];
        if (std::isnan(a) || std::isnan(b)) {
            if (!(std::isnan(a) && std::isnan(b)))
                return false;
            continue;
        }
        if (a == b)
            continue;
        if (!(std::abs(a - b) <= rtol * std::max(std::abs(a), std::abs(b))))
            return false;
    }
    return true;
}

std::string describe(const Record& r) {
    std::string s = r.key;
    if (!r.source_key.empty())
        s += " (" + r.source_key + ")";
    return s + " at " + r.idx.to_string();
}

} // namespace

bool identical_values(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))))
            return false;
    return true;
}

void RecordCollector::add(Record r, std::optional<double> agree_rtol) {
    // an unregistered name never merges with a canonical key of the same spelling
    const auto key = std::make_pair(
        (r.stage == Stage::unregistered ? std::string(1, '\x01') : std::string()) + r.key, r.idx);
    auto it = index_.find(key);
    if (it == index_.end()) {
        it = index_.emplace(key, slots_.size()).first;
        slots_.emplace_back();
    }
    Slot& slot = slots_[it->second];
    if (agree_rtol) {
        slot.secondary.emplace_back(std::move(r), *agree_rtol);
        return;
    }
    if (!slot.primary) {
        slot.primary = std::move(r);
        return;
    }
    if (!identical_values(slot.primary->values, r.values))
        throw ParseError(r.location, "conflicting duplicate of " + describe(r) + ": " +
                                         values_text(r.values) + " vs " +
                                         values_text(slot.primary->values) + " at " +
                                         slot.primary->location);
    ++collapsed_;
    // keep the first spelling, but never let a display-only copy hide a production value
    if (slot.primary->origin == Origin::derived && r.origin == Origin::production)
        slot.primary = std::move(r);
}

std::vector<Record> RecordCollector::finish(ParseStats& stats) {
    std::vector<Record> out;
    out.reserve(slots_.size());
    for (Slot& slot : slots_) {
        std::size_t first_secondary = 0;
        if (!slot.primary) {
            slot.primary = slot.secondary.front().first; // a lone second spelling is the value
            first_secondary = 1;
        }
        for (std::size_t i = first_secondary; i < slot.secondary.size(); ++i) {
            const auto& [r, rtol] = slot.secondary[i];
            if (!agrees(slot.primary->values, r.values, rtol))
                throw ParseError(r.location, describe(r) + " = " + values_text(r.values) +
                                                 " disagrees with " +
                                                 values_text(slot.primary->values) + " at " +
                                                 slot.primary->location + " (allowed relative " +
                                                 format_shortest(rtol) + ")");
            ++stats.agreed;
        }
        out.push_back(std::move(*slot.primary));
    }
    stats.collapsed += collapsed_;
    stats.records = out.size();
    return out;
}

} // namespace nbtrace::detail
