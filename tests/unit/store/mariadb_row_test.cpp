// Row::get<T>: which conversions are allowed and what the error says when one is not.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "backend/store/mariadb_connection.hpp"

namespace opsdeck::store {
namespace {

Row make_row() {
  auto columns = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{
      "id", "big", "negative", "ratio", "name", "blob", "created", "missing", "flag"});
  return Row(columns, {Value{std::int64_t{42}}, Value{std::numeric_limits<std::uint64_t>::max()},
                       Value{std::int64_t{-7}}, Value{0.25}, Value{std::string("caf\xC3\xA9")},
                       Value{Bytes{0x00, 0xFF, 0x10}}, Value{DateTime{2024, 2, 29, 23, 59, 58, 123456}},
                       Value{Null{}}, Value{std::int64_t{0}}});
}

TEST(RowTest, ReadsEachTypeItHolds) {
  const Row row = make_row();
  EXPECT_EQ(row.size(), 9u);
  EXPECT_EQ(*row.get<std::int64_t>(0), 42);
  EXPECT_EQ(*row.get<std::uint64_t>("big"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(*row.get<double>("ratio"), 0.25);
  EXPECT_EQ(*row.get<std::string>("name"), "caf\xC3\xA9");
  EXPECT_EQ(*row.get<Bytes>("blob"), (Bytes{0x00, 0xFF, 0x10}));
  EXPECT_EQ(*row.get<DateTime>("created"), (DateTime{2024, 2, 29, 23, 59, 58, 123456}));
  EXPECT_FALSE(*row.get<bool>("flag"));
  EXPECT_TRUE(*row.get<bool>("id"));
  EXPECT_TRUE(row.is_null(7));
  EXPECT_FALSE(row.is_null(0));
  EXPECT_EQ(row.at("name"), Value{std::string("caf\xC3\xA9")});
}

TEST(RowTest, IntegersWidenAndCrossSignednessWhenTheValueFits) {
  const Row row = make_row();
  EXPECT_EQ(*row.get<std::uint64_t>("id"), 42u);
  EXPECT_EQ(*row.get<double>("id"), 42.0);
  EXPECT_EQ(*row.get<double>("big"), static_cast<double>(std::numeric_limits<std::uint64_t>::max()));

  auto negative = row.get<std::uint64_t>("negative");
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().message,
            "column `negative` (index 2): expected uint64, found int64 -7 (out of range)");

  auto too_big = row.get<std::int64_t>("big");
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().message,
            "column `big` (index 1): expected int64, found uint64 18446744073709551615 (out of range)");
}

TEST(RowTest, TextAndBytesConvertIntoEachOther) {
  const Row row = make_row();
  EXPECT_EQ(*row.get<Bytes>("name"), (Bytes{'c', 'a', 'f', 0xC3, 0xA9}));
  EXPECT_EQ(*row.get<std::string>("blob"), std::string("\x00\xFF\x10", 3));
}

TEST(RowTest, NullOnlyIntoOptional) {
  const Row row = make_row();
  auto as_optional = row.get<std::optional<std::int64_t>>("missing");
  ASSERT_TRUE(as_optional.ok());
  EXPECT_EQ(*as_optional, std::nullopt);
  EXPECT_EQ(*row.get<std::optional<std::int64_t>>("id"), std::optional<std::int64_t>(42));
  EXPECT_EQ(*row.get<std::optional<std::string>>(7), std::nullopt);
  EXPECT_EQ(*row.get<std::optional<DateTime>>("created"), (DateTime{2024, 2, 29, 23, 59, 58, 123456}));

  auto plain = row.get<std::int64_t>("missing");
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().category, core::ErrorCategory::kInvalidInput);
  EXPECT_EQ(
      plain.error().message,
      "column `missing` (index 7): expected int64, found NULL (read it as std::optional<int64> to accept "
      "NULL)");
}

TEST(RowTest, MismatchNamesColumnExpectedAndFoundTypes) {
  const Row row = make_row();
  auto text_as_number = row.get<std::int64_t>("name");
  ASSERT_FALSE(text_as_number.ok());
  EXPECT_EQ(text_as_number.error().message, "column `name` (index 4): expected int64, found string");

  auto number_as_date = row.get<DateTime>(0);
  ASSERT_FALSE(number_as_date.ok());
  EXPECT_EQ(number_as_date.error().message, "column `id` (index 0): expected datetime, found int64");

  auto double_as_bool = row.get<bool>("ratio");
  ASSERT_FALSE(double_as_bool.ok());
  EXPECT_EQ(double_as_bool.error().message, "column `ratio` (index 3): expected bool, found double");

  auto optional_mismatch = row.get<std::optional<double>>("created");
  ASSERT_FALSE(optional_mismatch.ok());
  EXPECT_EQ(optional_mismatch.error().message, "column `created` (index 6): expected double, found datetime");
}

TEST(RowTest, UnknownColumnsAndIndexesAreErrors) {
  const Row row = make_row();
  auto unknown = row.get<std::int64_t>("nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().category, core::ErrorCategory::kNotFound);
  EXPECT_EQ(unknown.error().message,
            "no column named `nope` in the result (columns: id, big, negative, ratio, name, blob, created, "
            "missing, "
            "flag)");
  auto out_of_range = row.get<std::int64_t>(9);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(out_of_range.error().message, "column index 9 is out of range: the row has 9 columns");
  EXPECT_THROW((void)row.at("nope"), std::out_of_range);
}

TEST(ValueTypeNameTest, NamesEveryAlternative) {
  EXPECT_EQ(value_type_name(Value{Null{}}), "NULL");
  EXPECT_EQ(value_type_name(Value{std::int64_t{1}}), "int64");
  EXPECT_EQ(value_type_name(Value{std::uint64_t{1}}), "uint64");
  EXPECT_EQ(value_type_name(Value{1.0}), "double");
  EXPECT_EQ(value_type_name(Value{std::string()}), "string");
  EXPECT_EQ(value_type_name(Value{Bytes()}), "bytes");
  EXPECT_EQ(value_type_name(Value{DateTime{}}), "datetime");
}

}  // namespace
}  // namespace opsdeck::store
