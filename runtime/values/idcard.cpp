#include "runtime/values/idcard.h"

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

}  // namespace

char idcard_check_char(std::uint64_t body) noexcept {
  char d[17];
  for (int i = 16; i >= 0; --i) {
    d[i] = static_cast<char>('0' + body % 10);
    body /= 10;
  }
  return check_char_of(d);
}

Parsed<IdCard> parse_idcard(std::string_view text) noexcept {
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
