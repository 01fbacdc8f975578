// Terminal implementation over ncursesw.
#include "tui/term/terminal.hpp"

#include <curses.h>
#include <langinfo.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <clocale>
#include <cstring>

#include "tui/term/key_reader.hpp"
#include "tui/term/terminal_guard.hpp"

namespace opsdeck::tui {
namespace {

// Escape arrives alone or as the start of a sequence; 25 ms tells them apart over SSH without a lag a
// person notices (ncurses waits a whole second by default).
constexpr int kEscapeDelayMs = 25;

// In monochrome, roles still need to be told apart: attributes carry the meaning colours would.
int monochrome_attrs(Role role) {
  switch (role) {
    case Role::kSelection:
    case Role::kTabActive:
    case Role::kHeader:
    case Role::kStatusBar:
      return A_REVERSE;
    case Role::kCrit:
    case Role::kAccent:
    case Role::kKeyHint:
      return A_BOLD;
    case Role::kWarn:
      return A_UNDERLINE;
    case Role::kMuted:
      return A_DIM;
    default:
      return A_NORMAL;
  }
}

char32_t ascii_fallback(char32_t ch) {
  if (ch < 0x80) {
    return ch;
  }
  switch (ch) {
    case U'─':
      return U'-';
    case U'│':
      return U'|';
    case U'┌':
    case U'┐':
    case U'└':
    case U'┘':
    case U'├':
    case U'┤':
    case U'┬':
    case U'┴':
    case U'┼':
      return U'+';
    case U'…':
      return U'~';
    case U'▲':
      return U'^';
    case U'▼':
      return U'v';
    case U'▶':
      return U'>';
    case U'●':
      return U'*';
    case U'○':
      return U'o';
    default:
      // Blocks and braille become '#'; anything else unknown to ASCII becomes '?'.
      if ((ch >= 0x2580 && ch <= 0x259F) || (ch >= 0x2800 && ch <= 0x28FF)) {
        return U'#';
      }
      return U'?';
  }
}

}  // namespace

core::Result<std::unique_ptr<Terminal>> Terminal::open(const TerminalOptions& options, const Theme& theme) {
  if (::isatty(STDIN_FILENO) != 1 || ::isatty(STDOUT_FILENO) != 1) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "the console needs a terminal on stdin and stdout; run a subcommand for scripts "
                      "(opsdeck --help)");
  }
  std::setlocale(LC_ALL, "");
  auto terminal = std::unique_ptr<Terminal>(new Terminal());
  terminal->ascii_ = options.force_ascii || std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
  TerminalGuard::arm_crash_restore(STDOUT_FILENO);
  if (initscr() == nullptr) {
    TerminalGuard::disarm_crash_restore();
    return core::fail(core::ErrorCategory::kUnavailable, "cannot initialise the terminal (is TERM set?)");
  }
  TerminalGuard::capture_reset_strings();
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(kEscapeDelayMs);
  curs_set(0);
  terminal->monochrome_ = options.monochrome || !has_colors();
  if (!terminal->monochrome_) {
    start_color();
    use_default_colors();
    terminal->colors_ = COLORS;
  }
  terminal->apply_theme(theme);
  return terminal;
}

Terminal::~Terminal() {
  endwin();
  TerminalGuard::disarm_crash_restore();
}

int Terminal::width() const {
  return COLS;
}
int Terminal::height() const {
  return LINES;
}

void Terminal::apply_theme(const Theme& theme) {
  Theme shown = theme.downgrade(colors_);
  for (Role role : all_roles()) {
    auto index = static_cast<std::size_t>(role);
    if (monochrome_) {
      role_attrs_[index] = monochrome_attrs(role);
      role_pairs_[index] = 0;
      continue;
    }
    const ColorSpec& spec = shown.get(role);
    auto pair = static_cast<short>(index + 1);
    init_pair(pair, static_cast<short>(spec.fg), static_cast<short>(spec.bg));
    role_pairs_[index] = pair;
    role_attrs_[index] = (spec.bold ? A_BOLD : 0) | (spec.underline ? A_UNDERLINE : 0) |
                         (spec.reverse ? A_REVERSE : 0) | (spec.dim ? A_DIM : 0);
  }
  previous_.reset();
}

void Terminal::put_cell(int x, int y, const Cell& cell) {
  auto index = static_cast<std::size_t>(cell.role);
  attr_t attrs = static_cast<attr_t>(role_attrs_[index]);
  if (cell.attrs & kAttrBold) {
    attrs |= A_BOLD;
  }
  if (cell.attrs & kAttrReverse) {
    attrs |= A_REVERSE;
  }
  if (cell.attrs & kAttrUnderline) {
    attrs |= A_UNDERLINE;
  }
  if (cell.attrs & kAttrDim) {
    attrs |= A_DIM;
  }
  wchar_t text[2] = {static_cast<wchar_t>(ascii_ ? ascii_fallback(cell.ch) : cell.ch), L'\0'};
  cchar_t out{};
  setcchar(&out, text, attrs, role_pairs_[index], nullptr);
  mvadd_wch(y, x, &out);
}

void Terminal::present(const Canvas& canvas) {
  bool full = !previous_ || previous_->width() != canvas.width() || previous_->height() != canvas.height();
  if (full) {
    erase();
  }
  for (int y = 0; y < canvas.height() && y < LINES; ++y) {
    for (int x = 0; x < canvas.width() && x < COLS; ++x) {
      const Cell& cell = canvas.at(x, y);
      if (cell.continuation || (!full && previous_->at(x, y) == cell)) {
        continue;
      }
      // The bottom-right cell scrolls some terminals when written; ncurses handles it with insert mode,
      // but skipping the write when unchanged is the cheapest safe choice.
      put_cell(x, y, cell);
    }
  }
  wnoutrefresh(stdscr);
  doupdate();
  previous_ = std::make_unique<Canvas>(canvas);
}

void Terminal::handle_resize() {
  struct winsize size {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0) {
    resizeterm(size.ws_row, size.ws_col);
  }
  previous_.reset();
  clearok(curscr, TRUE);
}

std::optional<Key> Terminal::read_key() {
  return tui::read_key();
}

}  // namespace opsdeck::tui
