#include "backend/metrics/statsd_history.hpp"

#include <algorithm>
#include <limits>

#include "backend/metrics/statsd_snapshot.hpp"

namespace opsdeck::metrics {

std::uint32_t StatsdHistoryStore::allocate(StatsdType type) {
  std::uint32_t width = history_slot_width(type);
  auto& free = width == 1 ? free_narrow_ : free_wide_;
  if (!free.empty()) {
    std::uint32_t slot = free.back();
    free.pop_back();
    return slot;
  }
  std::uint32_t slot = slot_count_;
  slot_count_ += width;
  return slot;
}

void StatsdHistoryStore::release(std::uint32_t slot, StatsdType type) {
  (history_slot_width(type) == 1 ? free_narrow_ : free_wide_).push_back(slot);
}

std::size_t StatsdHistoryStore::capacity() const {
  std::size_t column_bytes = std::max<std::size_t>(1, slot_count_) * sizeof(float);
  return std::max<std::size_t>(1, std::min(max_flushes_, budget_bytes_ / column_bytes));
}

void StatsdHistoryStore::begin_column(std::uint64_t flush) {
  open_flush_ = flush;
  open_.assign(slot_count_, std::numeric_limits<float>::quiet_NaN());
}

std::shared_ptr<const StatsdHistoryColumns> StatsdHistoryStore::end_column() {
  if (max_flushes_ == 0) {
    return columns_;
  }
  auto column = std::make_shared<StatsdHistoryColumn>();
  column->flush = open_flush_;
  column->values = std::move(open_);
  open_ = {};
  const StatsdHistoryColumns& previous = *columns_;
  std::size_t keep = capacity() - 1;
  auto next = std::make_shared<StatsdHistoryColumns>(
      previous.end() - static_cast<long>(std::min(keep, previous.size())), previous.end());
  next->push_back(std::move(column));
  columns_ = std::move(next);
  return columns_;
}

namespace {

std::vector<double> column_values(const SeriesHistory& history, std::uint32_t offset) {
  std::vector<double> out;
  if (!history.columns) {
    return out;
  }
  std::uint32_t slot = history.slot + offset;
  for (const auto& column : *history.columns) {
    if (column->flush >= history.first_flush && slot < column->values.size()) {
      out.push_back(column->values[slot]);
    }
  }
  return out;
}

}  // namespace

std::vector<double> SeriesHistory::points() const {
  return column_values(*this, 0);
}

std::vector<double> SeriesHistory::low() const {
  return history_slot_width(type) == 3 ? column_values(*this, 1) : std::vector<double>{};
}

std::vector<double> SeriesHistory::high() const {
  return history_slot_width(type) == 3 ? column_values(*this, 2) : std::vector<double>{};
}

}  // namespace opsdeck::metrics
