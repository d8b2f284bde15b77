# NB_FUZZ=ON builds the libFuzzer targets of tests/fuzz (clang only; libclang-rt-14-dev on Debian:
# `bash tools/install-deps.sh --fuzz`). Every target of the project is compiled with coverage
# instrumentation (-fsanitize=fuzzer-no-link) and AddressSanitizer + UndefinedBehaviorSanitizer,
# so that the fuzzer sees and checks the libraries it drives; only the fuzz executables link the
# libFuzzer main. OpenMP is not available to clang here: configure with -DNB_OPENMP=OFF.
if(NB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "NB_FUZZ=ON needs clang: configure with CC=clang CXX=clang++ "
                        "(see tests/fuzz/README.md)")
  endif()
  set(_nb_fuzz -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
               -fno-sanitize-recover=undefined)
  add_compile_options(${_nb_fuzz})
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "nanobragg_parity: libFuzzer targets (tests/fuzz) with ASan + UBSan")
endif()
