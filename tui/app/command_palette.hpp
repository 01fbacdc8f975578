// CommandPalette: `:` opens a one-line prompt over the status bar; it completes view names and actions
// (Tab cycles the matches, the list shows what fits) and Enter runs the chosen entry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tui/canvas/canvas.hpp"
#include "tui/key.hpp"
#include "tui/widgets/glyphs.hpp"
#include "tui/widgets/text_input.hpp"

namespace opsdeck::tui::app {

struct PaletteEntry {
  std::string name;         // what is typed: "jobs", "quit", "theme light"
  std::string description;  // shown beside it
};

// Entries whose name starts with `typed` first, then those containing it (case-insensitive), keeping the
// given order within each group. Pure, unit-tested.
std::vector<PaletteEntry> match_entries(const std::vector<PaletteEntry>& entries, std::string_view typed);
// The longest common prefix of the matches' names, for Tab completion.
std::string common_prefix(const std::vector<PaletteEntry>& matches);

class CommandPalette {
 public:
  void open(std::vector<PaletteEntry> entries);
  void close();
  bool is_open() const { return open_; }

  // While open every key is consumed. Returns the entry name (or the typed text when nothing matches, so the
  // console can say "unknown command") when Enter is pressed.
  std::optional<std::string> on_key(const Key& key);
  // The prompt on `line` and the match list just above it.
  void render(Canvas& canvas, Rect screen, int line, const Glyphs& glyphs) const;

 private:
  void refresh_matches();

  bool open_ = false;
  std::vector<PaletteEntry> entries_;
  std::vector<PaletteEntry> matches_;
  std::size_t highlighted_ = 0;
  TextInput input_;
};

}  // namespace opsdeck::tui::app
