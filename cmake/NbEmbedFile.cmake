# nb_embed_file(<target> <input> <symbol>)
# Compiles the bytes of <input> into <target> as
#     extern "C" const char <symbol>[];  extern "C" const unsigned long <symbol>_size;
# (followed by one NUL byte), so data files such as the key registry, presets and the embedded
# default crystal stay data in the source tree yet ship inside the binary. Uses the assembler's
# .incbin, which is fast for large files; the object is rebuilt whenever <input> changes.
function(nb_embed_file target input symbol)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.S)
  file(WRITE ${out}.in
"    .section .rodata
    .global @SYMBOL@
    .global @SYMBOL@_size
    .balign 16
@SYMBOL@:
    .incbin \"@INPUT@\"
@SYMBOL@_end:
    .byte 0
    .balign 8
@SYMBOL@_size:
    .quad @SYMBOL@_end - @SYMBOL@
    .section .note.GNU-stack,\"\",@progbits
")
  set(SYMBOL ${symbol})
  set(INPUT ${input})
  configure_file(${out}.in ${out} @ONLY)
  set_source_files_properties(${out} PROPERTIES LANGUAGE ASM OBJECT_DEPENDS ${input})
  target_sources(${target} PRIVATE ${out})
endfunction()
