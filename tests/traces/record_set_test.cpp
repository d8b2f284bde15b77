// nbtrace::RecordSet, the record list an engine builds as it reports values.
#include "nbtrace/record_set.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

namespace {

// A per-pass position: pixel, phi step, mosaic domain 0.
nbtrace::Indices pixel_phi(int slow, int fast, int phi) {
    nbtrace::Indices idx;
    idx.pixel_slow = slow;
    idx.pixel_fast = fast;
    idx.phi = phi;
    idx.mosaic = 0;
    return idx;
}

} // namespace

TEST_CASE("RecordSet merges identical repeats and keeps conflicting ones apart", "[traces]") {
    nbtrace::RecordSet set(nbtrace::Side::reference);
    // "distance" has no indices in the registry: the pixel and phi step an engine reports it at
    // are dropped, so its per-pass copies are one record
    set.add("distance", pixel_phi(685, 1039, 0), {0.231274660});
    set.add("distance", pixel_phi(685, 1039, 9), {0.231274660});
    // F_latt_b is per pixel and phi step: two steps are two records
    set.add("F_latt_b", pixel_phi(685, 1039, 0), {6.5});
    set.add("F_latt_b", pixel_phi(685, 1039, 1), {-2.25});
    // the same step again with another value: a conflict, the first value kept
    set.add("F_latt_b", pixel_phi(685, 1039, 0), {6.25});
    // NaN reported twice is the same value, not a conflict
    const double nan = std::numeric_limits<double>::quiet_NaN();
    set.add("F_latt_b", pixel_phi(685, 1039, 2), {nan});
    set.add("F_latt_b", pixel_phi(685, 1039, 2), {nan});

    REQUIRE(set.conflicts().size() == 1);
    CHECK(set.conflicts()[0].find("F_latt_b") == 0);
    CHECK(set.conflicts()[0].find("kept 6.5, also reported 6.25") != std::string::npos);
    const std::vector<nbtrace::Record> records = set.take();
    REQUIRE(records.size() == 4);
    CHECK(records[0].key == "distance");
    CHECK(records[0].idx == nbtrace::Indices{});
    CHECK(records[0].units == "m");
    CHECK(records[1].values == std::vector<double>{6.5});
    CHECK(records[2].idx.phi == 1);
    CHECK(std::isnan(records[3].values[0]));
    CHECK(records[1].side == nbtrace::Side::reference);
}

TEST_CASE("RecordSet refuses an unknown key", "[traces]") {
    nbtrace::RecordSet set(nbtrace::Side::simulator);
    CHECK_THROWS(set.add("no_such_key", {}, {1.0}));
}
