// Databases layout: cards in a grid (as many per row as fit at kMinCardWidth), the selected card's row kept
// on screen, the detail table in the rest of the height.
#include "views/databases_view.hpp"

#include <algorithm>
#include <cstdio>

#include "tui/widgets/format.hpp"
#include "views/database_card.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

constexpr int kMinCardWidth = 44;
constexpr int kMinDetailHeight = 6;

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, seconds < 10 ? "%.1f s" : "%.0f s", seconds);
  return text;
}

std::vector<tui::TableColumn> process_columns() {
  return {{"id", 8, 0, 0, tui::Align::kRight},
          {"user", 12},
          {"host", 0, 1, 10},
          {"db", 10},
          {"command", 11},
          {"time", 9, 0, 0, tui::Align::kRight},
          {"state", 0, 1, 10},
          {"info", 0, 3, 12}};
}

std::vector<tui::TableColumn> keyspace_columns() {
  return {{"db", 6, 0, 0, tui::Align::kRight},
          {"keys", 12, 0, 0, tui::Align::kRight},
          {"expires", 12, 0, 0, tui::Align::kRight},
          {"", 0, 1, 0}};
}

}  // namespace

DatabasesView::DatabasesView(std::int64_t long_query_seconds) : long_query_seconds_(long_query_seconds) {
}

std::vector<tui::KeyHint> DatabasesView::keys() const {
  return {{"←/→", "server"}, {"↑/↓", "process"}, {"s", "sort"}, {"/", "filter"}};
}

std::size_t DatabasesView::selected_index(const metrics::ServersSnapshot& servers) const {
  for (std::size_t i = 0; i < servers.servers.size(); ++i) {
    if (servers.servers[i].name == selected_name_) {
      return i;
    }
  }
  return 0;
}

void DatabasesView::fill_table(const metrics::ServerState& server) {
  std::string kind = server.kind == metrics::ServerKind::kMariadb ? "processes" : "keyspaces";
  if (kind != table_kind_) {
    table_.set_columns(kind == "processes" ? process_columns() : keyspace_columns());
    table_.clear_sort();
    table_kind_ = kind;
  }
  std::vector<tui::TableRow> rows;
  if (server.kind == metrics::ServerKind::kMariadb) {
    for (const auto& process : server.processes) {
      tui::TableRow row;
      row.id = std::to_string(process.id);
      row.cells = {tui::TableCell(std::to_string(process.id)),
                   tui::TableCell(process.user),
                   tui::TableCell(process.host),
                   tui::TableCell(process.database),
                   tui::TableCell(process.command),
                   tui::TableCell(seconds_text(process.seconds), std::to_string(process.seconds)),
                   tui::TableCell(process.state),
                   tui::TableCell(process.info)};
      bool working = process.command != "Sleep" && process.command != "Daemon" &&
                     process.command.rfind("Binlog Dump", 0) != 0;
      if (working && process.seconds >= static_cast<double>(long_query_seconds_)) {
        row.role = Role::kWarn;
      }
      rows.push_back(std::move(row));
    }
  } else if (server.redis) {
    for (const auto& keyspace : server.redis->keyspaces) {
      tui::TableRow row;
      row.id = std::to_string(keyspace.db);
      row.cells = {tui::TableCell("db" + std::to_string(keyspace.db), std::to_string(keyspace.db)),
                   tui::TableCell(std::to_string(keyspace.keys)),
                   tui::TableCell(std::to_string(keyspace.expires)), tui::TableCell("")};
      rows.push_back(std::move(row));
    }
  }
  table_.set_rows(std::move(rows));
}

