// Sync view: UI state and keys. Rendering is in sync_view_render.cpp.
#include "views/sync_view.hpp"

namespace opsdeck::views {

namespace {

std::vector<const sync::RelationshipView*> relationships_of(const sync::NodeDetail& node) {
  std::vector<const sync::RelationshipView*> all;
  for (const auto& relationship : node.outgoing) {
    all.push_back(&relationship);
  }
  for (const auto& relationship : node.incoming) {
    all.push_back(&relationship);
  }
  return all;
}

}  // namespace

SyncView::SyncView()
    : providers_({{"provider", 10},
                  {"status", 10},
                  {"tag", 11, 0, 0, tui::Align::kRight},
                  {"time", 7, 0, 0, tui::Align::kRight},
                  {"nodes", 8, 0, 0, tui::Align::kRight},
                  {"rels", 8, 0, 0, tui::Align::kRight},
                  {"deleted", 8, 0, 0, tui::Align::kRight},
                  {"message", 0, 1, 10}}),
      labels_({{"label", 0, 1, 8}, {"count", 8, 0, 0, tui::Align::kRight}}),
      nodes_({{"id", 0, 2, 10}, {"scope", 0, 1, 8}}) {
}

std::vector<tui::KeyHint> SyncView::keys() const {
  if (pane_ == Pane::kProviders) {
    return {{"s", "sync selected"}, {"a", "sync all"}, {"g", "graph"}};
  }
  return {{"Enter", location_.level == Level::kNode ? "follow" : "open"},
          {"Bksp", "back"},
          {"r", "refresh"},
          {"g", "providers"}};
}

std::vector<tui::Action> SyncView::actions() const {
  return {{"sync.run", "sync every provider"}, {"sync.browse_labels", "refresh the graph's labels"}};
}

tui::HandleResult SyncView::on_key(const tui::Key& key, const tui::Snapshot& snapshot) {
  if (key.is_char(U'g')) {
    pane_ = pane_ == Pane::kProviders ? Pane::kGraph : Pane::kProviders;
    if (pane_ == Pane::kGraph && location_.level == Level::kLabels) {
      return tui::HandleResult::run(tui::Command{"sync.browse_labels", {}});
    }
    return tui::HandleResult::redraw();
  }
  return pane_ == Pane::kProviders ? on_provider_key(key) : on_graph_key(key, *snapshot.sync);
}

tui::HandleResult SyncView::on_provider_key(const tui::Key& key) {
  if (key.is_char(U'a')) {
    return tui::HandleResult::run(tui::Command{"sync.run", {}});
  }
  if (key.is_char(U's') || key.code == tui::Key::Code::kEnter) {
    const tui::TableRow* selected = providers_.selected_row();
    if (selected == nullptr) {
      return tui::HandleResult::redraw();
    }
    return tui::HandleResult::run(tui::Command{"sync.run", {selected->id}});
  }
  return providers_.on_key(key) ? tui::HandleResult::redraw() : tui::HandleResult::ignored();
}

tui::HandleResult SyncView::go_to(Location location, bool remember) {
  if (remember) {
    back_.push_back(location_);
  }
  location_ = std::move(location);
  relationship_ = 0;
  switch (location_.level) {
    case Level::kLabels:
      return tui::HandleResult::run(tui::Command{"sync.browse_labels", {}});
    case Level::kNodes:
      return tui::HandleResult::run(tui::Command{"sync.browse_label", {location_.label}});
    case Level::kNode:
      return tui::HandleResult::run(tui::Command{"sync.browse_node", {location_.label, location_.id}});
  }
  return tui::HandleResult::redraw();
}

tui::HandleResult SyncView::on_graph_key(const tui::Key& key, const sync::SyncSnapshot& sync) {
  if (key.code == tui::Key::Code::kBackspace) {
    if (back_.empty()) {
      if (location_.level == Level::kLabels) {
        return tui::HandleResult::ignored();
      }
      return go_to(Location{}, false);
    }
    Location previous = back_.back();
    back_.pop_back();
    return go_to(std::move(previous), false);
  }
  if (key.is_char(U'r')) {
    return go_to(location_, false);
  }
  switch (location_.level) {
    case Level::kLabels:
      if (key.code == tui::Key::Code::kEnter) {
        const tui::TableRow* selected = labels_.selected_row();
        if (selected == nullptr) {
          return tui::HandleResult::redraw();
        }
        return go_to(Location{Level::kNodes, selected->id, {}}, true);
      }
      return labels_.on_key(key) ? tui::HandleResult::redraw() : tui::HandleResult::ignored();
    case Level::kNodes:
      if (key.code == tui::Key::Code::kEnter) {
        const tui::TableRow* selected = nodes_.selected_row();
        if (selected == nullptr) {
          return tui::HandleResult::redraw();
        }
        return go_to(Location{Level::kNode, location_.label, selected->id}, true);
      }
      return nodes_.on_key(key) ? tui::HandleResult::redraw() : tui::HandleResult::ignored();
    case Level::kNode: {
      const bool shown =
          sync.graph.node && sync.graph.node->label == location_.label && sync.graph.node->id == location_.id;
      const auto relationships =
          shown ? relationships_of(*sync.graph.node) : std::vector<const sync::RelationshipView*>{};
      if (key.code == tui::Key::Code::kUp || key.is_char(U'k')) {
        relationship_ = relationship_ > 0 ? relationship_ - 1 : 0;
        return tui::HandleResult::redraw();
      }
      if (key.code == tui::Key::Code::kDown || key.is_char(U'j')) {
        relationship_ = relationships.empty() ? 0 : std::min(relationship_ + 1, relationships.size() - 1);
        return tui::HandleResult::redraw();
      }
      if (key.code == tui::Key::Code::kEnter && relationship_ < relationships.size()) {
        const auto* relationship = relationships[relationship_];
        return go_to(Location{Level::kNode, relationship->other_label, relationship->other_id}, true);
      }
      return tui::HandleResult::ignored();
    }
  }
  return tui::HandleResult::ignored();
}

}  // namespace opsdeck::views
