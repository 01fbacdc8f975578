// HistoryRing: a circular buffer; `next_` wraps, `size_` saturates at capacity.
#include "backend/metrics/history_ring.hpp"

#include <limits>

namespace opsdeck::metrics {

void HistoryRing::push(double value) {
  values_[next_] = value;
  next_ = (next_ + 1) % kHistoryPoints;
  if (size_ < kHistoryPoints) {
    ++size_;
  }
}

double HistoryRing::latest() const {
  if (size_ == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return values_[(next_ + kHistoryPoints - 1) % kHistoryPoints];
}

std::vector<double> HistoryRing::values() const {
  std::vector<double> out;
  out.reserve(size_);
  std::size_t start = (next_ + kHistoryPoints - size_) % kHistoryPoints;
  for (std::size_t i = 0; i < size_; ++i) {
    out.push_back(values_[(start + i) % kHistoryPoints]);
  }
  return out;
}

}  // namespace opsdeck::metrics
