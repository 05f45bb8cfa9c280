// The loader on files mixing UTF-8 and GB18030 (the issue's 859-line export with a judgment
// pasted in GB18030, and a GB18030 export with UTF-8 rows): every row used with its text
// exactly, whatever the number of threads and whether a field is parsed at load or late, and
// LoadStats saying which lines were in the other encoding (the run summary and the manifest
// print LoadStats::encoding).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/load/loader.h"
#include "tests/unit/csv_mixed_fixture.h"

namespace clue::rt {
namespace {

ColumnSpec text_col(const std::string& name) {
  ColumnSpec c;
  c.name = name;
  c.type = Logical::Text;
  c.headers = {name};
  return c;
}

LoadSpec judgments_spec(int threads, bool defer_text = false) {
  LoadSpec s;
  s.source = "ws";
  s.path = "裁判文书.csv";
  s.threads = threads;
  s.min_chunk_bytes = 1;
  s.columns = {text_col("案号"), text_col("文书正文")};
  s.columns[1].deferred = defer_text;
  return s;
}

std::vector<uint64_t> warning_lines(const LoadResult& r, const std::string& code) {
  std::vector<uint64_t> out;
  for (const LoadWarning& w : r.warnings)
    if (w.code == code) out.push_back(w.line);
  return out;
}

// Every row of `f`, with its 案号 and 文书正文 (fetched when deferred) and its line.
void expect_rows(const LoadResult& r, const test::JudgmentsFile& f) {
  ASSERT_TRUE(r.ok) << r.error_code << " " << r.error_en;
  ASSERT_EQ(r.table.rows(), f.case_no.size());
  EXPECT_TRUE(r.rejects.empty());
  EXPECT_EQ(r.stats.rows_read, f.case_no.size());
  EXPECT_EQ(r.stats.rows_used, f.case_no.size());
  EXPECT_EQ(r.stats.header_line, 1u);
  std::vector<Column> text;
  const Column* body = &r.table.columns[1];
  if (body->deferred) {
    std::vector<int64_t> all(r.table.rows());
    for (size_t i = 0; i < all.size(); ++i) all[i] = int64_t(i);
    text = r.table.deferred->fetch(r.table, all, {1});
    body = &text[0];
  }
  for (size_t i = 0; i < r.table.rows(); ++i) {
    EXPECT_EQ(r.table.line[i], uint64_t(f.record_line[i]));
    EXPECT_EQ(r.table.columns[0].str.at(i), f.case_no[i]) << "row " << i;
    const std::string_view got = body->str.at(i);
    if (got != f.text[i]) {  // the texts are long: say where they differ
      size_t k = 0;
      while (k < got.size() && k < f.text[i].size() && got[k] == f.text[i][k]) ++k;
      ADD_FAILURE() << "row " << i << ": 文书正文 differs at byte " << k << " of " << got.size() << " (expected "
                    << f.text[i].size() << "): '" << got.substr(k > 20 ? k - 20 : 0, 60) << "'";
    }
  }
}

TEST(LoadEncoding, IssueFileUtf8WithGb18030JudgmentIsReadWholeAndReported) {
  const test::JudgmentsFile f = test::judgments_with_gb_paste(845, 400, 13);
  ASSERT_EQ(f.lines, 859);
  for (int threads : {1, 4})
    for (bool defer : {false, true}) {
      SCOPED_TRACE(testing::Message() << threads << " threads, deferred " << defer);
      const LoadResult r = load_csv_bytes(judgments_spec(threads, defer), f.bytes);
      expect_rows(r, f);
      EXPECT_EQ(r.stats.encoding, "UTF-8 + GB18030: lines 402-414");
      EXPECT_EQ(r.stats.encoding_fallback_rows, 1u);
      EXPECT_EQ(r.stats.encoding_fallback_lines, 13u);
      EXPECT_EQ(warning_lines(r, "C0302"), (std::vector<uint64_t>{402, 403, 404, 405, 406, 407, 408, 409, 410, 411,
                                                                  412, 413, 414}));
      EXPECT_EQ(r.warnings.size(), 13u);
    }
}

TEST(LoadEncoding, Gb18030FileWithUtf8RowsNamesThem) {
  const test::JudgmentsFile f = test::gb18030_judgments(845, {3, 400, 401});
  for (int threads : {1, 4}) {
    const LoadResult r = load_csv_bytes(judgments_spec(threads), f.bytes);
    expect_rows(r, f);
    EXPECT_EQ(r.stats.encoding, "GB18030 + UTF-8: lines 5, 402-403");
    EXPECT_EQ(r.stats.encoding_fallback_lines, 3u);
    EXPECT_EQ(warning_lines(r, "C0304"), (std::vector<uint64_t>{5, 402, 403}));
  }
  const LoadResult clean = load_csv_bytes(judgments_spec(1), test::gb18030_judgments(845, {}).bytes);
  ASSERT_TRUE(clean.ok);
  EXPECT_EQ(clean.stats.encoding, "GB18030");
  EXPECT_TRUE(clean.warnings.empty());
}

// Many lines in the other encoding: the count, the first places, and "…".
TEST(LoadEncoding, ManyLinesInTheOtherEncodingAreCountedAndTheFirstListed) {
  std::vector<int> utf8_rows;
  for (int i = 0; i < 1200; i += 7) utf8_rows.push_back(i);
  const test::JudgmentsFile f = test::gb18030_judgments(1500, utf8_rows);
  const LoadResult r = load_csv_bytes(judgments_spec(2), f.bytes);
  expect_rows(r, f);
  EXPECT_EQ(r.stats.encoding_fallback_lines, utf8_rows.size());
  EXPECT_EQ(r.stats.encoding, "GB18030 + UTF-8: " + std::to_string(utf8_rows.size()) + " lines: 2, 9, 16, 23, 30, 37, …");
}

}  // namespace
}  // namespace clue::rt
