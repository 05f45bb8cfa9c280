// The bulk UTF-8 validators (AVX-512 and AVX2 kernels, and utf8_valid, which picks one) must
// agree with the scalar reference, find_invalid_utf8, on every input: exhaustively for short
// sequences placed across the 32- and 64-byte block boundaries, for every truncation and
// corruption of multi-byte characters at every offset, and on random mixtures. Each kernel is
// tested directly, whichever one this CPU's utf8_valid uses; a kernel the CPU cannot run is
// skipped.
#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "runtime/csv/encoding.h"
#include "runtime/csv/utf8_simd.h"

namespace {
using clue::csv::find_invalid_utf8;
using clue::csv::kNoInvalid;
using clue::csv::utf8_valid;
namespace detail = clue::csv::detail;

bool reference(const std::string& s) { return find_invalid_utf8(s) == kNoInvalid; }

// `seq` at byte `pos` of a buffer of `total` bytes, the rest filled with `filler`.
std::string place(const std::string& seq, size_t pos, size_t total, const std::string& filler) {
  std::string s;
  while (s.size() < pos) s += filler;
  s.resize(pos, 'a');  // a partial filler character would be invalid by itself
  s += seq;
  while (s.size() < total) s += 'b';
  return s;
}

std::string encode(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += char(cp);
  } else if (cp < 0x800) {
    s += char(0xC0 | cp >> 6);
    s += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += char(0xE0 | cp >> 12);
    s += char(0x80 | (cp >> 6 & 0x3F));
    s += char(0x80 | (cp & 0x3F));
  } else {
    s += char(0xF0 | cp >> 18);
    s += char(0x80 | (cp >> 12 & 0x3F));
    s += char(0x80 | (cp >> 6 & 0x3F));
    s += char(0x80 | (cp & 0x3F));
  }
  return s;
}

struct Kernel {
  const char* name;
  bool (*available)();
  bool (*valid)(const char*, size_t);
};

bool always() { return true; }

void PrintTo(const Kernel& k, std::ostream* os) { *os << k.name; }

const Kernel kKernels[] = {
    {"avx512", detail::have_avx512_utf8, detail::utf8_valid_avx512},
    {"avx2", detail::have_avx2_utf8, detail::utf8_valid_avx2},
    {"dispatch", always, utf8_valid},
};

class CsvUtf8Kernel : public testing::TestWithParam<Kernel> {
 protected:
  void SetUp() override {
    if (!GetParam().available()) GTEST_SKIP() << "this CPU cannot run the " << GetParam().name << " kernel";
  }
  // Counts a disagreement with the reference; keeps the first few for the failure message.
  void check(const std::string& s) {
    ++checked_;
    const bool want = reference(s);
    if (GetParam().valid(s.data(), s.size()) == want) return;
    if (++mismatches_ <= 5) {
      std::string hex;
      for (unsigned char c : s) hex += "0123456789ABCDEF"[c >> 4], hex += "0123456789ABCDEF"[c & 15], hex += ' ';
      first_ += "  len " + std::to_string(s.size()) + (want ? " valid: " : " invalid: ") + hex + "\n";
    }
  }
  void expect_no_mismatch() { EXPECT_EQ(mismatches_, 0u) << "of " << checked_ << " inputs, e.g.\n" << first_; }

  size_t checked_ = 0, mismatches_ = 0;
  std::string first_;
};

TEST_P(CsvUtf8Kernel, AgreesOnAllTwoAndThreeByteSequencesAcrossBlockEdges) {
  for (size_t pos : {0u, 30u, 31u, 62u, 63u, 127u}) {
    for (unsigned a = 0x80; a < 0x100; ++a)
      for (unsigned b = 0; b < 0x100; ++b) {
        check(place({char(a), char(b)}, pos, 130, "x"));
        if (a < 0xE0) continue;
        for (unsigned c : {0x00u, 0x41u, 0x7Fu, 0x80u, 0x8Fu, 0x90u, 0x9Fu, 0xA0u, 0xBFu, 0xC0u, 0xE4u, 0xF0u, 0xFFu}) {
          check(place({char(a), char(b), char(c)}, pos, 130, "x"));
          if (a < 0xF0) continue;
          for (unsigned d : {0x41u, 0x80u, 0xBFu, 0xC2u})
            check(place({char(a), char(b), char(c), char(d)}, pos, 130, "x"));
        }
      }
  }
  expect_no_mismatch();
}

