# nb_add_gate_tests(MATRIX <file.json> [LABELS <labels...>] [OUT_DIR <dir>])
#
# Registers every case of a trace_harness gate matrix as one CTest test, `gate:<matrix>:<case>`,
# that runs `trace_harness gate <file> --case <case>` (all its phi modes, dtypes and thread
# counts) into <dir>/<matrix>/<case> (default: this directory's build folder, gate/...). Labels:
# `parity`, the matrix name, the case's own "labels" (else the matrix defaults'), and LABELS.
# So `ctest -L parity` runs every gate case and `ctest --output-junit` reports them; each case
# folder also holds the gate's own junit.xml.
#
# A case whose every run is skipped (an input or program absent) is reported as Skipped (exit
# 77); with NB_REQUIRE_ALL=1 in the environment the gate makes a skip a failure. The matrix is
# read at configure time (CMake's string(JSON)); editing it re-runs CMake.
function(nb_add_gate_tests)
  cmake_parse_arguments(G "" "MATRIX;OUT_DIR" "LABELS" ${ARGN})
  if(NOT G_MATRIX)
    message(FATAL_ERROR "nb_add_gate_tests: MATRIX is required")
  endif()
  if(NOT G_OUT_DIR)
    set(G_OUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/gate)
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${G_MATRIX})
  file(READ ${G_MATRIX} text)
  string(JSON matrix ERROR_VARIABLE err GET "${text}" name)
  if(err)
    message(FATAL_ERROR "nb_add_gate_tests: ${G_MATRIX}: ${err}")
  endif()
  string(JSON default_labels ERROR_VARIABLE no_defaults GET "${text}" defaults labels)
  string(JSON count LENGTH "${text}" cases)
  if(count EQUAL 0)
    return()
  endif()
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON case GET "${text}" cases ${i} name)
    set(labels parity ${matrix} ${G_LABELS})
    string(JSON case_labels ERROR_VARIABLE no_labels GET "${text}" cases ${i} labels)
    if(no_labels)
      if(no_defaults)
        set(case_labels "[]")
      else()
        set(case_labels "${default_labels}")
      endif()
    endif()
    string(JSON n LENGTH "${case_labels}")
    if(n GREATER 0)
      math(EXPR n_last "${n} - 1")
      foreach(j RANGE ${n_last})
        string(JSON label GET "${case_labels}" ${j})
        list(APPEND labels ${label})
      endforeach()
    endif()
    add_test(NAME gate:${matrix}:${case}
             COMMAND trace_harness gate ${G_MATRIX} --case ${case} --jobs 1 --replace
                     --out ${G_OUT_DIR}/${matrix}/${case} --skip-exit-code 77)
    set_tests_properties(gate:${matrix}:${case} PROPERTIES LABELS "${labels}"
                                                           SKIP_RETURN_CODE 77)
  endforeach()
endfunction()
