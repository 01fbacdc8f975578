// HistoryRing keeps the newest kHistoryPoints values in order, oldest first.
#include "backend/metrics/history_ring.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace opsdeck::metrics {
namespace {

TEST(HistoryRingTest, EmptyHasNoLatest) {
  HistoryRing ring;
  EXPECT_TRUE(ring.empty());
  EXPECT_TRUE(std::isnan(ring.latest()));
  EXPECT_TRUE(ring.values().empty());
}

TEST(HistoryRingTest, KeepsTheNewestValuesOldestFirst) {
  HistoryRing ring;
  for (int i = 1; i <= 3; ++i) {
    ring.push(i);
  }
  EXPECT_EQ(ring.values(), (std::vector<double>{1, 2, 3}));
  for (int i = 4; i <= static_cast<int>(kHistoryPoints) + 10; ++i) {
    ring.push(i);
  }
  auto values = ring.values();
  ASSERT_EQ(values.size(), kHistoryPoints);
  EXPECT_EQ(values.front(), 11);
  EXPECT_EQ(values.back(), static_cast<double>(kHistoryPoints + 10));
  EXPECT_EQ(ring.latest(), static_cast<double>(kHistoryPoints + 10));
}

}  // namespace
}  // namespace opsdeck::metrics
