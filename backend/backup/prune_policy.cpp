#include "backend/backup/prune_policy.hpp"

#include <algorithm>
#include <ctime>
#include <numeric>

namespace opsdeck::backup {
namespace {

std::tm utc_parts(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  return parts;
}

long day_bucket(std::chrono::system_clock::time_point time) {
  const std::tm parts = utc_parts(time);
  return (parts.tm_year + 1900L) * 10000 + (parts.tm_mon + 1) * 100 + parts.tm_mday;
}

long week_bucket(std::chrono::system_clock::time_point time) {
  std::tm parts = utc_parts(time);
  char text[16];
  std::strftime(text, sizeof text, "%G%V", &parts);  // ISO year and week, as restic
  return std::stol(text);
}

struct Rule {
  const char* name;
  int remaining;
  long (*bucket)(std::chrono::system_clock::time_point);
  long last = -1;
  bool has_last = false;
};

}  // namespace

std::vector<PruneDecision> apply_keep_policy(const std::vector<PruneCandidate>& backups,
                                             const KeepPolicy& policy) {
  std::vector<PruneDecision> decisions(backups.size());
  std::vector<std::size_t> order(backups.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return backups[left].time != backups[right].time ? backups[left].time > backups[right].time
                                                     : backups[left].id > backups[right].id;
  });
  long sequence = 0;
  std::vector<Rule> rules = {
      {"last", policy.last, nullptr},
      {"daily", policy.daily, day_bucket},
      {"weekly", policy.weekly, week_bucket},
  };
  for (const std::size_t index : order) {
    PruneDecision& decision = decisions[index];
    decision.id = backups[index].id;
    ++sequence;
    for (auto& rule : rules) {
      if (rule.remaining <= 0) {
        continue;
      }
      const long value = rule.bucket == nullptr ? sequence : rule.bucket(backups[index].time);
      if (!rule.has_last || value != rule.last) {
        decision.keep = true;
        decision.reasons.push_back(rule.name);
        rule.last = value;
        rule.has_last = true;
        --rule.remaining;
      }
    }
  }
  return decisions;
}

}  // namespace opsdeck::backup
