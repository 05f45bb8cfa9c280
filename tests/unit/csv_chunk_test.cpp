// Chunked parsing must give exactly what one pass gives: same records, same
// line numbers, same blank-line count, whatever the cut points.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "runtime/csv/chunk.h"

namespace clue::csv {
namespace {

struct Rec {
  std::vector<std::string> fields;
  std::uint64_t line;
  std::uint32_t lines;
  bool operator==(const Rec&) const = default;
};

struct Parsed {
  std::vector<Rec> recs;
  std::uint64_t blanks = 0;
  bool failed = false;
};

void parse_into(std::string_view text, Dialect d, std::uint64_t first_line, Parsed& out) {
  Tokenizer t(text, d, first_line);
  Record r;
  while (t.next(r)) out.recs.push_back({{r.fields.begin(), r.fields.end()}, r.line, r.lines});
  out.blanks += t.blank_lines();
  out.failed |= t.failed();
}

Parsed one_pass(std::string_view text, Dialect d) {
  Parsed p;
  parse_into(text, d, 1, p);
  return p;
}

Parsed chunked(std::string_view text, Dialect d, std::size_t n, const ParallelFor& pf = {}) {
  Parsed p;
  std::vector<Chunk> chunks = split_chunks(text, n, d, 1, pf);
  std::size_t pos = 0;
  for (const Chunk& c : chunks) {
    EXPECT_EQ(c.begin, pos);  // chunks tile the text
    EXPECT_LT(c.begin, c.end);
    pos = c.end;
    parse_into(c.of(text), d, c.first_line, p);
  }
  EXPECT_EQ(pos, text.size());
  EXPECT_LE(chunks.size(), std::max<std::size_t>(n, 1));
  return p;
}

void expect_same(std::string_view text, Dialect d, std::size_t n) {
  Parsed a = one_pass(text, d);
  Parsed b = chunked(text, d, n);
  ASSERT_EQ(a.failed, b.failed) << "n=" << n;
  if (a.failed) return;  // only the last chunk can fail, compared above
  ASSERT_EQ(a.recs.size(), b.recs.size()) << "n=" << n << " text=" << text;
  for (std::size_t i = 0; i < a.recs.size(); ++i) ASSERT_EQ(a.recs[i], b.recs[i]) << "record " << i << " n=" << n;
  EXPECT_EQ(a.blanks, b.blanks);
}

TEST(CsvChunk, EmptyAndSingle) {
  EXPECT_TRUE(split_chunks("", 4).empty());
  auto c = split_chunks("a,b\n", 1);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].end, 4u);
}

TEST(CsvChunk, CutsAfterLineEndsWithLineNumbers) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "row" + std::to_string(i) + ",x\n";
  auto chunks = split_chunks(text, 4);
  ASSERT_EQ(chunks.size(), 4u);
  for (const Chunk& c : chunks) {
    if (c.begin > 0) {
      EXPECT_EQ(text[c.begin - 1], '\n');
    }
    // the chunk starts with "row<first_line-1>"
    EXPECT_EQ(c.of(text).substr(0, 3 + std::to_string(c.first_line - 1).size()),
              "row" + std::to_string(c.first_line - 1));
  }
  expect_same(text, {}, 4);
}

TEST(CsvChunk, QuotedNewlinesAtEveryCut) {
  // Every record has a quoted field full of newlines, so most naive cuts
  // land inside quotes and must be moved.
  std::string text;
  for (int i = 0; i < 50; ++i) text += "k" + std::to_string(i) + ",\"a\nb\r\nc\n\nd\",\"x\"\"\ny\"\n";
  for (std::size_t n = 2; n <= 64; ++n) expect_same(text, {}, n);
}

TEST(CsvChunk, CutInsideQuotesThatLookLikeRecords) {
  // The quoted field contains text that parses as records if one starts
  // reading in the middle: "a,b\n" lines and quotes at line starts.
  std::string inner;
  for (int i = 0; i < 40; ++i) inner += "x" + std::to_string(i) + ",\"\"y\"\"\n\"\"z,\n";
  std::string text = "h1,h2\n1,\"" + inner + "\"\n2,end\n";
  for (std::size_t n = 2; n <= 40; ++n) expect_same(text, {}, n);
}

TEST(CsvChunk, WholeTextOneQuotedFieldGivesOneChunk) {
  std::string text = "\"" + std::string(1000, '\n') + "\"\n";
  auto chunks = split_chunks(text, 8);
  ASSERT_EQ(chunks.size(), 1u);
  expect_same(text, {}, 8);
}

TEST(CsvChunk, LoneCrLineEnds) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "a" + std::to_string(i) + ",\"q\rq\"\r";
  for (std::size_t n = 2; n <= 16; ++n) expect_same(text, {}, n);
}

TEST(CsvChunk, ParallelForIsUsedAndGivesSameResult) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += std::to_string(i) + ",\"l\nm\",z\n";
  std::size_t calls = 0;
  ParallelFor pf = [&](std::size_t count, const std::function<void(std::size_t)>& body) {
    ++calls;
    std::vector<std::thread> ts;
    for (std::size_t i = 0; i < count; ++i) ts.emplace_back(body, i);
    for (auto& t : ts) t.join();
  };
  Parsed a = one_pass(text, {});
  Parsed b = chunked(text, {}, 8, pf);
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(a.recs, b.recs);
}

// Random dirty CSV: quoted fields with delimiters, "" escapes, CR/LF/CRLF
// inside and outside quotes, literal quotes in unquoted fields, text after
// closing quotes, blank lines. Fixed seed, 200 texts, several chunk counts.
TEST(CsvChunk, RandomisedEquivalence) {
  std::mt19937 rng(20240101);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* words[] = {"张三", "a", "12", "x y", "", "合计", "b\"c", "(2023)浙0803执1号"};
  const char* breaks[] = {"\n", "\r\n", "\r"};
  const char delims[] = {',', '\t', '|'};
  for (int iter = 0; iter < 200; ++iter) {
    const char delim = delims[iter % 3];
    std::string text;
    const int records = 1 + pick(40);
    for (int r = 0; r < records; ++r) {
      if (pick(8) == 0) text += breaks[pick(3)];  // blank line
      const int fields = 1 + pick(5);
      for (int f = 0; f < fields; ++f) {
        if (f) text += delim;
        switch (pick(5)) {
          case 0: {  // quoted with specials
            text += '"';
            for (int k = pick(6); k > 0; --k) {
              switch (pick(6)) {
                case 0: text += "\"\""; break;
                case 1: text += breaks[pick(3)]; break;
                case 2: text += delim; break;
                default: text += words[pick(8)];
              }
            }
            text += '"';
            if (pick(6) == 0) text += "tail\"";
            break;
          }
          default: text += words[pick(8)];
        }
      }
      if (r + 1 < records || pick(2)) text += breaks[pick(3)];
    }
    for (std::size_t n : {2, 3, 5, 8, 13}) {
      expect_same(text, Dialect{delim, '"'}, n);
      if (HasFatalFailure()) {
        ADD_FAILURE() << "iteration " << iter;
        return;
      }
    }
  }
}

}  // namespace
}  // namespace clue::csv
