// NBSIM_CLONES: compile a function for AVX-512 (x86-64-v4), AVX2 (x86-64-v3) and baseline
// x86-64, the version chosen at run time by the CPU (GCC target_clones). Only for translation
// units built with -ffp-contract=off (simulator/CMakeLists.txt), so that every version rounds
// like the others: FMA exists in the v3 and v4 versions only.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NBSIM_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NBSIM_CLONES
#endif
