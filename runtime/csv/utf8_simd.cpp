#include "runtime/csv/utf8_simd.h"

#include <cstdint>
#include <cstring>

#include "runtime/csv/encoding.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CLUE_HAVE_X86 1
#endif

namespace clue::csv {

#ifdef CLUE_HAVE_X86
namespace {

// Error classes of a (previous byte, current byte) pair; a pair is invalid when some class
// is set in all three of: the previous byte's high nibble, its low nibble, and the current
// byte's high nibble. A continuation byte that must follow a 3- or 4-byte lead two or three
// places back is checked separately (must_be_continuation).
constexpr uint8_t kTooShort = 1 << 0;     // lead byte, then no continuation
constexpr uint8_t kTooLong = 1 << 1;      // ASCII, then a continuation
constexpr uint8_t kOverlong3 = 1 << 2;    // E0 80..9F
constexpr uint8_t kTooLarge = 1 << 3;     // F4 90..BF, F5.. 90..BF
constexpr uint8_t kSurrogate = 1 << 4;    // ED A0..BF
constexpr uint8_t kOverlong2 = 1 << 5;    // C0, C1
constexpr uint8_t kTooLarge1000 = 1 << 6; // F5..FF 80..8F
constexpr uint8_t kOverlong4 = 1 << 6;    // F0 80..8F
constexpr uint8_t kTwoConts = 1 << 7;     // continuation after continuation (may be legal)
constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;

__attribute__((target("avx2"))) inline __m256i table(uint8_t a0, uint8_t a1, uint8_t a2, uint8_t a3, uint8_t a4,
                                                     uint8_t a5, uint8_t a6, uint8_t a7, uint8_t a8, uint8_t a9,
                                                     uint8_t a10, uint8_t a11, uint8_t a12, uint8_t a13, uint8_t a14,
                                                     uint8_t a15) {
  return _mm256_setr_epi8(char(a0), char(a1), char(a2), char(a3), char(a4), char(a5), char(a6), char(a7), char(a8),
                          char(a9), char(a10), char(a11), char(a12), char(a13), char(a14), char(a15), char(a0),
                          char(a1), char(a2), char(a3), char(a4), char(a5), char(a6), char(a7), char(a8), char(a9),
                          char(a10), char(a11), char(a12), char(a13), char(a14), char(a15));
}

struct Checker {
  __m256i prev, prev_incomplete, error;

  __attribute__((target("avx2"))) Checker()
      : prev(_mm256_setzero_si256()), prev_incomplete(_mm256_setzero_si256()), error(_mm256_setzero_si256()) {}

  // The 32 bytes that precede each byte of `in` by n (1..3), across the block boundary.
  template <int N>
  __attribute__((target("avx2"))) static __m256i shifted(__m256i in, __m256i prev) {
    return _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - N);
  }

  __attribute__((target("avx2"))) void block(__m256i in) {
    if (_mm256_movemask_epi8(in) == 0) {  // ASCII: only a sequence cut off before it is wrong
      error = _mm256_or_si256(error, prev_incomplete);
      prev_incomplete = _mm256_setzero_si256();
      prev = in;
      return;
    }
    const __m256i nib = _mm256_set1_epi8(0x0F);
    const __m256i prev1 = shifted<1>(in, prev);
    const __m256i byte1_high = _mm256_shuffle_epi8(
        table(kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTwoConts, kTwoConts,
              kTwoConts, kTwoConts, kTooShort | kOverlong2, kTooShort, kTooShort | kOverlong3 | kSurrogate,
              kTooShort | kTooLarge | kTooLarge1000 | kOverlong4),
        _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nib));
    constexpr uint8_t big = kCarry | kTooLarge | kTooLarge1000;
    const __m256i byte1_low = _mm256_shuffle_epi8(
        table(kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry, kCarry, kCarry | kTooLarge,
              big, big, big, big, big, big, big, big, big | kSurrogate, big, big),
        _mm256_and_si256(prev1, nib));
    const uint8_t c8 = kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4;
    const uint8_t c9 = kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge;
    const uint8_t cab = kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge;
    const __m256i byte2_high = _mm256_shuffle_epi8(
        table(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, c8, c9, cab,
              cab, kTooShort, kTooShort, kTooShort, kTooShort),
        _mm256_and_si256(_mm256_srli_epi16(in, 4), nib));
    const __m256i special = _mm256_and_si256(_mm256_and_si256(byte1_high, byte1_low), byte2_high);
    // Third and fourth bytes of 3- and 4-byte sequences must be continuations (0x80 where
    // the lead is two or three bytes back), and may be nowhere else (kTwoConts above).
    const __m256i third = _mm256_subs_epu8(shifted<2>(in, prev), _mm256_set1_epi8(char(0xE0 - 0x80)));
    const __m256i fourth = _mm256_subs_epu8(shifted<3>(in, prev), _mm256_set1_epi8(char(0xF0 - 0x80)));
    const __m256i must_be_cont = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(char(0x80)));
    error = _mm256_or_si256(error, _mm256_xor_si256(must_be_cont, special));
    // A lead byte in the last three places whose sequence runs past the block.
    const __m256i max_ok = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, char(0xF0 - 1),
                                            char(0xE0 - 1), char(0xC0 - 1));
    prev_incomplete = _mm256_subs_epu8(in, max_ok);
    prev = in;
  }
};

__attribute__((target("avx2"))) bool valid_avx2(const char* p, std::size_t n) {
  Checker c;
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) c.block(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i)));
  if (i < n) {
    alignas(32) char tail[32] = {};  // zero padding is ASCII: a cut-off sequence shows as too short
    std::memcpy(tail, p + i, n - i);
    c.block(_mm256_load_si256(reinterpret_cast<const __m256i*>(tail)));
  }
  c.error = _mm256_or_si256(c.error, c.prev_incomplete);
  return _mm256_testz_si256(c.error, c.error);
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2");

}  // namespace
#endif

bool utf8_valid(const char* p, std::size_t n) {
#ifdef CLUE_HAVE_X86
  if (kHaveAvx2) return valid_avx2(p, n);
#endif
  return find_invalid_utf8(std::string_view(p, n)) == kNoInvalid;
}

}  // namespace clue::csv
