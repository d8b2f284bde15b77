#include "nbtrace/derive.h"

#include "nbtrace/registry.h"

#include <map>
#include <set>

namespace nbtrace {

namespace {

Record project(const Record& parent, const KeyInfo& component) {
    const int c = component.component_of->component;
    Record r = parent;
    r.stage = component.stage;
    r.key = component.key;
    r.units = component.units;
    r.values = {parent.values.at(static_cast<std::size_t>(c))};
    r.origin = Origin::derived;
    r.source_key = parent.key + "[" + std::to_string(c) + "]";
    return r;
}

} // namespace

std::vector<Record> project_components(const std::vector<Record>& have,
                                       const std::vector<Record>& want) {
    const Registry& reg = registry();
    std::map<std::pair<std::string, Indices>, const Record*> index;
    for (const Record& r : have)
        index.emplace(std::make_pair(r.key, r.idx), &r);
    std::vector<Record> out;
    std::set<std::pair<std::string, Indices>> done;
    for (const Record& w : want) {
        const KeyInfo* k = reg.find(w.key);
        if (!k || !k->component_of || index.count({w.key, w.idx}) || done.count({w.key, w.idx}))
            continue;
        const auto parent = index.find({k->component_of->of, w.idx});
        if (parent == index.end())
            continue;
        out.push_back(project(*parent->second, *k));
        done.insert({w.key, w.idx});
    }
    return out;
}

std::optional<Record> find_or_project(const std::vector<Record>& records, const std::string& key,
                                      const Indices& idx) {
    for (const Record& r : records)
        if (r.key == key && r.idx == idx)
            return r;
    const KeyInfo* k = registry().find(key);
    if (!k || !k->component_of)
        return std::nullopt;
    for (const Record& r : records)
        if (r.key == k->component_of->of && r.idx == idx)
            return project(r, *k);
    return std::nullopt;
}

} // namespace nbtrace
