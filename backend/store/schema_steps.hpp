// Schema steps: each engine owns its tables as a list of numbered, append-only steps (DESIGN.md "Tables").
// apply_schema_steps() brings a database up to date at start: under a MariaDB GET_LOCK (so two opsdeck
// processes starting at once do not race), it applies every step newer than the engine's recorded version, in
// order, and records each one with a SHA-256 of its statements. A recorded step whose checksum no longer
// matches the code is refused: someone edited a step that already ran, and the schema can no longer be
// trusted to match. The migrate engine takes this mechanism over when it lands.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "backend/core/result.hpp"
#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::store {

struct SchemaStep {
  int version = 0;                      // 1, 2, 3 ... without gaps
  std::string description;              // "create graph nodes table"
  std::vector<std::string> statements;  // fixed DDL/DML; no user data
};

struct EngineSchema {
  std::string engine;  // "sync", "backup" ...
  std::vector<SchemaStep> steps;
};

struct SchemaReport {
  struct Applied {
    std::string engine;
    int version = 0;
    std::string description;
  };
  std::vector<Applied> applied;  // steps run by this call, in order
};

// SHA-256 (hex) over a step's statements, each followed by a NUL so that ["a", "b"] != ["ab"].
std::string schema_step_checksum(const SchemaStep& step);

core::Result<SchemaReport> apply_schema_steps(MariadbConnection& connection,
                                              const std::vector<EngineSchema>& schemas,
                                              std::chrono::seconds lock_timeout = std::chrono::seconds(30));

}  // namespace opsdeck::store
