// The compiled-in default theme and the colour downgrade for 8/16-colour terminals.
#include "tui/theme/theme.hpp"

namespace opsdeck::tui {
namespace {

constexpr int kBlack = 0, kRed = 1, kGreen = 2, kYellow = 3, kBlue = 4, kCyan = 6, kWhite = 7, kGrey = 8,
              kBrightWhite = 15;

Theme make_default_theme() {
  Theme theme;
  theme.name = "dark";
  theme.description = "Default: light text on the terminal's own (dark) background, 16 colours";
  auto fg = [](int color, bool bold = false) { return ColorSpec{color, kDefaultColor, bold}; };
  auto on = [](int foreground, int background, bool bold = false) {
    return ColorSpec{foreground, background, bold};
  };
  theme.set(Role::kDefault, fg(kDefaultColor));
  theme.set(Role::kMuted, fg(kGrey));
  theme.set(Role::kAccent, fg(kCyan, true));
  theme.set(Role::kOk, fg(kGreen));
  theme.set(Role::kWarn, fg(kYellow));
  theme.set(Role::kCrit, fg(kRed, true));
  theme.set(Role::kSelection, on(kBlack, kCyan));
  theme.set(Role::kHeader, on(kWhite, kBlue, true));
  theme.set(Role::kTabActive, on(kBlack, kCyan, true));
  theme.set(Role::kTabInactive, on(kWhite, kBlue));
  theme.set(Role::kStatusBar, on(kBlack, kWhite));
  theme.set(Role::kKeyHint, on(kBlue, kWhite, true));
  theme.set(Role::kBorder, fg(kGrey));
  theme.set(Role::kDialog, on(kWhite, kBlack));
  theme.set(Role::kInput, fg(kBrightWhite));
  theme.set(Role::kGraph, fg(kCyan));
  return theme;
}

}  // namespace

const Theme& default_theme() {
  static const Theme theme = make_default_theme();
  return theme;
}

Theme Theme::downgrade(int colors) const {
  if (colors >= 256) {
    return *this;
  }
  Theme result = *this;
  for (Role role : all_roles()) {
    ColorSpec spec = get(role);
    // Without colours a bar or selection would vanish; reverse video keeps it visible.
    if (colors < 8 && spec.bg != kDefaultColor) {
      spec.reverse = true;
    }
    spec.fg = downgrade_color(spec.fg, colors);
    spec.bg = downgrade_color(spec.bg, colors);
    result.set(role, spec);
  }
  return result;
}

}  // namespace opsdeck::tui
