// Terminal: the only code that talks to ncurses. It sets the terminal up (wide characters, colours when
// the terminal has them and the user did not ask for monochrome, ASCII glyphs when the locale is not UTF-8),
// paints a Canvas (only cells that changed since the last frame, then one doupdate) and gives it all back
// on destruction.
#pragma once

#include <memory>
#include <optional>

#include "backend/core/result.hpp"
#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"
#include "tui/theme/theme.hpp"

namespace opsdeck::tui {

struct TerminalOptions {
  bool monochrome = false;   // --no-color, NO_COLOR, ui.no_color
  bool force_ascii = false;  // ui.ascii
};

class Terminal {
 public:
  static core::Result<std::unique_ptr<Terminal>> open(const TerminalOptions& options, const Theme& theme);
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  int width() const;
  int height() const;
  bool ascii() const { return ascii_; }
  int colors() const { return colors_; }
  bool monochrome() const { return monochrome_; }

  // Maps roles to colour pairs (downgraded to what the terminal shows); forces a full repaint.
  void apply_theme(const Theme& theme);
  // Copies the canvas to the screen: only cells that differ from the previous frame, then doupdate().
  void present(const Canvas& canvas);
  // Reads the new size after SIGWINCH and resizes ncurses' screens; the next present() repaints all.
  void handle_resize();
  std::optional<Key> read_key();

 private:
  Terminal() = default;
  void put_cell(int x, int y, const Cell& cell);

  bool ascii_ = false;
  bool monochrome_ = false;
  int colors_ = 0;
  std::array<int, kRoleCount> role_attrs_{};  // attributes per role (monochrome fallback included)
  std::array<short, kRoleCount> role_pairs_{};
  std::unique_ptr<Canvas> previous_;
};

}  // namespace opsdeck::tui
