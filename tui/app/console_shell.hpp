// ConsoleShell: the console without the terminal. It owns the views, tab bar, status bar, command palette,
// help overlay and quit confirmation; it turns keys into outcomes and composes a whole frame into a Canvas.
// The ncurses loop (console_main.cpp) feeds it keys and snapshots; tests drive it directly.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tui/app/command_palette.hpp"
#include "tui/view.hpp"
#include "tui/widgets/confirm_dialog.hpp"
#include "tui/widgets/status_bar.hpp"
#include "tui/widgets/tab_bar.hpp"

namespace opsdeck::tui::app {

// What the shell cannot do itself: run a command against the engines. Returns a status message ("" = ok).
using CommandRunner = std::function<std::string(const Command& command)>;

struct ShellOutcome {
  enum class Kind { kNone, kRedraw, kQuit, kChangeTheme };
  Kind kind = Kind::kNone;
  std::string argument;  // theme name for kChangeTheme
};

class ConsoleShell {
 public:
  ConsoleShell(std::vector<std::unique_ptr<View>> views, CommandRunner runner,
               std::vector<std::string> theme_names);

  ShellOutcome on_key(const Key& key, const Snapshot& snapshot);
  // A signal asked us to quit (SIGINT from Ctrl+C): same as `q`, asking first if jobs are running.
  ShellOutcome request_quit(const Snapshot& snapshot);
  void render(const Snapshot& snapshot, Canvas& canvas);

  std::size_t active_view() const { return active_; }
  const View& view(std::size_t index) const { return *views_.at(index); }
  bool switch_to(std::string_view view_id);
  void show_message(std::string text, Role role = Role::kStatusBar);

 private:
  ShellOutcome run_palette_entry(const std::string& name, const Snapshot& snapshot);
  ShellOutcome apply(const HandleResult& result, const Snapshot& snapshot);
  std::vector<PaletteEntry> palette_entries() const;
  void render_header(const Snapshot& snapshot, Canvas& canvas, Rect row) const;
  void render_help(Canvas& canvas, Rect screen, const Glyphs& glyphs) const;

  std::vector<std::unique_ptr<View>> views_;
  CommandRunner runner_;
  std::vector<std::string> theme_names_;
  std::size_t active_ = 0;
  TabBar tabs_;
  CommandPalette palette_;
  bool help_open_ = false;
  std::optional<ConfirmDialog> quit_dialog_;
  std::string message_;
  Role message_role_ = Role::kStatusBar;
};

}  // namespace opsdeck::tui::app
