// TabBar: fitting labels to the width and drawing them. Inactive titles are shortened by water-filling
// (short titles keep their full text, long ones share what is left) so every tab number stays visible.
#include "tui/widgets/tab_bar.hpp"

#include <algorithm>

namespace opsdeck::tui {

void TabBar::set_tabs(std::vector<std::string> titles) {
  titles_ = std::move(titles);
  active_ = std::min(active_, titles_.empty() ? 0 : titles_.size() - 1);
}

void TabBar::set_active(std::size_t index) {
  if (index < titles_.size()) {
    active_ = index;
  }
}

std::optional<std::size_t> TabBar::tab_for_key(const Key& key) const {
  if (key.code != Key::Code::kChar || key.ctrl || key.ch < U'1' || key.ch > U'9') {
    return std::nullopt;
  }
  const auto index = static_cast<std::size_t>(key.ch - U'1');
  return index < titles_.size() ? std::optional<std::size_t>(index) : std::nullopt;
}

std::vector<std::string> TabBar::fitted_labels(int width) const {
  const std::size_t count = titles_.size();
  std::vector<std::string> numbers;
  int fixed = 0;  // padding, numbers and the space after each number
  for (std::size_t i = 0; i < count; ++i) {
    numbers.push_back(std::to_string(i + 1));
    fixed += 2 + static_cast<int>(numbers.back().size()) + 1;
  }
  std::vector<int> title_widths(count);
  int wanted = 0;
  for (std::size_t i = 0; i < count; ++i) {
    title_widths[i] = display_width(titles_[i]);
    wanted += title_widths[i];
  }
  std::vector<int> budget = title_widths;
  int room = width - fixed;
  if (wanted > room) {
    // The active title first, then equal shares for the others.
    if (active_ < count) {
      budget[active_] = std::clamp(room, 0, title_widths[active_]);
      room -= budget[active_];
    }
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < count; ++i) {
      if (i != active_) {
        open.push_back(i);
      }
    }
    // Shortest first: each takes its full width or an equal share of what is left, whichever is less.
    std::stable_sort(open.begin(), open.end(),
                     [&](std::size_t a, std::size_t b) { return title_widths[a] < title_widths[b]; });
    room = std::max(room, 0);
    for (std::size_t k = 0; k < open.size(); ++k) {
      const int share = room / static_cast<int>(open.size() - k);
      budget[open[k]] = std::min(title_widths[open[k]], share);
      room -= budget[open[k]];
    }
  }
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < count; ++i) {
    // A title cut to one column would be just "…"; the number alone says more.
    const std::string title = budget[i] >= 2 ? truncate_to_width(titles_[i], budget[i]) : std::string{};
    labels.push_back(title.empty() ? numbers[i] : numbers[i] + " " + title);
  }
  return labels;
}

void TabBar::render(Canvas& canvas, Rect area, bool ascii) const {
  if (area.empty()) {
    return;
  }
  const Rect row = area.top(1);
  canvas.fill(row, U' ', Style{Role::kHeader, kAttrNone});
  std::vector<std::string> labels = fitted_labels(row.width);
  if (ascii) {
    for (auto& label : labels) {
      std::string plain;
      for (char32_t ch : decode_utf8(label)) {
        plain += ch == U'…' ? std::string("~") : encode_utf8(ch);
      }
      label = plain;
    }
  }
  int x = row.x;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const Style style{i == active_ ? Role::kTabActive : Role::kTabInactive,
                      i == active_ ? kAttrBold : kAttrNone};
    x += canvas.text(x, row.y, " " + labels[i] + " ", style, row);
  }
}

}  // namespace opsdeck::tui
