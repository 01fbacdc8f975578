#include "backend/metrics/statsd_history.hpp"

#include <algorithm>
#include <cstring>
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

namespace {

bool same_bits(float a, float b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// The complete column for `next`'s flush, from the complete column before it.
std::shared_ptr<const StatsdHistoryColumn> completed(const StatsdHistoryColumn& before,
                                                     const StatsdHistoryColumn& next) {
  if (next.complete) {
    return nullptr;  // already complete: kept as it is
  }
  auto out = std::make_shared<StatsdHistoryColumn>();
  out->flush = next.flush;
  out->complete = true;
  out->values = before.values;
  std::uint32_t highest = next.slots.empty() ? 0 : next.slots.back() + 1;
  if (out->values.size() < highest) {
    out->values.resize(highest, std::numeric_limits<float>::quiet_NaN());
  }
  for (std::size_t i = 0; i < next.slots.size(); ++i) {
    out->values[next.slots[i]] = next.values[i];
  }
  return out;
}

}  // namespace

bool StatsdHistoryColumn::find(std::uint32_t slot, float& value) const {
  if (complete) {
    value = slot < values.size() ? values[slot] : std::numeric_limits<float>::quiet_NaN();
    return true;
  }
  auto at = std::lower_bound(slots.begin(), slots.end(), slot);
  if (at == slots.end() || *at != slot) {
    return false;
  }
  value = values[static_cast<std::size_t>(at - slots.begin())];
  return true;
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
  last_.resize(open_.size(), std::numeric_limits<float>::quiet_NaN());
  std::size_t changed = 0;
  for (std::size_t slot = 0; slot < open_.size(); ++slot) {
    changed += same_bits(open_[slot], last_[slot]) ? 0 : 1;
  }
  if (columns_->empty() ||
      changed * (sizeof(std::uint32_t) + sizeof(float)) >= open_.size() * sizeof(float)) {
    column->complete = true;
    column->values = open_;
  } else {
    column->slots.reserve(changed);
    column->values.reserve(changed);
    for (std::size_t slot = 0; slot < open_.size(); ++slot) {
      if (!same_bits(open_[slot], last_[slot])) {
        column->slots.push_back(static_cast<std::uint32_t>(slot));
        column->values.push_back(open_[slot]);
      }
    }
  }
  last_.swap(open_);
  open_ = {};  // its buffer is not kept between flushes: with many series it is as big as a column

  auto next = std::make_shared<StatsdHistoryColumns>(*columns_);
  bytes_ += column->bytes();
  next->push_back(std::move(column));
  // Drop the oldest while over the ring size or the budget; the one after it becomes complete.
  while (next->size() > 1 && (next->size() > max_flushes_ || bytes_ > budget_bytes_)) {
    bytes_ -= next->front()->bytes();
    auto replacement = completed(*next->front(), *next->at(1));
    if (replacement) {
      bytes_ -= next->at(1)->bytes();
      bytes_ += replacement->bytes();
      next->at(1) = std::move(replacement);
    }
    next->erase(next->begin());
  }
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
  float value = std::numeric_limits<float>::quiet_NaN();
  for (const auto& column : *history.columns) {
    column->find(slot, value);  // a change-only column without the slot leaves the value as it was
    if (column->flush >= history.first_flush) {
      out.push_back(value);
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
