// Bad inputs that both engines must refuse the same way: one table per rule family, each row a
// reproducer (a command line and the files it needs). tests/reference_c/hardening_test.cpp runs
// every row through nanobragg_ref and tests/simulator/hardening_test.cpp through nbsim; both
// assert the row's exit code and that the one-line message names the row's input, so the two
// engines agree on every rule.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nbtest {

struct EngineCase {
    std::string name;                                       // what is wrong
    std::vector<std::string> args;                          // after the program name
    std::vector<std::pair<std::string, std::string>> files; // written into the run's folder
    int exit_code;                                          // 1 usage error, 2 input error
    std::string must_name;                                  // the flag or file the message names
    std::vector<std::string> env = {};                      // NAME=value for the run
};

// A valid 8 x 8 run of a cubic cell; each row adds or replaces what it breaks. Later flags
// override earlier ones in both engines.
inline std::vector<std::string> small_run(std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"-cell",       "50",        "50",         "50",         "90",
                                  "90",          "90",        "-default_F", "10",         "-N",
                                  "3",           "-distance", "100",        "-detpixels", "8",
                                  "-noprogress", "-nonoise",  "-nopgm"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

// program followed by args: an argv for run_command.
inline std::vector<std::string> command(const std::string& program, std::vector<std::string> args) {
    args.insert(args.begin(), program);
    return args;
}

// The same without a crystal: the row gives -mat.
inline std::vector<std::string> small_run_without_cell(std::vector<std::string> extra) {
    std::vector<std::string> a = {"-default_F", "10", "-N",          "3",        "-distance", "100",
                                  "-detpixels", "8",  "-noprogress", "-nonoise", "-nopgm"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
}

// An SMV image header of 4 x 4 pixels with the given extra "KEY=value;" lines, padded to 512
// bytes, then the pixels (all 1).
inline std::string smv_file(const std::string& extra_keys) {
    std::string h =
        "{\nHEADER_BYTES=512;\nDIM=2;\nBYTE_ORDER=little_endian;\nTYPE=unsigned_short;\n"
        "SIZE1=4;\nSIZE2=4;\nPIXEL_SIZE=0.1;\nDISTANCE=100;\n" +
        extra_keys + "}\f";
    h.append(512 - h.size(), ' ');
    for (int i = 0; i < 16; ++i)
        h += std::string("\x01\x00", 2);
    return h;
}

// Six reflections F = 1 on the axes at +-n: an index box of (2n + 1)^3 cells.
inline std::string axis_reflections(int n) {
    std::string s;
    for (int sign : {-1, 1})
        for (int axis = 0; axis < 3; ++axis) {
            int hkl[3] = {0, 0, 0};
            hkl[axis] = sign * n;
            s += std::to_string(hkl[0]) + " " + std::to_string(hkl[1]) + " " +
                 std::to_string(hkl[2]) + " 1\n";
        }
    return s;
}

// Item 4: degenerate physics is an input error (exit 2) naming the input. The C program goes on
// and writes a NaN or meaningless image with exit 0 for each of these.
inline std::vector<EngineCase> degenerate_physics_cases() {
    const std::string binary_nan("\x00\x00\x00\x00\x00\x00\xf8\x7f", 8); // quiet NaN, little-endian
    std::string fdump = "0 0 0 0 0 0\n\f";
    for (int i = 0; i < 8; ++i) // the padded 2 x 2 x 2 table
        fdump += i == 0 ? binary_nan : std::string(8, '\0');
    return {
        {"all-zero orientation matrix",
         small_run_without_cell({"-mat", "zero.mat"}),
         {{"zero.mat", "0 0 0\n0 0 0\n0 0 0\n"}},
         2,
         "zero.mat: orientation matrix is all zeros"},
        // a* = (0.01, 0.02, 0) and b* = (0, 0, 0): columns 1 and 2 of rows x, y, z
        {"singular orientation matrix (a*, b*, c* coplanar)",
         small_run_without_cell({"-mat", "flat.mat"}),
         {{"flat.mat", "0.01 0.02 0\n0.02 0.04 0\n0 0 0.01\n"}},
         2,
         "flat.mat: singular orientation matrix"},
        {"non-finite number in the orientation matrix",
         small_run_without_cell({"-mat", "nan.mat"}),
         {{"nan.mat", "0.01 0 0\n0 nan 0\n0 0 0.01\n"}},
         2,
         "nan.mat:2: orientation matrix has a non-finite number"},
        // cos 120 = -1/2: V / abc = sqrt(1 - 3 cos^2 + 2 cos^3) = sqrt(1 - 3/4 - 1/4) = 0, flat
        {"cell of zero volume",
         small_run({"-cell", "50", "50", "50", "120", "120", "120"}),
         {},
         2,
         "-cell 50 50 50 120 120 120: the angles give no cell of positive volume"},
        // gamma > alpha + beta: no such cell (the C program takes |V^2|)
        {"impossible cell angles",
         small_run({"-cell", "50", "50", "50", "30", "30", "90"}),
         {},
         2,
         "-cell 50 50 50 30 30 90: the angles give no cell of positive volume"},
        {"angle of 180 degrees or more",
         small_run({"-cell", "50", "50", "50", "90", "90", "200"}),
         {},
         2,
         "-cell 50 50 50 90 90 200: the angles give no cell of positive volume"},
        {"NaN structure factor in the HKL file",
         small_run({"-hkl", "in.hkl"}),
         {{"in.hkl", "0 0 1 10\n1 0 0 nan\n"}},
         2,
         "in.hkl:2: non-finite value"},
        {"infinite Miller index in the HKL file",
         small_run({"-hkl", "in.hkl"}),
         {{"in.hkl", "inf 0 1 10\n"}},
         2,
         "in.hkl:1: non-finite value"},
        {"overflowing number (1e999) in the HKL file",
         small_run({"-hkl", "in.hkl"}),
         {{"in.hkl", "0 0 1 1e999\n"}},
         2,
         "in.hkl:1: non-finite value"},
        {"NaN in the Fdump cache",
         small_run({"-dump", "nan.fdump"}),
         {{"nan.fdump", fdump}},
         2,
         "nan.fdump: non-finite structure factor at h k l = 0 0 0"},
        {"NaN in the source file",
         small_run({"-sourcefile", "src.txt"}),
         {{"src.txt", "-10 0 0 1 nan\n"}},
         2,
         "src.txt:1: non-finite value"},
        {"zero wavelength in the source file",
         small_run({"-sourcefile", "src.txt"}),
         {{"src.txt", "-10 0 0 1 1e-10\n-10 0 0.1 1 0\n"}},
         2,
         "src.txt:2: wavelength must be positive"},
        {"zero wavelength", small_run({"-lambda", "0"}), {}, 2, "-lambda 0: zero wavelength"},
        {"zero photon energy", small_run({"-energy", "0"}), {}, 2, "-energy 0: zero photon energy"},
        {"zero wavelength in an -img header",
         small_run({"-img", "hdr.img"}),
         {{"hdr.img", smv_file("WAVELENGTH=0;\n")}},
         2,
         "hdr.img: wavelength 0 A (WAVELENGTH must be positive)"},
    };
}

// Items 1-3: sizes, counts and threads beyond the documented limits (README.md "Limits") are
// usage errors (exit 1) naming the flag, before any large allocation or long loop.
inline std::vector<EngineCase> limit_cases() {
    return {
        // 65536^2 pixels overflowed an int (crash); 8 bytes a pixel is 32 GiB > 2 GiB
        {"65536 x 65536 pixels",
         small_run({"-detpixels", "65536"}),
         {},
         1,
         "-detpixels/-detsize/-pixel: the run needs about 32 GiB"},
        {"100000 x 100000 pixels",
         small_run({"-detpixels", "100000"}),
         {},
         1,
         "-detpixels/-detsize/-pixel: the run needs about 74.5 GiB"},
        // printed as a "-1794967296-pixel image" before
        {"50000 x 50000 pixels",
         small_run({"-detpixels", "50000"}),
         {},
         1,
         "detector 50000 x 50000 pixels: 18.6 GiB"},
        {"more than 2^20 pixels per axis",
         small_run({"-detpixels_f", "1048577"}),
         {},
         1,
         "-detpixels_f: 1048577 pixels per axis, more than the 1048576 allowed"},
        // sizes in mm: 2097152 mm of 1 mm pixels (no -detpixels, whose count would win)
        {"a detector size of 2^21 pixels",
         {"-cell", "50", "50", "50", "90", "90", "90", "-default_F", "10", "-detsize", "2097152",
          "-pixel", "1", "-noprogress"},
         {},
         1,
         "-detsize/-pixel: a 2097152 x 2097152 pixel detector"},
        {"a pixel count beyond an int",
         small_run({"-detpixels", "3000000000"}),
         {},
         1,
         "-detpixels: value '3000000000' is out of range"},
        {"70000 threads",
         small_run({"--threads", "70000"}),
         {},
         1,
         "--threads 70000: more than the 1024 threads allowed"},
        {"1025 threads",
         small_run({"--threads", "1025"}),
         {},
         1,
         "--threads 1025: more than the 1024 threads allowed"},
        {"OMP_NUM_THREADS=100000",
         small_run(),
         {},
         1,
         "OMP_NUM_THREADS=100000: 100000 threads, more than the 1024 allowed",
         {"OMP_NUM_THREADS=100000"}},
        // hung: 10^12 sub-pixels for one pixel
        {"oversample 10^6 on a one-pixel ROI",
         small_run({"-roi", "0", "0", "0", "0", "-oversample", "1000000"}),
         {},
         1,
         "-oversample: 1000000 sub-pixels per axis, more than the 1000 allowed"},
        // hung (10^9 phi lines printed, or a 72 GB orientation table)
        {"10^9 phi steps",
         small_run({"-phisteps", "1000000000", "-osc", "1"}),
         {},
         1,
         "-phisteps: 1000000000 phi steps, more than the 1000000 allowed"},
        {"10^7 phi steps from -osc / -phistep",
         small_run({"-osc", "1", "-phistep", "0.0000001"}),
         {},
         1,
         "-phisteps/-osc/-phistep: 10000000 phi steps, more than the 1000000 allowed"},
        {"2 x 10^6 mosaic domains",
         small_run({"-mosaic", "1", "-mosaic_domains", "2000000"}),
         {},
         1,
         "-mosaic_domains: 2000000 mosaic domains, more than the 1000000 allowed"},
        {"10^8 orientations",
         small_run({"-phisteps", "100000", "-osc", "1", "-mosaic", "1", "-mosaic_domains", "1000"}),
         {},
         1,
         "-phisteps x -mosaic_domains: 100000000 orientations, more than the 10000000 allowed"},
        {"4 x 10^6 divergence sources",
         small_run({"-divergence", "1", "-divsteps", "2000"}),
         {},
         1,
         "-divsteps/-hdivsteps/-vdivsteps/-dispsteps: 4000000 sources, more than the 1000000 "
         "allowed"},
        {"20000 detector layers",
         small_run({"-detector_thick", "100", "-detector_thicksteps", "20000"}),
         {},
         1,
         "-detector_thicksteps: 20000 detector layers, more than the 10000 allowed"},
        // 8192^2 pixels x 10^2 sub-pixels x 10 phi steps = 6.7e10 evaluations > 1e10
        {"6.7e10 evaluations",
         small_run({"-detpixels", "8192", "-oversample", "10", "-phisteps", "10", "-osc", "1"}),
         {},
         1,
         "the run asks for 6.71e+10 evaluations"},
        // even --allow-huge stops at 2^53: 1 pixel x 1000^2 x 10^6 sources x 10^6 orientations
        {"1e18 evaluations with --allow-huge",
         small_run({"--allow-huge",    "-roi",   "0",           "0", "0",         "0",
                    "-oversample",     "1000",   "-divergence", "1", "-divsteps", "1000",
                    "-phisteps",       "100000", "-osc",        "1", "-mosaic",   "1",
                    "-mosaic_domains", "10"}),
         {},
         1,
         "allowed even with --allow-huge"},
    };
}

// Item 5: input files are read in bounded memory; what cannot be a text or image file is refused
// up front (FIFOs and character devices before a byte is read), with a message that names the
// file and prints only printable characters.
inline std::vector<EngineCase> input_reader_cases() {
    return {
        {"a character device as the HKL file (/dev/zero was read to 2 GB)",
         small_run({"-hkl", "/dev/zero"}),
         {},
         2,
         "/dev/zero: HKL file is a character device"},
        {"a character device as the matrix file",
         small_run_without_cell({"-mat", "/dev/zero"}),
         {},
         2,
         "/dev/zero: orientation matrix file is a character device"},
        {"a folder as the source file", small_run({"-sourcefile", "."}), {}, 2, "a folder"},
        {"a NUL byte in an HKL line (nbsim accepted it)",
         small_run({"-hkl", "in.hkl"}),
         {{"in.hkl", std::string("0 0 1 10\n1 0 \0 20\n", 18)}},
         2,
         "in.hkl:2: binary data"},
        {"binary bytes in the matrix file",
         small_run_without_cell({"-mat", "a.mat"}),
         {{"a.mat", "0.01 0 0\n\x89PNG\x1a\n"}},
         2,
         "a.mat:2: binary data"},
        {"a line longer than 4096 bytes",
         small_run({"-hkl", "in.hkl"}),
         {{"in.hkl", "0 0 1 10\n" + std::string(5000, ' ') + "1 0 0 20\n"}},
         2,
         "in.hkl:2: line longer than 4096 bytes"},
        {"a Miller index beyond 10^6",
         small_run({"-hkl", "in.hkl"}),
         {{"in.hkl", "0 0 1 10\n2000000 0 0 20\n"}},
         2,
         "in.hkl:2"},
        {"a hexadecimal number",
         small_run({"-hkl", "in.hkl"}),
         {{"in.hkl", "0x1 0 1 10\n"}},
         2,
         "in.hkl:1"},
        {"an SMV header claiming more pixels than the file holds",
         small_run({"-img", "big.img"}),
         {{"big.img", smv_file("").replace(smv_file("").find("SIZE1=4"), 7, "SIZE1=900000")}},
         2,
         "big.img"},
        // the escape sequence would clear the screen and ring the bell when echoed raw
        {"control bytes in an unknown flag", small_run({"-\x1b[2J\x07"}), {}, 1, "\\x1b[2J\\x07"},
    };
}

} // namespace nbtest
