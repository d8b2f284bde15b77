// Structure factors F(h,k,l) of the unit cell (P1, no symmetry), on a dense integer grid or, when
// the index box is mostly empty (use_dense_table in limits.h), in a hashed table.
//
// Dense layout (nanoBragg's Fhkl): indices h_min..h_max, k_min..k_max, l_min..l_max, stored with
// one extra zero slot per axis, i.e. (h_range+1) x (k_range+1) x (l_range+1) values, l fastest:
//   F(h,k,l) = values[((h-h_min)*(k_range+1) + (k-k_min))*(l_range+1) + (l-l_min)].
// The padding slots are never read by a lookup; they exist so that the Fdump cache is
// byte-identical to the C program's.
#pragma once

#include "nbsim/hashed_reflections.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nbsim {

struct StructureFactors {
    int h_min = 0, h_max = -1, k_min = 0, k_max = -1, l_min = 0, l_max = -1;
    double default_F = 0;       // F of every (h,k,l) outside the grid (and of unlisted ones inside)
    long listed = 0;            // nanoBragg's `hkls`: reflections read (0 = no grid at all)
    std::vector<double> values; // the dense grid (empty when hashed)
    HashedReflections hashed;   // the listed reflections of a sparse box (empty when dense)

    bool dense() const { return hashed.empty(); }
    int h_range() const { return h_max - h_min + 1; }
    int k_range() const { return k_max - k_min + 1; }
    int l_range() const { return l_max - l_min + 1; }
    bool has_grid() const { return listed > 0; }

    // Nearest-neighbour lookup of integer indices: the grid value inside the listed range,
    // default_F outside it or when there is no grid.
    double nearest(int h, int k, int l) const;
    // Grid value at integer indices known to be inside the range (used by interpolation).
    double at(int h, int k, int l) const {
        return dense() ? values[index_of(h, k, l)] : hashed.get(h, k, l, default_F);
    }

  private:
    std::size_t index_of(int h, int k, int l) const {
        return (static_cast<std::size_t>(h - h_min) * static_cast<std::size_t>(k_range() + 1) +
                static_cast<std::size_t>(k - k_min)) *
                   static_cast<std::size_t>(l_range() + 1) +
               static_cast<std::size_t>(l - l_min);
    }
};

// Called with the bytes a table will take before it is allocated; throws to refuse it (the
// memory estimate of limits.h).
using TableBudget = std::function<void(double table_bytes)>;

// Only default_F (no HKL data): every lookup returns default_F.
StructureFactors constant_structure_factors(double default_F);

// Reads a text HKL file: one reflection "h k l F" per non-blank line, integer h, k, l (at most
// limits::kMaxMillerIndex in magnitude), finite F. default_F pre-fills the listed range (C rule).
// Read through the bounded line reader (text_input.h): the first pass finds the index box and
// keeps up to 2^20 reflections (24 MiB); the table (dense or hashed) is filled from those, or, for
// a longer file, by a second pass, so memory grows with the table and that bound only. Throws InputError
// naming the file (and line) when it is missing, not a regular file, binary, malformed (not
// exactly four numbers on a line, non-integer index, non-finite value) or lists no reflection.
StructureFactors read_hkl_file(const std::string& path, double default_F,
                               const TableBudget& budget = {});
// The same from text in memory (`name` stands for the path in messages).
StructureFactors parse_hkl_text(std::string_view text, const std::string& name, double default_F,
                                const TableBudget& budget = {});

// nanoBragg's binary cache: "%d %d %d %d %d %d\n\f" (h_min h_max k_min k_max l_min l_max) then
// the padded grid as native doubles. The header must fit the file before anything is allocated
// and every value must be finite. Readers/writers throw InputError naming the file; only dense
// tables can be written.
StructureFactors read_fdump_file(const std::string& path, double default_F,
                                 const TableBudget& budget = {});
void write_fdump_file(const std::string& path, const StructureFactors& sf);

// Tricubic interpolation (nanoBragg's polin3 of 4-point Lagrange polynomials) of F at
// fractional (h, k, l) from the 4x4x4 nodes floor(h)-1 .. floor(h)+2 (same for k, l).
// Order of evaluation: for each h node, for each k node, interpolate along l; then along k;
// then along h. The caller checks the range first (see interpolation_in_range).
double interpolate_tricubic(const StructureFactors& sf, double h, double k, double l);

// nanoBragg's range test for interpolation: false when h - h_min + 3 > h_range or h - 2 < h_min
// (same for k, l), i.e. when the 4-node stencil would leave the grid.
bool interpolation_in_range(const StructureFactors& sf, double h, double k, double l);

} // namespace nbsim
