// Building one engine's record list as it reports values: indices reduced to what each key's
// registry signature allows, identical duplicates merged (an engine reports a value at every pass
// where a legacy trace names it once), and conflicting duplicates kept apart for the report rather
// than dropped silently. (Reading a trace file, where a conflict is a malformed input, is the
// parser's RecordCollector, which throws instead.)
#pragma once

#include "nbtrace/record.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace nbtrace {

class RecordSet {
  public:
    explicit RecordSet(Side side) : side_(side) {}

    // Adds a production value of `key` at `idx` (indices outside the key's signature dropped).
    // Throws RecordError for an unknown key or a wrong arity: an engine bug.
    void add(const std::string& key, Indices idx, std::vector<double> values);

    // Records in order of first appearance.
    std::vector<Record> take() { return std::move(records_); }
    // "key at idx: v1 vs v2" for each duplicate whose values differed (the first is kept).
    const std::vector<std::string>& conflicts() const { return conflicts_; }

  private:
    Side side_;
    std::vector<Record> records_;
    std::map<std::pair<std::string, std::string>, std::size_t> index_; // (key, idx text) -> pos
    std::vector<std::string> conflicts_;
};

} // namespace nbtrace
