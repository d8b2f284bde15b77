// The key registry: the trace vocabulary kept as data (traces/registry/keys.json and
// dialects.json, compiled into the library) and the one way to build a valid record.
//
// For every canonical key: pipeline stage, canonical units, arity (1-9 values), tolerance class,
// index signature, description, enum labels, and every legacy spelling (alias) with the factor
// that converts the written value to canonical units. Known unit and label lies of the legacy
// traces are normalised here, in the data (e.g. scattering_vec_A_inv is 1/m: scale 1).
#pragma once

#include "nbtrace/dialect.h"
#include "nbtrace/record.h"

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbtrace {

// The registry data is inconsistent (a bad edit of keys.json or dialects.json).
class RegistryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A record that does not fit its key: unknown key, wrong arity, index not in the signature.
class RecordError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

enum class Presence { forbidden, optional, required };

// Which loop indices a key's values may carry. layer/sub are often optional: a value printed
// once per (layer, sub-pixel) pass carries them, the same value printed once per pixel does not.
struct IndexSignature {
    Presence pixel = Presence::forbidden;
    Presence layer = Presence::forbidden;
    Presence sub = Presence::forbidden; // sub_s and sub_f together
    Presence source = Presence::forbidden;
    Presence phi = Presence::forbidden;
    Presence mosaic = Presence::forbidden;

    // Empty when `idx` fits, else what is wrong. A missing pixel is always accepted: a legacy
    // log need not name its pixel (trace_harness diff --pixel supplies it).
    std::string check(const Indices& idx) const;
    // Keeps only the indices the signature allows.
    Indices filter(const Indices& idx) const;
    std::string to_string() const; // e.g. "pixel pass? source phi"
};

// |a - b| <= atol + rtol*m, with m = |a| (or the norm of a for a vector key, see KeyInfo::vector)
// unless the class fixes the magnitude `scale`: then every value of the class is judged against
// the same length, whatever its own size (lengths: pix0 and pixel_pos alike). rtol, when set,
// overrides the caller's rtol (exact pins it to 0).
struct ToleranceClass {
    std::string name;
    double atol = 0;
    std::optional<double> rtol;
    std::optional<double> scale;
    std::string why;
};

// `key` is component `component` of `of` (k_frac = hkl_frac[1]).
struct ComponentOf {
    std::string of;
    int component = 0;
};

struct Alias {
    std::string dialect;
    std::string name;                 // as written; compound sub-fields as "angles_rad:rotx"
    std::string key;                  // canonical key
    double scale = 1;                 // canonical = written * scale
    std::optional<int> component;     // the token fills this component of the key
    std::string block;                // TRACE_C_SETUP parser block; empty: any
    std::string gating;               // empty: the dialect's default
    std::optional<double> agree_rtol; // second spelling of a quantity: only checked
    Origin origin = Origin::production;
    std::string note;
};

struct KeyInfo {
    std::string key;
    Stage stage = Stage::config;
    std::string units;
    int arity = 1;
    std::string tolerance;
    IndexSignature indices;
    std::string description;
    std::vector<std::pair<std::string, int>> labels; // enum labels, e.g. CUSTOM=0
    bool integer = false;                            // every value must be integral
    std::optional<ComponentOf> component_of;
    // Loop indices the value does not depend on ("pixel", "pass"): the detector vectors are the
    // same at every pixel and sub-pixel pass, so a copy printed without them (a set-up line, the
    // port's pixel centre) stands for every copy the other side printed with them.
    bool invariant_pixel = false;
    bool invariant_pass = false;
    // A physical 3-vector: each component is judged against the vector's norm, not its own size
    // (a 1e-7 tilt is as large in a 1e-4 component as in a 0.99 one).
    bool vector = false;
    std::vector<Alias> aliases;
    int order = 0; // report order: stage, then position in keys.json

    // The label of an enum value, or "" when the key has no labels or the value none.
    std::string label_of(double v) const;
};

class Registry {
  public:
    // Loads and cross-checks the two data files; throws RegistryError naming the bad entry.
    static Registry from_json(std::string_view keys_json, std::string_view dialects_json);

    const KeyInfo* find(std::string_view key) const;
    const KeyInfo& at(std::string_view key) const; // throws RecordError("unknown key ...")
    // The alias of (dialect, name) valid in `block`: an alias restricted to that block wins over
    // an unrestricted one. nullptr when the name is unknown in the dialect.
    const Alias* find_alias(std::string_view dialect, std::string_view name,
                            std::string_view block = {}) const;
    const ToleranceClass* tolerance_class(std::string_view name) const;
    const std::vector<ToleranceClass>& tolerance_classes() const { return tolerance_classes_; }
    // All keys in report order (stage, then registry order).
    const std::vector<KeyInfo>& keys() const { return keys_; }
    const Dialect* dialect(std::string_view name) const;
    const Gating* gating(std::string_view name) const;
    const DialectTables& tables() const { return tables_; }
    // Keys that are components of `key` (hkl_frac -> k_frac).
    std::vector<const KeyInfo*> components_of(std::string_view key) const;
    // keys.json "coverage": the groups of quantities a PASS must have compared whenever both
    // sides printed them (pixel geometry, Miller indices, ..., the final intensity).
    const std::vector<std::pair<std::string, std::vector<std::string>>>& coverage_groups() const {
        return coverage_;
    }
    // keys.json "run_shape_keys": counts that fix the loop nest (oversample, layers, steps, ...).
    const std::vector<std::string>& run_shape_keys() const { return run_shape_keys_; }

  private:
    friend class RegistryLoader;
    std::vector<KeyInfo> keys_;
    std::vector<ToleranceClass> tolerance_classes_;
    DialectTables tables_;
    std::vector<std::pair<std::string, std::vector<std::string>>> coverage_;
    std::vector<std::string> run_shape_keys_;
    std::map<std::string, std::size_t, std::less<>> key_index_;
    // "dialect|name|block" -> (key position, alias position)
    std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> alias_index_;
};

// The registry compiled into the library (parsed once, thread-safe).
const Registry& registry();

// The one way engines build records: fills stage and units from the registry and checks arity,
// index signature and integrality. Throws RecordError on an unknown key or a misfit.
Record make_record(Side side, std::string_view key, Indices idx, std::vector<double> values,
                   Origin origin = Origin::production);

// The same checks for a record built elsewhere (a reader); empty when valid, else what is wrong.
// An unregistered record (Stage::unregistered) needs a name, no units and 1..64 values.
constexpr std::size_t kMaxUnregisteredValues = 64;
std::string check_record(const Record& r);

} // namespace nbtrace
