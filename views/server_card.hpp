// ServerCard: one server's box on the Overview — state, endpoint, version, uptime, connections, ops/s, and
// the error and next retry while it is down.
#pragma once

#include "backend/metrics/server_state.hpp"
#include "tui/canvas/canvas.hpp"

namespace opsdeck::views {

inline constexpr int kServerCardHeight = 7;

void render_server_card(tui::Canvas& canvas, tui::Rect area, const metrics::ServerState& server, bool ascii);

}  // namespace opsdeck::views
