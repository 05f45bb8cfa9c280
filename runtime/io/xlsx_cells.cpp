#include "runtime/io/xlsx_cells.h"

#include <cstdint>
#include <cstdlib>

#include "runtime/values/datetime.h"

namespace clue::io {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

inline bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Length of the valid UTF-8 sequence at s[i] and its code point, or 0 (not UTF-8: an
// overlong form, a surrogate, beyond U+10FFFF, a stray or missing continuation byte).
size_t utf8_at(std::string_view s, size_t i, uint32_t& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t n;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Characters XML 1.0 allows: TAB, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000.. (surrogates
// never come out of utf8_at).
inline bool xml_char(uint32_t cp) { return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF); }

}  // namespace

XlsxText xlsx_text(std::string_view s) {
  XlsxText out;
  out.text.reserve(s.size());
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    if (chars == kXlsxMaxChars) {
      out.truncated = true;
      break;
    }
    ++chars;
    uint32_t cp = 0;
    size_t n = utf8_at(s, i, cp);
    if (n == 0 || !xml_char(cp)) {
      out.text += kReplacement;
      out.replaced = true;
      i += n ? n : 1;
      continue;
    }
    // Excel reads _xHHHH_ in a string as the character HHHH: its own '_' escaped keeps it literal.
    if (cp == '_' && i + 7 <= s.size() && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
        is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_')
      out.text += "_x005F";
    out.text.append(s.data() + i, n);
    i += n;
  }
  return out;
}

size_t significant_digits(std::string_view number) {
  size_t i = 0;
  if (i < number.size() && (number[i] == '-' || number[i] == '+')) ++i;
  std::string_view body = number.substr(i);
  size_t dot = body.find('.');
  std::string_view whole = body.substr(0, dot), frac = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  size_t lead = 0;
  while (lead < whole.size() && whole[lead] == '0') ++lead;
  whole.remove_prefix(lead);
  if (!whole.empty()) return whole.size() + frac.size();
  // 0.00123: the zeros after the point do not count either.
  size_t z = 0;
  while (z < frac.size() && frac[z] == '0') ++z;
  return frac.size() - z;
}

std::optional<double> xlsx_number(std::string_view number) {
  if (number.empty() || number.size() > 64) return std::nullopt;
  for (size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (!((c >= '0' && c <= '9') || c == '.' || (i == 0 && c == '-'))) return std::nullopt;
  }
  if (significant_digits(number) > 15) return std::nullopt;
  std::string z(number);
  char* end = nullptr;
  double v = std::strtod(z.c_str(), &end);
  if (end != z.c_str() + z.size()) return std::nullopt;
  return v;
}

std::optional<double> xlsx_date_serial(std::string_view t) {
  auto digits = [&](size_t at, size_t n, int& v) {
    v = 0;
    for (size_t k = at; k < at + n; ++k) {
      if (k >= t.size() || t[k] < '0' || t[k] > '9') return false;
      v = v * 10 + (t[k] - '0');
    }
    return true;
  };
  int y, m, d, hh = 0, mm = 0, ss = 0;
  if (!(t.size() == 10 || t.size() == 19) || !digits(0, 4, y) || t[4] != '-' || !digits(5, 2, m) || t[7] != '-' ||
      !digits(8, 2, d) || !values::is_valid_date(y, m, d))
    return std::nullopt;
  if (t.size() == 19 && !(t[10] == ' ' && digits(11, 2, hh) && t[13] == ':' && digits(14, 2, mm) && t[16] == ':' &&
                          digits(17, 2, ss) && hh < 24 && mm < 60 && ss < 60))
    return std::nullopt;
  values::Date days = values::make_date(y, m, d);
  if (days < values::make_date(1900, 3, 1)) return std::nullopt;
  constexpr int kExcelEpochShift = 25569;  // serial of 1970-01-01
  return double(days + kExcelEpochShift) + double(hh * 3600 + mm * 60 + ss) / 86400.0;
}

size_t display_columns(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = utf8_at(s, i, cp);
    i += n ? n : 1;
    // Hangul Jamo, CJK, full-width forms and the like take two columns (a rough but safe
    // reading of East Asian Width: a column a little too wide is harmless).
    w += (n && cp >= 0x1100 && !(cp >= 0x2000 && cp < 0x2E80)) ? 2 : 1;
  }
  return w;
}

}  // namespace clue::io
