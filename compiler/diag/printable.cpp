#include "compiler/diag/printable.h"

#include <cstdio>

namespace clue {
namespace {

// Decodes the UTF-8 character at s[i] (the text is valid UTF-8: invalid bytes were replaced
// when the file was read); returns its length, at least 1.
size_t decode(std::string_view s, size_t i, char32_t& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  if (len == 1) {
    cp = c;
    return 1;
  }
  cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return len;
}

}  // namespace

bool is_unprintable(char32_t cp) {
  if (cp == '\t' || cp == '\n') return false;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

std::string printable(std::string_view s, size_t max_chars) {
  std::string out;
  size_t chars = 0, i = 0;
  for (; i < s.size() && chars < max_chars; ++chars) {
    char32_t cp = 0;
    size_t len = decode(s, i, cp);
    if (is_unprintable(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%X}", unsigned(cp));
      out += buf;
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  if (i < s.size()) out += "\u2026 (" + std::to_string(s.size()) + " bytes)";
  return out;
}

std::string printable_same_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    size_t len = decode(s, i, cp);
    if (is_unprintable(cp)) out += "\uFFFD";
    else out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace clue
