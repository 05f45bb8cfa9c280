#include "runtime/values/integer.h"

#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {

Parsed<std::int64_t> parse_int(std::string_view text) noexcept {
  using P = Parsed<std::int64_t>;
  const std::string_view s = trim(text);
  if (s.empty()) return P::null();
  auto bad = [&] {
    return P::failure(is_placeholder(s) ? ValueError::Placeholder : ValueError::IntBadFormat);
  };

  FoldedReader r(s);
  bool negative = false;
  if (r.peek() == U'+' || r.peek() == U'-' || r.peek() == 0x2212) negative = r.next() != U'+';

  // Accumulate as a negative number so INT64_MIN is representable.
  std::int64_t v = 0;
  int digits = 0, group_len = -1;
  bool overflow = false;
  while (!r.done()) {
    const char32_t c = r.peek();
    if (is_ascii_digit(c)) {
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, static_cast<int>(c - U'0'), &v))
        overflow = true;
      ++digits;
      if (group_len >= 0 && ++group_len > 3) return bad();
    } else if (c == U',') {
      if (digits == 0 || (group_len < 0 ? digits > 3 : group_len != 3)) return bad();
      group_len = 0;
    } else {
      break;
    }
    r.next();
  }
  if (digits == 0 || (group_len >= 0 && group_len != 3)) return bad();
  bool nonzero_fraction = false;
  if (r.peek() == U'.') {
    r.next();
    while (!r.done() && is_ascii_digit(r.peek()))
      if (r.next() != U'0') nonzero_fraction = true;
  }
  if (!r.done()) return bad();
  if (nonzero_fraction) return P::failure(ValueError::IntHasFraction);
  if (overflow || (!negative && v == INT64_MIN)) return P::failure(ValueError::IntOverflow);
  return P::success(negative ? v : -v);
}

}  // namespace clue::values
