// Exact fixed-point amounts: int64 with 4 implied fraction digits.
//
// Money in screening models is compared and summed (已执行标的 vs 申请标的,
// 保证金 = 20% of 起拍价), so binary floating point is never used: parsing,
// formatting and rounding are integer-only. Range is about ±9.2e14 yuan.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/values/parsed.h"

namespace clue::values {

struct Decimal {
  static constexpr int kFractionDigits = 4;
  static constexpr std::int64_t kScale = 10000;

  std::int64_t raw = 0;  // value * 10^4

  static constexpr Decimal from_raw(std::int64_t r) noexcept { return Decimal{r}; }
  friend constexpr auto operator<=>(Decimal, Decimal) = default;
};

struct DecimalOptions {
  // Accept 1.2万 / 3亿 / 1.2万元 (×10^4 / ×10^8). Off by default: a column of
  // plain amounts containing "万" usually means the unit column was merged in
  // by mistake, and silently scaling by 10^4 would be a costly error.
  bool allow_wan_units = false;
};

// Accepted: 1,234.50  1，234.50  ¥1234.5  ￥1,234  RMB 100  CNY100  人民币100
// 100元  100元整  full-width digits  +5  -5  (1,234.00) (accounting negative)
// and, with allow_wan_units, 1.2万  3亿  1.2万元.
// Thousand separators must group by three ("1,5" is rejected: it may be a
// European decimal comma). More than 4 fraction digits are accepted only if
// the extra digits are zeros (1.23450); otherwise DecimalTooPrecise - we do
// not round silently. Never allocates.
Parsed<Decimal> parse_decimal(std::string_view text, const DecimalOptions& opts = {}) noexcept;

// Fixed notation with `fraction_digits` (0..4) digits, rounding half away
// from zero (四舍五入) when digits are dropped; no thousand separators.
// Money is printed with 2: to_string(d, 2) -> "1234.50".
std::string to_string(Decimal d, int fraction_digits = Decimal::kFractionDigits);

}  // namespace clue::values
