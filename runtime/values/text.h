// Free text and person / company names, normalised for matching.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clue::values {

// Normal form for text matching:
//  - trimmed (space, tab, CR, LF, NBSP, U+3000, BOM);
//  - middle-dot variants U+2022 U+30FB U+FF65 U+2027 U+2219 -> U+00B7, and
//    U+FF0E -> U+00B7 when it sits between two CJK characters (a name dot);
//  - full-width ASCII letters and digits -> half-width (Ａ１ -> A1).
// Full-width PUNCTUATION is deliberately kept: in Chinese text （）：，。 are
// the correct forms, and folding them would change how judgments and
// 经营范围 read and would make keyword rules written with Chinese
// punctuation stop matching. Inner whitespace is kept as is.
// Invalid UTF-8 bytes become U+FFFD so the output is always valid UTF-8.
std::string normalize_text(std::string_view s);
// normalize_text of text known to be valid UTF-8 (the loader's cells, checked in bulk): the
// same bytes, but only the code points it folds are decoded — all have a lead byte E2, E3 or
// EF — and the runs between them are copied whole. Judgment text has a full-width ，or 。
// in nearly every sentence, so decoding and re-encoding every character cost 17 % of
// credit_card_lending's run.
std::string normalize_valid_text(std::string_view s);

// normalize_text plus name-specific folding: U+FF0E always -> U+00B7, and
// padding removed - all whitespace (incl. U+3000) is dropped if the name
// contains a CJK character (张　三 -> 张三, 阿不都 · 热合曼 -> 阿不都·热合曼);
// otherwise runs of whitespace collapse to one space (John  Smith).
std::string normalize_name(std::string_view s);

// Strict UTF-8 validation (no overlongs, surrogates or > U+10FFFF).
bool utf8_valid(std::string_view s) noexcept;
// Number of code points; each invalid byte counts as one character.
std::size_t utf8_length_chars(std::string_view s) noexcept;

// CJK Unified Ideographs (basic, Ext. A, compatibility, Ext. B-G).
constexpr bool is_cjk(char32_t c) noexcept {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

}  // namespace clue::values
