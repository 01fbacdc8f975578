// TextInput line editing and Form focus/validation.
#include "tui/widgets/text_input.hpp"

#include <gtest/gtest.h>

#include "tui/widgets/form.hpp"

namespace opsdeck::tui {
namespace {

Key ctrl(char32_t letter) {
  return Key{Key::Code::kChar, letter, 0, true};
}

void type(TextInput& input, std::u32string_view text) {
  for (char32_t ch : text) {
    input.on_key(Key::character(ch));
  }
}

TEST(TextInputTest, InsertMoveAndDelete) {
  TextInput input;
  type(input, U"helo");
  input.on_key(Key::of(Key::Code::kLeft));
  type(input, U"l");
  EXPECT_EQ(input.text(), "hello");
  input.on_key(Key::of(Key::Code::kHome));
  input.on_key(Key::of(Key::Code::kDelete));
  EXPECT_EQ(input.text(), "ello");
  input.on_key(Key::of(Key::Code::kBackspace));  // at the start: nothing to delete
  EXPECT_EQ(input.text(), "ello");
  input.on_key(Key::of(Key::Code::kEnd));
  input.on_key(Key::of(Key::Code::kBackspace));
  EXPECT_EQ(input.text(), "ell");
  input.on_key(Key::of(Key::Code::kRight));  // past the end: stays
  EXPECT_EQ(input.cursor(), 3u);
}

TEST(TextInputTest, IsUtf8Safe) {
  TextInput input("naïve 日本");
  EXPECT_EQ(input.cursor(), 8u);
  input.on_key(Key::of(Key::Code::kBackspace));
  EXPECT_EQ(input.text(), "naïve 日");
  input.on_key(Key::of(Key::Code::kHome));
  input.on_key(Key::of(Key::Code::kRight));
  input.on_key(Key::of(Key::Code::kRight));
  input.on_key(Key::of(Key::Code::kDelete));
  EXPECT_EQ(input.text(), "nave 日");
}

TEST(TextInputTest, CtrlWDeletesAWordAndCtrlUClears) {
  TextInput input("backup restore  ");
  input.on_key(ctrl(U'w'));
  EXPECT_EQ(input.text(), "backup ");
  input.on_key(ctrl(U'w'));
  EXPECT_EQ(input.text(), "");
  input.set_text("some text");
  input.on_key(ctrl(U'u'));
  EXPECT_EQ(input.text(), "");
  EXPECT_FALSE(input.on_key(Key::of(Key::Code::kEnter)));
  EXPECT_FALSE(input.on_key(Key::of(Key::Code::kEscape)));
  EXPECT_FALSE(input.on_key(Key::of(Key::Code::kTab)));
}

TEST(TextInputTest, ScrollsToKeepTheCursorVisible) {
  TextInput input("0123456789abcdef");
  Canvas canvas(8, 1);
  input.render(canvas, canvas.bounds());
  EXPECT_EQ(canvas.to_text(), "9abcdef \n");  // the cursor cell after the text is on screen
  EXPECT_EQ(canvas.at(7, 0).attrs & kAttrReverse, kAttrReverse);
  input.on_key(Key::of(Key::Code::kHome));
  input.render(canvas, canvas.bounds());
  EXPECT_EQ(canvas.to_text(), "01234567\n");
}

TEST(TextInputTest, MaskedInputNeverDrawsTheSecret) {
  TextInput input("hunter2");
  input.set_masked(true);
  Canvas canvas(10, 1);
  input.render(canvas, canvas.bounds(), {Role::kInput, kAttrNone}, false);
  EXPECT_EQ(canvas.to_text(), "*******   \n");
  EXPECT_EQ(input.text(), "hunter2");
}

TEST(FormTest, TabMovesValidatesAndEnterSubmitsOnlyWhenValid) {
  Form form("Connect");
  const auto port_ok = [](std::string_view value) -> std::string {
    return value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos
               ? "expected a port 1-65535"
               : "";
  };
  form.add_field("Host", "127.0.0.1");
  const auto port = form.add_field("Port", "", port_ok);
  form.add_field("Password", "", {}, true);
  form.on_key(Key::of(Key::Code::kTab));
  EXPECT_EQ(form.focused(), port);
  form.on_key(Key::of(Key::Code::kTab));  // leaving Port validates it
  EXPECT_EQ(form.error(port), "expected a port 1-65535");
  form.on_key(Key::of(Key::Code::kBackTab));
  form.on_key(Key::of(Key::Code::kEnter));
  EXPECT_EQ(form.state(), Form::State::kEditing);
  EXPECT_EQ(form.focused(), port);
  form.on_key(Key::character(U'3'));
  EXPECT_EQ(form.error(port), "");  // fixed as soon as it is valid
  form.on_key(Key::character(U'3'));
  form.on_key(Key::of(Key::Code::kEnter));
  EXPECT_EQ(form.state(), Form::State::kSubmitted);
  EXPECT_EQ(form.value("Port"), "33");
  EXPECT_EQ(form.value(0u), "127.0.0.1");
}

TEST(FormTest, EscCancels) {
  Form form;
  form.add_field("Name");
  EXPECT_TRUE(form.on_key(Key::of(Key::Code::kEscape)));
  EXPECT_EQ(form.state(), Form::State::kCancelled);
  EXPECT_FALSE(form.on_key(Key::character(U'x')));
}

}  // namespace
}  // namespace opsdeck::tui
