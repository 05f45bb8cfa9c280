#include "runtime/values/unicode_fold.h"

#include <cstring>

namespace clue::values {
namespace detail {

// Strict decoder: rejects overlong forms, surrogates and values > U+10FFFF,
// so that "valid" means the same thing here as in utf8_valid().
char32_t decode_utf8_multibyte(const char*& p, const char* end) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  const std::size_t avail = static_cast<std::size_t>(end - p);
  const unsigned char b0 = u[0];
  auto cont = [&](std::size_t i) { return i < avail && (u[i] & 0xC0) == 0x80; };

  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (cont(1)) {
      p += 2;
      return (char32_t(b0 & 0x1F) << 6) | (u[1] & 0x3F);
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (cont(1) && cont(2)) {
      char32_t c = (char32_t(b0 & 0x0F) << 12) | (char32_t(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
      if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        p += 3;
        return c;
      }
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (cont(1) && cont(2) && cont(3)) {
      char32_t c = (char32_t(b0 & 0x07) << 18) | (char32_t(u[1] & 0x3F) << 12) |
                   (char32_t(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
      if (c >= 0x10000 && c <= 0x10FFFF) {
        p += 4;
        return c;
      }
    }
  }
  ++p;  // consume one byte so callers always progress
  return kInvalidCodePoint;
}

}  // namespace detail

std::size_t encode_utf8(char32_t c, char* out) noexcept {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

void append_utf8(std::string& s, char32_t c) {
  char buf[4];
  s.append(buf, encode_utf8(c, buf));
}

namespace {

// Multi-byte trim characters, as raw UTF-8.
constexpr std::string_view kNbsp = "\xC2\xA0";
constexpr std::string_view kIdeoSpace = "\xE3\x80\x80";
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_ascii_trim(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string normalize_punct(std::string_view in) {
  std::string_view s = trim(in);
  std::string out;
  out.reserve(s.size());
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      out += *p++;
      continue;
    }
    const char* at = p;
    char32_t c = decode_utf8(p, end);
    if (c == kInvalidCodePoint) {
      out.append(at, size_t(p - at));  // an invalid byte: kept
      continue;
    }
    switch (c) {
      case 0x3014: c = U'('; break;  // 〔
      case 0x3015: c = U')'; break;  // 〕
      case 0x3010: c = U'['; break;  // 【
      case 0x3011: c = U']'; break;  // 】
      case 0x201C: case 0x201D: c = U'"'; break;
      case 0x2018: case 0x2019: c = U'\''; break;
      default: c = fold_width(c);
    }
    append_utf8(out, c);
  }
  return std::string(trim(out));
}

// Byte-level trim. Safe for valid UTF-8 because the patterns start with lead
// bytes, which can never be the tail of another character.
std::string_view trim(std::string_view s) noexcept {
  for (;;) {
    if (s.empty()) return s;
    if (is_ascii_trim(s.front())) {
      s.remove_prefix(1);
    } else if (static_cast<unsigned char>(s.front()) < 0x80) {
      break;
    } else if (s.starts_with(kNbsp)) {
      s.remove_prefix(2);
    } else if (s.starts_with(kIdeoSpace) || s.starts_with(kBom)) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (s.empty()) return s;
    if (is_ascii_trim(s.back())) {
      s.remove_suffix(1);
    } else if (static_cast<unsigned char>(s.back()) < 0x80) {
      break;
    } else if (s.ends_with(kNbsp)) {
      s.remove_suffix(2);
    } else if (s.ends_with(kIdeoSpace) || s.ends_with(kBom)) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

bool is_ascii(std::string_view s) noexcept {
  // Eight bytes at a time: the high bit of any byte marks non-ASCII.
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  return true;
}

std::string fold_width_string(std::string_view s) {
  s = trim(s);
  if (is_ascii(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    const char* start = p;
    char32_t c = decode_utf8(p, end);
    if (c == kInvalidCodePoint)
      out.append(start, p);
    else
      append_utf8(out, fold_width(c));
  }
  return out;
}

bool equals_folded(std::string_view input, std::string_view word,
                   bool ascii_case_insensitive) noexcept {
  FoldedReader r(input);
  const char* p = word.data();
  const char* end = p + word.size();
  while (!r.done() && p < end) {
    char32_t a = r.next();
    char32_t b = fold_width(decode_utf8(p, end));
    if (ascii_case_insensitive) {
      a = ascii_upper(a);
      b = ascii_upper(b);
    }
    if (a != b || a == kInvalidCodePoint) return false;
  }
  return r.done() && p == end;
}

}  // namespace clue::values
