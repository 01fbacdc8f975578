// Theme-file keys of the roles; the order of kRoleKeys follows the Role enum.
#include "tui/theme/role.hpp"

namespace opsdeck::tui {
namespace {

constexpr std::array<std::string_view, kRoleCount> kRoleKeys = {
    "default",    "muted",        "accent",     "ok",       "warn",   "crit",   "selection", "header",
    "tab_active", "tab_inactive", "status_bar", "key_hint", "border", "dialog", "input",     "graph",
};

constexpr std::array<Role, kRoleCount> make_all_roles() {
  std::array<Role, kRoleCount> roles{};
  for (std::size_t i = 0; i < kRoleCount; ++i) {
    roles[i] = static_cast<Role>(i);
  }
  return roles;
}

constexpr std::array<Role, kRoleCount> kAllRoles = make_all_roles();

static_assert(static_cast<std::size_t>(Role::kGraph) + 1 == kRoleCount, "kRoleKeys must list every role");

}  // namespace

std::string_view role_key(Role role) {
  const auto index = static_cast<std::size_t>(role);
  return index < kRoleCount ? kRoleKeys[index] : std::string_view{"unknown"};
}

std::optional<Role> role_from_key(std::string_view key) {
  for (std::size_t i = 0; i < kRoleCount; ++i) {
    if (kRoleKeys[i] == key) {
      return static_cast<Role>(i);
    }
  }
  return std::nullopt;
}

const std::array<Role, kRoleCount>& all_roles() {
  return kAllRoles;
}

}  // namespace opsdeck::tui
