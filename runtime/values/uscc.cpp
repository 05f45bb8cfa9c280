#include "runtime/values/uscc.h"

#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 symbols
// W_i = 3^(i-1) mod 31.
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// Value of a character in the alphabet, or -1.
constexpr int char_value(char32_t c) noexcept {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c < U'A' || c > U'Z') return -1;
  for (std::size_t i = 10; i < kAlphabet.size(); ++i)
    if (kAlphabet[i] == static_cast<char>(c)) return static_cast<int>(i);
  return -1;
}

Parsed<Uscc> fail(ValueError e) { return Parsed<Uscc>::failure(e); }

}  // namespace

char uscc_check_char(std::string_view first17) noexcept {
  if (first17.size() < 17) return '\0';
  int s = 0;
  for (int i = 0; i < 17; ++i) {
    int v = char_value(static_cast<unsigned char>(first17[i]));
    if (v < 0) return '\0';
    s += v * kWeights[i];
  }
  return kAlphabet[(31 - s % 31) % 31];
}

Parsed<Uscc> parse_uscc(std::string_view text) noexcept {
  const std::string_view s = trim(text);
  if (s.empty()) return Parsed<Uscc>::null();

  Uscc u;
  int n = 0;
  bool bad_char = false;
  FoldedReader r(s);
  while (!r.done() && n <= 64) {
    char32_t c = ascii_upper(r.next());
    if (c == U' ') continue;
    if (char_value(c) < 0) bad_char = true;
    if (n < 18) u.chars[n] = static_cast<char>(c);
    ++n;
  }
  if (bad_char) return fail(is_placeholder(s) ? ValueError::Placeholder : ValueError::UsccBadChar);
  if (n != 18) return fail(ValueError::UsccBadLength);
  if (uscc_check_char(u.view().substr(0, 17)) != u.chars[17]) return fail(ValueError::UsccBadCheckDigit);
  return Parsed<Uscc>::success(u);
}

std::string to_string(const Uscc& u) { return std::string(u.view()); }

std::string_view organization_code(const Uscc& u) noexcept { return u.view().substr(8, 9); }

}  // namespace clue::values
