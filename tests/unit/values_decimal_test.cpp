#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "runtime/values/decimal.h"

using namespace clue::values;

namespace {
const DecimalOptions kWan{.allow_wan_units = true};

std::int64_t raw(std::string_view s, const DecimalOptions& o = {}) {
  auto r = parse_decimal(s, o);
  EXPECT_TRUE(r.ok()) << s << " -> " << code(r.error());
  return r.value_or(Decimal{-1}).raw;
}
ValueError err(std::string_view s, const DecimalOptions& o = {}) { return parse_decimal(s, o).error(); }
}  // namespace

TEST(ValuesDecimal, PlainAndSeparators) {
  EXPECT_EQ(raw("1234.5"), 12345000);
  EXPECT_EQ(raw("1,234.50"), 12345000);
  EXPECT_EQ(raw("1，234.50"), 12345000);  // full-width comma
  EXPECT_EQ(raw("１２３４．５０"), 12345000);  // full-width digits and point
  EXPECT_EQ(raw("1,234,567"), 12345670000);
  EXPECT_EQ(raw("0.0001"), 1);
  EXPECT_EQ(raw(".5"), 5000);
  EXPECT_EQ(raw("7."), 70000);
  EXPECT_EQ(raw("0"), 0);
}

TEST(ValuesDecimal, CurrencyMarkers) {
  EXPECT_EQ(raw("¥1234.5"), 12345000);
  EXPECT_EQ(raw("￥1,234"), 12340000);
  EXPECT_EQ(raw("RMB 100"), 1000000);
  EXPECT_EQ(raw("rmb100"), 1000000);
  EXPECT_EQ(raw("CNY 100"), 1000000);
  EXPECT_EQ(raw("人民币100元"), 1000000);
  EXPECT_EQ(raw("100元"), 1000000);
  EXPECT_EQ(raw("100 元"), 1000000);
  EXPECT_EQ(raw("100元整"), 1000000);
}

TEST(ValuesDecimal, Signs) {
  EXPECT_EQ(raw("+5"), 50000);
  EXPECT_EQ(raw("-5.25"), -52500);
  EXPECT_EQ(raw("－5"), -50000);  // full-width minus
  EXPECT_EQ(raw("-¥5"), -50000);
  EXPECT_EQ(raw("¥-5"), -50000);
  EXPECT_EQ(raw("(1,234.00)"), -12340000);  // accounting negative
  EXPECT_EQ(raw("（1,234.00）"), -12340000);
  EXPECT_EQ(raw("(¥5)"), -50000);
  EXPECT_EQ(err("(-5)"), ValueError::DecimalBadFormat);
  EXPECT_EQ(err("(5"), ValueError::DecimalBadFormat);
}

TEST(ValuesDecimal, WanUnits) {
  EXPECT_EQ(err("1.2万"), ValueError::DecimalUnitNotAllowed);
  EXPECT_EQ(err("3亿"), ValueError::DecimalUnitNotAllowed);
  EXPECT_EQ(raw("1.2万", kWan), 120000000);  // 12000.0000
  EXPECT_EQ(raw("3亿", kWan), 3000000000000);
  EXPECT_EQ(raw("1.2万元", kWan), 120000000);
  EXPECT_EQ(raw("0.00000001亿", kWan), 10000);  // 1 yuan: 8 fraction digits fit under 亿
  EXPECT_EQ(raw("1.00000001万", kWan), 100000001);  // 10000.0001
  EXPECT_EQ(err("1.000000001万", kWan), ValueError::DecimalTooPrecise);
}

TEST(ValuesDecimal, FractionDigits) {
  EXPECT_EQ(raw("1.2345"), 12345);
  EXPECT_EQ(raw("1.234500"), 12345);  // extra zeros are harmless
  EXPECT_EQ(err("1.23456"), ValueError::DecimalTooPrecise);
  EXPECT_EQ(err("0.000000000000001"), ValueError::DecimalTooPrecise);
}

TEST(ValuesDecimal, Errors) {
  EXPECT_EQ(err("1,5"), ValueError::DecimalBadFormat);  // not a grouping of three
  EXPECT_EQ(err("1234,567"), ValueError::DecimalBadFormat);
  EXPECT_EQ(err("1,2345"), ValueError::DecimalBadFormat);
  EXPECT_EQ(err("12a"), ValueError::DecimalBadFormat);
  EXPECT_EQ(err("1.5E+3"), ValueError::DecimalBadFormat);
  EXPECT_EQ(err("."), ValueError::DecimalBadFormat);
  EXPECT_EQ(err("¥"), ValueError::DecimalBadFormat);
  EXPECT_EQ(err("922337203685478"), ValueError::DecimalOverflow);  // > 9.2e14 after scaling
  EXPECT_EQ(err("99999999999999999999"), ValueError::DecimalOverflow);
  EXPECT_EQ(raw("922337203685477.5807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(err("-"), ValueError::Placeholder);
  EXPECT_EQ(err("--"), ValueError::Placeholder);
  EXPECT_TRUE(parse_decimal("  ").is_null());
}

TEST(ValuesDecimal, ToString) {
  EXPECT_EQ(to_string(Decimal{12345000}, 2), "1234.50");
  EXPECT_EQ(to_string(Decimal{12345000}), "1234.5000");
  EXPECT_EQ(to_string(Decimal{12345000}, 0), "1235");  // half away from zero
  EXPECT_EQ(to_string(Decimal{-12345}, 2), "-1.23");
  EXPECT_EQ(to_string(Decimal{-12350}, 2), "-1.24");
  EXPECT_EQ(to_string(Decimal{12250}, 2), "1.23");
  EXPECT_EQ(to_string(Decimal{-49}, 2), "0.00");  // no "-0.00"
  EXPECT_EQ(to_string(Decimal{std::numeric_limits<std::int64_t>::min()}, 4), "-922337203685477.5808");
}
