#include "tools/gen/gen_util.h"

#include <iconv.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

#include "tools/gen/gen.h"

namespace clue::gen {

std::uint64_t mix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Rng stream(std::uint64_t seed, std::uint64_t purpose) {
  return Rng(mix64(mix64(seed + 0x632be59bd9b4e019ULL) ^ (purpose * 0xd1b54a32d192ed03ULL)));
}

// Howard Hinnant's algorithms.
int days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void civil_from_days(int z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe) + era * 400 + (m <= 2);
}

namespace {

void append_int(std::string& out, std::int64_t v, int width = 0) {
  char b[24];
  auto r = std::to_chars(b, b + sizeof b, v);
  for (int n = static_cast<int>(r.ptr - b); n < width; ++n) out.push_back('0');
  out.append(b, r.ptr);
}

const char* const kDigitZh[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

void append_zh_number(std::string& out, int v) {  // 1..31
  if (v < 10) {
    out += kDigitZh[v];
    return;
  }
  if (v >= 20) out += kDigitZh[v / 10];
  out += "十";
  if (v % 10) out += kDigitZh[v % 10];
}

}  // namespace

void append_date(std::string& out, int days, DateForm f) {
  int y, m, d;
  civil_from_days(days, y, m, d);
  switch (f) {
    case DateForm::Iso:
      append_int(out, y, 4), out += '-', append_int(out, m, 2), out += '-', append_int(out, d, 2);
      break;
    case DateForm::Slash:
      append_int(out, y, 4), out += '/', append_int(out, m), out += '/', append_int(out, d);
      break;
    case DateForm::Chinese:
      append_int(out, y, 4), out += "年", append_int(out, m), out += "月", append_int(out, d), out += "日";
      break;
    case DateForm::Compact:
      append_int(out, y, 4), append_int(out, m, 2), append_int(out, d, 2);
      break;
    case DateForm::Numerals:
      for (int k = 1000; k >= 1; k /= 10) out += kDigitZh[(y / k) % 10];
      out += "年", append_zh_number(out, m), out += "月", append_zh_number(out, d), out += "日";
      break;
  }
}

std::string date_iso(int days) {
  std::string s;
  append_date(s, days, DateForm::Iso);
  return s;
}

void append_month(std::string& out, int y, int m, MonthForm f) {
  switch (f) {
    case MonthForm::Iso: append_int(out, y, 4), out += '-', append_int(out, m, 2); break;
    case MonthForm::Compact: append_int(out, y, 4), append_int(out, m, 2); break;
    case MonthForm::Chinese: append_int(out, y, 4), out += "年", append_int(out, m), out += "月"; break;
    case MonthForm::Slash: append_int(out, y, 4), out += '/', append_int(out, m); break;
  }
}

void append_money(std::string& out, std::int64_t cents, MoneyForm f) {
  if (f == MoneyForm::Yen) out += "¥";
  if (f == MoneyForm::YenFull) out += "￥";
  const std::int64_t units = cents / 100;
  if (f == MoneyForm::Thousands || f == MoneyForm::Yen) {
    std::string digits;
    append_int(digits, units);
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (i && (n - i) % 3 == 0) out += ',';
      out += digits[i];
    }
  } else {
    append_int(out, units);
  }
  out += '.';
  append_int(out, cents % 100, 2);
}

std::string fullwidth(std::string_view ascii) {
  std::string out;
  for (unsigned char c : ascii) {
    if (c >= 0x21 && c <= 0x7e) {
      const unsigned cp = 0xff01 + (c - 0x21);
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

char idcard_check(std::string_view body17) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int s = 0;
  for (int i = 0; i < 17; ++i) s += (body17[i] - '0') * w[i];
  return "10X98765432"[s % 11];
}

namespace {
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
}

char uscc_check(std::string_view body17) {
  static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int s = 0;
  for (int i = 0; i < 17; ++i) {
    const auto v = kUsccAlphabet.find(body17[i]);
    if (v == std::string_view::npos) return '\0';
    s += static_cast<int>(v) * w[i];
  }
  return kUsccAlphabet[(31 - s % 31) % 31];
}

char orgcode_check(std::string_view body8) {
  static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int s = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = body8[i];
    s += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * w[i];
  }
  const int c = 11 - s % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

void append_field(std::string& line, std::string_view v, bool first) {
  if (!first) line += ',';
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    line.append(v);
    return;
  }
  line += '"';
  for (char c : v) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

Out::Out(const std::string& path, bool gb18030, bool crlf) : path_(path), crlf_(crlf) {
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  if (gb18030) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv: GB18030 is not available");
    cd_ = cd;
  }
  buf_.reserve((std::size_t{1} << 20) + 4096);
}

Out::~Out() {
  if (f_) std::fclose(f_);
  if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

std::string to_gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv: GB18030 not available");
  std::string in(utf8), out(utf8.size() * 2 + 16, '\0');
  char* ip = in.data();
  char* op = out.data();
  std::size_t il = in.size(), ol = out.size();
  const bool ok = iconv(cd, &ip, &il, &op, &ol) != static_cast<std::size_t>(-1);
  iconv_close(cd);
  if (!ok) throw std::runtime_error("iconv to GB18030 failed");
  out.resize(out.size() - ol);
  return out;
}

void Out::flush() {
  std::string_view data = buf_;
  if (cd_) {
    conv_.resize(buf_.size() * 2 + 16);
    char* in = buf_.data();
    std::size_t in_left = buf_.size();
    char* out = conv_.data();
    std::size_t out_left = conv_.size();
    if (iconv(static_cast<iconv_t>(cd_), &in, &in_left, &out, &out_left) == static_cast<std::size_t>(-1))
      throw std::runtime_error("iconv to GB18030 failed for " + path_);
    data = std::string_view(conv_.data(), conv_.size() - out_left);
  }
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), f_) != data.size())
    throw std::runtime_error("write failed: " + path_);
  buf_.clear();
}

void Out::close() {
  flush();
  if (std::fclose(f_) != 0) {
    f_ = nullptr;
    throw std::runtime_error("close failed: " + path_);
  }
  f_ = nullptr;
}

}  // namespace clue::gen
