// ServerCard drawing. Colours carry state (ok/crit/muted) and the words say it too, for monochrome.
#include "views/server_card.hpp"

#include "tui/widgets/format.hpp"
#include "tui/widgets/text_wrap.hpp"
#include "views/overview_view.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Role;

void render_server_card(tui::Canvas& canvas, tui::Rect area, const metrics::ServerState& server, bool ascii) {
  std::string title = server.name + (server.from_local_stack ? " (local stack)" : "");
  canvas.box(area, title, {Role::kBorder, kAttrNone}, ascii);
  tui::Rect inner = area.inset(1);
  if (inner.empty()) {
    return;
  }
  int x = inner.x + 1;
  int y = inner.y;
  std::string state;
  Role role;
  if (!server.checked) {
    state = ascii ? "o checking" : "○ checking";
    role = Role::kMuted;
  } else if (server.up) {
    state = ascii ? "* up" : "● up";
    role = Role::kOk;
  } else {
    state = ascii ? "x DOWN" : "✖ DOWN";
    role = Role::kCrit;
  }
  canvas.text(x, y, state, {role, kAttrBold}, inner);
  canvas.text(x + 12, y, tui::truncate_to_width(server.endpoint, inner.width - 13, ascii),
              {Role::kMuted, kAttrNone}, inner);
  ++y;
  auto field = [&](int column, std::string_view label, const std::string& value) {
    canvas.text(column, y, label, {Role::kMuted, kAttrNone}, inner);
    canvas.text(column + static_cast<int>(label.size()) + 1, y, value, {Role::kDefault, kAttrNone}, inner);
  };
  if (server.up) {
    field(x, "version", server.version.empty() ? "?" : server.version);
    ++y;
    field(x, "uptime ", format_uptime(server.uptime_seconds));
    ++y;
    field(x, "conns  ", std::to_string(server.connections));
    field(x + 18, "ops/s", tui::format_count(server.operations_per_second));
  } else if (server.checked) {
    auto lines = tui::wrap_text(server.error, inner.width - 2);
    for (std::size_t i = 0; i < lines.size() && y < inner.bottom() - 1; ++i, ++y) {
      canvas.text(x, y, lines[i], {Role::kCrit, kAttrNone}, inner);
    }
    y = inner.bottom() - 1;
    canvas.text(x, y,
                "retrying in " + tui::format_duration(static_cast<double>(server.retry_in.count()) / 1000.0),
                {Role::kMuted, kAttrNone}, inner);
  }
}

}  // namespace opsdeck::views
