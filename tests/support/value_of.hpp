// value_of: the value of a Result, or a recorded test failure and T{} so that the test goes on without
// dereferencing an error. For tests that check many results in a row.
#pragma once

#include <gtest/gtest.h>

#include "backend/core/result.hpp"

namespace opsdeck::testing {

template <typename T>
T value_of(const core::Result<T>& result) {
  if (!result.ok()) {
    ADD_FAILURE() << result.error().describe();
    return T{};
  }
  return result.value();
}

}  // namespace opsdeck::testing
