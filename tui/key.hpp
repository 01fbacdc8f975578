// Keys as the console sees them, decoded from ncurses' get_wch so views never include ncurses.
#pragma once

#include <string>

namespace opsdeck::tui {

struct Key {
  enum class Code {
    kChar,  // `ch` holds the character
    kEnter,
    kEscape,
    kBackspace,
    kTab,
    kBackTab,
    kUp,
    kDown,
    kLeft,
    kRight,
    kPageUp,
    kPageDown,
    kHome,
    kEnd,
    kDelete,
    kFunction,
    kResize,
    kUnknown
  };
  Code code = Code::kUnknown;
  char32_t ch = 0;    // for kChar
  int function = 0;   // F1.. for kFunction
  bool ctrl = false;  // Ctrl+letter arrives as kChar with ctrl set and ch the lower-case letter

  static Key character(char32_t c) { return Key{Code::kChar, c, 0, false}; }
  static Key of(Code code) { return Key{code, 0, 0, false}; }
  bool is_char(char32_t c) const { return code == Code::kChar && ch == c && !ctrl; }
  std::string describe() const;  // "q", "Enter", "Ctrl+C"
};

}  // namespace opsdeck::tui
