// Delimiter detection.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/csv/dialect.h"

namespace clue::csv {
namespace {

const std::vector<std::string> kNone;

TEST(CsvDialect, CommaTabPipe) {
  EXPECT_EQ(detect_delimiter("a,b,c\n1,2,3\n4,5,6\n", kNone), ',');
  EXPECT_EQ(detect_delimiter("a\tb\tc\n1\t2\t3\n", kNone), '\t');
  EXPECT_EQ(detect_delimiter("a|b|c\n1|2|3\n", kNone), '|');
}

TEST(CsvDialect, QuotedDelimitersDoNotCount) {
  // Every row has two commas inside quotes; the tabs are the real split.
  EXPECT_EQ(detect_delimiter("\"a,b,c\"\tx\n\"1,2,3\"\ty\n\"4,5,6\"\tz\n", kNone), '\t');
}

TEST(CsvDialect, ConsistencyBeatsRawCounts) {
  // Commas in free text vary per row; tabs are constant.
  EXPECT_EQ(detect_delimiter("地址\t金额\n北京市,朝阳区\t1\n上海\t2\n广州,天河,某路\t3\n", kNone), '\t');
}

TEST(CsvDialect, MoreColumnsWinsATie) {
  // Each row has exactly one comma (in an amount) and three tabs.
  EXPECT_EQ(detect_delimiter("a\tb\tc\t1,000\nd\te\tf\t2,000\n", kNone), '\t');
}

TEST(CsvDialect, TitleRowsAboveHeaderAndExpectedHeaders) {
  std::string text = "某某法院终本案件清单\n导出时间：2024-01-01\n案号|被执行人|金额\nA|B|1\n";
  EXPECT_EQ(detect_delimiter(text, kNone), '|');
  std::vector<std::string> expected{"案号", "被执行人"};
  EXPECT_EQ(detect_delimiter(text, expected), '|');
}

TEST(CsvDialect, SingleColumnDefaultsToComma) {
  EXPECT_EQ(detect_delimiter("a\nb\nc\n", kNone), ',');
  EXPECT_EQ(detect_delimiter("", kNone), ',');
}

TEST(CsvDialect, SampleCutInsideQuotesStillDecides) {
  std::string text = "a;x|b|c\n1|2|3\n\"" + std::string(100000, 'q') + "\"|5|6\n";
  EXPECT_EQ(detect_delimiter(text, kNone, 4096), '|');
}

}  // namespace
}  // namespace clue::csv
