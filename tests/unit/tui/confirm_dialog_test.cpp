// ConfirmDialog: destructive actions need the exact name; Esc always cancels.
#include "tui/widgets/confirm_dialog.hpp"

#include <gtest/gtest.h>

namespace opsdeck::tui {
namespace {

void type(ConfirmDialog& dialog, std::u32string_view text) {
  for (char32_t ch : text) {
    dialog.on_key(Key::character(ch));
  }
}

TEST(ConfirmDialogTest, DestructiveNeedsTheExactName) {
  ConfirmDialog dialog("Restore", "Replace the live data of synapse?", "synapse");
  EXPECT_TRUE(dialog.destructive());
  dialog.on_key(Key::of(Key::Code::kEnter));
  EXPECT_TRUE(dialog.pending());
  type(dialog, U"Synapse");
  dialog.on_key(Key::of(Key::Code::kEnter));
  EXPECT_TRUE(dialog.pending());  // case counts
  for (int i = 0; i < 7; ++i) {
    dialog.on_key(Key::of(Key::Code::kBackspace));
  }
  type(dialog, U"synaps");
  dialog.on_key(Key::of(Key::Code::kEnter));
  EXPECT_TRUE(dialog.pending());
  type(dialog, U"y");  // 'y' is text here, not a yes
  EXPECT_TRUE(dialog.pending());
  dialog.on_key(Key::of(Key::Code::kBackspace));
  type(dialog, U"e");
  dialog.on_key(Key::of(Key::Code::kEnter));
  EXPECT_TRUE(dialog.confirmed());
  EXPECT_FALSE(dialog.on_key(Key::of(Key::Code::kEscape)));  // decided: keys go back to the view
}

TEST(ConfirmDialogTest, EscCancelsAndSimpleDialogsTakeYesOrNo) {
  ConfirmDialog destructive("Migrate down", "Undo migration 12?", "12");
  type(destructive, U"12");
  destructive.on_key(Key::of(Key::Code::kEscape));
  EXPECT_EQ(destructive.state(), ConfirmDialog::State::kCancelled);

  ConfirmDialog simple("Cancel job", "Cancel job 7?");
  EXPECT_TRUE(simple.on_key(Key::character(U'x')));  // modal: swallowed
  EXPECT_TRUE(simple.pending());
  simple.on_key(Key::character(U'y'));
  EXPECT_TRUE(simple.confirmed());
  ConfirmDialog declined("Cancel job", "Cancel job 7?");
  declined.on_key(Key::character(U'n'));
  EXPECT_EQ(declined.state(), ConfirmDialog::State::kCancelled);
}

}  // namespace
}  // namespace opsdeck::tui
