// DatabaseCard: one server's box on the Databases view — state and version, a sparkline row per key rate
// (queries/s, rows/s, bytes, threads; ops/s, memory, clients, hit ratio) and the replication line with lag.
// A down server shows its error and the next retry instead.
#pragma once

#include <string>

#include "backend/metrics/server_state.hpp"
#include "tui/canvas/canvas.hpp"

namespace opsdeck::views {

// Two borders, the state line, five series rows, the replication line.
inline constexpr int kDatabaseCardHeight = 9;

void render_database_card(tui::Canvas& canvas, tui::Rect area, const metrics::ServerState& server,
                          bool selected, bool ascii);

// A series' latest value as a person reads it: "1.2k/s", "35.1 MiB/s", "99.8%", "3 s", "-" for no value.
std::string format_series_value(double value, metrics::SeriesUnit unit);

// The replication line's text: "primary, 2 replicas", "replica of db1:3306, lag 3 s", "replica ... IO
// stopped"; a multi-source replica names each connection: "replica of 2 sources: east db1:3306, lag 0 s;
// west db2:3306, IO stopped, lag -".
std::string replication_summary(const metrics::ReplicationState& replication);

}  // namespace opsdeck::views
