// HistoryRing: the last kHistoryPoints values of one rate, oldest first, for the console's sparklines.
// Fixed size and allocation-free, so a snapshot can copy every server's history on every poll.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace opsdeck::metrics {

// Two minutes at the default one-second poll interval.
inline constexpr std::size_t kHistoryPoints = 120;

class HistoryRing {
 public:
  // Adds a value; the oldest one drops out when the ring is full. NaN marks a gap (the server was down).
  void push(double value);
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The newest value; NaN when empty.
  double latest() const;
  // Every value, oldest first.
  std::vector<double> values() const;

 private:
  std::array<double, kHistoryPoints> values_{};
  std::size_t next_ = 0;  // where the next value goes
  std::size_t size_ = 0;
};

}  // namespace opsdeck::metrics
