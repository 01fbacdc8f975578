// StatusBar: the bottom row — a message on the left, key hints ("q quit  ? help  / filter") and a right
// text; it always fits the width, dropping the hints that do not fit (last ones first), then the message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tui/canvas/canvas.hpp"
#include "tui/key_hint.hpp"

namespace opsdeck::tui {

struct StatusBar {
  std::vector<KeyHint> hints;
  std::string message;                   // left: last event or error
  Role message_role = Role::kStatusBar;  // kCrit for an error, kOk after success
  std::string right;                     // right-aligned: clock, connection, "3 jobs"

  // First row of `area`: message, hints (key in key_hint, description in status_bar), right text.
  void render(Canvas& canvas, Rect area, bool ascii = false) const;
  // The hints that fit (exposed for tests).
  std::vector<KeyHint> fitted_hints(int width) const;
};

}  // namespace opsdeck::tui
