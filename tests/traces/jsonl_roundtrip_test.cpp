// The canonical format reads back bit for bit: over random bit patterns (Boost.JSON 1.81's own
// parser fails about 29% of them by an ulp, hence our exact reader) and over every golden trace
// (legacy -> JSONL -> records equals the legacy-parsed records exactly).
#include "nbtrace/jsonl.h"
#include "nbtrace/parse.h"
#include "nbtrace/registry.h"

#include "test_data.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>

using namespace nbtrace;

namespace {

std::uint64_t bits(double v) {
    std::uint64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

double from_bits(std::uint64_t b) {
    double v = 0;
    std::memcpy(&v, &b, sizeof v);
    return v;
}

// Every field, values compared by bit pattern (NaN payloads are not preserved: any NaN is "nan").
void require_identical(const Record& a, const Record& b) {
    INFO(a.key << " " << a.idx.to_string() << " at " << a.location);
    REQUIRE(a.side == b.side);
    REQUIRE(a.stage == b.stage);
    REQUIRE(a.key == b.key);
    REQUIRE(a.units == b.units);
    REQUIRE(a.idx == b.idx);
    REQUIRE(a.origin == b.origin);
    REQUIRE(a.source_key == b.source_key);
    if (!a.location.empty())
        REQUIRE(a.location == b.location);
    REQUIRE(a.values.size() == b.values.size());
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        if (std::isnan(a.values[i]))
            REQUIRE(std::isnan(b.values[i]));
        else
            REQUIRE(bits(a.values[i]) == bits(b.values[i]));
    }
}

void require_roundtrip(const TraceFile& f) {
    std::ostringstream jsonl;
    write_jsonl(jsonl, f.records);
    const TraceFile back = parse_trace_text(jsonl.str(), f.path + ".jsonl");
    CHECK(back.format == TraceFormat::canonical);
    REQUIRE(back.records.size() == f.records.size());
    for (std::size_t i = 0; i < f.records.size(); ++i) {
        require_identical(f.records[i], back.records[i]);
        // an in-process record (no location) is located in the JSONL file: line 1 is the header
        if (f.records[i].location.empty())
            REQUIRE(back.records[i].location == f.path + ".jsonl:" + std::to_string(i + 2));
    }
}

} // namespace

TEST_CASE("random bit patterns read back bit-identical", "[jsonl]") {
    // I_pixel_final accepts any double (NaN and inf included) at a pixel index
    std::mt19937_64 rng(20251121);
    constexpr int kRecords = 50000;
    constexpr int kPerRecord = 1; // arity of I_pixel_final
    std::vector<Record> records;
    for (int n = 0; n < kRecords; ++n) {
        Indices idx;
        idx.pixel_slow = n / 1000;
        idx.pixel_fast = n % 1000;
        std::vector<double> v;
        for (int k = 0; k < kPerRecord; ++k)
            v.push_back(from_bits(rng()));
        records.push_back(make_record(Side::simulator, "I_pixel_final", idx, v));
    }
    // add the awkward ones explicitly: subnormals, extremes, signed zero, infinities
    const double special[] = {0.0,
                              -0.0,
                              5e-324,
                              -2.2250738585072009e-308,
                              1.7976931348623157e308,
                              0.1,
                              9.768e-11,
                              7.94079248018965e-30,
                              std::numeric_limits<double>::infinity(),
                              -std::numeric_limits<double>::infinity(),
                              std::nan("")};
    int n = kRecords;
    for (double s : special) {
        Indices idx;
        idx.pixel_slow = 99999;
        idx.pixel_fast = n++;
        records.push_back(make_record(Side::simulator, "I_pixel_final", idx, {s}));
    }
    TraceFile f;
    f.path = "random";
    f.records = records;
    require_roundtrip(f);
}

TEST_CASE("every golden C trace round-trips through JSONL bit-exactly", "[jsonl][golden]") {
    for (const std::string& rel : nbtest::golden_logs()) {
        INFO(rel);
        require_roundtrip(read_trace_file(nbtest::golden(rel)));
    }
}

TEST_CASE("every PyTorch fixture round-trips through JSONL bit-exactly", "[jsonl][pytorch]") {
    for (const std::string& rel : nbtest::pytorch_fixtures()) {
        INFO(rel);
        require_roundtrip(read_trace_file(nbtest::fixture(rel)));
    }
}

TEST_CASE("the JSONL line schema is stable", "[jsonl]") {
    Indices idx;
    idx.pixel_slow = 685;
    idx.pixel_fast = 1039;
    idx.source = 0;
    idx.phi = 3;
    idx.mosaic = 0;
    Record r = make_record(Side::reference, "k_frac", idx, {-0.595197691574922});
    r.source_key = "TRACE_C_PHI/k_frac";
    CHECK(
        to_json_line(r) ==
        R"({"side":"reference","stage":"miller","key":"k_frac","units":"1",)"
        R"("idx":{"pixel_slow":685,"pixel_fast":1039,"source":0,"phi":3,"mosaic":0},)"
        R"("values":[-0.595197691574922],"origin":"production","source_key":"TRACE_C_PHI/k_frac"})");
    std::ostringstream out;
    write_jsonl(out, {});
    CHECK(out.str() == "{\"format\":\"nbtrace-jsonl\",\"schema_version\":1}\n");
}

TEST_CASE("canonical input is validated against the registry", "[jsonl]") {
    const std::string header = "{\"format\":\"nbtrace-jsonl\",\"schema_version\":1}\n";
    const std::string good = R"({"side":"simulator","stage":"scale","key":"I_pixel_final",)"
                             R"("units":"photons","idx":{"pixel_slow":1,"pixel_fast":2},)"
                             R"("values":[2.5e-07],"origin":"production"})";
    CHECK(parse_trace_text(header + good + "\n", "ok.jsonl").records.size() == 1);
    // a record without a location gets its own file:line
    CHECK(parse_trace_text(header + good + "\n", "ok.jsonl").records[0].location == "ok.jsonl:2");
    CHECK_THROWS_WITH(parse_trace_text(good + "\n", "nohead.jsonl"),
                      Catch::StartsWith("nohead.jsonl:1: first line must be the header"));
    std::string bad = good;
    bad.replace(bad.find("\"scale\""), 7, "\"image\"");
    CHECK_THROWS_WITH(parse_trace_text(header + bad + "\n", "stage.jsonl"),
                      Catch::StartsWith("stage.jsonl:2: key I_pixel_final belongs to stage scale"));
    bad = good;
    bad.replace(bad.find("\"origin\""), 8, "\"origen\"");
    CHECK_THROWS_WITH(parse_trace_text(header + bad + "\n", "field.jsonl"),
                      Catch::StartsWith("field.jsonl:2: unknown field 'origen'"));
    CHECK_THROWS_WITH(parse_trace_text(header + "{\"side\":\n", "cut.jsonl"),
                      Catch::StartsWith("cut.jsonl:2: not a JSON line"));
    // --pixel fills records whose key requires a pixel
    const std::string no_pixel =
        R"({"side":"simulator","stage":"scale","key":"I_pixel_final",)"
        R"("units":"photons","idx":{},"values":[1],"origin":"production"})";
    ParseOptions o;
    o.pixel = Pixel{685, 1039};
    CHECK(parse_trace_text(header + no_pixel + "\n", "p.jsonl", o).records[0].idx ==
          nbtest::pixel(685, 1039));
}
