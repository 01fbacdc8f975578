// The statsd server's per-series history (one point per flush), stored by column: every flush appends one
// immutable column that every published StatsdHistory shares, so publishing copies a few hundred column
// pointers instead of every series' ring. The oldest column kept is complete (a float per slot); a later one
// holds only the slots whose value changed since the flush before it (8 bytes each), or is complete too when
// that would not be smaller. Most series of a busy server change rarely (gauges hold, idle counters stay at
// 0, idle timers have no value), so an hour of flushes fits the byte budget even with 100,000 series. The
// columns kept are bounded by the ring size and by that byte budget (when many series change every flush,
// fewer flushes are kept), so memory stays bounded whatever the traffic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "backend/metrics/statsd_line_parser.hpp"

namespace opsdeck::metrics {

struct StatsdHistoryColumn {
  std::uint64_t flush = 0;  // flush number, from 1
  // complete: values[slot] for every slot (slots beyond its size had no value). Otherwise only the slots
  // that changed since the column before, ascending, with their new values beside them in `values`.
  bool complete = false;
  std::vector<std::uint32_t> slots;
  std::vector<float> values;  // NaN where the slot had no value that flush
  std::size_t bytes() const { return slots.size() * sizeof(std::uint32_t) + values.size() * sizeof(float); }
  // The slot's value in this column; false when a change-only column does not hold it.
  bool find(std::uint32_t slot, float& value) const;
};
using StatsdHistoryColumns = std::vector<std::shared_ptr<const StatsdHistoryColumn>>;  // oldest first

// Slots a series of this type takes: a timer's point, then its band's low and high edges.
inline std::uint32_t history_slot_width(StatsdType type) {
  return type == StatsdType::kTimer || type == StatsdType::kHistogram ? 3 : 1;
}

// The column store, owned and written by the aggregator (one thread).
class StatsdHistoryStore {
 public:
  StatsdHistoryStore(std::size_t max_flushes, std::size_t budget_bytes)
      : max_flushes_(max_flushes), budget_bytes_(budget_bytes) {}

  // A slot (of history_slot_width(type) consecutive ones) for a new series; reuses released slots.
  std::uint32_t allocate(StatsdType type);
  // The series is gone; its slot may serve a new series (whose first_flush hides the old values).
  void release(std::uint32_t slot, StatsdType type);

  // One flush: begin, set the slots that have values, end (appends, trims, returns the shared columns).
  void begin_column(std::uint64_t flush);
  void set(std::uint32_t slot, double value) {
    if (slot < open_.size()) {
      open_[slot] = static_cast<float>(value);
    }
  }
  std::shared_ptr<const StatsdHistoryColumns> end_column();

  std::size_t slots() const { return slot_count_; }
  // Bytes of points held by the kept columns (at most the budget, unless one column alone exceeds it).
  std::size_t bytes() const { return bytes_; }

 private:
  std::size_t max_flushes_;
  std::size_t budget_bytes_;
  std::uint32_t slot_count_ = 0;
  std::vector<std::uint32_t> free_narrow_;
  std::vector<std::uint32_t> free_wide_;
  std::uint64_t open_flush_ = 0;
  std::vector<float> open_;
  std::vector<float> last_;  // every slot's value in the newest column
  std::size_t bytes_ = 0;
  std::shared_ptr<const StatsdHistoryColumns> columns_ = std::make_shared<const StatsdHistoryColumns>();
};

}  // namespace opsdeck::metrics
