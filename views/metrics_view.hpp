// Metrics: the console's own statsd server. Where it listens (or why it could not), the totals (packets,
// metrics, bad lines, refused series), every series with its type and latest value (`/` filters, Esc
// clears, `s` sorts), the selected series as a braille graph over the flush history, and the last bad lines
// with their reasons. It reads the snapshot's statsd_* fields only.
#pragma once

#include <memory>

#include "tui/view.hpp"
#include "tui/widgets/table.hpp"
#include "views/metrics_series.hpp"

namespace opsdeck::views {

class MetricsView : public tui::View {
 public:
  MetricsView();
  std::string_view id() const override { return "metrics"; }
  std::string_view title() const override { return "Metrics"; }
  std::vector<tui::KeyHint> keys() const override;
  void render(const tui::Snapshot& snapshot, tui::Canvas& canvas) override;
  tui::HandleResult on_key(const tui::Key& key, const tui::Snapshot& snapshot) override;
  bool capturing_input() const override { return table_.editing_filter(); }

 private:
  void fill_table(const tui::Snapshot& snapshot);
  const MetricsSeriesRow* selected() const;
  void render_graph(const tui::Snapshot& snapshot, tui::Canvas& canvas, tui::Rect box) const;

  tui::Table table_;
  std::vector<MetricsSeriesRow> rows_;
  // The history the rows point into: kept alive here, rebuilt only when the server flushed anew.
  std::shared_ptr<const metrics::StatsdHistory> rows_from_;
};

}  // namespace opsdeck::views
