// scan::count_line_breaks (chunk starts' line numbers: csv/chunk.cpp and the loader's
// speculative chunks) against the rule byte by byte, on random mixes of "\n", "\r", "\r\n" and
// text, at every length and alignment around the 16-byte blocks of its SIMD loops.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "runtime/csv/scan.h"

namespace clue::csv {
namespace {

uint64_t by_rule(const std::string& s, size_t a, size_t b) {
  uint64_t n = 0;
  for (size_t i = a; i < b; ++i)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == b || s[i + 1] != '\n'))) ++n;
  return n;
}

TEST(CountLineBreaks, EqualsTheRuleOnEveryMix) {
  std::mt19937 rng(7);
  const char alphabet[] = {'\n', '\r', 'a', ',', '"', '\xE6'};
  for (int round = 0; round < 400; ++round) {
    const size_t len = rng() % 120;
    std::string s(len, 'x');
    const unsigned kinds = 2 + rng() % 5;  // sometimes only line ends
    for (char& c : s) c = alphabet[rng() % kinds];
    for (size_t a = 0; a < std::min<size_t>(len, 17); ++a)
      EXPECT_EQ(scan::count_line_breaks(s.data() + a, s.data() + len), by_rule(s, a, len)) << round << " " << a;
  }
  const std::string crlf = std::string(1000, 'a') + "\r\n" + std::string(37, 'b') + "\r\n\r\r\n\n\r";
  EXPECT_EQ(scan::count_line_breaks(crlf.data(), crlf.data() + crlf.size()), 6u);
}

}  // namespace
}  // namespace clue::csv
