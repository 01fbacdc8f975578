// Result<T>: a value or an error, and OPSDECK_TRY propagation.
#include "backend/core/result.hpp"

#include <gtest/gtest.h>

namespace opsdeck::core {
namespace {

Result<int> parse_positive(int value) {
  if (value <= 0) {
    return fail(ErrorCategory::kInvalidInput, "value " + std::to_string(value) + ": expected > 0");
  }
  return value;
}

Result<int> doubled(int value) {
  OPSDECK_TRY(parse_positive(value));
  return value * 2;
}

TEST(ResultTest, CarriesValueOrError) {
  auto good = parse_positive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(bad.error().describe(), "invalid input: value -1: expected > 0");
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(ResultTest, TryPropagatesTheFirstError) {
  EXPECT_EQ(*doubled(4), 8);
  auto failed = doubled(0);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "value 0: expected > 0");
}

}  // namespace
}  // namespace opsdeck::core
