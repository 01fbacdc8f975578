// StatusBar layout: " message  q quit  ? help        right ". Hints go first when space runs out (the
// message may be an error the user must see), then the message is cut, and the right text last.
#include "tui/widgets/status_bar.hpp"

#include <algorithm>

namespace opsdeck::tui {
namespace {

int hint_width(const KeyHint& hint) {
  return display_width(hint.key) + 1 + display_width(hint.description);
}

constexpr int kHintGap = 2;

}  // namespace

std::vector<KeyHint> StatusBar::fitted_hints(int width) const {
  int room = width - 2;  // one blank column at each end
  if (!message.empty()) {
    room -= display_width(message) + kHintGap;
  }
  if (!right.empty()) {
    room -= display_width(right) + kHintGap;
  }
  std::vector<KeyHint> fitted;
  int used = 0;
  for (const auto& hint : hints) {
    const int needed = hint_width(hint) + (fitted.empty() ? 0 : kHintGap);
    if (used + needed > room) {
      break;
    }
    used += needed;
    fitted.push_back(hint);
  }
  return fitted;
}

void StatusBar::render(Canvas& canvas, Rect area, bool ascii) const {
  if (area.empty()) {
    return;
  }
  const Rect row = area.top(1);
  const Style bar{Role::kStatusBar, kAttrNone};
  canvas.fill(row, U' ', bar);
  const Rect inner{row.x + 1, row.y, std::max(0, row.width - 2), 1};

  // Right text first: it is short and always kept (cut only when it alone is too wide).
  const std::string right_text = truncate_to_width(right, inner.width, ascii);
  const int right_width = display_width(right_text);
  const int left_room = std::max(0, inner.width - (right_width > 0 ? right_width + kHintGap : 0));

  int x = inner.x;
  bool first = true;
  auto separate = [&] {
    x += first ? 0 : kHintGap;
    first = false;
  };
  if (!message.empty()) {
    separate();
    x += canvas.text(x, row.y, truncate_to_width(message, left_room, ascii), Style{message_role, kAttrNone},
                     inner);
  }
  for (const auto& hint : fitted_hints(row.width)) {
    separate();
    x += canvas.text(x, row.y, hint.key, Style{Role::kKeyHint, kAttrBold}, inner);
    x += canvas.text(x, row.y, " " + hint.description, bar, inner);
  }
  if (right_width > 0) {
    canvas.text(inner.right() - right_width, row.y, right_text, bar, inner);
  }
}

}  // namespace opsdeck::tui
