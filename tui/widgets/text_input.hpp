// TextInput: one line of editable text (insert, Backspace, Delete, Left/Right, Home/End, Ctrl+U, Ctrl+W,
// Ctrl+A/Ctrl+E), UTF-8 safe because it edits code points, scrolled horizontally to keep the cursor shown.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"

namespace opsdeck::tui {

class TextInput {
 public:
  TextInput() = default;
  explicit TextInput(std::string_view initial);

  std::string text() const;
  void set_text(std::string_view text);  // cursor goes to the end
  void clear();
  bool empty() const { return text_.empty(); }
  std::size_t cursor() const { return cursor_; }  // in code points
  // Secrets are drawn as '*' and never as text (DESIGN.md: secrets are never drawn on screen).
  void set_masked(bool masked) { masked_ = masked; }
  void set_placeholder(std::string placeholder) { placeholder_ = std::move(placeholder); }
  void set_max_length(std::size_t code_points) { max_length_ = code_points; }

  // Editing keys; Enter, Esc, Tab, Up/Down and unknown keys are left to the owner (returns false).
  bool on_key(const Key& key);

  // Draws on the first row of `area`; with `focused` the cursor cell is drawn in reverse video.
  void render(Canvas& canvas, Rect area, Style style = {Role::kInput, kAttrNone}, bool focused = true);

 private:
  void delete_word_before_cursor();

  std::u32string text_;
  std::size_t cursor_ = 0;
  int scroll_ = 0;  // first column shown
  bool masked_ = false;
  std::string placeholder_;
  std::size_t max_length_ = 4096;
};

}  // namespace opsdeck::tui