void DatabasesView::render_detail(tui::Canvas& canvas, Rect area, const metrics::ServerState& server,
                                  bool ascii) {
  fill_table(server);
  std::string title = server.kind == metrics::ServerKind::kMariadb
                          ? "Processes on " + server.name + " " + table_.count_label()
                          : "Keyspaces on " + server.name + " " + table_.count_label();
  canvas.box(area, title, {Role::kBorder, kAttrNone}, ascii);
  Rect inner = area.inset(1);
  if (inner.empty()) {
    return;
  }
  if (!server.up) {
    std::string why = server.checked ? server.name + " is down: " + server.error : "checking " + server.name;
    canvas.text(inner.x + 1, inner.y, tui::truncate_to_width(why, inner.width - 2, ascii),
                {server.checked ? Role::kCrit : Role::kMuted, kAttrNone}, inner);
    return;
  }
  if (server.kind == metrics::ServerKind::kRedis) {
    // The replicas a Redis primary feeds, one line each under the keyspaces.
    int lines = static_cast<int>(server.replication.replicas.size());
    Rect table_area{inner.x, inner.y, inner.width, std::max(2, inner.height - lines)};
    table_.render(canvas, table_area, tui::glyphs_for(ascii), table_focused_);
    int y = table_area.bottom();
    for (const auto& link : server.replication.replicas) {
      if (y >= inner.bottom()) {
        break;
      }
      std::string text = "replica " + link.address + " " + link.state + ", lag " +
                         std::to_string(link.lag_seconds) + " s, " +
                         tui::format_bytes(static_cast<double>(link.offset_lag_bytes)) + " behind";
      canvas.text(inner.x + 1, y++, tui::truncate_to_width(text, inner.width - 2, ascii),
                  {Role::kDefault, kAttrNone}, inner);
    }
    return;
  }
  if (server.processes.empty()) {
    canvas.text(inner.x + 1, inner.y, "no other connections", {Role::kMuted, kAttrNone}, inner);
    return;
  }
  table_.render(canvas, inner, tui::glyphs_for(ascii), table_focused_);
}

void DatabasesView::render(const tui::Snapshot& snapshot, tui::Canvas& canvas) {
  Rect area = canvas.bounds();
  const auto& servers = snapshot.servers->servers;
  if (servers.empty()) {
    canvas.text(1, area.y,
                "no servers to watch: configure mariadb.host / redis.host or start the local stack",
                {Role::kMuted, kAttrNone});
    return;
  }
  std::size_t selected = selected_index(*snapshot.servers);
  int per_row = std::clamp(area.width / kMinCardWidth, 1, static_cast<int>(servers.size()));
  int card_rows = (static_cast<int>(servers.size()) + per_row - 1) / per_row;
  // As many card rows as leave room for the detail; scrolled so the selected card's row is one of them.
  int fit_rows = std::max(1, (area.height - kMinDetailHeight) / kDatabaseCardHeight);
  int shown_rows = std::min(card_rows, fit_rows);
  int selected_row = static_cast<int>(selected) / per_row;
  int first_row = std::clamp(selected_row - shown_rows + 1, 0, card_rows - shown_rows);
  int width = area.width / per_row;
  for (int row = 0; row < shown_rows; ++row) {
    for (int column = 0; column < per_row; ++column) {
      std::size_t index = static_cast<std::size_t>((first_row + row) * per_row + column);
      if (index >= servers.size()) {
        break;
      }
      Rect card{area.x + column * width, area.y + row * kDatabaseCardHeight,
                column == per_row - 1 ? area.width - column * width : width, kDatabaseCardHeight};
      render_database_card(canvas, card, servers[index], index == selected, snapshot.ascii);
    }
  }
  int y = area.y + shown_rows * kDatabaseCardHeight;
  if (card_rows > shown_rows && y < area.bottom()) {
    canvas.text(1, y++,
                "servers " + std::to_string(first_row * per_row + 1) + "-" +
                    std::to_string(
                        std::min<int>(static_cast<int>(servers.size()), (first_row + shown_rows) * per_row)) +
                    " of " + std::to_string(servers.size()) + " (←/→)",
                {Role::kMuted, kAttrNone});
  }
  if (y < area.bottom()) {
    render_detail(canvas, Rect{area.x, y, area.width, area.bottom() - y}, servers[selected], snapshot.ascii);
  }
}

tui::HandleResult DatabasesView::on_key(const tui::Key& key, const tui::Snapshot& snapshot) {
  const auto& servers = snapshot.servers->servers;
  if (!table_.editing_filter() && !servers.empty()) {
    bool left = key.code == tui::Key::Code::kLeft || key.is_char(U'h');
    bool right = key.code == tui::Key::Code::kRight || key.is_char(U'l');
    if (left || right) {
      std::size_t count = servers.size();
      std::size_t index = selected_index(*snapshot.servers);
      index = right ? (index + 1) % count : (index + count - 1) % count;
      selected_name_ = servers[index].name;
      return tui::HandleResult::redraw();
    }
  }
  if (!table_.on_key(key)) {
    return tui::HandleResult::ignored();
  }
  table_focused_ = true;
  return tui::HandleResult::redraw();
}

}  // namespace opsdeck::views
