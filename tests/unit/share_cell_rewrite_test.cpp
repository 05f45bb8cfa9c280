// A mapping's rewriting of cells at load: vocabularies and dates with the year last.
#include <gtest/gtest.h>

#include "runtime/values/cell_rewrite.h"

using clue::values::CellRewrite;
using clue::values::reorder_year_last_date;

TEST(CellRewrite, VocabularyIsLookedUpTrimmed) {
  CellRewrite r({{"Y", "是"}, {"判决结案", "判决"}}, "");
  std::string buf;
  EXPECT_EQ(r.apply(" Y ", buf), "是");
  EXPECT_EQ(r.apply("判决结案", buf), "判决");
  EXPECT_EQ(r.apply("撤诉", buf), "撤诉");  // not in the vocabulary: as written
  EXPECT_EQ(r.apply("y", buf), "y");        // exact words only: no guessing
}

TEST(CellRewrite, DateOrders) {
  std::string buf;
  ASSERT_TRUE(reorder_year_last_date("31/12/2021", true, buf));
  EXPECT_EQ(buf, "2021-12-31");
  ASSERT_TRUE(reorder_year_last_date("12/31/2021", false, buf));
  EXPECT_EQ(buf, "2021-12-31");
  ASSERT_TRUE(reorder_year_last_date("1.2.2022", true, buf));
  EXPECT_EQ(buf, "2022-02-01");
  EXPECT_FALSE(reorder_year_last_date("2021/12/31", true, buf));  // year first: the usual parser
  EXPECT_FALSE(reorder_year_last_date("31/12/21", true, buf));    // two-digit year: never guessed
  EXPECT_FALSE(reorder_year_last_date("31/12-2021", true, buf));  // mixed separators
  EXPECT_FALSE(reorder_year_last_date("31/12/2021 10:00", true, buf));
  CellRewrite dmy({}, "DMY");
  EXPECT_EQ(dmy.apply("05/03/2022", buf), "2022-03-05");
  EXPECT_EQ(dmy.apply("2022-03-05", buf), "2022-03-05");
}
