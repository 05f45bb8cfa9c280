// 64-bit integers (counts, amounts in whole units, codes that are numbers).
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/values/parsed.h"

namespace clue::values {

// Accepted: 1234  -1234  +1234  1,234,567  1，234  full-width digits, and a
// fraction of zeros only ("3.0", "3.00" -> 3; spreadsheets add them). A
// non-zero fraction ("3.5") is IntHasFraction; values outside int64 are
// IntOverflow. Thousand separators must group by three. Never allocates.
Parsed<std::int64_t> parse_int(std::string_view text) noexcept;

}  // namespace clue::values
