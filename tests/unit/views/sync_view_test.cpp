// Sync view from synthetic snapshots: providers with last run and live progress, run history, and the graph
// browser's navigation (open a label, open a node, follow a relationship, go back) as commands and text.
#include "views/sync_view.hpp"

#include <gtest/gtest.h>

namespace opsdeck::views {
namespace {

using Kind = tui::HandleResult::Kind;

sync::SyncSnapshot providers_snapshot() {
  sync::SyncSnapshot sync;
  sync.loaded = true;
  sync::SyncReport host;
  host.provider = "host";
  host.status = sync::ProviderStatus::kOk;
  host.update_tag = 1700000000;
  host.started_at = 1700000000;
  host.duration_seconds = 2.5;
  host.nodes_written = 1234;
  host.relationships_written = 567;
  host.nodes_deleted = 3;
  host.cleanup_ran = true;
  sync::SyncReport http = host;
  http.provider = "http";
  http.status = sync::ProviderStatus::kFailed;
  http.message = "GET http://127.0.0.1:9/orgs: HTTP 500; gave up after 5 attempts";
  http.cleanup_ran = false;
  sync.providers.push_back({"host", {}, host, std::nullopt});
  sync.providers.push_back({"http", {}, http, std::nullopt});
  sync.providers.push_back(
      {"redis",
       {},
       std::nullopt,
       sync::ProviderProgress{sync::ProviderPhase::kLoading, 42, 7, 0, 1.0, "keyspaces"}});
  sync.running = true;
  sync.running_update_tag = 1700000100;
  sync.history.push_back({1700000000, 1700000000, {host, http}});
  return sync;
}

sync::SyncSnapshot graph_snapshot(bool with_node_a, bool with_node_b) {
  sync::SyncSnapshot sync;
  sync.loaded = true;
  sync.graph.labels = {{"Host", 1}, {"Process", 2}};
  sync.graph.label = "Host";
  sync.graph.nodes = {{"Host", "host:web1", "host:web1", 7}};
  if (with_node_a) {
    sync::NodeDetail node;
    node.label = "Host";
    node.id = "host:web1";
    node.scope = "host:web1";
    node.properties = {{"kernel", "6.1.0"}, {"cpus", 8}};
    node.outgoing.push_back({"RUNS", true, "Process", "host:web1/pid/42", "host:web1", {}, 1, 7});
    node.incoming.push_back({"MEMBER_OF", false, "User", "host:web1/user/root", "host:web1", {}, 1, 7});
    sync.graph.node = node;
  }
  if (with_node_b) {
    sync::NodeDetail node;
    node.label = "User";
    node.id = "host:web1/user/root";
    node.scope = "host:web1";
    node.properties = {{"uid", 0}};
    sync.graph.node = node;
  }
  return sync;
}

tui::Snapshot wrap(sync::SyncSnapshot sync) {
  tui::Snapshot snapshot;
  snapshot.sync = std::make_shared<const sync::SyncSnapshot>(std::move(sync));
  return snapshot;
}

std::string render(SyncView& view, const tui::Snapshot& snapshot, int width = 120, int height = 24) {
  tui::Canvas canvas(width, height);
  view.render(snapshot, canvas);
  return canvas.to_text();
}

TEST(SyncViewTest, ProvidersShowLastRunLiveProgressAndHistory) {
  SyncView view;
  const auto snapshot = wrap(providers_snapshot());
  const std::string text = render(view, snapshot);
  EXPECT_NE(text.find("sync 1700000100 running"), std::string::npos) << text;
  EXPECT_NE(text.find(" 1234 "), std::string::npos) << text;
  EXPECT_NE(text.find("567"), std::string::npos) << text;
  EXPECT_NE(text.find("failed"), std::string::npos) << text;
  EXPECT_NE(text.find("HTTP 500; gave up"), std::string::npos) << text;
  EXPECT_NE(text.find("loading"), std::string::npos) << text;
  EXPECT_NE(text.find("keyspaces"), std::string::npos) << text;
  EXPECT_NE(text.find("1/2 ok  2468 nodes  1134 rels  6 deleted"), std::string::npos) << text;
  EXPECT_NE(text.find("(http failed)"), std::string::npos) << text;
}

TEST(SyncViewTest, SyncKeysSendTheSelectedProviderOrAll) {
  SyncView view;
  const auto snapshot = wrap(providers_snapshot());
  render(view, snapshot);
  auto all = view.on_key(tui::Key::character(U'a'), snapshot);
  ASSERT_EQ(all.kind, Kind::kRunCommand);
  EXPECT_EQ(all.command.name, "sync.run");
  EXPECT_TRUE(all.command.args.empty());
  view.on_key(tui::Key::of(tui::Key::Code::kDown), snapshot);
  auto one = view.on_key(tui::Key::character(U's'), snapshot);
  ASSERT_EQ(one.kind, Kind::kRunCommand);
  EXPECT_EQ(one.command.args, (std::vector<std::string>{"http"}));
}

TEST(SyncViewTest, EmptySnapshotSaysLoading) {
  SyncView view;
  const std::string text = render(view, tui::Snapshot{});
  EXPECT_NE(text.find("loading..."), std::string::npos) << text;
}

TEST(SyncViewTest, BrowserOpensLabelThenNodeThenFollowsARelationshipAndGoesBack) {
  SyncView view;
  auto snapshot = wrap(graph_snapshot(false, false));
  auto to_graph = view.on_key(tui::Key::character(U'g'), snapshot);
  ASSERT_EQ(to_graph.kind, Kind::kRunCommand);
  EXPECT_EQ(to_graph.command.name, "sync.browse_labels");
  std::string text = render(view, snapshot);
  EXPECT_NE(text.find("Process"), std::string::npos) << text;

  auto open_label = view.on_key(tui::Key::of(tui::Key::Code::kEnter), snapshot);
  ASSERT_EQ(open_label.kind, Kind::kRunCommand);
  EXPECT_EQ(open_label.command.name, "sync.browse_label");
  EXPECT_EQ(open_label.command.args, (std::vector<std::string>{"Host"}));
  text = render(view, snapshot);
  EXPECT_NE(text.find("host:web1"), std::string::npos) << text;

  auto open_node = view.on_key(tui::Key::of(tui::Key::Code::kEnter), snapshot);
  ASSERT_EQ(open_node.kind, Kind::kRunCommand);
  EXPECT_EQ(open_node.command.name, "sync.browse_node");
  EXPECT_EQ(open_node.command.args, (std::vector<std::string>{"Host", "host:web1"}));
  text = render(view, snapshot);
  EXPECT_NE(text.find("loading..."), std::string::npos) << "the engine has not answered yet\n" << text;

  snapshot = wrap(graph_snapshot(true, false));
  text = render(view, snapshot);
  EXPECT_NE(text.find("kernel: 6.1.0"), std::string::npos) << text;
  EXPECT_NE(text.find("cpus: 8"), std::string::npos) << text;
  EXPECT_NE(text.find("→ RUNS Process:host:web1/pid/42"), std::string::npos) << text;
  EXPECT_NE(text.find("← MEMBER_OF User:host:web1/user/root"), std::string::npos) << text;

  view.on_key(tui::Key::of(tui::Key::Code::kDown), snapshot);
  auto follow = view.on_key(tui::Key::of(tui::Key::Code::kEnter), snapshot);
  ASSERT_EQ(follow.kind, Kind::kRunCommand);
  EXPECT_EQ(follow.command.name, "sync.browse_node");
  EXPECT_EQ(follow.command.args, (std::vector<std::string>{"User", "host:web1/user/root"}));
  snapshot = wrap(graph_snapshot(false, true));
  text = render(view, snapshot);
  EXPECT_NE(text.find("uid: 0"), std::string::npos) << text;
  EXPECT_NE(text.find("Graph > Host:host:web1 > User:host:web1/user/root"), std::string::npos) << text;

  auto back = view.on_key(tui::Key::of(tui::Key::Code::kBackspace), snapshot);
  ASSERT_EQ(back.kind, Kind::kRunCommand);
  EXPECT_EQ(back.command.name, "sync.browse_node");
  EXPECT_EQ(back.command.args, (std::vector<std::string>{"Host", "host:web1"}));
  back = view.on_key(tui::Key::of(tui::Key::Code::kBackspace), snapshot);
  EXPECT_EQ(back.command.name, "sync.browse_label");
  back = view.on_key(tui::Key::of(tui::Key::Code::kBackspace), snapshot);
  EXPECT_EQ(back.command.name, "sync.browse_labels");
  EXPECT_EQ(view.location().level, SyncView::Level::kLabels);
  EXPECT_EQ(view.on_key(tui::Key::of(tui::Key::Code::kBackspace), snapshot).kind, Kind::kIgnored);
}

TEST(SyncViewTest, GraphErrorsAreShownInThePanel) {
  SyncView view;
  auto sync = graph_snapshot(false, false);
  sync.graph.error = "graph database: cannot connect to /tmp/x.sock";
  const auto snapshot = wrap(sync);
  view.on_key(tui::Key::character(U'g'), snapshot);
  const std::string text = render(view, snapshot);
  EXPECT_NE(text.find("cannot connect to /tmp/x.sock"), std::string::npos) << text;
}

}  // namespace
}  // namespace opsdeck::views
