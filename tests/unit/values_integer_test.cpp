#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "runtime/values/integer.h"

using namespace clue::values;

TEST(ValuesInt, Accepted) {
  EXPECT_EQ(parse_int("1234").value(), 1234);
  EXPECT_EQ(parse_int("-1234").value(), -1234);
  EXPECT_EQ(parse_int("+7").value(), 7);
  EXPECT_EQ(parse_int("1,234,567").value(), 1234567);
  EXPECT_EQ(parse_int("1，234").value(), 1234);
  EXPECT_EQ(parse_int("１２３").value(), 123);
  EXPECT_EQ(parse_int(" 42\xE3\x80\x80").value(), 42);
  EXPECT_EQ(parse_int("3.0").value(), 3);
  EXPECT_EQ(parse_int("3.000").value(), 3);
  EXPECT_EQ(parse_int("9223372036854775807").value(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_int("-9223372036854775808").value(), std::numeric_limits<std::int64_t>::min());
}

TEST(ValuesInt, Errors) {
  EXPECT_EQ(parse_int("3.5").error(), ValueError::IntHasFraction);
  EXPECT_EQ(parse_int("9223372036854775808").error(), ValueError::IntOverflow);
  EXPECT_EQ(parse_int("-9223372036854775809").error(), ValueError::IntOverflow);
  EXPECT_EQ(parse_int("1,23").error(), ValueError::IntBadFormat);
  EXPECT_EQ(parse_int("12abc").error(), ValueError::IntBadFormat);
  EXPECT_EQ(parse_int("-").error(), ValueError::Placeholder);
  EXPECT_EQ(parse_int("N/A").error(), ValueError::Placeholder);
  EXPECT_TRUE(parse_int("").is_null());
}
