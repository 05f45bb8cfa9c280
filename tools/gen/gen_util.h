// Internal helpers of clue-gen: PRNG, calendar, value spellings, CSV output.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace clue::gen {

// splitmix64: tiny, fast, and its output is fixed by its definition (unlike
// std:: distributions, whose results differ between standard libraries).
struct Rng {
  std::uint64_t s = 0;
  explicit Rng(std::uint64_t seed = 0) : s(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; bias < 2^-40 for our n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  std::int64_t range(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool per_mille(unsigned k) { return below(1000) < k; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[below(N)]; }
};

// An independent stream per purpose, so changing one file's draws never shifts another's.
Rng stream(std::uint64_t seed, std::uint64_t purpose);
std::uint64_t mix64(std::uint64_t x);

// Days since 1970-01-01 (proleptic Gregorian).
int days_from_civil(int y, int m, int d);
void civil_from_days(int z, int& y, int& m, int& d);
inline int year_of(int days) { int y, m, d; civil_from_days(days, y, m, d); return y; }

enum class DateForm { Iso, Slash, Chinese, Compact, Numerals };    // 2022-03-01 2022/3/1 2022年3月1日 20220301 二〇二二年三月一日
enum class MonthForm { Iso, Compact, Chinese, Slash };             // 2024-03 202403 2024年3月 2024/3
enum class MoneyForm { Plain, Thousands, Yen, YenFull };           // 1234.50 1,234.50 ¥1,234.50 ￥1234.50
void append_date(std::string& out, int days, DateForm f);
void append_month(std::string& out, int y, int m, MonthForm f);
void append_money(std::string& out, std::int64_t cents, MoneyForm f);
std::string date_iso(int days);
std::string fullwidth(std::string_view ascii);   // ASCII 0x21-0x7E -> U+FF01-U+FF5E
std::string to_gb18030(std::string_view utf8);  // one record re-encoded (a row pasted from another sheet)

char orgcode_check(std::string_view body8);     // GB 11714

// Appends one CSV field (after a comma unless first), quoting when needed.
void append_field(std::string& line, std::string_view v, bool first = false);

// Buffered file output; optional UTF-8 -> GB18030 conversion (glibc iconv)
// applied at record boundaries.
class Out {
 public:
  Out(const std::string& path, bool gb18030, bool crlf);
  ~Out();
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;
  void raw(std::string_view s) { buf_.append(s); }
  void line(std::string_view s) {  // s without line ending
    buf_.append(s);
    buf_.append(crlf_ ? "\r\n" : "\n");
    if (buf_.size() >= (std::size_t{1} << 20)) flush();
  }
  void close();

 private:
  void flush();
  std::string path_;
  std::FILE* f_ = nullptr;
  void* cd_ = nullptr;  // iconv_t
  bool crlf_;
  std::string buf_, conv_;
};

}  // namespace clue::gen
