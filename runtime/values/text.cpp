#include "runtime/values/text.h"

#include <cstdint>
#include <cstring>

#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Full-width digit or letter -> ASCII; other code points unchanged.
constexpr char32_t fold_alnum(char32_t c) noexcept {
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
    return fold_width(c);
  return c;
}

constexpr bool is_space_cp(char32_t c) noexcept {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0x00A0 || c == 0x3000;
}

// Streams the normalised code points of s to emit(), keeping one code point
// of look-behind and look-ahead so the U+FF0E rule can see both neighbours.
template <class Emit>
void for_each_normalized(std::string_view s, bool name_mode, Emit emit) {
  const char* p = s.data();
  const char* end = p + s.size();
  char32_t prev = 0;
  char32_t cur = p < end ? decode_utf8(p, end) : 0;
  bool have = !s.empty();
  while (have) {
    char32_t next = 0;
    bool have_next = p < end;
    if (have_next) next = decode_utf8(p, end);

    char32_t out = cur;
    if (out == kInvalidCodePoint) {
      out = kReplacement;
    } else if (out == 0xFF0E) {
      out = (name_mode || (is_cjk(prev) && have_next && is_cjk(next))) ? 0x00B7 : out;
    } else {
      out = fold_alnum(fold_middle_dot(out));
    }
    emit(out);
    prev = cur;
    cur = next;
    have = have_next;
  }
}

}  // namespace

std::string normalize_text(std::string_view s) {
  s = trim(s);
  if (is_ascii(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for_each_normalized(s, false, [&](char32_t c) { append_utf8(out, c); });
  return out;
}

namespace {

// The code point before byte i of valid UTF-8 text p (0 at the start).
char32_t code_point_before(const char* p, size_t i) {
  if (i == 0) return 0;
  size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(p[j]) & 0xC0) == 0x80) --j;
  const char* q = p + j;
  return decode_utf8(q, p + i);
}

}  // namespace

std::string normalize_valid_text(std::string_view s) {
  s = trim(s);
  const char* p = s.data();
  const size_t n = s.size();
  std::string out;
  out.reserve(n);
  size_t copied = 0;  // bytes before this are in `out`
  // Eight bytes at a time past words with no E2, E3 or EF byte (CJK text is mostly lead
  // bytes E4..E9 and continuation bytes 80..BF).
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has = [](uint64_t x, uint64_t b) {
    const uint64_t y = x ^ (b * kOnes);
    return (y - kOnes) & ~y & kHigh;
  };
  for (size_t i = 0; i < n; ++i) {
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (has(w, 0xE2) | has(w, 0xE3) | has(w, 0xEF)) break;
      i += 8;
    }
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0xE2 || (c > 0xE3 && c != 0xEF) || i + 2 >= n) continue;
    // A three-byte sequence: the only ones for_each_normalized may change.
    const char32_t cp = (char32_t(c & 0x0F) << 12) | (char32_t(static_cast<unsigned char>(p[i + 1]) & 0x3F) << 6) |
                        char32_t(static_cast<unsigned char>(p[i + 2]) & 0x3F);
    char32_t folded;
    if (cp == 0xFF0E) {
      const bool has_next = i + 3 < n;
      char32_t next = 0;
      if (has_next) {
        const char* q = p + i + 3;
        next = decode_utf8(q, p + n);
      }
      folded = is_cjk(code_point_before(p, i)) && has_next && is_cjk(next) ? 0x00B7 : cp;
    } else {
      folded = fold_alnum(fold_middle_dot(cp));
    }
    if (folded != cp) {
      out.append(p + copied, i - copied);
      append_utf8(out, folded);
      copied = i + 3;
    }
    i += 2;
  }
  out.append(p + copied, n - copied);
  return out;
}

std::string normalize_name(std::string_view s) {
  s = trim(s);
  bool has_cjk = false;
  if (!is_ascii(s)) {
    const char* p = s.data();
    const char* end = p + s.size();
    while (p < end && !has_cjk) has_cjk = is_cjk(decode_utf8(p, end));
  }
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for_each_normalized(s, true, [&](char32_t c) {
    if (is_space_cp(c)) {
      pending_space = !has_cjk;  // trimmed input: a space is never first or last
      return;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    append_utf8(out, c);
  });
  return out;
}

bool utf8_valid(std::string_view s) noexcept {
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    // Skip ASCII quickly; decode only multi-byte sequences.
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    if (decode_utf8(p, end) == kInvalidCodePoint) return false;
  }
  return true;
}

std::size_t utf8_length_chars(std::string_view s) noexcept {
  std::size_t n = 0;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    decode_utf8(p, end);
    ++n;
  }
  return n;
}

}  // namespace clue::values
