# NB_SANITIZE=ON instruments every target with AddressSanitizer and UndefinedBehaviorSanitizer.
# Applied globally so that libraries and the tests that link them agree on the runtime.
if(NB_SANITIZE)
  set(_nb_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_compile_options(${_nb_san})
  add_link_options(${_nb_san})
  message(STATUS "nanobragg_parity: ASan + UBSan enabled")
endif()
