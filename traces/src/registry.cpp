#include "nbtrace/registry.h"

#include <cmath>
#include <sstream>

// The two data files, compiled in by nb_embed_file (traces/CMakeLists.txt).
extern "C" const char nb_registry_keys_json[];
extern "C" const unsigned long nb_registry_keys_json_size;
extern "C" const char nb_registry_dialects_json[];
extern "C" const unsigned long nb_registry_dialects_json_size;

namespace nbtrace {

namespace {

const char* presence_suffix(Presence p) {
    return p == Presence::optional ? "?" : "";
}

// Empty when the presence of one index fits.
std::string check_one(Presence p, bool present, const char* name) {
    if (present && p == Presence::forbidden)
        return std::string("index ") + name + " does not apply";
    if (!present && p == Presence::required)
        return std::string("index ") + name + " is required";
    return {};
}

} // namespace

std::string IndexSignature::check(const Indices& idx) const {
    if ((idx.pixel_slow.has_value()) != (idx.pixel_fast.has_value()))
        return "pixel needs both slow and fast";
    if ((idx.sub_s.has_value()) != (idx.sub_f.has_value()))
        return "sub-pixel needs both sub_s and sub_f";
    // a missing pixel is tolerated even when required (see the header)
    if (idx.pixel_slow && pixel == Presence::forbidden)
        return "index pixel does not apply";
    for (const std::string& e : {check_one(layer, idx.layer.has_value(), "layer"),
                                 check_one(sub, idx.sub_s.has_value(), "sub"),
                                 check_one(source, idx.source.has_value(), "source"),
                                 check_one(phi, idx.phi.has_value(), "phi"),
                                 check_one(mosaic, idx.mosaic.has_value(), "mosaic")})
        if (!e.empty())
            return e;
    for (const std::optional<int>* v : {&idx.pixel_slow, &idx.pixel_fast, &idx.layer, &idx.sub_s,
                                        &idx.sub_f, &idx.source, &idx.phi, &idx.mosaic})
        if (*v && **v < 0)
            return "indices must be >= 0";
    return {};
}

Indices IndexSignature::filter(const Indices& idx) const {
    Indices out;
    if (pixel != Presence::forbidden) {
        out.pixel_slow = idx.pixel_slow;
        out.pixel_fast = idx.pixel_fast;
    }
    if (layer != Presence::forbidden)
        out.layer = idx.layer;
    if (sub != Presence::forbidden) {
        out.sub_s = idx.sub_s;
        out.sub_f = idx.sub_f;
    }
    if (source != Presence::forbidden)
        out.source = idx.source;
    if (phi != Presence::forbidden)
        out.phi = idx.phi;
    if (mosaic != Presence::forbidden)
        out.mosaic = idx.mosaic;
    return out;
}

std::string IndexSignature::to_string() const {
    std::ostringstream out;
    const char* sep = "";
    const auto put = [&](Presence p, const char* name) {
        if (p == Presence::forbidden)
            return;
        out << sep << name << presence_suffix(p);
        sep = " ";
    };
    put(pixel, "pixel");
    put(layer, "layer");
    put(sub, "sub");
    put(source, "source");
    put(phi, "phi");
    put(mosaic, "mosaic");
    const std::string s = out.str();
    return s.empty() ? "-" : s;
}

std::string KeyInfo::label_of(double v) const {
    for (const auto& [label, value] : labels)
        if (value == v)
            return label;
    return {};
}

const KeyInfo* Registry::find(std::string_view key) const {
    const auto it = key_index_.find(key);
    return it == key_index_.end() ? nullptr : &keys_[it->second];
}

const KeyInfo& Registry::at(std::string_view key) const {
    const KeyInfo* k = find(key);
    if (!k)
        throw RecordError("unknown key '" + std::string(key) + "'");
    return *k;
}

const Alias* Registry::find_alias(std::string_view dialect, std::string_view name,
                                  std::string_view block) const {
    const auto lookup = [&](std::string_view b) -> const Alias* {
        std::string id;
        id.append(dialect).append("|").append(name).append("|").append(b);
        const auto it = alias_index_.find(id);
        return it == alias_index_.end() ? nullptr
                                        : &keys_[it->second.first].aliases[it->second.second];
    };
    if (!block.empty())
        if (const Alias* a = lookup(block))
            return a;
    return lookup({});
}

const ToleranceClass* Registry::tolerance_class(std::string_view name) const {
    for (const ToleranceClass& t : tolerance_classes_)
        if (t.name == name)
            return &t;
    return nullptr;
}

const Dialect* Registry::dialect(std::string_view name) const {
    for (const Dialect& d : tables_.dialects)
        if (d.name == name)
            return &d;
    return nullptr;
}

const Gating* Registry::gating(std::string_view name) const {
    const auto it = tables_.gatings.find(std::string(name));
    return it == tables_.gatings.end() ? nullptr : &it->second;
}

std::vector<const KeyInfo*> Registry::components_of(std::string_view key) const {
    std::vector<const KeyInfo*> out;
    for (const KeyInfo& k : keys_)
        if (k.component_of && k.component_of->of == key)
            out.push_back(&k);
    return out;
}

const Registry& registry() {
    static const Registry r = Registry::from_json(
        std::string_view(nb_registry_keys_json, nb_registry_keys_json_size),
        std::string_view(nb_registry_dialects_json, nb_registry_dialects_json_size));
    return r;
}

std::string check_record(const Record& r) {
    if (r.stage == Stage::unregistered) {
        if (r.key.empty() || r.key.find_first_of(" \t\n") != std::string::npos)
            return "an unregistered record needs a name without blanks";
        if (!r.units.empty())
            return "unregistered record " + r.key + " cannot state units";
        if (r.values.empty() || r.values.size() > kMaxUnregisteredValues)
            return "unregistered record " + r.key + " takes 1.." +
                   std::to_string(kMaxUnregisteredValues) + " values";
        return {};
    }
    const KeyInfo* k = registry().find(r.key);
    if (!k)
        return "unknown key '" + r.key + "'";
    if (r.stage != k->stage)
        return "key " + r.key + " belongs to stage " + std::string(to_string(k->stage)) + ", not " +
               std::string(to_string(r.stage));
    if (r.units != k->units)
        return "key " + r.key + " is in " + k->units + ", not " + r.units;
    if (static_cast<int>(r.values.size()) != k->arity)
        return "key " + r.key + " takes " + std::to_string(k->arity) + " value" +
               (k->arity == 1 ? "" : "s") + ", got " + std::to_string(r.values.size());
    const std::string idx_error = k->indices.check(r.idx);
    if (!idx_error.empty())
        return "key " + r.key + ": " + idx_error + " (signature: " + k->indices.to_string() + ")";
    for (double v : r.values) {
        // non-finite values are observations (a zero wavelength prints inf), compared as such
        if (!std::isfinite(v))
            continue;
        if (k->integer && v != std::floor(v))
            return "key " + r.key + " takes integers, got " + std::to_string(v);
    }
    return {};
}

Record make_record(Side side, std::string_view key, Indices idx, std::vector<double> values,
                   Origin origin) {
    const KeyInfo& k = registry().at(key);
    Record r;
    r.side = side;
    r.stage = k.stage;
    r.key = k.key;
    r.units = k.units;
    r.idx = std::move(idx);
    r.values = std::move(values);
    r.origin = origin;
    const std::string error = check_record(r);
    if (!error.empty())
        throw RecordError(error);
    return r;
}

} // namespace nbtrace
