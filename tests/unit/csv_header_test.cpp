// Header normalisation, edit distance and column matching.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/csv/header.h"

namespace clue::csv {
namespace {

HeaderMatch match(std::vector<std::string_view> cells, std::vector<std::string> expected) {
  return match_header(cells, 3, expected);
}

TEST(CsvHeader, NormaliseTrimsAndFolds) {
  EXPECT_EQ(normalize_header(" 未履行金额（元）　"), "未履行金额(元)");
  EXPECT_EQ(normalize_header("\xEF\xBB\xBF" "案号"), "案号");          // BOM
  EXPECT_EQ(normalize_header("被执行人\n姓名"), "被执行人姓名");       // Excel Alt+Enter
  EXPECT_EQ(normalize_header("身份证 号\xC2\xA0"), "身份证号");         // NBSP
  EXPECT_EQ(normalize_header("ＩＤ号"), "id号");                        // full-width letters
  EXPECT_EQ(normalize_header("a\xFF" "b"), "a\xFF" "b");               // bad bytes kept
}

TEST(CsvHeader, EditDistanceCountsCharacters) {
  EXPECT_EQ(edit_distance("被执行人身份证", "被执行人身份证号"), 1u);
  EXPECT_EQ(edit_distance("案号", "案由"), 1u);
  EXPECT_EQ(edit_distance("", "案号"), 2u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("同", "同"), 0u);
}

TEST(CsvHeader, ParenthesisFoldingMatches) {
  HeaderMatch m = match({"案号", "未履行金额（元）"}, {"未履行金额(元)", "案号"});
  ASSERT_EQ(m.columns.size(), 2u);
  EXPECT_EQ(m.columns[0].index, 1);
  EXPECT_EQ(m.columns[1].index, 0);
  EXPECT_TRUE(m.complete());
  EXPECT_EQ(m.projection(), (std::vector<int>{1, 0}));
  EXPECT_TRUE(m.extras.empty());
  EXPECT_EQ(m.line, 3u);
}

TEST(CsvHeader, MissingColumnGetsNearestHeader) {
  HeaderMatch m = match({"案号", "被执行人", "被执行人身份证号", "立案日期"}, {"案号", "被执行人身份证"});
  EXPECT_EQ(m.columns[0].index, 0);
  EXPECT_EQ(m.columns[1].index, -1);
  EXPECT_EQ(m.columns[1].nearest, 2);
  // Ranked by meaning (header_meaning.h): 身份证 and 身份证号 are the same thing.
  EXPECT_EQ(m.columns[1].distance, 0u);
  EXPECT_FALSE(m.complete());
  EXPECT_EQ(m.found(), 1u);
  EXPECT_EQ(m.extras, (std::vector<int>{1, 2, 3}));
}

TEST(CsvHeader, NearestPrefersUnclaimedColumns) {
  // 被执行人 is taken by its own expected column; the nearest free one wins.
  HeaderMatch m = match({"被执行人", "被执行人名称"}, {"被执行人", "被执行人姓名"});
  EXPECT_EQ(m.columns[1].index, -1);
  EXPECT_EQ(m.columns[1].nearest, 1);
}

TEST(CsvHeader, DuplicatesReported) {
  HeaderMatch m = match({"金额", "案号", "金额 ", "", ""}, {});
  ASSERT_EQ(m.duplicates.size(), 1u);  // empty names are not duplicates
  EXPECT_EQ(m.duplicates[0], (std::vector<int>{0, 2}));
  EXPECT_TRUE(m.extras.empty());  // no expected list: nothing is "extra"
}

TEST(CsvHeader, CountExpected) {
  std::vector<std::string> norm{normalize_header("案号"), normalize_header("金额（元）"), "案号"};
  std::vector<std::string_view> row{"案号", "金额(元)", "x"};
  EXPECT_EQ(count_expected(row, norm), 2u);
  std::vector<std::string_view> title{"XX法院终本案件清单"};
  EXPECT_EQ(count_expected(title, norm), 0u);
}

}  // namespace
}  // namespace clue::csv
