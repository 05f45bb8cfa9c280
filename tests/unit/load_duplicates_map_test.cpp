// rt::find_duplicate_rows against a plain count: many rows whose hashes share their low 32 bits
// (the radix sort's key) without being equal, and real repeats among them, so that a wrong
// bucket count or pass in the sort shows as a wrong number or a wrong first pair.
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/load/loader.h"

namespace {

using clue::rt::LoadResult;
using clue::rt::RowHash;

TEST(FindDuplicateRows, CountsRepeatsAsAPlainMapDoes) {
  std::mt19937_64 rng(19);
  const size_t n = 300000;
  std::vector<RowHash> hashes(n);
  for (size_t r = 0; r < n; ++r) {
    // Few distinct low words: many 32-bit collisions that are not repeats.
    hashes[r] = {(rng() & 0xFFFFFFFF00000000ull) | (rng() % 5000), rng()};
    if (r > 10 && rng() % 50 == 0) hashes[r] = hashes[rng() % r];  // a repeat of an earlier row
  }
  // The plain count: a row repeats when an earlier row has its hash; the first such row and
  // the row it repeats.
  std::map<std::pair<uint64_t, uint64_t>, size_t> first_at;
  uint64_t repeats = 0;
  size_t first_repeat = n, first_of = n;
  for (size_t r = 0; r < n; ++r) {
    auto [it, fresh] = first_at.emplace(std::make_pair(hashes[r].hi, hashes[r].lo), r);
    if (fresh) continue;
    ++repeats;
    if (first_repeat == n) first_repeat = r, first_of = it->second;
  }
  ASSERT_GT(repeats, 1000u);

  LoadResult res;
  res.table.path = "t.csv";
  for (size_t r = 0; r < n; ++r) res.table.line.push_back(r + 2);  // line 2 is row 0
  res.row_hash = hashes;
  clue::rt::find_duplicate_rows(res, false);
  EXPECT_EQ(res.stats.duplicate_rows, repeats);
  EXPECT_EQ(res.stats.first_duplicate_line, "line " + std::to_string(first_repeat + 2));
  EXPECT_EQ(res.stats.first_duplicate_of, "line " + std::to_string(first_of + 2));
  EXPECT_TRUE(res.row_hash.empty());
}

}  // namespace
