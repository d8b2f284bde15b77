// Malformed input is an error naming file:line and what is wrong, in one line: a line that
// starts like a trace line must parse, or the whole file is rejected.
#include "nbtrace/parse.h"

#include "test_data.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace nbtrace;

namespace {

// The first lines of supervisor_trace_c.log's per-pixel block, with its pixel marker.
const std::string kHead = "TRACE_CONFIG: tracing pixel (spixel=685, fpixel=1039)\n"
                          "TRACE_C: pix0_vector_meters -0.216475836204836 0.216343050492215 "
                          "-0.230192414300537\n";

std::string error_of(const std::string& text, const std::string& name = "t.log") {
    try {
        parse_trace_text(text, name);
    } catch (const ParseError& e) {
        const std::string what = e.what();
        CHECK(what.find('\n') == std::string::npos); // one line
        return what;
    }
    return "no error";
}

} // namespace

TEST_CASE("a truncated line names file:line and the arity", "[malformed]") {
    CHECK(error_of(kHead + "TRACE_C: fdet_vec 0.999982004873912 -0.00599800002923425\n") ==
          "t.log:3: fdet_vec takes 3 values, got 2 (truncated line?)");
    CHECK(error_of(kHead + "TRACE_C: fdet_vec\n") ==
          "t.log:3: no value for fdet_vec (truncated line?)");
    // a TRACE_C_PHI line cut after two fields matches no known field set
    CHECK(error_of(kHead + "TRACE_C_PHI phi_tic=3 phi_deg=0.03\n") ==
          "t.log:3: fields of a TRACE_C_PHI line do not match any known version (truncated "
          "line?): got 2 fields");
    // brackets only group: a matrix cut short is a value short
    CHECK(error_of(kHead + "TRACE_C:Rx=[1 0 0; 0 1 -0; 0 0\n") ==
          "t.log:3: Rx takes 9 values, got 8 (truncated line?)");
}

TEST_CASE("a non-numeric value names the token", "[malformed]") {
    CHECK(error_of(kHead + "TRACE_C: R_distance_meters 0.2534x\n") ==
          "t.log:3: non-numeric value '0.2534x' for R_distance_meters");
    CHECK(error_of(kHead + "TRACE_C_PHI phi_tic=1 phi_deg=0.01 k_frac=abc F_latt_b=1 F_latt=1\n") ==
          "t.log:3: non-numeric value 'abc' for k_frac");
    // a word for the value of a name the registry does not know is not a value: counted, and a
    // file of nothing else holds no record
    CHECK(error_of("TRACE_C:detector_conventoin=CUSTOM\n") ==
          "t.log:1: no trace records in 1 line");
    CHECK(error_of("pivoting detector around sample\nTRACE_C:detector_convention=CUSTUM\n") ==
          "t.log:2: unknown label 'CUSTUM' for convention (known: CUSTOM ADXV MOSFLM XDS DIALS "
          "DENZO)");
}

TEST_CASE("conflicting duplicates are errors; --strict refuses unknown keys", "[malformed]") {
    ParseOptions strict;
    strict.strict = true;
    const auto strict_error = [&](const std::string& text) {
        try {
            parse_trace_text(text, "t.log", strict);
        } catch (const ParseError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(strict_error(kHead + "TRACE_C: pixel_position_meters 1 2 3\n") ==
          "t.log:3: unknown key 'pixel_position_meters' in TRACE_C (--strict)");
    CHECK(strict_error("TRACE_CIRCUS: key 1\n") ==
          "t.log:1: line of a dialect the registry does not know: 'TRACE_CIRCUS' (--strict)");
    // without --strict both are unregistered records, not errors
    CHECK(error_of(kHead + "TRACE_C: pixel_position_meters 1 2 3\n") == "no error");
    CHECK(error_of("TRACE_CIRCUS: key 1\n") == "no error");
    CHECK(error_of("DETECTOR_FAST_AXIS 0 0 1\nDETECTOR_FAST_AXIS 0 0 -1\n") ==
          "t.log:2: conflicting duplicate of fdet_vector (DETECTOR/DETECTOR_FAST_AXIS) at -: 0 0 "
          "-1 vs 0 0 1 at t.log:1");
    // lambda_angstroms must agree with lambda_meters
    CHECK(error_of(kHead + "TRACE_C: lambda_meters 9.768e-11\nTRACE_C: lambda_angstroms 0.9769\n")
              .find("t.log:4: lambda (TRACE_C/lambda_angstroms) at pixel(s=685,f=1039) layer 0 "
                    "sub(0,0) source 0 = 9.769e-11 disagrees with 9.768e-11 at t.log:3") == 0);
}

TEST_CASE("empty, missing and binary files", "[malformed]") {
    CHECK(error_of("", "empty.log") == "empty.log:1: empty file");
    CHECK(error_of("nanoBragg nanocrystal diffraction simulator\n0% done\n", "chatter.log") ==
          "chatter.log:2: no trace records in 2 lines");
    CHECK(error_of(kHead + std::string("TRACE_C: steps 1\0\x01\x02", 20), "bin.log") ==
          "bin.log:3: binary data, not a text trace (byte 0x00 at column 17)");
    CHECK(error_of(std::string("\x7f"
                               "ELF\x02\x01\x01",
                               7),
                   "elf") == "elf:1: binary data, not a text trace (byte 0x7F at column 1)");
    CHECK(error_of("TRACE_C: steps 1 \xff\xfe\n", "latin.log") ==
          "latin.log:1: binary data, not a text trace (byte 0xFF at column 18)");
    const std::string missing = std::string(NB_BINARY_DIR) + "/no/such/trace.log";
    CHECK_THROWS_WITH(read_trace_file(missing),
                      missing + ": cannot open: No such file or directory");
    CHECK_THROWS_WITH(read_trace_file(NB_BINARY_DIR),
                      Catch::EndsWith(": cannot open: is a directory"));
}
