// Layout maths: distribute/split/centre and the table's column layout.
#include "tui/widgets/layout.hpp"

#include <gtest/gtest.h>

#include "tui/widgets/table_layout.hpp"
#include "tui/widgets/text_wrap.hpp"

namespace opsdeck::tui {
namespace {

TEST(LayoutTest, FixedSlotsFirstThenFlexByWeight) {
  EXPECT_EQ(distribute(24, {Extent::fixed(1), Extent::flexible(), Extent::fixed(1)}),
            (std::vector<int>{1, 22, 1}));
  EXPECT_EQ(distribute(10, {Extent::flexible(1), Extent::flexible(2)}), (std::vector<int>{4, 6}));
  // Rounding leftovers go to the first flex slots so sizes add up.
  EXPECT_EQ(distribute(10, {Extent::flexible(), Extent::flexible(), Extent::flexible()}),
            (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(distribute(11, {Extent::flexible(), Extent::flexible()}, 1), (std::vector<int>{5, 5}));
  // Not enough room: fixed slots clipped in order, flex gets nothing.
  EXPECT_EQ(distribute(3, {Extent::fixed(2), Extent::flexible(), Extent::fixed(2)}),
            (std::vector<int>{2, 0, 1}));
  EXPECT_EQ(distribute(10, {Extent::flexible(1, 8), Extent::flexible(1)}), (std::vector<int>{9, 1}));
  EXPECT_TRUE(distribute(10, {}).empty());
}

TEST(LayoutTest, SplitRowsAndColumns) {
  const auto rows = split_rows(Rect{0, 0, 80, 24}, {Extent::fixed(1), Extent::flexible(), Extent::fixed(1)});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Rect{0, 0, 80, 1}));
  EXPECT_EQ(rows[1], (Rect{0, 1, 80, 22}));
  EXPECT_EQ(rows[2], (Rect{0, 23, 80, 1}));
  const auto columns = split_columns(Rect{2, 1, 21, 5}, {Extent::flexible(), Extent::flexible()}, 1);
  EXPECT_EQ(columns[0], (Rect{2, 1, 10, 5}));
  EXPECT_EQ(columns[1], (Rect{13, 1, 10, 5}));
}

TEST(LayoutTest, CenteredShrinksToFit) {
  EXPECT_EQ(centered(Rect{0, 0, 80, 24}, 40, 10), (Rect{20, 7, 40, 10}));
  EXPECT_EQ(centered(Rect{0, 0, 30, 5}, 40, 10), (Rect{0, 0, 30, 5}));
  EXPECT_EQ(centered(Rect{10, 10, 11, 3}, 5, 1), (Rect{13, 11, 5, 1}));
}

TEST(TableLayoutTest, FlexColumnsShareTheRemainingSpace) {
  const auto placements = layout_columns({{6, 0, 0}, {0, 1, 4}, {0, 2, 4}, {5, 0, 0}}, 40);
  // Fixed 6 + 5, minimums 4 + 4, 3 gaps = 22; 18 spare shared 1:2.
  EXPECT_EQ(placements[0].x, 0);
  EXPECT_EQ(placements[0].width, 6);
  EXPECT_EQ(placements[1].x, 7);
  EXPECT_EQ(placements[1].width, 10);
  EXPECT_EQ(placements[2].x, 18);
  EXPECT_EQ(placements[2].width, 16);
  EXPECT_EQ(placements[3].x, 35);
  EXPECT_EQ(placements[3].width, 5);
  EXPECT_EQ(placements[3].x + placements[3].width, 40);
}

TEST(TableLayoutTest, ColumnsAreDroppedFromTheRightWhenTooNarrow) {
  const std::vector<ColumnWidth> columns = {{10, 0, 0}, {0, 1, 8}, {12, 0, 0}};
  auto placements = layout_columns(columns, 25);
  EXPECT_TRUE(placements[0].visible);
  EXPECT_TRUE(placements[1].visible);
  EXPECT_FALSE(placements[2].visible);
  EXPECT_EQ(placements[1].width, 14);  // the flex column takes what the dropped column left
  placements = layout_columns(columns, 12);
  EXPECT_TRUE(placements[0].visible);
  EXPECT_FALSE(placements[1].visible);
  placements = layout_columns(columns, 4);
  EXPECT_TRUE(placements[0].visible);
  EXPECT_EQ(placements[0].width, 4);  // the first column is cut rather than showing nothing
  EXPECT_FALSE(layout_columns(columns, 0)[0].visible);
}

TEST(TextWrapTest, WrapsAtSpacesAndCutsLongWords) {
  EXPECT_EQ(wrap_text("restore backup 2024-05-01 over the live data", 16),
            (std::vector<std::string>{"restore backup", "2024-05-01 over", "the live data"}));
  EXPECT_EQ(wrap_text("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_EQ(wrap_text("one\n\ntwo", 10), (std::vector<std::string>{"one", "", "two"}));
  EXPECT_EQ(wrap_text("", 10), (std::vector<std::string>{""}));
  EXPECT_EQ(wrap_text("日本語 日本", 6), (std::vector<std::string>{"日本語", "日本"}));
}

}  // namespace
}  // namespace opsdeck::tui
