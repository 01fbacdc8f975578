# Warnings and sanitizers live on one INTERFACE target that every opsdeck target links (as seastar does).
add_library(opsdeck_options INTERFACE)
target_compile_options(opsdeck_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
# GCC 12 reports false -Wrestrict positives in std::string code at -O3 (GCC bug 105329): keep them warnings.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(opsdeck_options INTERFACE -Wno-error=restrict)
endif()
if(OPSDECK_WERROR)
  target_compile_options(opsdeck_options INTERFACE -Werror)
endif()
if(OPSDECK_SANITIZE)
  target_compile_options(opsdeck_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(opsdeck_options INTERFACE -fsanitize=address,undefined)
endif()
