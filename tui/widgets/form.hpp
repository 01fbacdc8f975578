// Form: labelled TextInputs, Tab/Shift+Tab (or Up/Down) between fields, a validation callback per field
// whose message is shown beside it, Enter submits when every field is valid, Esc cancels.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"
#include "tui/widgets/glyphs.hpp"
#include "tui/widgets/text_input.hpp"

namespace opsdeck::tui {

// Returns an empty string when the value is fine, else a short message ("expected a port 1-65535").
using FieldValidator = std::function<std::string(std::string_view value)>;

class Form {
 public:
  enum class State { kEditing, kSubmitted, kCancelled };

  explicit Form(std::string title = {}) : title_(std::move(title)) {}

  // Returns the new field's index.
  std::size_t add_field(std::string label, std::string_view initial = {}, FieldValidator validate = {},
                        bool masked = false);

  State state() const { return state_; }
  // Back to editing after a submit was handled (e.g. the server refused the values).
  void resume() { state_ = State::kEditing; }
  std::size_t field_count() const { return fields_.size(); }
  std::size_t focused() const { return focused_; }
  void focus(std::size_t index);
  std::string value(std::size_t index) const;
  std::string value(std::string_view label) const;  // empty if no field has that label
  const std::string& error(std::size_t index) const;
  // Validates every field; true when all pass (errors are kept for display).
  bool validate_all();

  // Tab/Down next field, Shift+Tab/Up previous, Enter submits (or moves to the first invalid field),
  // Esc cancels; anything else goes to the focused field. Always true while editing (a form is modal).
  bool on_key(const Key& key);

  // Labels in a left column, inputs to their right, an error after an input in the warn colour, and a
  // hint line at the bottom. Draws a box with the title when `boxed`.
  void render(Canvas& canvas, Rect area, const Glyphs& glyphs = kUnicodeGlyphs, bool boxed = true);

 private:
  struct Field {
    std::string label;
    TextInput input;
    FieldValidator validate;
    std::string error;
  };
  bool validate_field(std::size_t index);

  std::string title_;
  std::vector<Field> fields_;
  std::size_t focused_ = 0;
  State state_ = State::kEditing;
};

}  // namespace opsdeck::tui
