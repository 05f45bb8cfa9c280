#include "runtime/io/sha256_ni.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

namespace clue::io::sha_ni {
namespace {

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the
// first 64 primes.
alignas(16) const uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define CLUE_SHA_TARGET __attribute__((target("sha,avx2")))

// sha256rnds2 works on the state as two registers, (A,B,E,F) and (C,D,G,H).
struct State {
  __m128i abef, cdgh;
};

CLUE_SHA_TARGET inline State load(const uint32_t h[8]) {
  const __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h));
  const __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4));
  const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  return {_mm_alignr_epi8(cdab, efgh, 8), _mm_blend_epi16(efgh, cdab, 0xF0)};
}

CLUE_SHA_TARGET inline void store(State s, uint32_t h[8]) {
  const __m128i feba = _mm_shuffle_epi32(s.abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(s.cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h + 4), _mm_alignr_epi8(dchg, feba, 8));
}

// Message words of one block, big-endian, four to a register.
struct Words {
  __m128i w0, w1, w2, w3;
};

CLUE_SHA_TARGET inline Words words(const unsigned char* p) {
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  const auto* q = reinterpret_cast<const __m128i*>(p);
  return {_mm_shuffle_epi8(_mm_loadu_si128(q), swap), _mm_shuffle_epi8(_mm_loadu_si128(q + 1), swap),
          _mm_shuffle_epi8(_mm_loadu_si128(q + 2), swap), _mm_shuffle_epi8(_mm_loadu_si128(q + 3), swap)};
}

// Four rounds with message words w (already scheduled) and round constants g*4..g*4+3.
CLUE_SHA_TARGET inline void rounds(State& s, __m128i w, int g) {
  const __m128i m = _mm_add_epi32(w, _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g)));
  s.cdgh = _mm_sha256rnds2_epu32(s.cdgh, s.abef, m);
  s.abef = _mm_sha256rnds2_epu32(s.abef, s.cdgh, _mm_shuffle_epi32(m, 0x0E));
}

// The next four message words from the last sixteen (w0 oldest): W[t] = σ1(W[t-2]) + W[t-7]
// + σ0(W[t-15]) + W[t-16], of which msg1 does the σ0 part and msg2 the σ1 part.
CLUE_SHA_TARGET inline __m128i schedule(__m128i w0, __m128i w1, __m128i w2, __m128i w3) {
  const __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4));
  return _mm_sha256msg2_epu32(t, w3);
}

// One block of each of N streams; the streams' instructions are independent, so the CPU
// overlaps them. Every loop is unrolled (at -O2 GCC would not, and the two streams' words
// would live in memory instead of registers: no faster than one stream).
template <int N>
CLUE_SHA_TARGET inline void block(State (&s)[N], const unsigned char* const (&p)[N]) {
  State saved[N];
  Words w[N];
#pragma GCC unroll 4
  for (int k = 0; k < N; ++k) {
    saved[k] = s[k];
    w[k] = words(p[k]);
  }
#pragma GCC unroll 4
  for (int k = 0; k < N; ++k) rounds(s[k], w[k].w0, 0);
#pragma GCC unroll 4
  for (int k = 0; k < N; ++k) rounds(s[k], w[k].w1, 1);
#pragma GCC unroll 4
  for (int k = 0; k < N; ++k) rounds(s[k], w[k].w2, 2);
#pragma GCC unroll 4
  for (int k = 0; k < N; ++k) rounds(s[k], w[k].w3, 3);
#pragma GCC unroll 4
  for (int g = 4; g < 16; g += 4) {
#pragma GCC unroll 4
    for (int k = 0; k < N; ++k) {
      w[k].w0 = schedule(w[k].w0, w[k].w1, w[k].w2, w[k].w3);
      rounds(s[k], w[k].w0, g);
    }
#pragma GCC unroll 4
    for (int k = 0; k < N; ++k) {
      w[k].w1 = schedule(w[k].w1, w[k].w2, w[k].w3, w[k].w0);
      rounds(s[k], w[k].w1, g + 1);
    }
#pragma GCC unroll 4
    for (int k = 0; k < N; ++k) {
      w[k].w2 = schedule(w[k].w2, w[k].w3, w[k].w0, w[k].w1);
      rounds(s[k], w[k].w2, g + 2);
    }
#pragma GCC unroll 4
    for (int k = 0; k < N; ++k) {
      w[k].w3 = schedule(w[k].w3, w[k].w0, w[k].w1, w[k].w2);
      rounds(s[k], w[k].w3, g + 3);
    }
  }
#pragma GCC unroll 4
  for (int k = 0; k < N; ++k) {
    s[k].abef = _mm_add_epi32(s[k].abef, saved[k].abef);
    s[k].cdgh = _mm_add_epi32(s[k].cdgh, saved[k].cdgh);
  }
}

bool detect() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  const bool sha = (b >> 29) & 1;
  return sha && __builtin_cpu_supports("avx2");
}

}  // namespace

bool usable() {
  static const bool ok = detect();
  return ok;
}

CLUE_SHA_TARGET void compress(uint32_t state[8], const unsigned char* data, size_t blocks) {
  State s[1] = {load(state)};
  for (size_t i = 0; i < blocks; ++i, data += 64) {
    const unsigned char* const p[1] = {data};
    block<1>(s, p);
  }
  store(s[0], state);
}

CLUE_SHA_TARGET void compress2(uint32_t state_a[8], const unsigned char* a, uint32_t state_b[8],
                               const unsigned char* b, size_t blocks) {
  State s[2] = {load(state_a), load(state_b)};
  for (size_t i = 0; i < blocks; ++i, a += 64, b += 64) {
    const unsigned char* const p[2] = {a, b};
    block<2>(s, p);
  }
  store(s[0], state_a);
  store(s[1], state_b);
}

}  // namespace clue::io::sha_ni

#else  // not x86-64: io::Sha256 uses OpenSSL

namespace clue::io::sha_ni {
bool usable() { return false; }
void compress(uint32_t*, const unsigned char*, size_t) {}
void compress2(uint32_t*, const unsigned char*, uint32_t*, const unsigned char*, size_t) {}
}  // namespace clue::io::sha_ni

#endif
