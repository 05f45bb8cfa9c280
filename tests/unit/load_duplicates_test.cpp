// find_duplicate_rows (runtime/load/duplicates.cpp) against a brute-force count: repeats
// anywhere in a file of thousands of rows (the search goes through the rows in groups by hash
// bits; a repeat must be found whichever group it falls in), the first repeat and the row it
// repeats, and `distinct` dropping exactly the repeats.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "runtime/load/loader.h"

namespace {

using namespace clue::rt;

TEST(LoadDuplicates, MatchesBruteForce) {
  std::string csv = "名称,编号\n";
  std::vector<std::string> rows;
  for (int i = 0; i < 6000; ++i) {
    // Every 97th row repeats an earlier one (at varying distances), the rest are new.
    if (i > 10 && i % 97 == 0) rows.push_back(rows[size_t(7919 % i)]);
    else rows.push_back("名" + std::to_string(i) + "," + std::to_string(i * 31));
  }
  for (const std::string& r : rows) csv += r + "\n";
  // Brute force: repeats, and the first one (its line, the line it repeats).
  std::map<std::string, size_t> first_seen;
  uint64_t repeats = 0;
  size_t first_line = 0, first_of = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto [it, added] = first_seen.emplace(rows[i], i + 2);
    if (added) continue;
    if (repeats++ == 0) {
      first_line = i + 2;
      first_of = it->second;
    }
  }
  ASSERT_GT(repeats, 50u);
  LoadSpec spec;
  spec.source = "s";
  spec.path = "s.csv";
  spec.columns = {{"名称", Logical::Text}, {"编号", Logical::Int}};
  for (bool drop : {false, true}) {
    LoadResult r = load_csv_bytes(spec, csv);
    ASSERT_TRUE(r.ok) << r.error_en;
    find_duplicate_rows(r, drop);
    EXPECT_EQ(r.stats.duplicate_rows, repeats);
    EXPECT_EQ(r.stats.first_duplicate_line, "line " + std::to_string(first_line));
    EXPECT_EQ(r.stats.first_duplicate_of, "line " + std::to_string(first_of));
    EXPECT_EQ(r.table.rows(), drop ? rows.size() - repeats : rows.size());
    EXPECT_TRUE(r.stats.balanced());
  }
}

}  // namespace
