// Sync: the providers with their last run (tag, duration, counts, status) or live progress, the run history,
// and a graph browser (labels with counts -> a label's nodes -> a node's properties and relationships).
// `s` syncs the selected provider, `a` all of them; `g` switches between providers and graph. In the graph,
// Enter opens the selection (and on a relationship follows it to the node at the far end), Backspace goes
// back. The view only sends commands (sync.run, sync.browse_*); the session runs them as jobs.
#pragma once

#include <string>
#include <vector>

#include "backend/sync/sync_snapshot.hpp"
#include "tui/view.hpp"
#include "tui/widgets/table.hpp"

namespace opsdeck::views {

class SyncView : public tui::View {
 public:
  enum class Pane { kProviders, kGraph };
  enum class Level { kLabels, kNodes, kNode };
  struct Location {
    Level level = Level::kLabels;
    std::string label;
    std::string id;
  };

  SyncView();
  std::string_view id() const override { return "sync"; }
  std::string_view title() const override { return "Sync"; }
  std::vector<tui::KeyHint> keys() const override;
  std::vector<tui::Action> actions() const override;
  void render(const tui::Snapshot& snapshot, tui::Canvas& canvas) override;
  tui::HandleResult on_key(const tui::Key& key, const tui::Snapshot& snapshot) override;

  Pane pane() const { return pane_; }
  const Location& location() const { return location_; }
  std::size_t back_depth() const { return back_.size(); }

 private:
  tui::HandleResult on_provider_key(const tui::Key& key);
  tui::HandleResult on_graph_key(const tui::Key& key, const sync::SyncSnapshot& sync);
  tui::HandleResult go_to(Location location, bool remember);
  void fill_providers(const sync::SyncSnapshot& sync);
  void fill_graph(const sync::SyncSnapshot& sync);
  void render_providers(const tui::Snapshot& snapshot, const sync::SyncSnapshot& sync, tui::Canvas& canvas);
  void render_graph(const tui::Snapshot& snapshot, const sync::SyncSnapshot& sync, tui::Canvas& canvas);
  void render_node(const tui::Snapshot& snapshot, const sync::NodeDetail& node, tui::Canvas& canvas,
                   tui::Rect area);

  Pane pane_ = Pane::kProviders;
  tui::Table providers_;
  tui::Table labels_;
  tui::Table nodes_;
  Location location_;
  std::vector<Location> back_;
  std::size_t relationship_ = 0;  // selection in the opened node's relationships (outgoing then incoming)
  std::shared_ptr<const sync::SyncSnapshot> filled_from_;
};

}  // namespace opsdeck::views
