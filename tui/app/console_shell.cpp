// ConsoleShell: global keys first (unless a view is capturing input), then the active view.
#include "tui/app/console_shell.hpp"

#include <algorithm>

#include "tui/widgets/glyphs.hpp"
#include "tui/widgets/layout.hpp"

namespace opsdeck::tui::app {
namespace {

// Below this the views cannot lay out anything useful; 80x24 is the size we design for.
constexpr int kMinWidth = 40;
constexpr int kMinHeight = 10;

const std::vector<KeyHint> kGlobalKeys = {
    {"1-9", "switch view"}, {"Tab", "next view"}, {":", "command palette"}, {"?", "help"}, {"q", "quit"},
};

std::string plural(std::size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

void copy_into(Canvas& target, const Canvas& source, int left, int top) {
  for (int y = 0; y < source.height(); ++y) {
    for (int x = 0; x < source.width(); ++x) {
      const Cell& cell = source.at(x, y);
      if (!cell.continuation) {
        target.set(left + x, top + y, cell.ch, {cell.role, cell.attrs});
      }
    }
  }
}

}  // namespace

ConsoleShell::ConsoleShell(std::vector<std::unique_ptr<View>> views, CommandRunner runner,
                           std::vector<std::string> theme_names)
    : views_(std::move(views)), runner_(std::move(runner)), theme_names_(std::move(theme_names)) {
  std::vector<std::string> titles;
  for (const auto& view : views_) {
    titles.emplace_back(view->title());
  }
  tabs_.set_tabs(std::move(titles));
}

bool ConsoleShell::switch_to(std::string_view view_id) {
  for (std::size_t i = 0; i < views_.size(); ++i) {
    if (views_[i]->id() == view_id) {
      active_ = i;
      tabs_.set_active(i);
      return true;
    }
  }
  return false;
}

void ConsoleShell::show_message(std::string text, Role role) {
  message_ = std::move(text);
  message_role_ = role;
}

std::vector<PaletteEntry> ConsoleShell::palette_entries() const {
  std::vector<PaletteEntry> entries;
  for (const auto& view : views_) {
    entries.push_back({std::string(view->id()), "show the " + std::string(view->title()) + " view"});
  }
  for (const auto& view : views_) {
    for (const auto& action : view->actions()) {
      entries.push_back({action.name, action.description});
    }
  }
  for (const auto& theme : theme_names_) {
    entries.push_back({"theme " + theme, "switch to the " + theme + " theme"});
  }
  entries.push_back({"help", "keys of the current view"});
  entries.push_back({"quit", "leave opsdeck"});
  return entries;
}

ShellOutcome ConsoleShell::request_quit(const Snapshot& snapshot) {
  std::size_t running = snapshot.jobs->running();
  if (running == 0) {
    return {ShellOutcome::Kind::kQuit, {}};
  }
  quit_dialog_.emplace("Quit opsdeck?",
                       plural(running, "job") + " still running; quitting cancels them. Quit anyway? (y/n)");
  return {ShellOutcome::Kind::kRedraw, {}};
}

ShellOutcome ConsoleShell::apply(const HandleResult& result, const Snapshot& snapshot) {
  switch (result.kind) {
    case HandleResult::Kind::kIgnored:
      return {};
    case HandleResult::Kind::kHandled:
    case HandleResult::Kind::kRedraw:
      return {ShellOutcome::Kind::kRedraw, {}};
    case HandleResult::Kind::kSwitchView:
      if (!switch_to(result.target_view)) {
        show_message("no view named '" + result.target_view + "'", Role::kCrit);
      }
      return {ShellOutcome::Kind::kRedraw, {}};
    case HandleResult::Kind::kQuit:
      return request_quit(snapshot);
    case HandleResult::Kind::kRunCommand: {
      std::string status = runner_ ? runner_(result.command) : "commands are not available";
      show_message(status.empty() ? result.command.name + ": done" : status,
                   status.empty() ? Role::kOk : Role::kCrit);
      return {ShellOutcome::Kind::kRedraw, {}};
    }
  }
  return {};
}

ShellOutcome ConsoleShell::run_palette_entry(const std::string& name, const Snapshot& snapshot) {
  if (name.empty()) {
    return {ShellOutcome::Kind::kRedraw, {}};
  }
  if (switch_to(name)) {
    return {ShellOutcome::Kind::kRedraw, {}};
  }
  if (name == "quit" || name == "q") {
    return request_quit(snapshot);
  }
  if (name == "help") {
    help_open_ = true;
    return {ShellOutcome::Kind::kRedraw, {}};
  }
  if (name.rfind("theme ", 0) == 0) {
    return {ShellOutcome::Kind::kChangeTheme, name.substr(6)};
  }
  for (const auto& view : views_) {
    for (const auto& action : view->actions()) {
      if (action.name == name) {
        return apply(HandleResult::run(Command{name, {}}), snapshot);
      }
    }
  }
  show_message("unknown command '" + name + "' (Tab completes, Esc closes)", Role::kCrit);
  return {ShellOutcome::Kind::kRedraw, {}};
}

ShellOutcome ConsoleShell::on_key(const Key& key, const Snapshot& snapshot) {
  if (quit_dialog_) {
    quit_dialog_->on_key(key);
    if (quit_dialog_->confirmed()) {
      return {ShellOutcome::Kind::kQuit, {}};
    }
    if (!quit_dialog_->pending()) {
      quit_dialog_.reset();
    }
    return {ShellOutcome::Kind::kRedraw, {}};
  }
  if (palette_.is_open()) {
    if (auto chosen = palette_.on_key(key)) {
      return run_palette_entry(*chosen, snapshot);
    }
    return {ShellOutcome::Kind::kRedraw, {}};
  }
  if (help_open_) {
    // Any key closes help; `q` closes only help, never the console by surprise.
    help_open_ = false;
    return {ShellOutcome::Kind::kRedraw, {}};
  }
  View& view = *views_[active_];
  if (!view.capturing_input()) {
    message_.clear();
    if (key.is_char(U'q')) {
      return request_quit(snapshot);
    }
    if (key.is_char(U'?')) {
      help_open_ = true;
      return {ShellOutcome::Kind::kRedraw, {}};
    }
    if (key.is_char(U':')) {
      palette_.open(palette_entries());
      return {ShellOutcome::Kind::kRedraw, {}};
    }
    if (auto tab = tabs_.tab_for_key(key); tab && *tab < views_.size()) {
      active_ = *tab;
      tabs_.set_active(active_);
      return {ShellOutcome::Kind::kRedraw, {}};
    }
    if (key.code == Key::Code::kTab || key.code == Key::Code::kBackTab) {
      std::size_t count = views_.size();
      active_ = key.code == Key::Code::kTab ? (active_ + 1) % count : (active_ + count - 1) % count;
      tabs_.set_active(active_);
      return {ShellOutcome::Kind::kRedraw, {}};
    }
  }
  return apply(view.on_key(key, snapshot), snapshot);
}

void ConsoleShell::render_header(const Snapshot& snapshot, Canvas& canvas, Rect row) const {
  canvas.fill(row, U' ', {Role::kHeader, kAttrNone});
  std::string left = " opsdeck " + snapshot.session->version;
  canvas.text(row.x, row.y, left, {Role::kHeader, kAttrBold}, row);
  std::string where = snapshot.session->local_stack ? "local stack" : "configured servers";
  std::size_t running = snapshot.jobs->running();
  std::string right = where + (running > 0 ? " | " + plural(running, "job") + " running" : "") + " ";
  int width = display_width(right);
  if (width + display_width(left) < row.width) {
    canvas.text(row.right() - width, row.y, right, {Role::kHeader, kAttrNone}, row);
  }
}

void ConsoleShell::render_help(Canvas& canvas, Rect screen, const Glyphs& glyphs) const {
  const View& view = *views_[active_];
  std::vector<KeyHint> keys = view.keys();
  int lines = static_cast<int>(keys.size() + kGlobalKeys.size()) + 5;
  Rect box = centered(screen, std::min(screen.width - 2, 60), std::min(screen.height - 2, lines));
  canvas.fill(box, U' ', {Role::kDialog, kAttrNone});
  canvas.box(box, "Help: " + std::string(view.title()), {Role::kBorder, kAttrNone});
  (void)glyphs;
  int y = box.y + 1;
  auto draw = [&](const KeyHint& hint) {
    if (y < box.bottom() - 1) {
      canvas.text(box.x + 2, y, hint.key, {Role::kKeyHint, kAttrBold}, box.inset(1));
      canvas.text(box.x + 12, y, hint.description, {Role::kDialog, kAttrNone}, box.inset(1));
      ++y;
    }
  };
  for (const auto& hint : keys) {
    draw(hint);
  }
  if (y < box.bottom() - 1) {
    canvas.text(box.x + 2, ++y, "Everywhere", {Role::kAccent, kAttrBold}, box.inset(1));
    ++y;
  }
  for (const auto& hint : kGlobalKeys) {
    draw(hint);
  }
  canvas.text(box.x + 2, box.bottom() - 1, " any key closes ", {Role::kMuted, kAttrNone});
}

void ConsoleShell::render(const Snapshot& snapshot, Canvas& canvas) {
  const Glyphs& glyphs = glyphs_for(snapshot.ascii);
  canvas.clear();
  Rect screen = canvas.bounds();
  if (screen.width < kMinWidth || screen.height < kMinHeight) {
    // Short words first: even a 10-column terminal shows why nothing else is drawn.
    canvas.text(0, 0, "too small: " + std::to_string(screen.width) + "x" + std::to_string(screen.height),
                {Role::kCrit, kAttrBold});
    canvas.text(0, 1, "opsdeck needs " + std::to_string(kMinWidth) + "x" + std::to_string(kMinHeight),
                {Role::kDefault, kAttrNone});
    return;
  }
  render_header(snapshot, canvas, screen.top(1));
  tabs_.render(canvas, Rect{0, 1, screen.width, 1}, snapshot.ascii);
  // The view draws into a canvas of exactly its area, so it cannot touch the bars around it.
  Canvas body(screen.width, screen.height - 3);
  views_[active_]->render(snapshot, body);
  copy_into(canvas, body, 0, 2);

  StatusBar status;
  status.hints = views_[active_]->keys();
  status.hints.insert(status.hints.end(), {{"?", "help"}, {":", "commands"}, {"q", "quit"}});
  status.message = message_;
  status.message_role = message_role_;
  Rect bottom{0, screen.height - 1, screen.width, 1};
  status.render(canvas, bottom, snapshot.ascii);
  palette_.render(canvas, screen, bottom.y, glyphs);
  if (help_open_) {
    render_help(canvas, screen, glyphs);
  }
  if (quit_dialog_) {
    quit_dialog_->render(canvas, screen, glyphs);
  }
}

}  // namespace opsdeck::tui::app
