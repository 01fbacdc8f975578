// Overview: the first thing an on-call admin sees — each server up or down with version, uptime,
// connections and operations/s; where the servers come from (local stack or configuration); running jobs.
#pragma once

#include "tui/view.hpp"

namespace opsdeck::views {

class OverviewView : public tui::View {
 public:
  std::string_view id() const override { return "overview"; }
  std::string_view title() const override { return "Overview"; }
  std::vector<tui::KeyHint> keys() const override;
  std::vector<tui::Action> actions() const override;
  void render(const tui::Snapshot& snapshot, tui::Canvas& canvas) override;
  tui::HandleResult on_key(const tui::Key& key, const tui::Snapshot& snapshot) override;
};

// "3d 4h", "2h 05m", "12m 30s", "42s": uptime as a person reads it.
std::string format_uptime(std::int64_t seconds);

}  // namespace opsdeck::views
