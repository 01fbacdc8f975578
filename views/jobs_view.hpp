// Jobs: every job with state and progress (sortable, filterable table), the selected job's details, and the
// log ring below. `c` cancels the selected job; `l` moves the keys to the log and back.
#pragma once

#include "tui/view.hpp"
#include "tui/widgets/log_view.hpp"
#include "tui/widgets/table.hpp"

namespace opsdeck::views {

class JobsView : public tui::View {
 public:
  JobsView();
  std::string_view id() const override { return "jobs"; }
  std::string_view title() const override { return "Jobs"; }
  std::vector<tui::KeyHint> keys() const override;
  std::vector<tui::Action> actions() const override;
  void render(const tui::Snapshot& snapshot, tui::Canvas& canvas) override;
  tui::HandleResult on_key(const tui::Key& key, const tui::Snapshot& snapshot) override;
  bool capturing_input() const override { return table_.editing_filter(); }

 private:
  void fill_table(const core::JobsSnapshot& jobs);

  tui::Table table_;
  // The snapshot the table rows were built from: rows are rebuilt only when the runner published anew.
  std::shared_ptr<const core::JobsSnapshot> rows_from_;
  tui::LogView log_;
  bool log_focused_ = false;
};

}  // namespace opsdeck::views
