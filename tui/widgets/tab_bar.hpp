// TabBar: numbered tabs ("1 Overview  2 Jobs"), the active one highlighted; inactive titles are shortened
// when the row is too narrow (an 80-column terminal still shows every number).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"

namespace opsdeck::tui {

class TabBar {
 public:
  void set_tabs(std::vector<std::string> titles);
  const std::vector<std::string>& tabs() const { return titles_; }
  void set_active(std::size_t index);
  std::size_t active() const { return active_; }

  // '1'..'9' pick a tab by number; returns the index (the caller switches view). Other keys: none.
  std::optional<std::size_t> tab_for_key(const Key& key) const;

  // The labels as they fit in `width` columns (exposed for tests): "1 Overview", "2 Jobs", ...
  std::vector<std::string> fitted_labels(int width) const;

  // First row of `area`: active tab in tab_active, others in tab_inactive, rest of the row in header.
  void render(Canvas& canvas, Rect area, bool ascii = false) const;

 private:
  std::vector<std::string> titles_;
  std::size_t active_ = 0;
};

}  // namespace opsdeck::tui
