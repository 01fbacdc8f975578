// KeyReader: maps curses key codes and control characters to Key values.
#include "tui/term/key_reader.hpp"

#include <curses.h>

namespace opsdeck::tui {

Key decode_key(int status, unsigned value) {
  if (status == KEY_CODE_YES) {
    switch (value) {
      case KEY_UP:
        return Key::of(Key::Code::kUp);
      case KEY_DOWN:
        return Key::of(Key::Code::kDown);
      case KEY_LEFT:
        return Key::of(Key::Code::kLeft);
      case KEY_RIGHT:
        return Key::of(Key::Code::kRight);
      case KEY_PPAGE:
        return Key::of(Key::Code::kPageUp);
      case KEY_NPAGE:
        return Key::of(Key::Code::kPageDown);
      case KEY_HOME:
        return Key::of(Key::Code::kHome);
      case KEY_END:
        return Key::of(Key::Code::kEnd);
      case KEY_DC:
        return Key::of(Key::Code::kDelete);
      case KEY_BACKSPACE:
        return Key::of(Key::Code::kBackspace);
      case KEY_ENTER:
        return Key::of(Key::Code::kEnter);
      case KEY_BTAB:
        return Key::of(Key::Code::kBackTab);
      case KEY_RESIZE:
        return Key::of(Key::Code::kResize);
      default:
        if (value >= static_cast<unsigned>(KEY_F(1)) && value <= static_cast<unsigned>(KEY_F(24))) {
          Key key = Key::of(Key::Code::kFunction);
          key.function = static_cast<int>(value - static_cast<unsigned>(KEY_F(0)));
          return key;
        }
        return Key::of(Key::Code::kUnknown);
    }
  }
  switch (value) {
    case '\n':
    case '\r':
      return Key::of(Key::Code::kEnter);
    case '\t':
      return Key::of(Key::Code::kTab);
    case 27:
      return Key::of(Key::Code::kEscape);
    case 127:
    case 8:
      return Key::of(Key::Code::kBackspace);
    default:
      break;
  }
  if (value >= 1 && value <= 26) {
    Key key = Key::character(static_cast<char32_t>('a' + value - 1));
    key.ctrl = true;
    return key;
  }
  return Key::character(static_cast<char32_t>(value));
}

std::optional<Key> read_key() {
  wint_t value = 0;
  int status = get_wch(&value);
  if (status == ERR) {
    return std::nullopt;
  }
  return decode_key(status, static_cast<unsigned>(value));
}

}  // namespace opsdeck::tui
