// TextInput editing and drawing. The text is kept as code points so the cursor can never land inside a
// UTF-8 sequence; columns are computed with the same width table as the canvas.
#include "tui/widgets/text_input.hpp"

#include <algorithm>

#include "tui/canvas/char_width.hpp"

namespace opsdeck::tui {

TextInput::TextInput(std::string_view initial) {
  set_text(initial);
}

std::string TextInput::text() const {
  return encode_utf8(text_);
}

void TextInput::set_text(std::string_view text) {
  text_ = decode_utf8(text);
  if (text_.size() > max_length_) {
    text_.resize(max_length_);
  }
  cursor_ = text_.size();
}

void TextInput::clear() {
  text_.clear();
  cursor_ = 0;
  scroll_ = 0;
}

void TextInput::delete_word_before_cursor() {
  std::size_t start = cursor_;
  while (start > 0 && text_[start - 1] == U' ') {
    --start;
  }
  while (start > 0 && text_[start - 1] != U' ') {
    --start;
  }
  text_.erase(start, cursor_ - start);
  cursor_ = start;
}

bool TextInput::on_key(const Key& key) {
  using Code = Key::Code;
  if (key.code == Code::kChar && key.ctrl) {
    switch (key.ch) {
      case U'u':  // readline's kill to start of line; with the cursor at the end it clears the field
        text_.erase(0, cursor_);
        cursor_ = 0;
        return true;
      case U'k':
        text_.erase(cursor_);
        return true;
      case U'w':
        delete_word_before_cursor();
        return true;
      case U'a':
        cursor_ = 0;
        return true;
      case U'e':
        cursor_ = text_.size();
        return true;
      case U'h':
        return on_key(Key::of(Code::kBackspace));
      default:
        return false;
    }
  }
  switch (key.code) {
    case Code::kChar:
      if (key.ch < 0x20 || key.ch == 0x7F || key.ch > 0x10FFFF) {
        return false;
      }
      if (text_.size() < max_length_) {
        text_.insert(text_.begin() + static_cast<std::ptrdiff_t>(cursor_), key.ch);
        ++cursor_;
      }
      return true;
    case Code::kBackspace:
      if (cursor_ > 0) {
        text_.erase(cursor_ - 1, 1);
        --cursor_;
      }
      return true;
    case Code::kDelete:
      if (cursor_ < text_.size()) {
        text_.erase(cursor_, 1);
      }
      return true;
    case Code::kLeft:
      cursor_ = cursor_ > 0 ? cursor_ - 1 : 0;
      return true;
    case Code::kRight:
      cursor_ = std::min(cursor_ + 1, text_.size());
      return true;
    case Code::kHome:
      cursor_ = 0;
      return true;
    case Code::kEnd:
      cursor_ = text_.size();
      return true;
    default:
      return false;
  }
}

void TextInput::render(Canvas& canvas, Rect area, Style style, bool focused) {
  if (area.empty()) {
    return;
  }
  const Rect row = area.top(1);
  canvas.fill(row, U' ', style);
  if (text_.empty() && !placeholder_.empty()) {
    canvas.text(row.x, row.y, truncate_to_width(placeholder_, row.width), Style{Role::kMuted, kAttrNone},
                row);
  }
  const std::u32string shown = masked_ ? std::u32string(text_.size(), U'*') : text_;
  const int cursor_column = display_width(std::u32string_view(shown).substr(0, cursor_));
  // Scroll just enough to keep the cursor cell (one past the text at the end) inside the field.
  if (cursor_column < scroll_) {
    scroll_ = cursor_column;
  } else if (cursor_column >= scroll_ + row.width) {
    scroll_ = cursor_column - row.width + 1;
  }
  if (display_width(shown) < row.width) {
    scroll_ = 0;
  }
  int column = 0;
  for (char32_t ch : shown) {
    const int w = codepoint_width(ch);
    if (column >= scroll_ && column + w <= scroll_ + row.width) {
      canvas.set(row.x + column - scroll_, row.y, ch, style);
    }
    column += w;
  }
  if (focused) {
    const int x = row.x + cursor_column - scroll_;
    canvas.paint(Rect{x, row.y, 1, 1},
                 Style{style.role, static_cast<std::uint8_t>(style.attrs | kAttrReverse)});
  }
}

}  // namespace opsdeck::tui