// Every edge case of a multi-byte character, cut short or with one byte replaced, at every
// offset 0..130 (across the block edges at 32, 64 and 128), in ASCII and in Chinese text
// (the ASCII-block shortcut and the full check), at the end of the buffer or followed by
// more text.
TEST_P(CsvUtf8Kernel, DamagedSequencesAtEveryOffset) {
  const std::string chars[] = {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xE4\xB8\xAD", "\xED\x9F\xBF",
                               "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF0\x9F\x98\x80",
                               "\xF3\xBF\xBF\xBF", "\xF4\x8F\xBF\xBF"};
  const unsigned char replacements[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                                        0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  std::vector<std::string> damaged;
  for (const std::string& ch : chars) {
    damaged.push_back(ch);                                                  // intact
    for (size_t k = 1; k < ch.size(); ++k) damaged.push_back(ch.substr(0, k));  // truncated
    damaged.push_back(ch + "\x80");                                         // one continuation too many
    damaged.push_back(ch.substr(1));                                        // lead byte lost
    for (size_t k = 0; k < ch.size(); ++k)
      for (unsigned char r : replacements) {
        if (static_cast<unsigned char>(ch[k]) == r) continue;
        std::string s = ch;
        s[k] = char(r);
        damaged.push_back(s);
      }
  }
  for (const char* filler : {"x", "中"})
    for (const std::string& seq : damaged)
      for (size_t pos = 0; pos <= 130; ++pos)
        for (size_t after : {0u, 1u, 3u, 40u}) check(place(seq, pos, pos + seq.size() + after, filler));
  expect_no_mismatch();
}

TEST_P(CsvUtf8Kernel, TruncatedSequencesAtTheEnd) {
  for (size_t len = 0; len < 140; ++len)
    for (const char* tail : {"\xE4", "\xE4\xB8", "\xF0\x9F", "\xF0\x9F\x98", "\xC2", "\xE4\xB8\xAD"}) {
      std::string s(len, 'z');
      check(s + tail);
      std::string t;
      while (t.size() + 3 <= len) t += "中";
      check(t + tail);
    }
  expect_no_mismatch();
}

// 20,000 buffers (fixed seed) of 0..300 bytes: ASCII, valid 2-, 3- and 4-byte characters
// (edges of each range included) and, in half of them, a few random bytes overwritten,
// inserted or removed.
TEST_P(CsvUtf8Kernel, AgreesOnRandomBuffers) {
  std::mt19937 rng(20261128);
  auto below = [&](uint32_t n) { return uint32_t(rng() % n); };
  auto random_char = [&]() -> std::string {
    switch (below(6)) {
      case 0:
      case 1: return std::string(1, char(below(0x80)));
      case 2: return encode(0x80 + below(0x800 - 0x80));
      case 3: return encode(0x4E00 + below(0x9FFF - 0x4E00));  // CJK
      case 4: {
        uint32_t cp = 0x800 + below(0x10000 - 0x800);
        if (cp >= 0xD800 && cp < 0xE000) cp = 0xE000 + (cp & 0x7FF);  // no surrogates
        return encode(cp);
      }
      default: return encode(0x10000 + below(0x110000 - 0x10000));
    }
  };
  const uint32_t edges[] = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
  size_t invalid = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    const size_t target = below(301);
    std::string s;
    for (;;) {
      const std::string c = below(20) == 0 ? encode(edges[below(std::size(edges))]) : random_char();
      if (s.size() + c.size() > target) break;
      s += c;
    }
    s.resize(target, 'z');
    if (below(2)) {
      for (uint32_t k = 1 + below(3); k-- > 0;) {
        const size_t at = below(uint32_t(s.size() + 1));
        const char byte = below(2) ? char(0x80 + below(0x80)) : char(below(0x100));
        switch (below(4)) {
          case 0: if (at < s.size()) s[at] = byte; break;
          case 1: s.insert(s.begin() + at, byte); break;
          case 2: if (at < s.size()) s.erase(at, 1); break;
          default: s.resize(at); break;  // cut anywhere, maybe inside a character
        }
      }
    }
    invalid += !reference(s);
    check(s);
  }
  // Both outcomes must be well represented, or the test says little.
  EXPECT_GT(invalid, 5000u);
  EXPECT_LT(invalid, 15000u);
  expect_no_mismatch();
}

TEST_P(CsvUtf8Kernel, AgreesOnRandomMixtures) {
  std::mt19937 rng(20261127);
  const std::string pieces[] = {"a", ",", "\n", "被", "执行", "𠮷", "€", "·", "\xC2\xA0", "\xEF\xBC\x91",
                                "\xFF", "\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8"};
  for (int iter = 0; iter < 60000; ++iter) {
    std::string s;
    const size_t n = rng() % 60;
    const bool clean = rng() % 2;  // half the inputs use only valid pieces
    for (size_t k = 0; k < n; ++k) s += pieces[rng() % (clean ? 10 : std::size(pieces))];
    check(s);
  }
  expect_no_mismatch();
}

INSTANTIATE_TEST_SUITE_P(Kernels, CsvUtf8Kernel, testing::ValuesIn(kKernels),
                         [](const testing::TestParamInfo<Kernel>& info) { return std::string(info.param.name); });

}  // namespace
