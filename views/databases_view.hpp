// Databases: a card per watched server (sparklines of its key rates, replication and lag) and, below, the
// selected server's detail — the process list of a MariaDB server (statements running longer than
// monitor.long_query_time highlighted), the keyspaces and replicas of a Redis server.
// Left/Right (h/l) choose the server; the table keeps Up/Down, s/S and `/`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tui/view.hpp"
#include "tui/widgets/table.hpp"

namespace opsdeck::views {

class DatabasesView : public tui::View {
 public:
  explicit DatabasesView(std::int64_t long_query_seconds = 10);
  std::string_view id() const override { return "databases"; }
  std::string_view title() const override { return "Databases"; }
  std::vector<tui::KeyHint> keys() const override;
  void render(const tui::Snapshot& snapshot, tui::Canvas& canvas) override;
  tui::HandleResult on_key(const tui::Key& key, const tui::Snapshot& snapshot) override;
  bool capturing_input() const override { return table_.editing_filter(); }

 private:
  std::size_t selected_index(const metrics::ServersSnapshot& servers) const;
  void fill_table(const metrics::ServerState& server);
  void render_detail(tui::Canvas& canvas, tui::Rect area, const metrics::ServerState& server, bool ascii);

  std::int64_t long_query_seconds_;
  std::string selected_name_;  // follows the server across snapshots (and reorderings)
  tui::Table table_;
  std::string table_kind_;  // "processes" or "keyspaces": the columns the table has now
  // The selection colour only once the user moves in the table: until then the longest-running statement,
  // on the first row, shows its warning colour rather than the selection's.
  bool table_focused_ = false;
};

}  // namespace opsdeck::views
