// Schema steps against a real mariadbd: applied once and in order, recorded with checksums, an edited step
// refused, a newer database refused, and a failing step reported by engine and version.
#include "backend/store/schema_steps.hpp"

#include <gtest/gtest.h>

#include "tests/support/test_servers.hpp"

namespace opsdeck::store {
namespace {

class SchemaStepsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(opsdeck::testing::servers_ready());
    auto connection = MariadbConnection::connect(opsdeck::testing::mariadb_options());
    ASSERT_TRUE(connection.ok()) << connection.error().describe();
    connection_ = std::move(*connection);
    // Each test gets its own engine name and tables, so the shared database needs no reset between tests.
    engine_ = std::string("test_") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    table_ = engine_ + "_items";
  }

  EngineSchema schema_with(int steps) {
    EngineSchema schema{engine_, {}};
    if (steps >= 1) {
      schema.steps.push_back({1, "create items", {"CREATE TABLE " + table_ + " (id INT PRIMARY KEY)"}});
    }
    if (steps >= 2) {
      schema.steps.push_back({2,
                              "add name",
                              {"ALTER TABLE " + table_ + " ADD COLUMN name VARCHAR(40)",
                               "INSERT INTO " + table_ + " (id, name) VALUES (1, 'seed')"}});
    }
    return schema;
  }

  std::int64_t recorded_version() {
    auto result = connection_->execute(
        "SELECT COALESCE(MAX(version), 0) FROM opsdeck_schema_steps WHERE engine = ?", {engine_});
    EXPECT_TRUE(result.ok());
    return result.ok() ? *result->rows.at(0).get<std::int64_t>(0) : -1;
  }

  std::unique_ptr<MariadbConnection> connection_;
  std::string engine_;
  std::string table_;
};

TEST_F(SchemaStepsTest, AppliesNewStepsOnceAndInOrder) {
  auto first = apply_schema_steps(*connection_, {schema_with(1)});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  ASSERT_EQ(first->applied.size(), 1u);
  EXPECT_EQ(recorded_version(), 1);

  auto second = apply_schema_steps(*connection_, {schema_with(2)});
  ASSERT_TRUE(second.ok()) << second.error().describe();
  ASSERT_EQ(second->applied.size(), 1u);
  EXPECT_EQ(second->applied[0].version, 2);
  EXPECT_EQ(recorded_version(), 2);
  auto rows = connection_->execute_plain("SELECT id, name FROM " + table_);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(*rows->rows[0].get<std::string>(1), "seed");

  auto again = apply_schema_steps(*connection_, {schema_with(2)});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->applied.empty()) << "nothing new to apply";
}

TEST_F(SchemaStepsTest, AnEditedStepIsRefused) {
  ASSERT_TRUE(apply_schema_steps(*connection_, {schema_with(1)}).ok());
  EngineSchema edited = schema_with(1);
  edited.steps[0].statements[0] += " ENGINE=InnoDB";
  auto result = apply_schema_steps(*connection_, {edited});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().category, core::ErrorCategory::kConflict);
  EXPECT_NE(result.error().message.find("changed after it was applied"), std::string::npos)
      << result.error().message;
}

TEST_F(SchemaStepsTest, ADatabaseNewerThanTheCodeIsRefused) {
  ASSERT_TRUE(apply_schema_steps(*connection_, {schema_with(2)}).ok());
  auto result = apply_schema_steps(*connection_, {schema_with(1)});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("upgrade opsdeck"), std::string::npos) << result.error().message;
}

TEST_F(SchemaStepsTest, AFailingStepNamesEngineAndVersionAndIsNotRecorded) {
  EngineSchema schema = schema_with(1);
  schema.steps.push_back({2, "broken", {"ALTER TABLE " + table_ + " ADD COLUMN"}});
  auto result = apply_schema_steps(*connection_, {schema});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("schema step 2 of engine '" + engine_ + "' (broken)"),
            std::string::npos)
      << result.error().message;
  EXPECT_EQ(recorded_version(), 1) << "step 1 stays recorded, step 2 is not";
}

TEST_F(SchemaStepsTest, StepVersionsMustBeContiguous) {
  EngineSchema schema{engine_, {{1, "a", {"SELECT 1"}}, {3, "c", {"SELECT 1"}}}};
  auto result = apply_schema_steps(*connection_, {schema});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("versions must be 1, 2, 3"), std::string::npos);
}

TEST(SchemaStepChecksumTest, SeparatesStatements) {
  SchemaStep joined{1, "", {"ab"}};
  SchemaStep split{1, "", {"a", "b"}};
  EXPECT_NE(schema_step_checksum(joined), schema_step_checksum(split));
  EXPECT_EQ(schema_step_checksum(split).size(), 64u);
}

}  // namespace
}  // namespace opsdeck::store
