// The commands of the three small golden cases (tests/data/golden/<case>/commands.txt), without
// their output flags, and the pixel each golden run traced. Shared by every test that runs them.
#pragma once

#include "common/golden_paths.h"

#include <string>
#include <utility>
#include <vector>

namespace nbtest {

struct GoldenSmallCase {
    std::string name;                // folder under tests/data/golden
    std::vector<std::string> args;   // nanoBragg flags, no program name, no output flags
    std::pair<int, int> trace_pixel; // (slow, fast) of the golden -trace_pixel
};

inline std::vector<GoldenSmallCase> golden_small_cases() {
    const std::string hkl = (golden_dir() / "inputs" / "P1_synth_R12.hkl").string();
    return {
        {"simple_cubic",
         {"-cell",      "100",    "100", "100",        "90",      "90",          "90",
          "-default_F", "100",    "-N",  "5",          "-lambda", "1.0",         "-distance",
          "100",        "-pixel", "0.1", "-detpixels", "128",     "-oversample", "1"},
         {74, 84}},
        {"triclinic_misset_phi_mosaic",
         {"-cell", "70",           "80",   "90",           "75",  "85",
          "95",    "-misset",      "10",   "20",           "30",  "-hkl",
          hkl,     "-N",           "8",    "-lambda",      "1.2", "-distance",
          "80",    "-pixel",       "0.1",  "-detpixels_x", "160", "-detpixels_y",
          "128",   "-oversample",  "1",    "-phi",         "0",   "-osc",
          "1",     "-phisteps",    "5",    "-mosaic",      "0.3", "-mosaic_domains",
          "6",     "-mosaic_seed", "12345"},
         {112, 59}},
        {"oversample_sources_polar",
         {"-cell", "50",           "60",   "70",           "90",  "90",
          "90",    "-misset",      "15",   "25",           "35",  "-hkl",
          hkl,     "-N",           "5",    "-lambda",      "1.0", "-dispersion",
          "0.5",   "-dispsteps",   "3",    "-divergence",  "1.0", "-divsteps",
          "3",     "-polar",       "0.95", "-distance",    "100", "-pixel",
          "0.1",   "-detpixels_x", "128",  "-detpixels_y", "112", "-oversample",
          "2"},
         {13, 114}},
    };
}

} // namespace nbtest
