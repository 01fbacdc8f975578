// Semantic colour roles: views ask for a role, the theme maps roles to colours (htop's way, not raw colours).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace opsdeck::tui {

enum class Role : std::uint8_t {
  kDefault,      // body text
  kMuted,        // secondary text, borders, hints
  kAccent,       // titles, highlighted numbers
  kOk,           // healthy, succeeded
  kWarn,         // degraded, slow, soon to expire
  kCrit,         // down, failed, expired
  kSelection,    // selected row
  kHeader,       // top bar
  kTabActive,    // the current tab
  kTabInactive,  // other tabs
  kStatusBar,    // bottom bar with key hints
  kKeyHint,      // the key part of a hint ("q")
  kBorder,       // box lines
  kDialog,       // dialogs and overlays
  kInput,        // text being typed
  kGraph,        // sparklines and graphs
};

inline constexpr std::size_t kRoleCount = 16;

// Theme-file key of each role ("ok", "tab_active", ...).
std::string_view role_key(Role role);
std::optional<Role> role_from_key(std::string_view key);
const std::array<Role, kRoleCount>& all_roles();

}  // namespace opsdeck::tui
