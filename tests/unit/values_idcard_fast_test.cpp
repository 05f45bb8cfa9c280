// parse_idcard's fast path (exactly 18 ASCII bytes, or 15 digits, decided eight bytes at a
// time) against the byte-at-a-time parser it replaced, kept here verbatim as the reference:
// every input must give the same state, the same key and the same ValueError.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/values/idcard.h"
#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace reference {

// ---- The reference: parse_idcard before the fast path (runtime/values/idcard.cpp) ----

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckChars[] = "10X98765432";

char check_char_of(const char* digits17) {
  int s = 0;
  for (int i = 0; i < 17; ++i) s += (digits17[i] - '0') * kWeights[i];
  return kCheckChars[s % 11];
}

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

ValueError collect_slow(std::string_view s, char* c18, int& n) {
  n = 0;
  bool bad_char = false, masked = false;
  FoldedReader r(s);
  while (!r.done()) {
    char32_t c = r.next();
    if (c == U' ') continue;
    if (c == U'x') c = U'X';
    if (c == U'*') {
      masked = true;
    } else if (!is_ascii_digit(c) && c != U'X') {
      bad_char = true;
    }
    if (n < 18) c18[n] = static_cast<char>(c);
    ++n;
    if (n > 64) break;
  }
  if (bad_char || masked) {
    if (is_placeholder(s)) return ValueError::Placeholder;
    if (looks_like_excel_float(s)) return ValueError::IdcardExcelFloat;
    return (masked && !bad_char) ? ValueError::IdcardMasked : ValueError::IdcardBadChar;
  }
  if (n != 15 && n != 18) return ValueError::IdcardBadLength;
  for (int i = 0; i < (n == 18 ? 17 : 15); ++i)
    if (c18[i] == 'X') return ValueError::IdcardBadChar;
  return ValueError::None;
}

Parsed<IdCard> fail(ValueError e) { return Parsed<IdCard>::failure(e); }

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
    for (int i = 0; i < 6; ++i) body[i] = c18[i];
    body[6] = '1';
    body[7] = '9';
    for (int i = 6; i < 15; ++i) body[i + 2] = c18[i];
  }

  const int y = (body[6] - '0') * 1000 + (body[7] - '0') * 100 + (body[8] - '0') * 10 + (body[9] - '0');
  const int m = (body[10] - '0') * 10 + (body[11] - '0');
  const int d = (body[12] - '0') * 10 + (body[13] - '0');
  if (!is_valid_date(y, m, d) || y < kMinYear || y > kMaxYear) return fail(ValueError::IdcardBadBirthDate);

  if (n == 18 && check_char_of(body) != c18[17]) {
    if (c18[15] == '0' && c18[16] == '0' && c18[17] == '0') return fail(ValueError::IdcardExcelFloat);
    return fail(ValueError::IdcardBadCheckDigit);
  }

  std::uint64_t key = 0;
  for (int i = 0; i < 17; ++i) key = key * 10 + static_cast<std::uint64_t>(body[i] - '0');
  return Parsed<IdCard>::success(IdCard{key});
}

}  // namespace reference

namespace {

// "ok:<key>", "null" or "error:<code>".
std::string outcome(const Parsed<IdCard>& r) {
  if (r.ok()) return "ok:" + std::to_string(r.value().key);
  if (r.is_null()) return "null";
  return std::string("error:") + code(r.error());
}

// Number of inputs compared, and the first few differences (with the input in hex).
struct Differential {
  size_t compared = 0;
  std::vector<std::string> failures;

