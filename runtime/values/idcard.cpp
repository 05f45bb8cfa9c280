#include "runtime/values/idcard.h"

#include <cstring>

#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace {

// W_i = 2^(17-i) mod 11, i = 1..17.
constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckChars[] = "10X98765432";

// Indexing the 17-digit body: position 0 is the most significant digit.
constexpr std::uint64_t kPow10[18] = {1ULL,
                                      10ULL,
                                      100ULL,
                                      1000ULL,
                                      10000ULL,
                                      100000ULL,
                                      1000000ULL,
                                      10000000ULL,
                                      100000000ULL,
                                      1000000000ULL,
                                      10000000000ULL,
                                      100000000000ULL,
                                      1000000000000ULL,
                                      10000000000000ULL,
                                      100000000000000ULL,
                                      1000000000000000ULL,
                                      10000000000000000ULL,
                                      100000000000000000ULL};

char check_char_of(const char* digits17) {
  int s = 0;
  for (int i = 0; i < 17; ++i) s += (digits17[i] - '0') * kWeights[i];
  return kCheckChars[s % 11];
}

// Excel's scientific display of a long number: 1.10101E+17, 3.30802e16.
bool looks_like_excel_float(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (digits() == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    digits();
  }
  if (i == s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
  ++i;
  if (i < s.size() && s[i] == '+') ++i;
  return digits() > 0 && i == s.size();
}

// Fast path for the common case: exactly 15 or 18 ASCII digits (the last
// may be x/X). Returns false to fall back to the general path.
bool collect_fast(std::string_view s, char* c18, int& n) {
  if (s.size() != 18 && s.size() != 15) return false;
  const int len = static_cast<int>(s.size());
  for (int i = 0; i < len; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') {
      if (i != 17 || (c != 'X' && c != 'x')) return false;
      c = 'X';
    }
    c18[i] = c;
  }
  n = len;
  return true;
}

// General path: folds full-width characters, skips inner spaces and upper-
// cases x. Keeps at most 18 characters but counts the rest, so a too-long
// value is reported as a length error rather than silently truncated.
ValueError collect_slow(std::string_view s, char* c18, int& n) {
  n = 0;
  bool bad_char = false, masked = false;
  FoldedReader r(s);
  while (!r.done()) {
    char32_t c = r.next();
    if (c == U' ') continue;  // "110105 19491231 002X" (also folded U+3000)
    if (c == U'x') c = U'X';
    if (c == U'*') {
      masked = true;
    } else if (!is_ascii_digit(c) && c != U'X') {
      bad_char = true;
    }
    if (n < 18) c18[n] = static_cast<char>(c);
    ++n;
    if (n > 64) break;  // long garbage: no need to read on
  }
  if (bad_char || masked) {
    if (is_placeholder(s)) return ValueError::Placeholder;
    if (looks_like_excel_float(s)) return ValueError::IdcardExcelFloat;
    return (masked && !bad_char) ? ValueError::IdcardMasked : ValueError::IdcardBadChar;
  }
  if (n != 15 && n != 18) return ValueError::IdcardBadLength;
  // X is only valid as the final check character of the 18-digit form.
  for (int i = 0; i < (n == 18 ? 17 : 15); ++i)
    if (c18[i] == 'X') return ValueError::IdcardBadChar;
  return ValueError::None;
}

Parsed<IdCard> fail(ValueError e) { return Parsed<IdCard>::failure(e); }

