// Key::describe(): the names shown in key hints, the help screen and logs ("q", "Enter", "Ctrl+C").
#include "tui/key.hpp"

#include <string>

#include "tui/canvas/canvas.hpp"

namespace opsdeck::tui {

std::string Key::describe() const {
  switch (code) {
    case Code::kChar: {
      if (ctrl) {
        const char32_t upper = (ch >= U'a' && ch <= U'z') ? ch - U'a' + U'A' : ch;
        return "Ctrl+" + encode_utf8(upper);
      }
      if (ch == U' ') {
        return "Space";
      }
      return encode_utf8(ch);
    }
    case Code::kEnter:
      return "Enter";
    case Code::kEscape:
      return "Esc";
    case Code::kBackspace:
      return "Backspace";
    case Code::kTab:
      return "Tab";
    case Code::kBackTab:
      return "Shift+Tab";
    case Code::kUp:
      return "Up";
    case Code::kDown:
      return "Down";
    case Code::kLeft:
      return "Left";
    case Code::kRight:
      return "Right";
    case Code::kPageUp:
      return "PgUp";
    case Code::kPageDown:
      return "PgDn";
    case Code::kHome:
      return "Home";
    case Code::kEnd:
      return "End";
    case Code::kDelete:
      return "Del";
    case Code::kFunction:
      return "F" + std::to_string(function);
    case Code::kResize:
      return "Resize";
    case Code::kUnknown:
      return "?";
  }
  return "?";
}

}  // namespace opsdeck::tui
