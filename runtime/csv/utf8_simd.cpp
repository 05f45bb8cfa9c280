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

// The same check, 64 bytes a step. Needs AVX512F (valignq, vpternlog, broadcasts) and
// AVX512BW (byte shuffles, shifts, saturating subtracts, byte masks) only, so it also runs on
// CPUs without VBMI.
#define CLUE_AVX512 __attribute__((target("avx512f,avx512bw")))

CLUE_AVX512 inline __m512i table512(uint8_t a0, uint8_t a1, uint8_t a2, uint8_t a3, uint8_t a4, uint8_t a5,
                                    uint8_t a6, uint8_t a7, uint8_t a8, uint8_t a9, uint8_t a10, uint8_t a11,
                                    uint8_t a12, uint8_t a13, uint8_t a14, uint8_t a15) {
  // vpshufb looks up within each 128-bit lane: the 16-entry table goes in all four.
  // (_mm512_set4_epi32, not _mm512_broadcast_i32x4: GCC 12's version of the latter warns.)
  auto word = [](uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3) {
    return int(uint32_t(b0) | uint32_t(b1) << 8 | uint32_t(b2) << 16 | uint32_t(b3) << 24);
  };
  return _mm512_set4_epi32(word(a12, a13, a14, a15), word(a8, a9, a10, a11), word(a4, a5, a6, a7),
                           word(a0, a1, a2, a3));
}

struct Checker512 {
  __m512i prev, prev_incomplete, error;

  CLUE_AVX512 Checker512()
      : prev(_mm512_setzero_si512()), prev_incomplete(_mm512_setzero_si512()), error(_mm512_setzero_si512()) {}

  CLUE_AVX512 void block(__m512i in) {
    if (_mm512_movepi8_mask(in) == 0) {  // ASCII: only a sequence cut off before it is wrong
      error = _mm512_or_si512(error, prev_incomplete);
      prev_incomplete = _mm512_setzero_si512();
      prev = in;
      return;
    }
    // vpalignr works within 128-bit lanes, so first build the register whose lane k is the
    // lane before `in`'s lane k (lane 0: prev's last lane); one valignq serves all three
    // shifts. (The maskz form because GCC 12's unmasked _mm512_alignr_epi64 warns.)
    const __m512i lanes_before = _mm512_maskz_alignr_epi64(0xFF, in, prev, 6);
    const __m512i prev1 = _mm512_alignr_epi8(in, lanes_before, 15);
    const __m512i prev2 = _mm512_alignr_epi8(in, lanes_before, 14);
    const __m512i prev3 = _mm512_alignr_epi8(in, lanes_before, 13);
    const __m512i nib = _mm512_set1_epi8(0x0F);
    const __m512i byte1_high = _mm512_shuffle_epi8(
        table512(kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTwoConts,
                 kTwoConts, kTwoConts, kTwoConts, kTooShort | kOverlong2, kTooShort,
                 kTooShort | kOverlong3 | kSurrogate, kTooShort | kTooLarge | kTooLarge1000 | kOverlong4),
        _mm512_and_si512(_mm512_srli_epi16(prev1, 4), nib));
    constexpr uint8_t big = kCarry | kTooLarge | kTooLarge1000;
    const __m512i byte1_low = _mm512_shuffle_epi8(
        table512(kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry, kCarry,
                 kCarry | kTooLarge, big, big, big, big, big, big, big, big, big | kSurrogate, big, big),
        _mm512_and_si512(prev1, nib));
    const uint8_t c8 = kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4;
    const uint8_t c9 = kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge;
    const uint8_t cab = kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge;
    const __m512i byte2_high = _mm512_shuffle_epi8(
        table512(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, c8, c9,
                 cab, cab, kTooShort, kTooShort, kTooShort, kTooShort),
        _mm512_and_si512(_mm512_srli_epi16(in, 4), nib));
    // vpternlog immediates: with operands (a, b, c) = (0xF0, 0xCC, 0xAA), a & b & c = 0x80,
    // (a | b) & c = 0xA8, a | (b ^ c) = 0xF6.
    const __m512i special = _mm512_ternarylogic_epi64(byte1_high, byte1_low, byte2_high, 0x80);
    const __m512i third = _mm512_subs_epu8(prev2, _mm512_set1_epi8(char(0xE0 - 0x80)));
    const __m512i fourth = _mm512_subs_epu8(prev3, _mm512_set1_epi8(char(0xF0 - 0x80)));
    const __m512i must_be_cont = _mm512_ternarylogic_epi64(third, fourth, _mm512_set1_epi8(char(0x80)), 0xA8);
    error = _mm512_ternarylogic_epi64(error, must_be_cont, special, 0xF6);
    // A lead byte in the last three places whose sequence runs past the block.
    const __m512i max_ok = _mm512_set_epi64(
        int64_t(0xBFDFEFFFFFFFFFFFull), -1, -1, -1, -1, -1, -1, -1);  // bytes 61..63: EF, DF, BF
    prev_incomplete = _mm512_subs_epu8(in, max_ok);
    prev = in;
  }
};

CLUE_AVX512 bool valid_avx512(const char* p, std::size_t n) {
  Checker512 c;
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) c.block(_mm512_loadu_si512(p + i));
  // Masked-off bytes read as zero (ASCII: a cut-off sequence shows as too short) and are not
  // touched in memory, so the load cannot fault past the end.
  if (i < n) c.block(_mm512_maskz_loadu_epi8((__mmask64(1) << (n - i)) - 1, p + i));
  c.error = _mm512_or_si512(c.error, c.prev_incomplete);
  return _mm512_test_epi64_mask(c.error, c.error) == 0;
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2");
const bool kHaveAvx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");

}  // namespace
#endif

namespace detail {

bool have_avx2_utf8() {
#ifdef CLUE_HAVE_X86
  return kHaveAvx2;
#else
  return false;
#endif
}

bool have_avx512_utf8() {
#ifdef CLUE_HAVE_X86
  return kHaveAvx512;
#else
  return false;
#endif
}

bool utf8_valid_avx2(const char* p, std::size_t n) {
#ifdef CLUE_HAVE_X86
  return valid_avx2(p, n);
#else
  return utf8_valid_scalar(p, n);
#endif
}

bool utf8_valid_avx512(const char* p, std::size_t n) {
#ifdef CLUE_HAVE_X86
  return valid_avx512(p, n);
#else
  return utf8_valid_scalar(p, n);
#endif
}

bool utf8_valid_scalar(const char* p, std::size_t n) {
  return find_invalid_utf8(std::string_view(p, n)) == kNoInvalid;
}

}  // namespace detail

bool utf8_valid(const char* p, std::size_t n) {
#ifdef CLUE_HAVE_X86
  if (kHaveAvx512) return valid_avx512(p, n);
  if (kHaveAvx2) return valid_avx2(p, n);
#endif
  return detail::utf8_valid_scalar(p, n);
}

}  // namespace clue::csv
