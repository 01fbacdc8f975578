// The statsd server's per-series history (one point per flush), stored by column: every flush appends one
// immutable column of floats (one per series slot) that every published StatsdHistory shares. Publishing
// copies a few hundred column pointers instead of every series' ring, points cost 4 bytes, and the number of
// columns kept is bounded by a byte budget as well as by the ring size, so memory stays bounded whatever the
// number of series (a full hour at 10 s flushes for up to ~5,000 series within the default 8 MiB; fewer
// flushes of history for more series).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "backend/metrics/statsd_line_parser.hpp"

namespace opsdeck::metrics {

struct StatsdHistoryColumn {
  std::uint64_t flush = 0;    // flush number, from 1
  std::vector<float> values;  // by slot; NaN where the slot had no value that flush
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
  // Columns kept at the current number of slots: min(ring size, budget / column bytes), at least 1.
  std::size_t capacity() const;

 private:
  std::size_t max_flushes_;
  std::size_t budget_bytes_;
  std::uint32_t slot_count_ = 0;
  std::vector<std::uint32_t> free_narrow_;
  std::vector<std::uint32_t> free_wide_;
  std::uint64_t open_flush_ = 0;
  std::vector<float> open_;
  std::shared_ptr<const StatsdHistoryColumns> columns_ = std::make_shared<const StatsdHistoryColumns>();
};

}  // namespace opsdeck::metrics
