// Building the two sides of a constructed diff for the diagnosis tests.
#pragma once

#include "nbtrace/diff.h"
#include "nbtrace/registry.h"

#include <optional>
#include <string>
#include <vector>

namespace nbdiagtest {

// pixel (10, 20), layer 0, sub-pixel (0, 0), source 0, the given phi step, mosaic 0; no phi
// step: the pixel only (I_before_scaling, I_pixel_final, image_value).
inline nbtrace::Indices at(std::optional<int> phi = std::nullopt) {
    nbtrace::Indices i;
    i.pixel_slow = 10;
    i.pixel_fast = 20;
    if (phi) {
        i.layer = 0;
        i.sub_s = i.sub_f = 0;
        i.source = 0;
        i.phi = *phi;
        i.mosaic = 0;
    }
    return i;
}

struct Sides {
    std::vector<nbtrace::Record> a, b;
    void add(const std::string& key, const nbtrace::Indices& idx, std::vector<double> va,
             std::vector<double> vb) {
        a.push_back(nbtrace::make_record(nbtrace::Side::reference, key, idx, std::move(va)));
        b.push_back(nbtrace::make_record(nbtrace::Side::simulator, key, idx, std::move(vb)));
    }
    nbtrace::DiffResult diff() const { return nbtrace::diff_traces(a, b, {}); }
};

} // namespace nbdiagtest
