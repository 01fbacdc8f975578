// Schema steps: bookkeeping table, advisory lock, checksum check, apply in order.
#include "backend/store/schema_steps.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <map>

namespace opsdeck::store {
namespace {

constexpr std::string_view kLockName = "opsdeck.schema";

constexpr std::string_view kCreateVersionsTable =
    "CREATE TABLE IF NOT EXISTS opsdeck_schema_steps ("
    " engine VARCHAR(64) NOT NULL,"
    " version INT NOT NULL,"
    " description VARCHAR(255) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
    " PRIMARY KEY (engine, version)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

// Releases the advisory lock however apply_schema_steps returns.
class SchemaLock {
 public:
  explicit SchemaLock(MariadbConnection& connection) : connection_(connection) {}
  ~SchemaLock() {
    if (held_) {
      [[maybe_unused]] auto released =
          connection_.execute("SELECT RELEASE_LOCK(?)", {std::string(kLockName)});
    }
  }
  core::Status acquire(std::chrono::seconds timeout) {
    auto got = connection_.execute("SELECT GET_LOCK(?, ?)",
                                   {std::string(kLockName), static_cast<std::int64_t>(timeout.count())});
    if (!got.ok()) {
      return core::Unexpected{got.error()};
    }
    auto value = got->rows.empty() ? core::Result<std::optional<std::int64_t>>(std::nullopt)
                                   : got->rows[0].get<std::optional<std::int64_t>>(0);
    if (!value.ok() || !value->has_value() || **value != 1) {
      return core::fail(core::ErrorCategory::kTimeout, "schema lock '" + std::string(kLockName) + "' on " +
                                                           connection_.options().describe() +
                                                           " is held by another opsdeck after " +
                                                           std::to_string(timeout.count()) + " s");
    }
    held_ = true;
    return {};
  }

 private:
  MariadbConnection& connection_;
  bool held_ = false;
};

core::Status check_step_order(const EngineSchema& schema) {
  for (std::size_t i = 0; i < schema.steps.size(); ++i) {
    if (schema.steps[i].version != static_cast<int>(i) + 1) {
      return core::fail(core::ErrorCategory::kInternal, "schema of engine '" + schema.engine + "': step " +
                                                            std::to_string(i + 1) + " has version " +
                                                            std::to_string(schema.steps[i].version) +
                                                            "; versions must be 1, 2, 3 ... in order");
    }
  }
  return {};
}

}  // namespace

std::string schema_step_checksum(const SchemaStep& step) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  for (const auto& statement : step.statements) {
    EVP_DigestUpdate(context, statement.data(), statement.size());
    EVP_DigestUpdate(context, "", 1);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

core::Result<SchemaReport> apply_schema_steps(MariadbConnection& connection,
                                              const std::vector<EngineSchema>& schemas,
                                              std::chrono::seconds lock_timeout) {
  for (const auto& schema : schemas) {
    OPSDECK_TRY(check_step_order(schema));
  }
  SchemaLock lock(connection);
  OPSDECK_TRY(lock.acquire(lock_timeout));
  OPSDECK_TRY(connection.execute_plain(kCreateVersionsTable));

  SchemaReport report;
  for (const auto& schema : schemas) {
    auto recorded = connection.execute(
        "SELECT version, checksum FROM opsdeck_schema_steps WHERE engine = ? ORDER BY version",
        {schema.engine});
    if (!recorded.ok()) {
      return core::Unexpected{recorded.error()};
    }
    std::map<int, std::string> checksums;
    for (const auto& row : recorded->rows) {
      auto version = row.get<std::int64_t>(0);
      auto checksum = row.get<std::string>(1);
      if (version.ok() && checksum.ok()) {
        checksums[static_cast<int>(*version)] = *checksum;
      }
    }
    if (!checksums.empty() && checksums.rbegin()->first > static_cast<int>(schema.steps.size())) {
      return core::fail(core::ErrorCategory::kConflict,
                        "database on " + connection.options().describe() + " has " + schema.engine +
                            " schema version " + std::to_string(checksums.rbegin()->first) +
                            " but this opsdeck knows only " + std::to_string(schema.steps.size()) +
                            ": upgrade opsdeck");
    }
    for (const auto& step : schema.steps) {
      std::string checksum = schema_step_checksum(step);
      if (auto found = checksums.find(step.version); found != checksums.end()) {
        if (found->second != checksum) {
          return core::fail(core::ErrorCategory::kConflict,
                            "schema step " + std::to_string(step.version) + " of engine '" + schema.engine +
                                "' (" + step.description + ") changed after it was applied on " +
                                connection.options().describe() + "; steps are append-only");
        }
        continue;
      }
      for (const auto& statement : step.statements) {
        auto executed = connection.execute_plain(statement);
        if (!executed.ok()) {
          return core::fail(executed.error().category,
                            "schema step " + std::to_string(step.version) + " of engine '" + schema.engine +
                                "' (" + step.description + "): " + executed.error().message);
        }
      }
      OPSDECK_TRY(connection.execute(
          "INSERT INTO opsdeck_schema_steps (engine, version, description, checksum) VALUES (?, ?, ?, ?)",
          {schema.engine, static_cast<std::int64_t>(step.version), step.description, checksum}));
      report.applied.push_back({schema.engine, step.version, step.description});
    }
  }
  return report;
}

}  // namespace opsdeck::store
