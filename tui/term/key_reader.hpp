// KeyReader: turns ncurses' wide-character input into Keys, so nothing above the terminal layer sees curses.
#pragma once

#include <optional>

#include "tui/key.hpp"

namespace opsdeck::tui {

// Reads one key without blocking (the UI thread polls stdin first); nullopt when no input is pending.
std::optional<Key> read_key();
// Decodes one get_wch result: `status` is OK or KEY_CODE_YES, `value` the character or key code.
Key decode_key(int status, unsigned value);

}  // namespace opsdeck::tui
