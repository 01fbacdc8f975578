// Form: focus movement, validation and drawing. A field is validated when the user leaves it and again
// on every edit once it has an error, so a message disappears as soon as the value is fixed.
#include "tui/widgets/form.hpp"

#include <algorithm>

namespace opsdeck::tui {

std::size_t Form::add_field(std::string label, std::string_view initial, FieldValidator validate,
                            bool masked) {
  Field field{std::move(label), TextInput(initial), std::move(validate), {}};
  field.input.set_masked(masked);
  fields_.push_back(std::move(field));
  return fields_.size() - 1;
}

void Form::focus(std::size_t index) {
  if (index < fields_.size()) {
    focused_ = index;
  }
}

std::string Form::value(std::size_t index) const {
  return index < fields_.size() ? fields_[index].input.text() : std::string{};
}

std::string Form::value(std::string_view label) const {
  for (const auto& field : fields_) {
    if (field.label == label) {
      return field.input.text();
    }
  }
  return {};
}

const std::string& Form::error(std::size_t index) const {
  static const std::string kNone;
  return index < fields_.size() ? fields_[index].error : kNone;
}

bool Form::validate_field(std::size_t index) {
  Field& field = fields_[index];
  field.error = field.validate ? field.validate(field.input.text()) : std::string{};
  return field.error.empty();
}

bool Form::validate_all() {
  bool all_valid = true;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    all_valid = validate_field(i) && all_valid;
  }
  return all_valid;
}

bool Form::on_key(const Key& key) {
  using Code = Key::Code;
  if (state_ != State::kEditing) {
    return false;
  }
  if (key.code == Code::kEscape) {
    state_ = State::kCancelled;
    return true;
  }
  if (fields_.empty()) {
    if (key.code == Code::kEnter) {
      state_ = State::kSubmitted;
    }
    return true;
  }
  const std::size_t count = fields_.size();
  if (key.code == Code::kTab || key.code == Code::kDown) {
    validate_field(focused_);
    focused_ = (focused_ + 1) % count;
    return true;
  }
  if (key.code == Code::kBackTab || key.code == Code::kUp) {
    validate_field(focused_);
    focused_ = (focused_ + count - 1) % count;
    return true;
  }
  if (key.code == Code::kEnter) {
    if (validate_all()) {
      state_ = State::kSubmitted;
    } else {
      const auto invalid = std::find_if(fields_.begin(), fields_.end(),
                                        [](const Field& field) { return !field.error.empty(); });
      focused_ = static_cast<std::size_t>(invalid - fields_.begin());
    }
    return true;
  }
  Field& field = fields_[focused_];
  if (field.input.on_key(key) && !field.error.empty()) {
    validate_field(focused_);
  }
  return true;
}

void Form::render(Canvas& canvas, Rect area, const Glyphs& glyphs, bool boxed) {
  if (area.empty()) {
    return;
  }
  Rect inner = area;
  if (boxed) {
    canvas.fill(area, U' ', Style{Role::kDialog, kAttrNone});
    canvas.box(area, title_, Style{Role::kBorder, kAttrNone}, glyphs.ascii);
    inner = Rect{area.x + 2, area.y + 2, std::max(0, area.width - 4), std::max(0, area.height - 4)};
  }
  int label_width = 0;
  for (const auto& field : fields_) {
    label_width = std::max(label_width, display_width(field.label));
  }
  label_width = std::min(label_width + 2, inner.width / 2);  // "Host: " leaves room for the value
  for (std::size_t i = 0; i < fields_.size() && static_cast<int>(i) < inner.height; ++i) {
    Field& field = fields_[i];
    const int y = inner.y + static_cast<int>(i);
    const bool focused = i == focused_;
    const Style label_style{focused ? Role::kAccent : Role::kDialog, focused ? kAttrBold : kAttrNone};
    canvas.text(inner.x, y, truncate_to_width(field.label + ":", label_width - 1, glyphs.ascii), label_style,
                inner);
    int input_width = inner.width - label_width;
    if (!field.error.empty()) {
      // Beside the input, taking at most half of the value's room.
      const int error_width = std::min(display_width(field.error), input_width / 2);
      input_width -= error_width + 1;
      canvas.text(inner.x + label_width + input_width + 1, y,
                  truncate_to_width(field.error, error_width, glyphs.ascii), Style{Role::kWarn, kAttrNone},
                  inner);
    }
    field.input.render(canvas, Rect{inner.x + label_width, y, std::max(0, input_width), 1},
                       Style{Role::kInput, kAttrUnderline}, focused && state_ == State::kEditing);
  }
  const int hint_row = inner.y + static_cast<int>(fields_.size()) + 1;
  if (hint_row < inner.bottom()) {
    canvas.text(
        inner.x, hint_row,
        truncate_to_width("Tab next  Shift+Tab back  Enter submit  Esc cancel", inner.width, glyphs.ascii),
        Style{Role::kMuted, kAttrNone}, inner);
  }
}

}  // namespace opsdeck::tui
