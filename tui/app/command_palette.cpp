// CommandPalette: matching, Tab completion and the prompt's drawing.
#include "tui/app/command_palette.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::tui::app {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

constexpr int kMaxListedMatches = 8;

}  // namespace

std::vector<PaletteEntry> match_entries(const std::vector<PaletteEntry>& entries, std::string_view typed) {
  std::string needle = lower(typed);
  // Trailing spaces are part of an argument being typed ("theme "), so they are kept in the needle.
  std::vector<PaletteEntry> prefix, contains;
  for (const auto& entry : entries) {
    std::string name = lower(entry.name);
    if (name.rfind(needle, 0) == 0) {
      prefix.push_back(entry);
    } else if (!needle.empty() && name.find(needle) != std::string::npos) {
      contains.push_back(entry);
    }
  }
  prefix.insert(prefix.end(), contains.begin(), contains.end());
  return prefix;
}

std::string common_prefix(const std::vector<PaletteEntry>& matches) {
  if (matches.empty()) {
    return {};
  }
  std::string prefix = matches.front().name;
  for (const auto& match : matches) {
    std::size_t length = 0;
    while (length < prefix.size() && length < match.name.size() && prefix[length] == match.name[length]) {
      ++length;
    }
    prefix.resize(length);
  }
  return prefix;
}

void CommandPalette::open(std::vector<PaletteEntry> entries) {
  entries_ = std::move(entries);
  input_.clear();
  open_ = true;
  refresh_matches();
}

void CommandPalette::close() {
  open_ = false;
  input_.clear();
}

void CommandPalette::refresh_matches() {
  matches_ = match_entries(entries_, input_.text());
  highlighted_ = 0;
}

std::optional<std::string> CommandPalette::on_key(const Key& key) {
  switch (key.code) {
    case Key::Code::kEscape:
      close();
      return std::nullopt;
    case Key::Code::kEnter: {
      std::string typed = input_.text();
      std::string chosen = matches_.empty() ? typed : matches_[highlighted_].name;
      // An exact name typed wins over the highlighted match ("jobs" when "jobs.cancel" is listed first).
      for (const auto& match : matches_) {
        if (match.name == typed) {
          chosen = typed;
        }
      }
      close();
      return chosen;
    }
    case Key::Code::kTab: {
      std::string prefix = common_prefix(matches_);
      if (prefix.size() > input_.text().size()) {
        input_.set_text(prefix);
        refresh_matches();
      } else if (!matches_.empty()) {
        highlighted_ = (highlighted_ + 1) % matches_.size();
      }
      return std::nullopt;
    }
    case Key::Code::kDown:
      if (!matches_.empty()) {
        highlighted_ = (highlighted_ + 1) % matches_.size();
      }
      return std::nullopt;
    case Key::Code::kUp:
    case Key::Code::kBackTab:
      if (!matches_.empty()) {
        highlighted_ = (highlighted_ + matches_.size() - 1) % matches_.size();
      }
      return std::nullopt;
    default:
      if (input_.on_key(key)) {
        refresh_matches();
      } else if (key.code == Key::Code::kBackspace && input_.empty()) {
        close();  // Backspace on an empty prompt leaves it, as in vim
      }
      return std::nullopt;
  }
}

void CommandPalette::render(Canvas& canvas, Rect screen, int line, const Glyphs& glyphs) const {
  if (!open_) {
    return;
  }
  Rect prompt{screen.x, line, screen.width, 1};
  canvas.fill(prompt, U' ', {Role::kInput, kAttrNone});
  canvas.text(prompt.x, line, ":", {Role::kAccent, kAttrBold});
  TextInput shown = input_;
  shown.render(canvas, Rect{prompt.x + 1, line, prompt.width - 1, 1});

  int listed = std::min<int>(static_cast<int>(matches_.size()), kMaxListedMatches);
  listed = std::min(listed, line - screen.y);
  int name_width = 0;
  for (int i = 0; i < listed; ++i) {
    name_width = std::max(name_width, display_width(matches_[static_cast<std::size_t>(i)].name));
  }
  for (int i = 0; i < listed; ++i) {
    const auto& match = matches_[static_cast<std::size_t>(i)];
    int y = line - listed + i;
    bool highlighted = static_cast<std::size_t>(i) == highlighted_;
    Style style{highlighted ? Role::kSelection : Role::kDialog, kAttrNone};
    canvas.fill(Rect{screen.x, y, screen.width, 1}, U' ', style);
    canvas.text(screen.x + 1, y, match.name, {style.role, kAttrBold});
    canvas.text(screen.x + 3 + name_width, y,
                truncate_to_width(match.description, screen.width - name_width - 4, glyphs.ascii), style);
  }
}

}  // namespace opsdeck::tui::app
