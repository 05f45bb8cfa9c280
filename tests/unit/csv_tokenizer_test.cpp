// Tokenizer: RFC 4180 quoting, line ends, blank lines, line numbers,
// projection, limits.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "runtime/csv/tokenizer.h"

namespace clue::csv {
namespace {

struct Rec {
  std::vector<std::string> fields;
  std::uint64_t line;
  std::uint32_t lines;
  bool operator==(const Rec&) const = default;
};

std::vector<Rec> parse(std::string_view text, char delim = ',', std::uint64_t* blanks = nullptr) {
  Tokenizer t(text, Dialect{delim, '"'});
  std::vector<Rec> out;
  Record r;
  while (t.next(r)) out.push_back({{r.fields.begin(), r.fields.end()}, r.line, r.lines});
  EXPECT_FALSE(t.failed());
  if (blanks) *blanks = t.blank_lines();
  return out;
}

using F = std::vector<std::string>;

TEST(CsvTokenizer, PlainLf) {
  auto r = parse("a,b,c\n1,2,3\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (Rec{F{"a", "b", "c"}, 1, 1}));
  EXPECT_EQ(r[1], (Rec{F{"1", "2", "3"}, 2, 1}));
}

TEST(CsvTokenizer, LastRecordWithoutNewline) {
  auto r = parse("a,b\n1,2");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1], (Rec{F{"1", "2"}, 2, 1}));
}

TEST(CsvTokenizer, CrLfAndLoneCrAndMixed) {
  auto r = parse("a,b\r\n1,2\r3,4\n5,6\r\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0], (Rec{F{"a", "b"}, 1, 1}));
  EXPECT_EQ(r[1], (Rec{F{"1", "2"}, 2, 1}));
  EXPECT_EQ(r[2], (Rec{F{"3", "4"}, 3, 1}));
  EXPECT_EQ(r[3], (Rec{F{"5", "6"}, 4, 1}));
}

TEST(CsvTokenizer, EmptyFieldsAndTrailingDelimiter) {
  auto r = parse(",a,,\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (F{"", "a", "", ""}));
}

TEST(CsvTokenizer, BlankLinesSkippedButCounted) {
  std::uint64_t blanks = 0;
  auto r = parse("\n\r\na\n\n\r\nb\n\n", ',', &blanks);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (Rec{F{"a"}, 3, 1}));
  EXPECT_EQ(r[1], (Rec{F{"b"}, 6, 1}));
  EXPECT_EQ(blanks, 5u);
}

TEST(CsvTokenizer, QuotedDelimiterNewlineAndEscapes) {
  auto r = parse("x,\"a,b\",\"say \"\"hi\"\"\"\n\"l1\nl2\r\nl3\",y\nz,w\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], (Rec{F{"x", "a,b", "say \"hi\""}, 1, 1}));
  EXPECT_EQ(r[1], (Rec{F{"l1\nl2\r\nl3", "y"}, 2, 3}));
  EXPECT_EQ(r[2], (Rec{F{"z", "w"}, 5, 1}));
}

TEST(CsvTokenizer, QuoteInsideUnquotedFieldIsLiteral) {
  auto r = parse("12\" pipe,a\"b\"\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (F{"12\" pipe", "a\"b\""}));
}

TEST(CsvTokenizer, TextAfterClosingQuoteIsKept) {
  auto r = parse("\"abc\"def,\"x\" ,\"\"\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (F{"abcdef", "x ", ""}));
}

TEST(CsvTokenizer, FieldsPointIntoBufferUnlessUnescaped) {
  std::string text = "ab,\"cd\",\"e\"\"f\"\n";
  Tokenizer t(text);
  Record r;
  ASSERT_TRUE(t.next(r));
  EXPECT_EQ(r.fields[0].data(), text.data());
  EXPECT_EQ(r.fields[1].data(), text.data() + 4);  // quoted, no escape: zero-copy
  EXPECT_TRUE(t.in_scratch(r.fields[2]));
  EXPECT_EQ(r.fields[2], "e\"f");
  EXPECT_EQ(r.raw, "ab,\"cd\",\"e\"\"f\"");
}

TEST(CsvTokenizer, TabAndPipe) {
  auto r = parse("a\tb,c\t\"d\te\"\n", '\t');
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (F{"a", "b,c", "d\te"}));
  auto p = parse("a|b|\"c|d\"\n", '|');
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].fields, (F{"a", "b", "c|d"}));
}

