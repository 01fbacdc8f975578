// `opsdeck graph labels` (node counts per label) and `opsdeck graph show LABEL [ID]` (a label's nodes, or
// one node's properties and relationships), human or --json.
#include <iostream>

#include "backend/sync/sync_json.hpp"
#include "tui/cli/cli_context.hpp"
#include "tui/cli/sync_cli_setup.hpp"

namespace opsdeck::tui::cli {
namespace {

struct GraphFlags {
  std::string label;
  std::string id;
  std::size_t limit = 100;
};

void run_labels(CliContext& context) {
  auto setup = make_sync_engine(context);
  if (!setup) {
    return;
  }
  auto labels = setup->engine->labels();
  if (!labels.ok()) {
    context.fail(labels.error());
    return;
  }
  if (context.options.json) {
    context.print_json(sync::to_json(*labels));
    return;
  }
  for (const auto& label : *labels) {
    std::cout << label.label << "\t" << label.count << "\n";
  }
}

void print_relationships(const std::vector<sync::RelationshipView>& relationships) {
  for (const auto& relationship : relationships) {
    std::cout << "  " << (relationship.outgoing ? "-[" : "<-[") << relationship.type
              << (relationship.outgoing ? "]-> " : "]- ") << relationship.other_label << " "
              << relationship.other_id;
    if (!relationship.properties.empty()) {
      std::cout << " " << relationship.properties.dump();
    }
    std::cout << "\n";
  }
}

void run_show(CliContext& context, const GraphFlags& flags) {
  auto setup = make_sync_engine(context);
  if (!setup) {
    return;
  }
  if (flags.id.empty()) {
    auto nodes = setup->engine->nodes(flags.label, flags.limit, 0);
    if (!nodes.ok()) {
      context.fail(nodes.error());
      return;
    }
    if (context.options.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& node : *nodes) {
        out.push_back(sync::to_json(node));
      }
      context.print_json(out);
      return;
    }
    for (const auto& node : *nodes) {
      std::cout << node.id << "\t" << node.scope << "\t" << node.lastupdated << "\n";
    }
    return;
  }
  auto node = setup->engine->node(flags.label, flags.id);
  if (!node.ok()) {
    context.fail(node.error());
    return;
  }
  if (context.options.json) {
    context.print_json(sync::to_json(*node));
    return;
  }
  std::cout << node->label << " " << node->id << "\n"
            << "scope       " << node->scope << "\n"
            << "firstseen   " << node->firstseen << "\n"
            << "lastupdated " << node->lastupdated << "\n";
  for (const auto& [key, value] : node->properties.items()) {
    std::cout << "  " << key << ": " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
  }
  std::cout << "outgoing (" << node->outgoing.size() << ")\n";
  print_relationships(node->outgoing);
  std::cout << "incoming (" << node->incoming.size() << ")\n";
  print_relationships(node->incoming);
}

}  // namespace

void register_graph_cli(CLI::App& app, CliContext& context) {
  auto* graph = app.add_subcommand("graph", "browse the inventory graph that `opsdeck sync` keeps");
  graph->require_subcommand(1);
  graph->add_subcommand("labels", "node labels with counts")->callback([&context] { run_labels(context); });
  auto flags = std::make_shared<GraphFlags>();
  auto* show = graph->add_subcommand("show", "a label's nodes, or one node with its relationships");
  show->add_option("label", flags->label, "node label (Host, Process, MariadbTable, ...)")->required();
  show->add_option("id", flags->id, "node id; without it the label's nodes are listed");
  show->add_option("--limit", flags->limit, "nodes listed without an id")->check(CLI::Range(1, 100000));
  show->callback([&context, flags] { run_show(context, *flags); });
}

}  // namespace opsdeck::tui::cli
