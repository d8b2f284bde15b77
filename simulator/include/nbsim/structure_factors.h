// Structure factors F(h,k,l) of the unit cell on a dense integer grid (P1, no symmetry).
//
// Layout (nanoBragg's Fhkl): indices h_min..h_max, k_min..k_max, l_min..l_max, stored with one
// extra zero slot per axis, i.e. (h_range+1) x (k_range+1) x (l_range+1) values, l fastest:
//   F(h,k,l) = values[((h-h_min)*(k_range+1) + (k-k_min))*(l_range+1) + (l-l_min)].
// The padding slots are never read by a lookup; they exist so that the Fdump cache is
// byte-identical to the C program's.
#pragma once

#include <string>
#include <vector>

namespace nbsim {

struct StructureFactors {
    int h_min = 0, h_max = -1, k_min = 0, k_max = -1, l_min = 0, l_max = -1;
    double default_F = 0; // F of every (h,k,l) outside the grid (and of unlisted ones inside)
    long listed = 0;      // nanoBragg's `hkls`: reflections read (0 = no grid at all)
    std::vector<double> values;

    int h_range() const { return h_max - h_min + 1; }
    int k_range() const { return k_max - k_min + 1; }
    int l_range() const { return l_max - l_min + 1; }
    bool has_grid() const { return listed > 0; }

    // Nearest-neighbour lookup of integer indices: the grid value inside the listed range,
    // default_F outside it or when there is no grid.
    double nearest(int h, int k, int l) const;
    // Grid value at integer indices known to be inside the range (used by interpolation).
    double at(int h, int k, int l) const;
};

// Only default_F (no HKL data): every lookup returns default_F.
StructureFactors constant_structure_factors(double default_F);

// Reads a text HKL file: one reflection "h k l F" per non-blank line, integer h, k, l.
// default_F pre-fills the listed range (C rule). Throws InputError naming the file (and line)
// when it is missing, unreadable, malformed (not exactly four numbers on a line, non-integer
// index) or lists no reflection.
StructureFactors read_hkl_file(const std::string& path, double default_F);

// nanoBragg's binary cache: "%d %d %d %d %d %d\n\f" (h_min h_max k_min k_max l_min l_max) then
// the padded grid as native doubles. Readers/writers throw InputError naming the file.
StructureFactors read_fdump_file(const std::string& path, double default_F);
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
