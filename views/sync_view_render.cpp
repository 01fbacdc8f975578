// Sync view rendering: providers table with live progress, run history, and the graph browser.
#include "backend/core/time_format.hpp"
#include "tui/widgets/format.hpp"
#include "views/sync_view.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

std::optional<Role> role_for(sync::ProviderStatus status) {
  switch (status) {
    case sync::ProviderStatus::kOk:
      return std::nullopt;
    case sync::ProviderStatus::kFailed:
      return Role::kCrit;
    default:
      return Role::kWarn;
  }
}

// Exact counts: a sync report is compared with other tools, so 1234 is not shown as 1.2k.
std::string count(std::uint64_t value) {
  return std::to_string(value);
}

std::string history_line(const sync::SyncRunSummary& run) {
  std::size_t ok = 0;
  std::uint64_t nodes = 0;
  std::uint64_t relationships = 0;
  std::uint64_t deleted = 0;
  std::string not_ok;
  for (const auto& report : run.reports) {
    ok += report.status == sync::ProviderStatus::kOk ? 1 : 0;
    nodes += report.nodes_written;
    relationships += report.relationships_written;
    deleted += report.nodes_deleted + report.relationships_deleted;
    if (report.status != sync::ProviderStatus::kOk) {
      not_ok += " " + report.provider + " " + std::string(sync::to_string(report.status));
    }
  }
  return std::to_string(run.update_tag) + "  " + core::format_utc(run.started_at) + "  " +
         std::to_string(ok) + "/" + std::to_string(run.reports.size()) + " ok  " + count(nodes) + " nodes  " +
         count(relationships) + " rels  " + count(deleted) + " deleted" +
         (not_ok.empty() ? "" : "  (" + not_ok.substr(1) + ")");
}

}  // namespace

void SyncView::fill_providers(const sync::SyncSnapshot& sync) {
  std::vector<tui::TableRow> rows;
  for (const auto& provider : sync.providers) {
    tui::TableRow row;
    row.id = provider.name;
    if (provider.live) {
      const auto& live = *provider.live;
      row.cells = {provider.name,
                   std::string(sync::to_string(live.phase)),
                   std::to_string(sync.running_update_tag),
                   tui::format_duration(live.elapsed_seconds),
                   count(live.nodes_written),
                   count(live.relationships_written),
                   count(live.deleted),
                   live.message};
      row.role = Role::kAccent;
    } else if (provider.last_run) {
      const auto& run = *provider.last_run;
      row.cells = {provider.name,
                   std::string(sync::to_string(run.status)),
                   std::to_string(run.update_tag),
                   tui::format_duration(run.duration_seconds),
                   count(run.nodes_written),
                   count(run.relationships_written),
                   count(run.nodes_deleted + run.relationships_deleted),
                   run.message};
      row.role = role_for(run.status);
    } else {
      row.cells = {provider.name, "never", "", "", "", "", "", ""};
      row.role = Role::kMuted;
    }
    rows.push_back(std::move(row));
  }
  providers_.set_rows(std::move(rows));
}

void SyncView::fill_graph(const sync::SyncSnapshot& sync) {
  std::vector<tui::TableRow> labels;
  for (const auto& label : sync.graph.labels) {
    labels.push_back(tui::TableRow{label.label, {label.label, count(label.count)}, std::nullopt});
  }
  labels_.set_rows(std::move(labels));
  std::vector<tui::TableRow> nodes;
  for (const auto& node : sync.graph.nodes) {
    nodes.push_back(tui::TableRow{node.id, {node.id, node.scope}, std::nullopt});
  }
  nodes_.set_rows(std::move(nodes));
}

void SyncView::render(const tui::Snapshot& snapshot, tui::Canvas& canvas) {
  const sync::SyncSnapshot& sync = *snapshot.sync;
  if (snapshot.sync != filled_from_) {
    fill_providers(sync);
    fill_graph(sync);
    filled_from_ = snapshot.sync;
  }
  if (pane_ == Pane::kProviders) {
    render_providers(snapshot, sync, canvas);
  } else {
    render_graph(snapshot, sync, canvas);
  }
}

