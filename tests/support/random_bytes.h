// Random bytes for a test, from a seeded generator (so a failure repeats).
#pragma once
#include <cstddef>
#include <random>
#include <string>

namespace clue::test {

inline std::string random_bytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

}  // namespace clue::test
