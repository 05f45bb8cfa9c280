// Date / month / date-time parsing.
//
// The input is folded (full-width -> half-width) and split into a small fixed
// array of tokens (numbers, separators, CJK units such as 年月日时分秒); the
// token sequence is then matched against the accepted shapes. Tokenising first
// keeps each shape a few lines long and lets Arabic and Chinese numerals
// (二〇二二年三月一日) share one code path. No allocation anywhere.
#include "runtime/values/datetime.h"

#include <cmath>
#include <cstdio>

#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace {

enum class Kind : unsigned char { Num, Sep, Unit, Space, T };

struct Tok {
  Kind kind;
  bool cjk;        // Num written in Chinese numerals
  unsigned char ndig;  // Num: number of digit characters
  char32_t ch;     // Sep / Unit: the character
  std::int64_t val;
};

constexpr int kMaxTokens = 20;
constexpr int kMaxAsciiDigits = 18;  // keeps val in int64; real shapes use <= 14

// Chinese numeral digit value, or -1. 十 is handled separately. ○ (U+25CB) is
// not a numeral but is what most judgments actually type for 〇.
int cjk_digit(char32_t c) {
  switch (c) {
    case 0x3007: case 0x25CB: case 0x96F6: return 0;  // 〇 ○ 零
    case 0x4E00: return 1;  // 一
    case 0x4E8C: return 2;  // 二
    case 0x4E09: return 3;  // 三
    case 0x56DB: return 4;  // 四
    case 0x4E94: return 5;  // 五
    case 0x516D: return 6;  // 六
    case 0x4E03: return 7;  // 七
    case 0x516B: return 8;  // 八
    case 0x4E5D: return 9;  // 九
    default: return -1;
  }
}
constexpr char32_t kTen = 0x5341;  // 十

bool is_unit(char32_t c) {
  switch (c) {
    case 0x5E74:  // 年
    case 0x6708:  // 月
    case 0x65E5:  // 日
    case 0x53F7:  // 号
    case 0x65F6:  // 时
    case 0x70B9:  // 点
    case 0x5206:  // 分
    case 0x79D2:  // 秒
      return true;
    default:
      return false;
  }
}

struct Tokens {
  Tok t[kMaxTokens];
  int n = 0;
};

// Reads a run of Chinese numerals. Two shapes: digit-by-digit (二〇二二 ->
// 2022, ndig 4) and tens (十 / 十一 / 二十 / 二十三 -> ndig 2). Returns false on
// anything else (二十二十, 三十三十...).
bool read_cjk_number(FoldedReader& r, Tok& tok) {
  int digits[kMaxAsciiDigits];
  int nd = 0;
  int ten_at = -1;  // index in digits where 十 appeared
  while (!r.done()) {
    char32_t c = r.peek();
    int d = cjk_digit(c);
    if (d >= 0) {
      if (nd == kMaxAsciiDigits) return false;
      digits[nd++] = d;
    } else if (c == kTen) {
      if (ten_at >= 0) return false;
      ten_at = nd;
    } else {
      break;
    }
    r.next();
  }
  tok.kind = Kind::Num;
  tok.cjk = true;
  if (ten_at < 0) {
    std::int64_t v = 0;
    for (int i = 0; i < nd; ++i) v = v * 10 + digits[i];
    tok.val = v;
    tok.ndig = static_cast<unsigned char>(nd);
    return true;
  }
  // tens form: at most one digit on each side, 零/〇 not allowed before 十.
  const int before = ten_at, after = nd - ten_at;
  if (before > 1 || after > 1) return false;
  if (before == 1 && digits[0] == 0) return false;
  if (after == 1 && digits[nd - 1] == 0) return false;
  tok.val = (before ? digits[0] : 1) * 10 + (after ? digits[nd - 1] : 0);
  tok.ndig = 2;
  return true;
}