// ---- Fast path: exactly 18 ASCII bytes (17 digits + digit/X/x) or exactly 15 digits ----
//
// Eight bytes at a time in a uint64 (SWAR, little-endian: the first character is the lowest
// byte). Such a cell needs no trimming (it starts and ends with a digit or X), so the result
// is the general path's for the same text; anything else goes the general way.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CLUE_IDCARD_SWAR 1

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Zero if all eight bytes are '0'..'9': the high nibble is 3, and adding 6 keeps it 3 (a byte
// that fails the first test may carry into the next one's second, but the whole is nonzero).
inline std::uint64_t non_digits8(std::uint64_t w) noexcept {
  constexpr std::uint64_t kHigh = 0xF0 * kOnes, kThree = 0x30 * kOnes;
  return ((w & kHigh) ^ kThree) | (((w + 6 * kOnes) & kHigh) ^ kThree);
}

// From the digit values (one per byte): 16-bit lane k = the two-digit number of bytes 2k, 2k+1.
inline std::uint64_t pairs_of(std::uint64_t d) noexcept { return (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFULL; }

// From pairs_of(): the eight-digit number.
inline std::uint64_t value_of_pairs(std::uint64_t p) noexcept {
  const std::uint64_t q = (p * 100 + (p >> 16)) & 0x0000FFFF0000FFFFULL;  // 32-bit lanes: 4 digits
  return (q * 10000 + (q >> 32)) & 0xFFFFFFFFULL;
}

inline unsigned lane16(std::uint64_t p, int k) noexcept { return unsigned(p >> (16 * k)) & 0xFFFFu; }

// Multiplier whose 16-bit lanes are the weights of four bytes (at lanes 0..3) reversed: lane 3
// of (lanes × multiplier) is their dot product. Lower lanes hold partial sums under 2^16 and
// never carry into lane 3, so one multiply weighs four digits.
constexpr std::uint64_t dot_mul(int w0, int w1, int w2, int w3) {
  return std::uint64_t(w3) | std::uint64_t(w2) << 16 | std::uint64_t(w1) << 32 | std::uint64_t(w0) << 48;
}

// Weighted sum (kWeights) of eight digit values starting at body position `at` (0 or 8), in
// lane 3 of the result: even bytes and odd bytes weighed by one multiply each.
template <int at>
inline std::uint64_t weigh8(std::uint64_t d) noexcept {
  constexpr std::uint64_t kEven = dot_mul(kWeights[at], kWeights[at + 2], kWeights[at + 4], kWeights[at + 6]);
  constexpr std::uint64_t kOdd = dot_mul(kWeights[at + 1], kWeights[at + 3], kWeights[at + 5], kWeights[at + 7]);
  constexpr std::uint64_t kLow = 0x00FF00FF00FF00FFULL;
  return (d & kLow) * kEven + ((d >> 8) & kLow) * kOdd;
}

constexpr unsigned char kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

inline bool birth_date_ok(unsigned y, unsigned m, unsigned d) noexcept {
  // The same test as is_valid_date + the year range, for values 0..9999 / 0..99.
  if (y < unsigned(kMinYear) || y > unsigned(kMaxYear) || m - 1 > 11 || d - 1 > 30) return false;
  if (d <= kDaysInMonth[m - 1]) return true;
  return m == 2 && d == 29 && is_leap_year(int(y));
}

// 18 bytes. Returns false (nothing decided) unless the shape is 17 digits + digit/X/x.
inline bool parse18_fast(const char* p, Parsed<IdCard>& out) noexcept {
  const std::uint64_t w0 = load8(p), w1 = load8(p + 8);
  const unsigned c16 = static_cast<unsigned char>(p[16]) - unsigned('0');
  const char last = p[17];
  const unsigned c17 = static_cast<unsigned char>(last) - unsigned('0');
  if ((non_digits8(w0) | non_digits8(w1)) != 0 || c16 > 9 || !(c17 <= 9 || last == 'X' || last == 'x')) return false;
  const std::uint64_t d0 = w0 - 0x30 * kOnes, d1 = w1 - 0x30 * kOnes;
  const std::uint64_t p0 = pairs_of(d0), p1 = pairs_of(d1);
  // YYYYMMDD at body positions 6..13: lane 3 of p0, lanes 0..2 of p1.
  const unsigned y = lane16(p0, 3) * 100 + lane16(p1, 0), m = lane16(p1, 1), d = lane16(p1, 2);
  if (!birth_date_ok(y, m, d)) {
    out = fail(ValueError::IdcardBadBirthDate);
    return true;
  }
  const unsigned sum = unsigned((weigh8<0>(d0) + weigh8<8>(d1)) >> 48) + c16 * unsigned(kWeights[16]);
  const char check = kCheckChars[sum % 11];
  if (check != (last == 'x' ? 'X' : last)) {
    out = fail(p[15] == '0' && p[16] == '0' && last == '0' ? ValueError::IdcardExcelFloat
                                                            : ValueError::IdcardBadCheckDigit);
    return true;
  }
  const std::uint64_t key = value_of_pairs(p0) * 1000000000ULL + value_of_pairs(p1) * 10 + c16;
  out = Parsed<IdCard>::success(IdCard{key});
  return true;
}

// 15 bytes. Returns false (nothing decided) unless all are digits.
inline bool parse15_fast(const char* p, Parsed<IdCard>& out) noexcept {
  // Characters 0..7 and 6..13 (YYMMDD + two sequence digits), then character 14.
  const std::uint64_t w0 = load8(p), w6 = load8(p + 6);
  const unsigned c14 = static_cast<unsigned char>(p[14]) - unsigned('0');
  if ((non_digits8(w0) | non_digits8(w6)) != 0 || c14 > 9) return false;
  const std::uint64_t p0 = pairs_of(w0 - 0x30 * kOnes), p6 = pairs_of(w6 - 0x30 * kOnes);
  // The upgraded body is region(6) + "19" + YYMMDD + sequence(3); 1900..1999 is in range.
  const unsigned y = 1900 + lane16(p6, 0), m = lane16(p6, 1), d = lane16(p6, 2);
  if (!birth_date_ok(y, m, d)) {
    out = fail(ValueError::IdcardBadBirthDate);
    return true;
  }
  const std::uint64_t q0 = (p0 * 100 + (p0 >> 16)) & 0x0000FFFF0000FFFFULL;
  const std::uint64_t region = (q0 & 0xFFFF) * 100 + lane16(p0, 2);  // characters 0..5
  const std::uint64_t key = region * 100000000000ULL + 19 * 1000000000ULL + value_of_pairs(p6) * 10 + c14;
  out = Parsed<IdCard>::success(IdCard{key});
  return true;
}
#endif

}  // namespace

char idcard_check_char(std::uint64_t body) noexcept {
  char d[17];
  for (int i = 16; i >= 0; --i) {
    d[i] = static_cast<char>('0' + body % 10);
    body /= 10;
  }
  return check_char_of(d);
}

namespace {

// Every input: trims, folds full-width characters, drops inner spaces (the reference for the
// fast path, which decides only inputs it gives the same result for). Out of line, so that
// the fast path's caller does not pay for this one's stack frame.
[[gnu::noinline]] Parsed<IdCard> parse_general(std::string_view text) noexcept {
  const std::string_view s = trim(text);
  if (s.empty()) return Parsed<IdCard>::null();

  char c18[18];
  int n = 0;
  if (!collect_fast(s, c18, n)) {
    const ValueError e = collect_slow(s, c18, n);
    if (e != ValueError::None) return fail(e);
  }

  char body[17];
  if (n == 18) {
    for (int i = 0; i < 17; ++i) body[i] = c18[i];
  } else {
    // 15-digit: region(6) + YYMMDD + seq(3); all were issued to people born
    // in the 1900s, hence the fixed "19".
    for (int i = 0; i < 6; ++i) body[i] = c18[i];
    body[6] = '1';
    body[7] = '9';
    for (int i = 6; i < 15; ++i) body[i + 2] = c18[i];
  }

  const int y = (body[6] - '0') * 1000 + (body[7] - '0') * 100 + (body[8] - '0') * 10 + (body[9] - '0');
  const int m = (body[10] - '0') * 10 + (body[11] - '0');
  const int d = (body[12] - '0') * 10 + (body[13] - '0');
  if (!is_valid_date(y, m, d) || y < kMinYear || y > kMaxYear)
    return fail(ValueError::IdcardBadBirthDate);

  if (n == 18 && check_char_of(body) != c18[17]) {
    // Excel shows 18-digit numbers with 15 significant digits, so the last
    // three come back as "000"; with a failing check that is the likely story.
    if (c18[15] == '0' && c18[16] == '0' && c18[17] == '0') return fail(ValueError::IdcardExcelFloat);
    return fail(ValueError::IdcardBadCheckDigit);
  }

  std::uint64_t key = 0;
  for (int i = 0; i < 17; ++i) key = key * 10 + static_cast<std::uint64_t>(body[i] - '0');
  return Parsed<IdCard>::success(IdCard{key});
}

}  // namespace

Parsed<IdCard> parse_idcard(std::string_view text) noexcept {
#ifdef CLUE_IDCARD_SWAR
  // The overwhelmingly common shapes, decided without trimming, folding or copying.
  Parsed<IdCard> fast = Parsed<IdCard>::null();
  if (text.size() == 18 && parse18_fast(text.data(), fast)) return fast;
  if (text.size() == 15 && parse15_fast(text.data(), fast)) return fast;
#endif
  return parse_general(text);
}

void to_chars(IdCard id, char out[18]) noexcept {
  std::uint64_t k = id.key;
  for (int i = 16; i >= 0; --i) {
    out[i] = static_cast<char>('0' + k % 10);
    k /= 10;
  }
  out[17] = check_char_of(out);
}

std::string to_string(IdCard id) {
  char buf[18];
  to_chars(id, buf);
  return std::string(buf, 18);
}

Date birth_date(IdCard id) noexcept {
  // Body digits 7..14 (1-based) are YYYYMMDD: drop the 3-digit sequence,
  // then keep 8 digits.
  const auto ymd = static_cast<int>((id.key / kPow10[3]) % kPow10[8]);
  return make_date(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

Gender gender(IdCard id) noexcept { return (id.key % 2) ? Gender::Male : Gender::Female; }

int region_code(IdCard id) noexcept { return static_cast<int>(id.key / kPow10[11]); }

int age_at(IdCard id, Date on) noexcept {
  const Ymd b = to_ymd(birth_date(id));
  const Ymd t = to_ymd(on);
  int age = t.year - b.year;
  // The age goes up on the birthday itself; a 02-29 birthday is reached on
  // 03-01 in non-leap years. (刑法 counts 周岁 from the day AFTER the birthday:
  // callers applying that rule pass on - 1.)
  if (t.month < b.month || (t.month == b.month && t.day < b.day)) --age;
  return age;
}

}  // namespace clue::values