void SyncView::render_providers(const tui::Snapshot& snapshot, const sync::SyncSnapshot& sync,
                                tui::Canvas& canvas) {
  const tui::Glyphs& glyphs = tui::glyphs_for(snapshot.ascii);
  Rect area = canvas.bounds();
  int y = area.y;
  if (!sync.error.empty()) {
    canvas.text(1, y++, tui::truncate_to_width(sync.error, area.width - 2, snapshot.ascii),
                {Role::kCrit, kAttrNone});
  }
  const int rows = static_cast<int>(sync.providers.size());
  const int table_height = std::max(4, std::min(rows + 3, (area.bottom() - y) * 3 / 5));
  Rect table_box{area.x, y, area.width, table_height};
  std::string title = "Providers";
  if (sync.running) {
    title += " - sync " + std::to_string(sync.running_update_tag) + " running";
  }
  canvas.box(table_box, title, {Role::kAccent, kAttrNone}, snapshot.ascii);
  if (sync.providers.empty()) {
    canvas.text(2, y + 1, sync.loaded ? "no providers configured (sync.providers)" : "loading...",
                {Role::kMuted, kAttrNone});
  } else {
    providers_.render(canvas, table_box.inset(1), glyphs, true);
  }
  y = table_box.bottom();
  if (const tui::TableRow* selected = providers_.selected_row(); selected != nullptr && y < area.bottom()) {
    for (const auto& provider : sync.providers) {
      if (provider.name != selected->id || !provider.last_run || provider.live) {
        continue;
      }
      const auto& run = *provider.last_run;
      std::string line = provider.name + ": " + std::string(sync::to_string(run.status)) + " at " +
                         core::format_utc(run.started_at) +
                         (run.cleanup_ran ? ", cleanup ran" : ", no cleanup") +
                         (run.message.empty() ? "" : " - " + run.message);
      canvas.text(1, y, tui::truncate_to_width(line, area.width - 2, snapshot.ascii),
                  {run.status == sync::ProviderStatus::kOk ? Role::kOk : Role::kCrit, kAttrNone});
    }
    ++y;
  }
  if (y + 2 >= area.bottom()) {
    return;
  }
  Rect history_box{area.x, y, area.width, area.bottom() - y};
  canvas.box(history_box, "Run history", {Role::kBorder, kAttrNone}, snapshot.ascii);
  int line_y = y + 1;
  if (sync.history.empty()) {
    canvas.text(2, line_y, "no runs yet: s syncs the selected provider, a all of them",
                {Role::kMuted, kAttrNone});
  }
  for (const auto& run : sync.history) {
    if (line_y >= history_box.bottom() - 1) {
      break;
    }
    canvas.text(2, line_y++, tui::truncate_to_width(history_line(run), area.width - 4, snapshot.ascii));
  }
}

