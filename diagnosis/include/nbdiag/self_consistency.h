// Self-consistency of ONE side: each derived value the side printed is recomputed from the other
// values the same side printed (never from the other side), so a trace line that re-derives a
// value instead of printing the one the computation used, or that prints it in other units, is
// caught without any second program:
//
//   miller_index     hkl_frac = (a_rot.S, b_rot.S, c_rot.S), S in 1/m and the vectors in m
//   k_frac           the per-phi k_frac against hkl_frac[1] at the same loop position
//   f_latt_axis      F_latt_a/b/c (and the per-phi F_latt_b) = sincg(pi*h, N) (SQUARE shape)
//   f_latt           F_latt from the side's own h, N (SQUARE: F_latt_a*F_latt_b*F_latt_c;
//                    ROUND/GAUSS/TOPHAT by the model's formulas)
//   i_before_scaling I_before_scaling = I_bg + sum of F_cell^2*F_latt^2 over every step, when
//                    every step was printed
//   post_polar       I_before_scaling_post_polar = I_before_scaling * polar
//   i_pixel_final    r_e^2*fluence*I/steps * capture * polar * omega, each factor only when its
//                    -oversample_* switch is off (the C program's last-value rules)
//   image_cell       the float32 image cell = (float)I_pixel_final
//
// Every check is PASS, FAIL or not applicable (with the reason) and carries the numbers and the
// tolerance with its justification. A side that fails any check is "instrumentation suspect":
// its printed values are not all the values its computation used. This is separate from the
// parity verdict (diagnosis/README.md).
#pragma once

#include "nbtrace/pixel.h"
#include "nbtrace/record.h"

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbdiag {

enum class CheckVerdict { pass, fail, not_applicable };
std::string to_string(CheckVerdict v);

// One evaluation of a check at one loop position.
struct CheckResult {
    std::string check;    // "miller_index", "f_latt", ... (list above)
    std::string key;      // the printed key judged ("hkl_frac", "F_latt_b", ...)
    nbtrace::Indices idx; // where (absent indices: not applicable)
    CheckVerdict verdict = CheckVerdict::not_applicable;
    double computed = 0;       // from the side's own other values
    double printed = 0;        // what the side printed
    double error = 0;          // |computed - printed|
    double tolerance = 0;      // the error allowed, absolute
    double rel_error() const;  // error / |printed| (error when printed is 0)
    std::string tolerance_why; // why that tolerance
    std::string note;          // reason when not applicable; finding when failed
    // The printed keys the check used besides `key`: when it fails, any of them may be the
    // value that is not what the computation used.
    std::vector<std::string> inputs;
};

// Facts of the side that its records may not hold: read from its printout's ordinary lines
// (read_side_facts) or from its image file.
struct SideFacts {
    std::optional<std::vector<int>> n_cells; // [Na Nb Nc]
    std::optional<int> xtal_shape;           // 0 SQUARE, 1 ROUND, 2 GAUSS, 3 TOPHAT
    std::optional<double> image_cell;        // the traced pixel's cell of the side's image
    std::string image_source;                // where image_cell came from
};

// Reads the C program's "  parallelpiped xtal: 5x5x5 cells" line (and its ROUND, GAUSS, TOPHAT
// spellings) from a printout; nothing when the file lacks it or cannot be read.
SideFacts read_side_facts(const std::string& trace_path);
// The same from a printout already in memory (a backend's stdout).
SideFacts read_side_facts_text(std::string_view text);

// The cell (slow, fast) of a raw float32 image (little-endian, fast index fastest) of `fast`
// pixels per row, or of a crop whose first pixel is (slow0, fast0). Nothing when the file is
// too short or unreadable.
std::optional<double> read_float_image_cell(const std::string& path, int fast_pixels, int slow,
                                            int fast, int slow0 = 0, int fast0 = 0);

struct CheckOptions {
    // The traced pixel to judge when the records hold several; else the first record's pixel.
    std::optional<nbtrace::Pixel> pixel;
    // Relative rounding of one printed value: %.15g text of a double (5e-15); a float32 side's
    // values carry float32 rounding (6e-8) whatever the text. Tolerances are built from it.
    double print_epsilon = 5e-15;
    std::string precision_why = "values printed with %.15g: relative rounding <= 5e-15 each";
};
CheckOptions float32_check_options();

// A finding that is not one check's number (a units slip in the printout, placeholder words
// where values belong); it makes the side instrumentation suspect.
struct Finding {
    std::string key;
    std::string what;
};

struct SelfConsistency {
    std::string side; // a label for reports ("A: reference", "B: py_trace.log")
    std::vector<CheckResult> results;
    std::vector<Finding> findings;

    bool suspect() const; // any check failed, or any finding
    // Keys whose printed values failed a check or carry a finding (the first-divergence note
    // names them).
    std::set<std::string> suspect_keys() const;
    std::size_t count(CheckVerdict v) const;
};

// Judges one side's records at one traced pixel (CheckOptions::pixel, else the first record's
// pixel); records of other pixels are left out, records without a pixel belong to every pixel.
SelfConsistency check_side(const std::vector<nbtrace::Record>& records, const SideFacts& facts,
                           const CheckOptions& options = {});

// Per check: counts and the worst result (largest error/tolerance), one line each, then the
// findings; "instrumentation suspect" when a check failed.
void render_self_consistency(const SelfConsistency& s, std::ostream& out);
// The same as a JSON object (schema in diagnosis/README.md).
std::string self_consistency_json(const SelfConsistency& s);

} // namespace nbdiag
