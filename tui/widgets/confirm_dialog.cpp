// ConfirmDialog: keys and drawing. Typing the target's name (as GitHub does for deleting a repository)
// makes the user read what they are about to destroy; a y/n prompt alone is answered by reflex.
#include "tui/widgets/confirm_dialog.hpp"

#include <algorithm>
#include <vector>

#include "tui/widgets/layout.hpp"
#include "tui/widgets/text_wrap.hpp"

namespace opsdeck::tui {
namespace {

struct Line {
  std::string text;
  Style style;
};

constexpr int kMaxWidth = 60;

}  // namespace

ConfirmDialog::ConfirmDialog(std::string title, std::string message, std::string required_text)
    : title_(std::move(title)), message_(std::move(message)), required_text_(std::move(required_text)) {
}

bool ConfirmDialog::on_key(const Key& key) {
  if (state_ != State::kPending) {
    return false;
  }
  if (key.code == Key::Code::kEscape) {
    state_ = State::kCancelled;
    return true;
  }
  if (!destructive()) {
    if (key.code == Key::Code::kEnter || key.is_char(U'y') || key.is_char(U'Y')) {
      state_ = State::kConfirmed;
    } else if (key.is_char(U'n') || key.is_char(U'N')) {
      state_ = State::kCancelled;
    }
    return true;
  }
  if (key.code == Key::Code::kEnter) {
    if (typed_.text() == required_text_) {
      state_ = State::kConfirmed;
    } else {
      mismatch_shown_ = true;
    }
    return true;
  }
  if (typed_.on_key(key)) {
    mismatch_shown_ = false;
  }
  return true;
}

void ConfirmDialog::render(Canvas& canvas, Rect screen, const Glyphs& glyphs) {
  const bool ascii = glyphs.ascii;
  const std::string prompt = "Type \"" + required_text_ + "\" to confirm:";
  const std::string hint = destructive() ? "Enter confirm  Esc cancel" : "y/Enter confirm  n/Esc cancel";
  int wanted = std::max({display_width(message_), display_width(title_) + 4, display_width(hint),
                         destructive() ? display_width(prompt) : 0, 26});
  const int width = std::min({wanted + 4, kMaxWidth, screen.width});
  const int content_width = std::max(1, width - 4);

  const Style body{Role::kDialog, kAttrNone};
  std::vector<Line> lines;
  for (auto& text : wrap_text(message_, content_width)) {
    lines.push_back(Line{std::move(text), body});
  }
  lines.push_back(Line{"", body});
  int input_row = -1;
  if (destructive()) {
    for (auto& text : wrap_text(prompt, content_width)) {
      lines.push_back(Line{std::move(text), body});
    }
    input_row = static_cast<int>(lines.size());
    lines.push_back(Line{"", body});
    if (mismatch_shown_) {
      lines.push_back(Line{"does not match; type it exactly", Style{Role::kCrit, kAttrNone}});
    }
    lines.push_back(Line{"", body});
  }
  lines.push_back(Line{hint, Style{Role::kMuted, kAttrNone}});

  const Rect frame = centered(screen, width, static_cast<int>(lines.size()) + 4);
  canvas.fill(frame, U' ', body);
  canvas.box(frame, title_, Style{destructive() ? Role::kCrit : Role::kBorder, kAttrNone}, ascii);
  const Rect inner{frame.x + 2, frame.y + 2, std::max(0, frame.width - 4), std::max(0, frame.height - 4)};
  for (int i = 0; i < static_cast<int>(lines.size()) && i < inner.height; ++i) {
    const int y = inner.y + i;
    if (i == input_row) {
      typed_.render(canvas, Rect{inner.x, y, inner.width, 1}, Style{Role::kInput, kAttrUnderline}, true);
      continue;
    }
    const auto& line = lines[static_cast<std::size_t>(i)];
    canvas.text(inner.x, y, truncate_to_width(line.text, inner.width, ascii), line.style, inner);
  }
}

}  // namespace opsdeck::tui