// Returns false for characters that cannot occur in a date.
bool tokenize(std::string_view s, Tokens& out) {
  FoldedReader r(s);
  out.n = 0;
  while (!r.done()) {
    if (out.n == kMaxTokens) return false;
    Tok& tok = out.t[out.n];
    tok = Tok{Kind::Num, false, 0, 0, 0};
    char32_t c = r.peek();
    if (is_ascii_digit(c)) {
      std::int64_t v = 0;
      int nd = 0;
      while (!r.done() && is_ascii_digit(r.peek())) {
        if (nd == kMaxAsciiDigits) return false;
        v = v * 10 + (r.next() - U'0');
        ++nd;
      }
      tok.val = v;
      tok.ndig = static_cast<unsigned char>(nd);
    } else if (cjk_digit(c) >= 0 || c == kTen) {
      if (!read_cjk_number(r, tok)) return false;
    } else if (c == U'-' || c == U'/' || c == U'.' || c == U':') {
      tok.kind = Kind::Sep;
      tok.ch = r.next();
    } else if (is_unit(c)) {
      tok.kind = Kind::Unit;
      tok.ch = r.next();
    } else if (c == U' ' || c == U'\t' || c == 0x00A0) {
      while (!r.done() && (r.peek() == U' ' || r.peek() == U'\t' || r.peek() == 0x00A0)) r.next();
      tok.kind = Kind::Space;
    } else if (c == U'T') {
      tok.kind = Kind::T;
      r.next();
    } else {
      return false;
    }
    ++out.n;
  }
  // Spaces matter only between two numbers (the date/time boundary); around
  // separators and units ("2022 年 3 月", "2022 - 03 - 01") they are noise.
  int w = 0;
  for (int i = 0; i < out.n; ++i) {
    const Tok& tok = out.t[i];
    if (tok.kind == Kind::Space &&
        !(i > 0 && i + 1 < out.n && out.t[i - 1].kind == Kind::Num && out.t[i + 1].kind == Kind::Num))
      continue;
    out.t[w++] = tok;
  }
  out.n = w;
  return true;
}

struct Fields {
  int y = 0, m = 0, d = 0;
  int hh = 0, mi = 0, ss = 0;
  bool has_day = false;
};

class Matcher {
 public:
  explicit Matcher(const Tokens& t) : t_(t) {}

  bool at_end() const { return i_ >= t_.n; }
  const Tok* peek() const { return at_end() ? nullptr : &t_.t[i_]; }

  bool num(int min_dig, int max_dig, int& v) {
    const Tok* k = peek();
    if (!k || k->kind != Kind::Num) return false;
    // Chinese numerals: digit-by-digit runs must have the digit count of the
    // field (a 4-char year); tens-form counts as 2 and fits day/month fields.
    if (k->ndig < min_dig || k->ndig > max_dig) return false;
    v = static_cast<int>(k->val);
    ++i_;
    return true;
  }
  bool sep(char32_t c) { return take(Kind::Sep, c); }
  bool unit(char32_t c) { return take(Kind::Unit, c); }
  bool kind(Kind k) {
    const Tok* p = peek();
    if (!p || p->kind != k) return false;
    ++i_;
    return true;
  }
  void reset(int i) { i_ = i; }

 private:
  bool take(Kind k, char32_t c) {
    const Tok* p = peek();
    if (!p || p->kind != k || p->ch != c) return false;
    ++i_;
    return true;
  }
  const Tokens& t_;
  int i_ = 0;
};

constexpr char32_t kYear = 0x5E74, kMonthU = 0x6708, kDay = 0x65E5, kHao = 0x53F7;
constexpr char32_t kHour = 0x65F6, kDian = 0x70B9, kMinute = 0x5206, kSecond = 0x79D2;

// Splits a compact all-digit token: YYYYMM (6), YYYYMMDD (8), YYYYMMDDHHMM
// (12), YYYYMMDDHHMMSS (14).
bool split_compact(const Tok& k, Fields& f, bool& has_time) {
  if (k.cjk) return false;
  std::int64_t v = k.val;
  has_time = false;
  switch (k.ndig) {
    case 14:
      f.ss = static_cast<int>(v % 100);
      v /= 100;
      [[fallthrough]];
    case 12:
      f.mi = static_cast<int>(v % 100);
      v /= 100;
      f.hh = static_cast<int>(v % 100);
      v /= 100;
      has_time = true;
      [[fallthrough]];
    case 8:
      f.d = static_cast<int>(v % 100);
      v /= 100;
      f.has_day = true;
      [[fallthrough]];
    case 6:
      f.m = static_cast<int>(v % 100);
      f.y = static_cast<int>(v / 100);
      return true;
    default:
      return false;
  }
}

