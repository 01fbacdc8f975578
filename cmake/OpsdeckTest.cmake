# One helper to add a GoogleTest binary from every *_test.cpp under a folder (tests mirror the tree).
# WHOLE_BINARY registers the binary as a single ctest test (for suites sharing a per-binary fixture).
include(GoogleTest)
function(opsdeck_add_test_binary name folder)
  cmake_parse_arguments(ARG "WHOLE_BINARY" "LABEL" "LIBS;EXTRA_SOURCES" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${folder}/*_test.cpp)
  if(NOT sources)
    message(STATUS "opsdeck: no tests under ${folder} yet")
    return()
  endif()
  add_executable(${name} ${sources} ${ARG_EXTRA_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main GTest::gmock opsdeck_options)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  if(ARG_WHOLE_BINARY)
    # Binaries that share one expensive fixture (private servers, a console session) run as one ctest test,
    # so the fixture starts once per binary, not once per test case.
    add_test(NAME ${name} COMMAND ${name} --gtest_color=no)
    set_tests_properties(${name} PROPERTIES LABELS ${ARG_LABEL} TIMEOUT 900)
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${ARG_LABEL})
  endif()
endfunction()
