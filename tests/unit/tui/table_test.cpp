// Table: numeric vs text sort, filter with "n of m", selection following ids and staying visible.
#include "tui/widgets/table.hpp"

#include <gtest/gtest.h>

namespace opsdeck::tui {
namespace {

Table make_table() {
  Table table({{"Name", 0, 1, 6}, {"Size", 8, 0, 0, Align::kRight}, {"State", 8}});
  table.set_rows({
      {"a", {"alpha", "10", "running"}, {}},
      {"b", {"Bravo", "9", "failed"}, Role::kCrit},
      {"c", {"charlie", "100", "done"}, {}},
      {"d", {"delta", "n/a", "queued"}, {}},
      {"e", {"echo", {"1.5 KiB", "1536"}, "done"}, {}},
  });
  return table;
}

std::vector<std::string> shown_ids(const Table& table) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < table.shown_count(); ++i) {
    ids.push_back(table.rows()[table.row_index(i)].id);
  }
  return ids;
}

TEST(TableTest, NumbersSortNumericallyAndBeforeText) {
  Table table = make_table();
  table.sort_by(1, false);
  EXPECT_EQ(shown_ids(table), (std::vector<std::string>{"b", "a", "c", "e", "d"}));
  table.sort_by(1, true);
  EXPECT_EQ(shown_ids(table), (std::vector<std::string>{"d", "e", "c", "a", "b"}));
}

TEST(TableTest, TextSortsCaseInsensitively) {
  Table table = make_table();
  table.sort_by(0, false);
  EXPECT_EQ(shown_ids(table), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  table.on_key(Key::character(U'S'));
  EXPECT_TRUE(table.sort_descending());
  EXPECT_EQ(shown_ids(table).front(), "e");
  table.on_key(Key::character(U's'));
  EXPECT_EQ(table.sort_column(), 1u);
  EXPECT_FALSE(table.sort_descending());
}

TEST(TableTest, FilterIsCaseInsensitiveOverAllCellsAndCounts) {
  Table table = make_table();
  table.set_filter("DONE");
  EXPECT_EQ(shown_ids(table), (std::vector<std::string>{"c", "e"}));
  EXPECT_EQ(table.count_label(), "2 of 5");
  table.set_filter("zzz");
  EXPECT_EQ(table.shown_count(), 0u);
  EXPECT_EQ(table.selected_row(), nullptr);
  table.set_filter("");
  EXPECT_EQ(table.shown_count(), 5u);
}

TEST(TableTest, SlashTypesAFilterAndEscClearsIt) {
  Table table = make_table();
  EXPECT_TRUE(table.on_key(Key::character(U'/')));
  EXPECT_TRUE(table.editing_filter());
  table.on_key(Key::character(U'r'));
  table.on_key(Key::character(U'a'));
  EXPECT_EQ(table.filter(), "ra");
  EXPECT_EQ(shown_ids(table), (std::vector<std::string>{"b"}));
  EXPECT_TRUE(table.on_key(Key::character(U'q')));  // captured while typing
  table.on_key(Key::of(Key::Code::kBackspace));
  table.on_key(Key::of(Key::Code::kEnter));
  EXPECT_FALSE(table.editing_filter());
  EXPECT_EQ(table.filter(), "ra");
  EXPECT_TRUE(table.on_key(Key::of(Key::Code::kEscape)));
  EXPECT_EQ(table.filter(), "");
  EXPECT_FALSE(table.on_key(Key::of(Key::Code::kEscape)));  // nothing left to clear: the view decides
}

TEST(TableTest, SelectionFollowsTheRowIdAcrossUpdatesAndSorts) {
  Table table = make_table();
  table.select(2);
  ASSERT_NE(table.selected_row(), nullptr);
  EXPECT_EQ(table.selected_row()->id, "c");
  table.sort_by(0, true);
  EXPECT_EQ(table.selected_row()->id, "c");
  // The selected row disappears: the selection stays at the same position.
  table.set_rows({{"a", {"alpha"}, {}}, {"b", {"bravo"}, {}}, {"x", {"x-ray"}, {}}, {"y", {"yankee"}, {}}});
  ASSERT_NE(table.selected_row(), nullptr);
  EXPECT_TRUE(table.select_id("b"));
  EXPECT_FALSE(table.select_id("nope"));
}

TEST(TableTest, SelectionStaysVisibleWhileScrolling) {
  Table table({{"N", 0, 1}});
  std::vector<TableRow> rows;
  for (int i = 0; i < 50; ++i) {
    rows.push_back({std::to_string(i), {std::to_string(i)}, {}});
  }
  table.set_rows(rows);
  Canvas canvas(10, 6);  // header + 5 body rows
  table.render(canvas, canvas.bounds());
  for (int i = 0; i < 7; ++i) {
    table.on_key(Key::of(Key::Code::kDown));
  }
  EXPECT_EQ(table.selected_index(), 7u);
  EXPECT_EQ(table.scroll_offset(), 3);
  table.on_key(Key::of(Key::Code::kPageDown));
  EXPECT_EQ(table.selected_index(), 11u);
  EXPECT_EQ(table.scroll_offset(), 7);
  table.on_key(Key::of(Key::Code::kEnd));
  EXPECT_EQ(table.selected_index(), 49u);
  EXPECT_EQ(table.scroll_offset(), 45);
  table.on_key(Key::character(U'k'));
  EXPECT_EQ(table.scroll_offset(), 45);
  table.on_key(Key::of(Key::Code::kHome));
  EXPECT_EQ(table.scroll_offset(), 0);
  table.on_key(Key::of(Key::Code::kPageUp));
  EXPECT_EQ(table.selected_index(), 0u);
  // Every shown row is drawn with the selection among them.
  for (int i = 0; i < 20; ++i) {
    table.on_key(Key::character(U'j'));
    Canvas frame(10, 6);
    table.render(frame, frame.bounds());
    const int selected = static_cast<int>(*table.selected_index());
    EXPECT_GE(selected, table.scroll_offset());
    EXPECT_LT(selected, table.scroll_offset() + 5);
  }
}

TEST(TableTest, EmptyTableHasNoSelectionAndIgnoresMoves) {
  Table table({{"N", 4}});
  table.on_key(Key::of(Key::Code::kDown));
  table.on_key(Key::of(Key::Code::kEnd));
  EXPECT_FALSE(table.selected_index().has_value());
  Canvas canvas(12, 3);
  table.render(canvas, canvas.bounds());
  EXPECT_EQ(canvas.to_text(), "N           \nno rows     \n            \n");
}

}  // namespace
}  // namespace opsdeck::tui