// Time of day after the date: H:M[:S[.frac]] or H时|点 [M分 [S秒]].
// Fractional seconds are accepted and dropped (no sub-second resolution).
bool match_time(Matcher& mt, Fields& f) {
  if (!mt.num(1, 2, f.hh)) return false;
  if (mt.sep(U':')) {
    if (!mt.num(1, 2, f.mi)) return false;
    if (mt.sep(U':')) {
      if (!mt.num(1, 2, f.ss)) return false;
      if (mt.sep(U'.')) {
        int dummy;
        if (!mt.num(1, kMaxAsciiDigits, dummy)) return false;
      }
    }
    return mt.at_end();
  }
  if (mt.unit(kHour) || mt.unit(kDian)) {
    if (mt.num(1, 2, f.mi)) {
      if (!mt.unit(kMinute)) return false;
      if (mt.num(1, 2, f.ss) && !mt.unit(kSecond)) return false;
    }
    return mt.at_end();
  }
  return false;
}

// Matches the whole token list. On success fills f; `has_time` tells whether
// a time part was present. Month-only shapes leave f.has_day false.
bool match(const Tokens& toks, Fields& f, bool& has_time) {
  has_time = false;
  if (toks.n == 0) return false;
  Matcher mt(toks);
  const Tok& first = toks.t[0];

  // Compact digits, possibly followed by a separate time (20220301 10:41).
  if (first.kind == Kind::Num && !first.cjk && first.ndig >= 6) {
    if (!split_compact(first, f, has_time)) return false;
    mt.reset(1);
    if (mt.at_end()) return true;
    if (!f.has_day || has_time) return false;
    if (!(mt.kind(Kind::Space) || mt.kind(Kind::T))) return false;
    has_time = true;
    return match_time(mt, f);
  }

  if (!mt.num(4, 4, f.y)) return false;
  bool after_day_unit = false;
  if (mt.unit(kYear)) {
    if (!mt.num(1, 2, f.m) || !mt.unit(kMonthU)) return false;
    if (mt.at_end()) return true;  // 2024年3月
    if (!mt.num(1, 2, f.d)) return false;
    f.has_day = true;
    after_day_unit = mt.unit(kDay) || mt.unit(kHao);
  } else {
    const Tok* s = mt.peek();
    if (!s || s->kind != Kind::Sep || s->ch == U':') return false;
    const char32_t sc = s->ch;
    mt.sep(sc);
    if (!mt.num(1, 2, f.m)) return false;
    if (mt.at_end()) return true;  // 2024-03, 2024/3, 2024.03
    if (!mt.sep(sc) || !mt.num(1, 2, f.d)) return false;  // same separator twice
    f.has_day = true;
  }
  if (mt.at_end()) return true;
  // The time part: separated by space or T, or glued on after 日 (2018年4月21日10时).
  if (!(mt.kind(Kind::Space) || mt.kind(Kind::T) || after_day_unit)) return false;
  has_time = true;
  return match_time(mt, f);
}

// 5-digit integers (optionally with a fraction) are almost certainly Excel
// serials that lost their cell format: 10000..99999 covers 1927..2173.
bool looks_like_excel_serial(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i != 5) return false;
  if (i == s.size()) return true;
  if (s[i] != '.' || i + 1 == s.size()) return false;
  for (++i; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

enum class Want { Date, Month, DateTime };

// Shared driver: returns the error (None on success) and fills f/has_time.
// `nul` is set for an empty cell.
ValueError parse_fields(std::string_view text, Want want, Fields& f, bool& has_time, bool& nul) {
  nul = false;
  std::string_view s = trim(text);
  if (s.empty()) {
    nul = true;
    return ValueError::None;
  }
  Tokens toks;
  if (!tokenize(s, toks) || !match(toks, f, has_time) || (want != Want::Month && !f.has_day)) {
    if (is_placeholder(s)) return ValueError::Placeholder;
    if (looks_like_excel_serial(s)) return ValueError::DateExcelSerial;
    return ValueError::DateBadFormat;
  }
  const int day = f.has_day ? f.d : 1;
  if (!is_valid_date(f.y, f.m, day)) return ValueError::DateImpossible;
  if (f.y < kMinYear || f.y > kMaxYear) return ValueError::DateYearOutOfRange;
  if (has_time && (f.hh > 23 || f.mi > 59 || f.ss > 59)) return ValueError::DateBadTime;
  return ValueError::None;
}

}  // namespace