TEST(CsvTokenizer, UnterminatedQuoteReportsOpeningLine) {
  std::string text = "a,b\nc,d\ne,\"f\ng\nh";
  Tokenizer t(text);
  Record r;
  ASSERT_TRUE(t.next(r));
  ASSERT_TRUE(t.next(r));
  EXPECT_FALSE(t.next(r));
  ASSERT_TRUE(t.failed());
  EXPECT_EQ(t.error().code, ErrorCode::UnterminatedQuote);
  EXPECT_EQ(t.error().line, 3u);
  EXPECT_EQ(t.error().record_line, 3u);
  EXPECT_EQ(t.error().record_offset, 8u);
  EXPECT_FALSE(t.next(r));  // stays failed
}

TEST(CsvTokenizer, UnterminatedQuoteOpenedOnLaterLineOfRecord) {
  Tokenizer t("a,\"x\ny\",\"open\nmore");
  Record r;
  EXPECT_FALSE(t.next(r));
  EXPECT_EQ(t.error().code, ErrorCode::UnterminatedQuote);
  EXPECT_EQ(t.error().line, 2u);
  EXPECT_EQ(t.error().record_line, 1u);
}

TEST(CsvTokenizer, RecordTooLongStopsWithLineNumber) {
  std::string text = "a,b\n" + std::string(1000, 'x') + ",y\nc,d\n";
  Tokenizer t(text, {}, 1, 100);
  Record r;
  ASSERT_TRUE(t.next(r));
  EXPECT_FALSE(t.next(r));
  ASSERT_TRUE(t.failed());
  EXPECT_EQ(t.error().code, ErrorCode::RecordTooLong);
  EXPECT_EQ(t.error().line, 2u);
}

TEST(CsvTokenizer, RunawayQuoteHitsLimitNotEndOfFile) {
  std::string text = "a\n\"" + std::string(5000, 'x') + "\n" + std::string(5000, 'y');
  Tokenizer t(text, {}, 1, 1000);
  Record r;
  ASSERT_TRUE(t.next(r));
  EXPECT_FALSE(t.next(r));
  EXPECT_EQ(t.error().code, ErrorCode::RecordTooLong);
  EXPECT_EQ(t.error().line, 2u);
}

TEST(CsvTokenizer, RecordOfExactlyMaxBytesPasses) {
  std::string text = std::string(100, 'x') + "\n" + std::string(100, 'y');
  Tokenizer t(text, {}, 1, 100);
  Record r;
  ASSERT_TRUE(t.next(r));
  ASSERT_TRUE(t.next(r));
  EXPECT_EQ(r.fields[0].size(), 100u);
  EXPECT_FALSE(t.next(r));
  EXPECT_FALSE(t.failed());
}

TEST(CsvTokenizer, ProjectionKeepsOrderAndCountsAllFields) {
  std::string text = "a,\"b\"\"x\",c,d\n1,2\n";
  Tokenizer t(text);
  std::vector<int> cols{3, 0, 1};
  t.set_projection(cols);
  Record r;
  ASSERT_TRUE(t.next(r));
  EXPECT_EQ(r.field_count, 4u);
  EXPECT_EQ(r.fields, (std::vector<std::string_view>{"d", "a", "b\"x"}));
  ASSERT_TRUE(t.next(r));
  EXPECT_EQ(r.field_count, 2u);
  EXPECT_EQ(r.fields, (std::vector<std::string_view>{"", "1", "2"}));
}

TEST(CsvTokenizer, FirstLineOffset) {
  Tokenizer t("x\n\ny\n", {}, 41);
  Record r;
  ASSERT_TRUE(t.next(r));
  EXPECT_EQ(r.line, 41u);
  ASSERT_TRUE(t.next(r));
  EXPECT_EQ(r.line, 43u);
}

// Throughput of the tokenizer on ~200 MB of unquoted, ASCII-heavy rows.
// Disabled by default; run with --gtest_also_run_disabled_tests.
TEST(CsvTokenizer, DISABLED_Throughput) {
  std::string text;
  text.reserve(210u << 20);
  std::mt19937 rng(7);
  char buf[256];
  while (text.size() < (200u << 20)) {
    unsigned id = rng();
    int n = std::snprintf(buf, sizeof buf,
                          "(2023)浙0803执%u号,张三%u,33080319900101%04u,%u.%02u,2023-01-%02u,某某区人民法院,执行中,%u\n",
                          id % 100000, id % 97, id % 10000, id % 1000000, id % 100, id % 28 + 1, id);
    text.append(buf, static_cast<std::size_t>(n));
  }
  std::size_t records = 0, fields = 0;
  auto t0 = std::chrono::steady_clock::now();
  Tokenizer t(text);
  Record r;
  while (t.next(r)) {
    ++records;
    fields += r.fields.size();
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("tokenizer: %.1f MB in %.3f s = %.0f MB/s (%zu records, %zu fields)\n",
              text.size() / 1e6, s, text.size() / 1e6 / s, records, fields);
  EXPECT_EQ(fields, records * 8);
}

}  // namespace
}  // namespace clue::csv
