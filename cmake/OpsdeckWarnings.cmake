# Warnings and sanitizers live on one INTERFACE target that every opsdeck target links (as seastar does).
add_library(opsdeck_options INTERFACE)
target_compile_options(opsdeck_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
if(OPSDECK_WERROR)
  target_compile_options(opsdeck_options INTERFACE -Werror)
endif()
if(OPSDECK_SANITIZE)
  target_compile_options(opsdeck_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(opsdeck_options INTERFACE -fsanitize=address,undefined)
endif()
