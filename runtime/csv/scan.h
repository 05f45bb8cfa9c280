// Byte-scanning primitives shared by the tokenizer, the chunker and the
// encoding code. The hot loop of CSV parsing is "find the next delimiter,
// quote or newline", so it gets an SSE2 path (x86-64 baseline, no runtime
// dispatch needed) with a scalar fallback elsewhere. Loads never read past
// `end`: a mapped file may end exactly at a page boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace clue::csv::scan {

// First byte in [p, end) equal to a, b or c; `end` if none.
inline const char* find_any3(const char* p, const char* end, char a, char b, char c) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
  while (end - p >= 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                             _mm_cmpeq_epi8(x, vc));
    unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(m));
    if (bits) return p + __builtin_ctz(bits);
    p += 16;
  }
#endif
  for (; p < end; ++p)
    if (*p == a || *p == b || *p == c) return p;
  return end;
}

// First byte >= 0x80 in [p, end); `end` if the range is pure ASCII.
inline const char* find_non_ascii(const char* p, const char* end) {
#if defined(__SSE2__)
  while (end - p >= 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(x));
    if (bits) return p + __builtin_ctz(bits);
    p += 16;
  }
#else
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (w & 0x8080808080808080ULL) break;
    p += 8;
  }
#endif
  for (; p < end; ++p)
    if (static_cast<unsigned char>(*p) >= 0x80) return p;
  return end;
}

inline bool is_ascii(const char* p, const char* end) { return find_non_ascii(p, end) == end; }

// First byte >= 0x80, '\n' or '\r' in [p, end); `end` if none.
inline const char* find_non_ascii_or_eol(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  while (end - p >= 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned bits = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(x, _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)))));
    if (bits) return p + __builtin_ctz(bits);
    p += 16;
  }
#endif
  for (; p < end; ++p)
    if (static_cast<unsigned char>(*p) >= 0x80 || *p == '\n' || *p == '\r') return p;
  return end;
}

// Number of physical line breaks in [p, end): every "\n", plus every "\r" that
// is not followed by "\n" (old Mac line ends). "\r\n" counts once. A "\r" as
// the last byte of the range counts as a line break: callers only split
// ranges after complete terminators, so that is never half of a "\r\n".
inline std::uint64_t count_line_breaks(const char* p, const char* end) {
  std::uint64_t n = 0;
  const bool has_cr = std::memchr(p, '\r', static_cast<std::size_t>(end - p)) != nullptr;
#if defined(__SSE2__)
  // Per byte 0 or 1 (a break ends there), summed in byte lanes for up to 255 blocks and then
  // into two 64-bit lanes by _mm_sad_epu8: no popcount, which without -mpopcnt is a call into
  // libgcc (__popcountdi2 took 0.42 G instructions on provident_fund's 1 M-row files).
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i zero = _mm_setzero_si128();
  __m128i total = zero;
  // CRLF files (most exports): a "\n", or a "\r" not followed by "\n"; the second load reads
  // one byte ahead, hence 17 bytes a block.
  const std::ptrdiff_t need = has_cr ? 17 : 16;
  while (end - p >= need) {
    __m128i acc = zero;
    for (int k = 0; k < 255 && end - p >= need; ++k, p += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      __m128i brk = _mm_cmpeq_epi8(x, lf);
      if (has_cr) {
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
        brk = _mm_or_si128(brk, _mm_andnot_si128(_mm_cmpeq_epi8(y, lf), _mm_cmpeq_epi8(x, cr)));
      }
      acc = _mm_sub_epi8(acc, brk);  // -1 where a break ends: +1
    }
    total = _mm_add_epi64(total, _mm_sad_epu8(acc, zero));
  }
  n += static_cast<std::uint64_t>(_mm_cvtsi128_si64(total)) +
       static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(total, total)));
#endif
  for (; p < end; ++p) {
    if (*p == '\n') ++n;
    else if (*p == '\r' && (p + 1 == end || p[1] != '\n')) ++n;
  }
  (void)has_cr;
  return n;
}

}  // namespace clue::csv::scan