Parsed<Date> parse_date(std::string_view text) noexcept {
  Fields f;
  bool has_time, nul;
  ValueError e = parse_fields(text, Want::Date, f, has_time, nul);
  if (nul) return Parsed<Date>::null();
  if (e != ValueError::None) return Parsed<Date>::failure(e);
  return Parsed<Date>::success(make_date(f.y, f.m, f.d));
}

Parsed<Month> parse_month(std::string_view text) noexcept {
  Fields f;
  bool has_time, nul;
  ValueError e = parse_fields(text, Want::Month, f, has_time, nul);
  if (nul) return Parsed<Month>::null();
  if (e != ValueError::None) return Parsed<Month>::failure(e);
  return Parsed<Month>::success(make_month(f.y, f.m));
}

Parsed<DateTime> parse_datetime(std::string_view text) noexcept {
  Fields f;
  bool has_time, nul;
  ValueError e = parse_fields(text, Want::DateTime, f, has_time, nul);
  if (nul) return Parsed<DateTime>::null();
  if (e != ValueError::None) return Parsed<DateTime>::failure(e);
  return Parsed<DateTime>::success(make_datetime(make_date(f.y, f.m, f.d), f.hh, f.mi, f.ss));
}

Parsed<DateTime> from_excel_serial(double serial) noexcept {
  constexpr double kMaxSerial = 110000.0;  // > 2200-12-31 (serial 109574)
  if (!(serial >= 1.0 && serial < kMaxSerial))  // also rejects NaN
    return Parsed<DateTime>::failure(ValueError::DateExcelSerialOutOfRange);
  std::int64_t secs = std::llround(serial * 86400.0);
  const std::int64_t day = secs / 86400;
  if (day == 60) return Parsed<DateTime>::failure(ValueError::DateExcelSerialOutOfRange);
  if (day < 60) secs += 86400;  // Excel counts a 1900-02-29 that never existed
  const DateTime t = make_datetime(make_date(1899, 12, 30)) + secs;
  if (year_of(date_of(t)) > kMaxYear)
    return Parsed<DateTime>::failure(ValueError::DateExcelSerialOutOfRange);
  return Parsed<DateTime>::success(t);
}

Parsed<Date> date_from_excel_serial(double serial) noexcept {
  // Truncate first so that 44621.9999999 (23:59:59.99) stays on its day
  // instead of rounding up to midnight of the next one.
  if (!(serial >= 1.0 && serial < 110000.0))
    return Parsed<Date>::failure(ValueError::DateExcelSerialOutOfRange);
  auto r = from_excel_serial(std::floor(serial));
  if (!r.ok()) return Parsed<Date>::failure(r.error());
  return Parsed<Date>::success(date_of(r.value()));
}

Date add_months(Date d, int n) noexcept {
  const Ymd v = to_ymd(d);
  const int total = v.year * 12 + (v.month - 1) + n;
  const int y = total >= 0 ? total / 12 : (total - 11) / 12;
  const int m = total - y * 12 + 1;
  const int day = v.day < days_in_month(y, m) ? v.day : days_in_month(y, m);
  return make_date(y, m, day);
}

std::string date_to_string(Date d) {
  const Ymd v = to_ymd(d);
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.year, v.month, v.day);
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string month_to_string(Month m) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d", month_year(m), month_number(m));
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string datetime_to_string(DateTime t) {
  const Ymd v = to_ymd(date_of(t));
  const int s = seconds_of_day(t);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", v.year, v.month, v.day,
                        s / 3600, s / 60 % 60, s % 60);
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace clue::values
