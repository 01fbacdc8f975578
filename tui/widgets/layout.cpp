// Layout maths for splitting rects; see layout.hpp for the rules.
#include "tui/widgets/layout.hpp"

#include <algorithm>

namespace opsdeck::tui {

std::vector<int> distribute(int total, const std::vector<Extent>& extents, int gap) {
  std::vector<int> sizes(extents.size(), 0);
  if (extents.empty()) {
    return sizes;
  }
  int remaining = std::max(0, total - gap * static_cast<int>(extents.size() - 1));
  // Fixed slots first, in order: a status bar keeps its row even when the body is squeezed to nothing.
  for (std::size_t i = 0; i < extents.size(); ++i) {
    if (extents[i].flex <= 0) {
      sizes[i] = std::min(std::max(0, extents[i].size), remaining);
      remaining -= sizes[i];
    }
  }
  // Then each flex slot's minimum, then the rest by weight.
  int weights = 0;
  for (std::size_t i = 0; i < extents.size(); ++i) {
    if (extents[i].flex > 0) {
      sizes[i] = std::min(std::max(0, extents[i].min_size), remaining);
      remaining -= sizes[i];
      weights += extents[i].flex;
    }
  }
  if (weights == 0) {
    return sizes;
  }
  int handed_out = 0;
  for (std::size_t i = 0; i < extents.size(); ++i) {
    if (extents[i].flex > 0) {
      const int share = remaining * extents[i].flex / weights;
      sizes[i] += share;
      handed_out += share;
    }
  }
  int leftover = remaining - handed_out;
  for (std::size_t i = 0; i < extents.size() && leftover > 0; ++i) {
    if (extents[i].flex > 0) {
      ++sizes[i];
      --leftover;
    }
  }
  return sizes;
}

std::vector<Rect> split_rows(Rect area, const std::vector<Extent>& extents, int gap) {
  std::vector<Rect> rects;
  int y = area.y;
  for (int size : distribute(area.height, extents, gap)) {
    rects.push_back(Rect{area.x, y, area.width, size});
    y += size + gap;
  }
  return rects;
}

std::vector<Rect> split_columns(Rect area, const std::vector<Extent>& extents, int gap) {
  std::vector<Rect> rects;
  int x = area.x;
  for (int size : distribute(area.width, extents, gap)) {
    rects.push_back(Rect{x, area.y, size, area.height});
    x += size + gap;
  }
  return rects;
}

Rect centered(Rect outer, int width, int height) {
  const int w = std::clamp(width, 0, std::max(0, outer.width));
  const int h = std::clamp(height, 0, std::max(0, outer.height));
  return Rect{outer.x + (outer.width - w) / 2, outer.y + (outer.height - h) / 2, w, h};
}

}  // namespace opsdeck::tui
