#include "runtime/values/decimal.h"

#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace {

constexpr char32_t kYen = 0x00A5, kFullYen = 0xFFE5;  // ¥ ￥ (U+FFE5 is outside fold_width's range)
constexpr char32_t kYuan = 0x5143, kZheng = 0x6574;   // 元 整
constexpr char32_t kWan = 0x4E07, kYi = 0x4EBF;       // 万 亿

void skip_spaces(FoldedReader& r) {
  while (!r.done() && r.peek() == U' ') r.next();
}

// Currency prefix: ¥ ￥ RMB CNY 人民币 (RMB/CNY case-insensitive).
bool skip_currency_prefix(FoldedReader& r) {
  char32_t c = r.peek();
  if (c == kYen || c == kFullYen) {
    r.next();
    return true;
  }
  auto word = [&](char32_t a, char32_t b, char32_t cc) {
    if (ascii_upper(r.peek()) != a) return false;
    FoldedReader save = r;
    r.next();
    if (ascii_upper(r.peek()) == b) {
      r.next();
      if (ascii_upper(r.peek()) == cc) {
        r.next();
        return true;
      }
    }
    r = save;
    return false;
  };
  return word(U'R', U'M', U'B') || word(U'C', U'N', U'Y') || word(0x4EBA, 0x6C11, 0x5E01);  // 人民币
}

bool mul10_add(std::int64_t& v, int d) {
  return !__builtin_mul_overflow(v, 10, &v) && !__builtin_add_overflow(v, d, &v);
}

}  // namespace

Parsed<Decimal> parse_decimal(std::string_view text, const DecimalOptions& opts) noexcept {
  using P = Parsed<Decimal>;
  const std::string_view s = trim(text);
  if (s.empty()) return P::null();
  auto bad = [&](ValueError e = ValueError::DecimalBadFormat) {
    return P::failure(e == ValueError::DecimalBadFormat && is_placeholder(s) ? ValueError::Placeholder : e);
  };

  FoldedReader r(s);
  bool negative = false, paren = false, have_sign = false, have_currency = false;

  // Prefix: any order of one sign, one currency marker and one "(" — people
  // write -¥5, ¥-5 and (¥5).
  for (;;) {
    skip_spaces(r);
    char32_t c = r.peek();
    if ((c == U'+' || c == U'-' || c == 0x2212) && !have_sign && !paren) {  // U+2212 minus sign
      negative = c != U'+';
      have_sign = true;
      r.next();
    } else if (c == U'(' && !paren && !have_sign) {
      paren = true;
      r.next();
    } else if (!have_currency && skip_currency_prefix(r)) {
      have_currency = true;
    } else {
      break;
    }
  }

  // Digits. We accumulate all significant digits into `units` and remember
  // how many were after the point; scaling happens once at the end.
  std::int64_t units = 0;
  int int_digits = 0, frac_digits = 0;
  int group_len = -1;  // digits since the last thousands separator, -1 = none seen
  bool overflow = false;
  bool lost_nonzero = false;  // a non-zero digit beyond kMaxFrac was seen
  int kept_frac = 0;          // fraction digits actually accumulated
  constexpr int kMaxFrac = Decimal::kFractionDigits + 8;  // 4 + up to 亿

  while (!r.done()) {
    char32_t c = r.peek();
    if (is_ascii_digit(c)) {
      if (!mul10_add(units, static_cast<int>(c - U'0'))) overflow = true;
      ++int_digits;
      if (group_len >= 0 && ++group_len > 3) return bad();
      r.next();
    } else if (c == U',') {
      // First group 1-3 digits, later groups exactly 3.
      if (int_digits == 0 || (group_len < 0 ? int_digits > 3 : group_len != 3)) return bad();
      group_len = 0;
      r.next();
    } else {
      break;
    }
  }
  if (group_len >= 0 && group_len != 3) return bad();
  if (r.peek() == U'.') {
    r.next();
    while (!r.done() && is_ascii_digit(r.peek())) {
      const int d = static_cast<int>(r.next() - U'0');
      ++frac_digits;
      if (kept_frac < kMaxFrac) {
        if (!mul10_add(units, d)) overflow = true;
        ++kept_frac;
      } else if (d != 0) {
        lost_nonzero = true;
      }
    }
  }
  if (int_digits + frac_digits == 0) return bad();

  // Suffix: [万|亿] [元] [整], then the closing parenthesis.
  skip_spaces(r);
  int unit_exp = 0;
  if (r.peek() == kWan || r.peek() == kYi) {
    if (!opts.allow_wan_units) return bad(ValueError::DecimalUnitNotAllowed);
    unit_exp = r.next() == kWan ? 4 : 8;
  }
  if (r.peek() == kYuan) {
    r.next();
    if (r.peek() == kZheng) r.next();
  }
  skip_spaces(r);
  if (paren) {
    if (r.peek() != U')') return bad();
    r.next();
    negative = true;
  }
  skip_spaces(r);
  if (!r.done()) return bad();

  // units currently = value * 10^kept_frac. Target: value * 10^4 after the
  // unit multiplier, i.e. units * 10^(4 + unit_exp - kept_frac).
  int shift = Decimal::kFractionDigits + unit_exp - kept_frac;
  if (lost_nonzero) return bad(ValueError::DecimalTooPrecise);
  for (; shift < 0; ++shift) {
    if (units % 10 != 0) return bad(ValueError::DecimalTooPrecise);
    units /= 10;
  }
  if (overflow) return bad(ValueError::DecimalOverflow);
  for (; shift > 0; --shift)
    if (__builtin_mul_overflow(units, 10, &units)) return bad(ValueError::DecimalOverflow);
  return P::success(Decimal{negative ? -units : units});
}

std::string to_string(Decimal d, int fraction_digits) {
  if (fraction_digits < 0) fraction_digits = 0;
  if (fraction_digits > Decimal::kFractionDigits) fraction_digits = Decimal::kFractionDigits;
  // Work on the magnitude as unsigned so INT64_MIN is fine.
  const bool neg = d.raw < 0;
  std::uint64_t mag = neg ? 0 - static_cast<std::uint64_t>(d.raw) : static_cast<std::uint64_t>(d.raw);
  std::uint64_t div = 1;
  for (int i = fraction_digits; i < Decimal::kFractionDigits; ++i) div *= 10;
  if (div > 1) mag = (mag + div / 2) / div;  // half away from zero
  std::uint64_t scale = 1;
  for (int i = 0; i < fraction_digits; ++i) scale *= 10;
  const std::uint64_t ip = mag / scale, fp = mag % scale;

  char buf[32];
  char* e = buf + sizeof buf;
  char* p = e;
  std::uint64_t f = fp;
  for (int i = 0; i < fraction_digits; ++i) {
    *--p = static_cast<char>('0' + f % 10);
    f /= 10;
  }
  if (fraction_digits > 0) *--p = '.';
  std::uint64_t v = ip;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  if (neg && mag != 0) *--p = '-';
  return std::string(p, e);
}

}  // namespace clue::values