  void check(std::string_view s) {
    ++compared;
    std::string want = outcome(reference::parse_idcard(s)), got = outcome(parse_idcard(s));
    if (want == got || failures.size() >= 20) return;
    std::string hex;
    for (unsigned char c : s) {
      static const char* kHex = "0123456789abcdef";
      hex += kHex[c >> 4];
      hex += kHex[c & 15];
    }
    failures.push_back("\"" + std::string(s) + "\" (" + hex + "): want " + want + ", got " + got);
  }
  void expect_none() const {
    EXPECT_TRUE(failures.empty()) << failures.size() << " difference(s) in " << compared << " inputs, e.g.:\n"
                                  << [&] {
                                       std::string all;
                                       for (const auto& f : failures) all += "  " + f + "\n";
                                       return all;
                                     }();
  }
};

// A valid 18-character ID for the body (17 digits).
std::string with_check(const std::string& body17) {
  return body17 + idcard_check_char(std::stoull(body17));
}

std::string digits(std::mt19937_64& rng, size_t n) {
  std::string s(n, '0');
  for (auto& c : s) c = char('0' + rng() % 10);
  return s;
}

std::string pad(unsigned v, int width) {
  std::string s = std::to_string(v);
  while (int(s.size()) < width) s = "0" + s;
  return s;
}

// Some valid IDs: both check-character classes (digit and X), 15-digit forms, edge dates.
std::vector<std::string> valid_ids() {
  std::vector<std::string> ids = {"360426199101010071", "11010519491231002X", "110101199001011009",
                                  "330802200002290017", "330802180001010012", "330802220012310014",
                                  "110105491231002",    "330802000229001",    "110101991231999"};
  std::mt19937_64 rng(7);
  while (ids.size() < 60) {
    std::string region = pad(unsigned(110000 + rng() % 560000), 6);
    std::string date = pad(unsigned(1900 + rng() % 125), 4) + pad(unsigned(1 + rng() % 12), 2) +
                       pad(unsigned(1 + rng() % 28), 2);
    std::string id = with_check(region + date + digits(rng, 3));
    ids.push_back(id);
    if (date[0] == '1' && date[1] == '9') ids.push_back(region + date.substr(2) + digits(rng, 3));
  }
  return ids;
}

// Full-width digits and X (U+FF10..U+FF19, U+FF38), x as U+FF58.
std::string full_width(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out += char(0x90 + (c - '0'));
    } else if (c == 'X') {
      out += "\xEF\xBC\xB8";
    } else if (c == 'x') {
      out += "\xEF\xBD\x98";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace
}  // namespace clue::values

using namespace clue::values;

TEST(ValuesIdcardFast, ReferenceAgreesOnKnownCases) {
  // The reference is the old parser: spot-check that it is wired up as expected.
  EXPECT_EQ(outcome(reference::parse_idcard("360426199101010071")), "ok:36042619910101007");
  EXPECT_EQ(outcome(reference::parse_idcard("110105491231002")), "ok:11010519491231002");
  EXPECT_EQ(outcome(reference::parse_idcard("360426199101010072")),
            "error:" + std::string(code(ValueError::IdcardBadCheckDigit)));
  EXPECT_EQ(outcome(parse_idcard("360426199101010071")), "ok:36042619910101007");
  EXPECT_EQ(outcome(parse_idcard("11010519491231002x")), "ok:11010519491231002");
  EXPECT_EQ(outcome(parse_idcard("110105491231002")), "ok:11010519491231002");
}

// Every byte value at every position of valid IDs (18 and 15 characters), and every position
// deleted, duplicated, or swapped with its neighbour.
TEST(ValuesIdcardFast, SingleCharacterMutations) {
  Differential diff;
  for (const std::string& id : valid_ids()) {
    diff.check(id);
    for (size_t pos = 0; pos < id.size(); ++pos) {
      std::string m = id;
      for (int b = 0; b < 256; ++b) {
        m[pos] = char(b);
        diff.check(m);
      }
      std::string del = id;
      del.erase(pos, 1);
      diff.check(del);
      std::string dup = id;
      dup.insert(pos, 1, id[pos]);
      diff.check(dup);
      if (pos + 1 < id.size()) {
        std::string sw = id;
        std::swap(sw[pos], sw[pos + 1]);
        diff.check(sw);
      }
      // Full-width / multi-byte characters in place of one character.
      for (std::string_view u : {"\xEF\xBC\x90", "\xEF\xBC\x99", "\xEF\xBC\xB8", "\xEF\xBD\x98", "\xE3\x80\x80",
                                 "\xC2\xA0", "\xEF\xBB\xBF", "*", "\xE4\xB8\x8D"}) {
        std::string r = id;
        r.replace(pos, 1, u);
        diff.check(r);
      }
    }
    // Each position's character with a space inserted before it, and two mutations at once
    // (the last three characters, where the Excel and check-digit rules look).
    for (size_t pos = 0; pos <= id.size(); ++pos) {
      std::string sp = id;
      sp.insert(pos, " ");
      diff.check(sp);
    }
    for (char a : std::string("09Xx ")) {
      for (char b : std::string("09Xx ")) {
        std::string m = id;
        m[m.size() - 1] = a;
        m[m.size() - 2] = b;
        diff.check(m);
      }
    }
  }
  diff.expect_none();
  EXPECT_GT(diff.compared, 200000u);
}

// Random digit strings of the lengths around 15 and 18, random tails, and random bytes.
TEST(ValuesIdcardFast, RandomStrings) {
  Differential diff;
  std::mt19937_64 rng(20240601);
  for (int k = 0; k < 400000; ++k) {
    size_t n = rng() % 2 ? 18 : 15;
    std::string s = digits(rng, n);
    diff.check(s);
    // Keep the date plausible half the time, so the check digit is reached.
    if (n == 18) {
      s.replace(6, 8, pad(unsigned(1800 + rng() % 401), 4) + pad(unsigned(1 + rng() % 12), 2) +
                          pad(unsigned(1 + rng() % 28), 2));
      diff.check(s);
      s[17] = "0123456789Xx"[rng() % 12];
      diff.check(s);
      diff.check(with_check(s.substr(0, 17)));
    } else {
      s.replace(6, 6,
                pad(unsigned(rng() % 100), 2) + pad(unsigned(1 + rng() % 12), 2) + pad(unsigned(1 + rng() % 28), 2));
      diff.check(s);
    }
  }
  for (int k = 0; k < 100000; ++k) {
    size_t n = 12 + rng() % 10;
    std::string s = digits(rng, n);
    diff.check(s);
    std::string b(n, '\0');
    for (auto& c : b) c = char(rng() % 256);
    diff.check(b);
    // Digits with one byte from a small alphabet of troublemakers.
    std::string t = digits(rng, rng() % 2 ? 18 : 15);
    t[rng() % t.size()] = "/:@`Xx*. \t\x7f\x80\xff"[rng() % 14];
    diff.check(t);
  }
  diff.expect_none();
}

// Every birth date around the edges: years 1799..1801, 1899..1901, 1999..2001, 2099..2101,
// 2199..2201 and every leap-year kind, months 00..13 and 19/20/99, days 00..32 and 99, with the
// right check character (so the date decides) and a wrong one; and every YYMMDD of the 15-digit
// form.
TEST(ValuesIdcardFast, EveryDateEdge) {
  Differential diff;
  std::vector<unsigned> years;
  for (unsigned y : {1799u, 1800u, 1801u, 1899u, 1900u, 1901u, 1999u, 2000u, 2001u, 2099u, 2100u, 2101u, 2199u, 2200u,
                     2201u, 1804u, 1896u, 1904u, 1996u, 2004u, 2096u, 2104u, 2196u, 0u, 999u, 9999u, 2023u, 2024u})
    years.push_back(y);
  std::vector<unsigned> months, days;
  for (unsigned m = 0; m <= 13; ++m) months.push_back(m);
  for (unsigned m : {19u, 20u, 21u, 31u, 99u}) months.push_back(m);
  for (unsigned d = 0; d <= 32; ++d) days.push_back(d);
  for (unsigned d : {39u, 40u, 50u, 99u}) days.push_back(d);
  for (unsigned y : years)
    for (unsigned m : months)
      for (unsigned d : days) {
        std::string body = "330802" + pad(y, 4) + pad(m, 2) + pad(d, 2) + "017";
        std::string id = with_check(body);
        diff.check(id);
        std::string wrong = id;
        wrong[17] = wrong[17] == '0' ? '1' : '0';
        diff.check(wrong);
        diff.check(body + "x");
        diff.check(body.substr(0, 15) + "000");  // Excel's lost digits
      }
  // Every year in range with Feb 28/29/30 and every month end.
  for (unsigned y = 1790; y <= 2210; ++y)
    for (unsigned m = 1; m <= 12; ++m)
      for (unsigned d = 27; d <= 32; ++d) diff.check(with_check("110101" + pad(y, 4) + pad(m, 2) + pad(d, 2) + "123"));
  // The 15-digit form: every YYMMDD.
  for (unsigned yy = 0; yy < 100; ++yy)
    for (unsigned m = 0; m <= 13; ++m)
      for (unsigned d = 0; d <= 32; ++d) diff.check("110105" + pad(yy, 2) + pad(m, 2) + pad(d, 2) + "002");
  diff.expect_none();
  EXPECT_GT(diff.compared, 100000u);
}

// Full-width, spaced, trimmed and otherwise decorated variants go the general way and must
// still agree (and give the plain form's key).
TEST(ValuesIdcardFast, DecoratedVariants) {
  Differential diff;
  const std::vector<std::string_view> around = {"",         " ",           "  ",          "\t",
                                                 "\r\n",     "\xC2\xA0",    "\xE3\x80\x80", "\xEF\xBB\xBF"};
  for (const std::string& id : valid_ids()) {
    std::string lower = id;
    if (lower.back() == 'X') lower.back() = 'x';
    for (const std::string& v :
         {id, lower, full_width(id), full_width(lower), id.substr(0, 6) + " " + id.substr(6, 8) + " " + id.substr(14),
          full_width(id.substr(0, 6)) + id.substr(6), id.substr(0, 6) + "\xE3\x80\x80" + id.substr(6)}) {
      for (std::string_view a : around)
        for (std::string_view b : around) {
          std::string s = std::string(a) + v + std::string(b);
          diff.check(s);
          if (!a.empty() || !b.empty() || v != id) {
            auto plain = parse_idcard(id), decorated = parse_idcard(s);
            if (plain.ok() && decorated.ok()) {
              EXPECT_EQ(plain.value().key, decorated.value().key) << s;
            }
          }
        }
    }
  }
  for (std::string_view s : {"", " ", "不详", "无", "#N/A", "NULL", "null", "-", "3.30802E+16", "1.10101e17",
                             "330802********0017", "360426199101010071360426199101010071", "x", "X",
                             "123456789012345X"})
    diff.check(s);
  diff.expect_none();
}
