# nb_set_warnings(<target>): -Wall -Wextra (and -Werror when NB_WERROR) for C and C++ sources.
function(nb_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<OR:$<C_COMPILER_ID:GNU,Clang>,$<CXX_COMPILER_ID:GNU,Clang>>:-Wall -Wextra>
    $<$<BOOL:${NB_WERROR}>:-Werror>)
endfunction()
