// 居民身份证号码 (GB 11643-1999).
//
// Layout: 6-digit region (GB/T 2260) + YYYYMMDD birth date + 3-digit sequence
// (odd = male) + check character. The value is stored as the 17-digit body as
// an integer; the check character is implied (it is a function of the body),
// so one uint64 is a complete, join-ready key. 15-digit (pre-1999) numbers are
// upgraded on parse (insert "19", compute the check), so both forms of the
// same person produce the same key.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "runtime/values/datetime.h"
#include "runtime/values/parsed.h"

namespace clue::values {

struct IdCard {
  std::uint64_t key = 0;  // 17-digit body, e.g. 36042619910101007
  friend constexpr auto operator<=>(IdCard, IdCard) = default;
};

enum class Gender : unsigned char { Female = 0, Male = 1 };

// Accepts 18 characters (17 digits + digit/X) or 15 digits, after folding
// full-width characters, trimming, dropping inner spaces and upper-casing x.
// Checks the check character (18-digit form) and that the embedded birth date
// is a real date in 1800..2200. Never allocates.
Parsed<IdCard> parse_idcard(std::string_view text) noexcept;

// The check character ('0'..'9' or 'X') for a 17-digit body.
char idcard_check_char(std::uint64_t body) noexcept;

// Writes the 18 characters (no terminator) to out.
void to_chars(IdCard id, char out[18]) noexcept;
std::string to_string(IdCard id);  // 18 characters incl. check

Date birth_date(IdCard id) noexcept;           // days since 1970-01-01
Gender gender(IdCard id) noexcept;             // odd sequence digit = male
int region_code(IdCard id) noexcept;           // 6 digits, e.g. 360426
int age_at(IdCard id, Date on) noexcept;       // completed years on `on`

}  // namespace clue::values

template <>
struct std::hash<clue::values::IdCard> {
  std::size_t operator()(clue::values::IdCard id) const noexcept {
    return std::hash<std::uint64_t>{}(id.key);
  }
};