void SyncView::render_graph(const tui::Snapshot& snapshot, const sync::SyncSnapshot& sync,
                            tui::Canvas& canvas) {
  const tui::Glyphs& glyphs = tui::glyphs_for(snapshot.ascii);
  Rect area = canvas.bounds();
  std::string crumbs = "Graph";
  for (const auto& step : back_) {
    if (step.level == Level::kNode) {
      crumbs += " > " + step.label + ":" + step.id;
    }
  }
  if (location_.level != Level::kLabels) {
    crumbs += " > " + location_.label + (location_.level == Level::kNode ? ":" + location_.id : "");
  }
  canvas.text(1, area.y, tui::truncate_to_width(crumbs, area.width - 2, snapshot.ascii),
              {Role::kDefault, kAttrBold});
  int y = area.y + 1;
  if (!sync.graph.error.empty()) {
    canvas.text(1, y++, tui::truncate_to_width(sync.graph.error, area.width - 2, snapshot.ascii),
                {Role::kCrit, kAttrNone});
  }
  Rect body{area.x, y, area.width, area.bottom() - y};
  const int left_width = std::min(32, body.width / 3);
  Rect labels_box{body.x, body.y, left_width, body.height};
  canvas.box(labels_box, "Labels",
             {location_.level == Level::kLabels ? Role::kAccent : Role::kBorder, kAttrNone}, snapshot.ascii);
  if (sync.graph.labels.empty()) {
    canvas.text(labels_box.x + 1, labels_box.y + 1, "(empty graph)", {Role::kMuted, kAttrNone});
  } else {
    labels_.render(canvas, labels_box.inset(1), glyphs, location_.level == Level::kLabels);
  }
  Rect right{body.x + left_width, body.y, body.width - left_width, body.height};
  if (location_.level == Level::kLabels) {
    canvas.box(right, "Nodes", {Role::kBorder, kAttrNone}, snapshot.ascii);
    canvas.text(right.x + 1, right.y + 1, "Enter: the nodes of the selected label",
                {Role::kMuted, kAttrNone});
  } else if (location_.level == Level::kNodes) {
    canvas.box(right, location_.label + " " + nodes_.count_label(), {Role::kAccent, kAttrNone},
               snapshot.ascii);
    if (sync.graph.label != location_.label) {
      canvas.text(right.x + 1, right.y + 1, "loading...", {Role::kMuted, kAttrNone});
    } else {
      nodes_.render(canvas, right.inset(1), glyphs, true);
    }
  } else if (sync.graph.node && sync.graph.node->label == location_.label &&
             sync.graph.node->id == location_.id) {
    render_node(snapshot, *sync.graph.node, canvas, right);
  } else {
    canvas.box(right, location_.label + ":" + location_.id, {Role::kAccent, kAttrNone}, snapshot.ascii);
    canvas.text(right.x + 1, right.y + 1, "loading...", {Role::kMuted, kAttrNone});
  }
}

void SyncView::render_node(const tui::Snapshot& snapshot, const sync::NodeDetail& node, tui::Canvas& canvas,
                           Rect area) {
  canvas.box(area, node.label + ":" + node.id, {Role::kAccent, kAttrNone}, snapshot.ascii);
  Rect inner = area.inset(1);
  int y = inner.y;
  auto line = [&](const std::string& text, tui::Style style = {}) {
    if (y < inner.bottom()) {
      canvas.text(inner.x, y++, tui::truncate_to_width(text, inner.width, snapshot.ascii), style);
    }
  };
  line("scope " + node.scope + "  lastupdated " + std::to_string(node.lastupdated),
       {Role::kMuted, kAttrNone});
  // Relationships get at least half of the box: they are what the browser navigates by.
  const std::size_t relationship_count = node.outgoing.size() + node.incoming.size();
  const int property_rows = std::max(1, inner.height / 2 - 1);
  int shown = 0;
  for (const auto& [key, value] : node.properties.items()) {
    if (shown++ >= property_rows) {
      line("...", {Role::kMuted, kAttrNone});
      break;
    }
    line(key + ": " + (value.is_string() ? value.get<std::string>() : value.dump()));
  }
  line("Relationships (" + std::to_string(relationship_count) + ")", {Role::kDefault, kAttrBold});
  std::size_t index = 0;
  // Scrolled so that the selected relationship stays in view.
  const auto rows = static_cast<std::size_t>(std::max(1, inner.bottom() - y));
  const std::size_t first = relationship_ >= rows ? relationship_ - rows + 1 : 0;
  const char* out_arrow = snapshot.ascii ? "->" : "→";
  const char* in_arrow = snapshot.ascii ? "<-" : "←";
  auto relationship_line = [&](const sync::RelationshipView& relationship) {
    std::string text = std::string(relationship.outgoing ? out_arrow : in_arrow) + " " + relationship.type +
                       " " + relationship.other_label + ":" + relationship.other_id;
    const bool selected = index == relationship_;
    if (index++ >= first && y < inner.bottom()) {
      canvas.text(inner.x, y, tui::truncate_to_width(text, inner.width, snapshot.ascii));
      if (selected) {
        canvas.paint(Rect{inner.x, y, inner.width, 1}, {Role::kSelection, kAttrNone});
      }
      ++y;
    }
  };
  for (const auto& relationship : node.outgoing) {
    relationship_line(relationship);
  }
  for (const auto& relationship : node.incoming) {
    relationship_line(relationship);
  }
}

}  // namespace opsdeck::views
