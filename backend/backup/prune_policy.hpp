// `backup prune`: restic's keep policy. Backups are walked newest first; --keep-last N keeps the N newest;
// --keep-daily N keeps the newest backup of each of the N most recent days that have backups; --keep-weekly N
// the same per ISO week. A backup is kept when any rule keeps it. Days and weeks are UTC (ids are UTC).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace opsdeck::backup {

struct KeepPolicy {
  int last = 0;
  int daily = 0;
  int weekly = 0;
  bool empty() const { return last <= 0 && daily <= 0 && weekly <= 0; }
};

struct PruneCandidate {
  std::string id;
  std::chrono::system_clock::time_point time;
};

struct PruneDecision {
  std::string id;
  bool keep = false;
  std::vector<std::string> reasons;  // "last", "daily", "weekly"
};

// Decisions in the input order (any order is accepted; rules apply newest first).
std::vector<PruneDecision> apply_keep_policy(const std::vector<PruneCandidate>& backups,
                                             const KeepPolicy& policy);

}  // namespace opsdeck::backup
