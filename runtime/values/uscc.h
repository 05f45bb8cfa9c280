// 统一社会信用代码 (GB 32100-2015).
//
// 18 characters over 0-9 A-H J-N P Q R T U W X Y (no I O S V Z, which are
// easily confused with digits). Position 1 = registration authority,
// 2 = entity type, 3-8 = region, 9-17 = organisation code (GB 11714),
// 18 = check. Stored as the 18 canonical ASCII characters in a fixed array:
// no heap, trivially copyable, ordered and hashable like a string.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <string_view>

#include "runtime/values/parsed.h"

namespace clue::values {

struct Uscc {
  std::array<char, 18> chars{};
  std::string_view view() const noexcept { return {chars.data(), chars.size()}; }
  friend constexpr auto operator<=>(const Uscc&, const Uscc&) = default;
};

// Folds full-width, trims, drops inner spaces, upper-cases; then checks the
// alphabet and the check character. No format assumptions beyond that (letter
// authority codes such as 'Y' exist, so positions 1-8 are not forced to be
// digits).
Parsed<Uscc> parse_uscc(std::string_view text) noexcept;

// The check character for the first 17 characters (which must be in the
// alphabet), or '\0' if one is not.
char uscc_check_char(std::string_view first17) noexcept;

std::string to_string(const Uscc& u);
// Positions 9-17: the embedded 9-character organisation code (组织机构代码,
// without its hyphen), used to link to older records keyed by it.
std::string_view organization_code(const Uscc& u) noexcept;

}  // namespace clue::values

template <>
struct std::hash<clue::values::Uscc> {
  std::size_t operator()(const clue::values::Uscc& u) const noexcept {
    return std::hash<std::string_view>{}(u.view());
  }
};
