// The bulk UTF-8 validator (AVX2 when the CPU has it) must agree with the scalar reference,
// find_invalid_utf8, on every input: exhaustively for short sequences placed across the
// 32-byte block boundary, and on random mixtures.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "runtime/csv/encoding.h"
#include "runtime/csv/utf8_simd.h"

namespace {
using clue::csv::find_invalid_utf8;
using clue::csv::kNoInvalid;
using clue::csv::utf8_valid;

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

TEST(CsvUtf8Simd, AgreesOnAllTwoAndThreeByteSequencesAcrossBlockEdges) {
  size_t checked = 0, mismatches = 0;
  for (size_t pos : {0u, 29u, 30u, 31u, 62u}) {
    for (unsigned a = 0x80; a < 0x100; ++a)
      for (unsigned b = 0; b < 0x100; ++b) {
        const std::string two{char(a), char(b)};
        const std::string s = place(two, pos, 70, "x");
        mismatches += utf8_valid(s.data(), s.size()) != reference(s);
        ++checked;
        if (a < 0xE0) continue;
        for (unsigned c : {0x00u, 0x41u, 0x7Fu, 0x80u, 0x8Fu, 0x90u, 0x9Fu, 0xA0u, 0xBFu, 0xC0u, 0xE4u, 0xF0u, 0xFFu}) {
          const std::string three{char(a), char(b), char(c)};
          const std::string t = place(three, pos, 70, "x");
          mismatches += utf8_valid(t.data(), t.size()) != reference(t);
          for (unsigned d : {0x41u, 0x80u, 0xBFu, 0xC2u}) {
            const std::string four{char(a), char(b), char(c), char(d)};
            const std::string u = place(four, pos, 70, "x");
            mismatches += utf8_valid(u.data(), u.size()) != reference(u);
            checked += 1;
          }
          ++checked;
        }
      }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << checked;
}

TEST(CsvUtf8Simd, TruncatedSequencesAtTheEnd) {
  for (size_t len = 0; len < 70; ++len)
    for (const char* tail : {"\xE4", "\xE4\xB8", "\xF0\x9F", "\xF0\x9F\x98", "\xC2", "\xE4\xB8\xAD"}) {
      std::string s(len, 'z');
      s += tail;
      EXPECT_EQ(utf8_valid(s.data(), s.size()), reference(s)) << len << " + " << tail;
    }
}

TEST(CsvUtf8Simd, AgreesOnRandomMixtures) {
  std::mt19937 rng(20261127);
  const std::string pieces[] = {"a", ",", "\n", "被", "执行", "𠮷", "€", "·", "\xC2\xA0", "\xEF\xBC\x91",
                                "\xFF", "\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8"};
  size_t mismatches = 0;
  for (int iter = 0; iter < 60000; ++iter) {
    std::string s;
    const size_t n = rng() % 60;
    const bool clean = rng() % 2;  // half the inputs use only valid pieces
    for (size_t k = 0; k < n; ++k) s += pieces[rng() % (clean ? 10 : std::size(pieces))];
    mismatches += utf8_valid(s.data(), s.size()) != reference(s);
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
