// CsvFile end to end: fixtures in tests/fixtures/csv (see make_fixtures.sh)
// and byte literals, in UTF-8 and GB18030, with exact rows, line numbers,
// rejects and counters.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "runtime/csv/reader.h"

#ifndef CLUE_SOURCE_DIR
#define CLUE_SOURCE_DIR "."
#endif

namespace clue::csv {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string fixture(const std::string& name) { return std::string(CLUE_SOURCE_DIR) + "/tests/fixtures/csv/" + name; }

struct Run {
  OpenResult res;
  Rows rows;
  std::vector<std::uint64_t> lines;
  std::vector<Reject> rejects;
  std::vector<Diagnostic> warnings;
  Counters counters;
  std::optional<Diagnostic> error;
};

// Opens with sinks that collect into the Run, and reads everything.
std::unique_ptr<Run> read_all(const std::string* path, std::string_view bytes, ReadOptions opt) {
  auto run = std::make_unique<Run>();
  Run* r = run.get();
  opt.on_reject = [r](const Reject& j) { r->rejects.push_back(j); };
  opt.on_warning = [r](const Diagnostic& d) { r->warnings.push_back(d); };
  r->res = path ? CsvFile::open(*path, std::move(opt)) : CsvFile::open_bytes(bytes, std::move(opt));
  if (!r->res.ok()) return run;
  Record row;
  while (r->res.file->next(row)) {
    r->rows.emplace_back(row.fields.begin(), row.fields.end());
    r->lines.push_back(row.line);
  }
  r->counters = r->res.file->counters();
  r->error = r->res.file->error();
  return run;
}
std::unique_ptr<Run> read_file(const std::string& name, ReadOptions opt = {}) {
  std::string p = fixture(name);
  return read_all(&p, {}, std::move(opt));
}
std::unique_ptr<Run> read_bytes(std::string_view bytes, ReadOptions opt = {}) {
  return read_all(nullptr, bytes, std::move(opt));
}

ReadOptions expecting(std::vector<std::string> headers) {
  ReadOptions o;
  o.expected_headers = std::move(headers);
  return o;
}

// ---------------------------------------------------------------- UTF-8 ----

TEST(CsvReader, Utf8BomCrlfTitleRowsQuotesBlankLineTrailer) {
  auto r = read_file("utf8_bom_crlf.csv", expecting({"案号", "被执行人", "未履行金额(元)"}));
  ASSERT_TRUE(r->res.ok());
  EXPECT_TRUE(r->res.diagnostics.empty());
  const CsvFile& f = *r->res.file;
  EXPECT_EQ(f.encoding(), Encoding::Utf8);
  EXPECT_EQ(f.dialect().delimiter, ',');
  EXPECT_EQ(f.header().line, 3u);
  EXPECT_EQ(f.header().extras, (std::vector<int>{2}));
  EXPECT_EQ(r->rows, (Rows{{"(2023)浙0803执123号", "张三", "1000.50"},
                           {"(2023)浙0803执124号", "李四,王五", "200"},
                           {"(2023)浙0803执125号", "赵\"六\"", "3,000"},
                           {"(2023)浙0803执126号", "钱七\r\n（曾用名钱八）", "50"}}));
  EXPECT_EQ(r->lines, (std::vector<std::uint64_t>{4, 5, 7, 8}));
  ASSERT_EQ(r->rejects.size(), 1u);
  EXPECT_EQ(r->rejects[0].code, ErrorCode::TrailerRow);
  EXPECT_EQ(r->rejects[0].line, 10u);
  EXPECT_EQ(r->rejects[0].column, -1);
  EXPECT_EQ(r->rejects[0].raw, "合计,,,4250.50");
  EXPECT_EQ(f.describe(r->rejects[0]).message_zh, "第10行：“合计”为合计类汇总行，不作为数据，已计入汇总行");
  const Counters& c = r->counters;
  EXPECT_EQ(c.preamble_rows, 2u);
  EXPECT_EQ(c.blank_lines, 1u);
  EXPECT_EQ(c.rows_read, 5u);
  EXPECT_EQ(c.rows_delivered, 4u);
  EXPECT_EQ(c.rows_rejected, 1u);
  EXPECT_EQ(c.rejected(ErrorCode::TrailerRow), 1u);
  EXPECT_TRUE(c.balanced());
  EXPECT_FALSE(r->error);
}

TEST(CsvReader, MissingColumnSuggestsNearestHeader) {
  auto r = read_file("utf8_bom_crlf.csv", expecting({"案号", "被执行人身份证"}));
  ASSERT_FALSE(r->res.ok());
  ASSERT_EQ(r->res.diagnostics.size(), 1u);
  const Diagnostic& d = r->res.diagnostics[0];
  EXPECT_EQ(d.code, ErrorCode::MissingColumn);
  EXPECT_EQ(d.line, 3u);
  EXPECT_EQ(d.message_zh, "缺少列“被执行人身份证”；最接近的现有表头为“被执行人身份证号”（第3列）");
  EXPECT_EQ(d.message_en, "column '被执行人身份证' is missing; the nearest header is '被执行人身份证号' (column 3)");
  ASSERT_EQ(r->res.header.columns.size(), 2u);
  EXPECT_EQ(r->res.header.columns[1].nearest, 2);
}

TEST(CsvReader, HeaderNotFound) {
  auto r = read_file("utf8_bom_crlf.csv", expecting({"姓名", "地址"}));
  ASSERT_FALSE(r->res.ok());
  ASSERT_EQ(r->res.diagnostics.size(), 1u);
  EXPECT_EQ(r->res.diagnostics[0].code, ErrorCode::HeaderNotFound);
  EXPECT_EQ(r->res.diagnostics[0].message_en,
            "no header row found in the first 20 records (expected columns: 姓名、地址)");
}

TEST(CsvReader, ExplicitHeaderLine) {
  ReadOptions o;
  o.header_line = 3;
  auto r = read_file("utf8_bom_crlf.csv", o);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->res.file->header().names,
            (std::vector<std::string>{"案号", "被执行人", "被执行人身份证号", "未履行金额（元）"}));
  EXPECT_EQ(r->rows.size(), 4u);
  EXPECT_EQ(r->rows[0].size(), 4u);
  EXPECT_EQ(r->counters.preamble_rows, 2u);
  o.header_line = 9;  // inside the quoted field of the record at line 8
  auto bad = read_file("utf8_bom_crlf.csv", o);
  ASSERT_FALSE(bad->res.ok());
  EXPECT_EQ(bad->res.diagnostics[0].code, ErrorCode::HeaderLineInvalid);
}

TEST(CsvReader, ShortLongRowsRejectedWholeWithLinesAfterMultilineField) {
  auto r = read_file("rows_dirty.csv");
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"A1", "多行\n姓名\n第三行", "1"}, {"A4", "正常", "4"}, {"A5", "末行", "5"}}));
  EXPECT_EQ(r->lines, (std::vector<std::uint64_t>{2, 7, 9}));
  ASSERT_EQ(r->rejects.size(), 2u);
  EXPECT_EQ(r->rejects[0].code, ErrorCode::FieldCountMismatch);
  EXPECT_EQ(r->rejects[0].line, 5u);
  EXPECT_EQ(r->rejects[0].field_count, 2u);
  EXPECT_EQ(r->rejects[0].raw, "A2,短");
  EXPECT_EQ(r->rejects[1].code, ErrorCode::FieldCountMismatch);
  EXPECT_EQ(r->rejects[1].line, 6u);
  EXPECT_EQ(r->rejects[1].field_count, 4u);
  EXPECT_EQ(r->res.file->describe(r->rejects[1]).message_en,
            "line 6: expected 3 fields but found 4; the row is rejected whole (never shifted)");
  EXPECT_EQ(r->counters.empty_rows, 1u);  // ",," at line 8
  EXPECT_EQ(r->counters.rows_read, 5u);
  EXPECT_EQ(r->counters.rejected(ErrorCode::FieldCountMismatch), 2u);
  EXPECT_TRUE(r->counters.balanced());
}

TEST(CsvReader, TruncatedQuoteAtEndOfFile) {
  auto r = read_file("truncated_quote.csv");
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"A1", "张三", "1"}}));
  ASSERT_TRUE(r->error);
  EXPECT_EQ(r->error->code, ErrorCode::UnterminatedQuote);
  EXPECT_EQ(r->error->line, 3u);
  EXPECT_EQ(r->error->message_zh, "第3行开始的引号字段直到文件结尾仍未闭合");
  ASSERT_EQ(r->rejects.size(), 1u);
  EXPECT_EQ(r->rejects[0].code, ErrorCode::UnterminatedQuote);
  EXPECT_EQ(r->rejects[0].line, 3u);
  EXPECT_EQ(r->rejects[0].lines, 2u);
  EXPECT_EQ(r->counters.rows_read, 2u);
  EXPECT_TRUE(r->counters.balanced());
}

TEST(CsvReader, DeclaredUtf8RejectsInvalidRowsWithLineAndColumn) {
  ReadOptions o;
  o.encoding = Encoding::Utf8;
  auto r = read_file("invalid_utf8.csv", o);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"A1", "张三", "1"}, {"A4", "赵六", "4"}}));
  EXPECT_EQ(r->lines, (std::vector<std::uint64_t>{2, 5}));
  ASSERT_EQ(r->rejects.size(), 2u);
  EXPECT_EQ(r->rejects[0].code, ErrorCode::InvalidEncodingRow);
  EXPECT_EQ(r->rejects[0].line, 3u);
  EXPECT_EQ(r->rejects[0].column, 1);
  EXPECT_EQ(r->rejects[0].raw, "A2,\xFF\xFE李四,2");
  EXPECT_EQ(r->rejects[1].line, 4u);
  EXPECT_EQ(r->rejects[1].column, 1);
  EXPECT_EQ(r->res.file->describe(r->rejects[1]).message_zh, "第4行第2列：存在无效的UTF-8字节；整行拒收");
  EXPECT_TRUE(r->warnings.empty());
  EXPECT_EQ(r->counters.rejected(ErrorCode::InvalidEncodingRow), 2u);
  EXPECT_TRUE(r->counters.balanced());
}

TEST(CsvReader, AutoUtf8FallsBackToGb18030PerRowAndReportsLine) {
  ReadOptions o;
  o.sniff_bytes = 8;  // the bad rows lie beyond the detection window
  auto r = read_file("invalid_utf8.csv", o);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->res.file->encoding(), Encoding::Utf8);
  EXPECT_EQ(r->rows, (Rows{{"A1", "张三", "1"}, {"A3", "王五", "3"}, {"A4", "赵六", "4"}}));
  EXPECT_EQ(r->lines, (std::vector<std::uint64_t>{2, 4, 5}));
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].code, ErrorCode::EncodingFallback);
  EXPECT_EQ(r->warnings[0].line, 4u);
  ASSERT_EQ(r->rejects.size(), 1u);  // 0xFF is not GB18030 either
  EXPECT_EQ(r->rejects[0].line, 3u);
  EXPECT_EQ(r->counters.encoding_fallback_rows, 1u);
  EXPECT_TRUE(r->counters.balanced());
}

TEST(CsvReader, MostlyUtf8WithAGbkRowInsideTheWindowStaysUtf8) {
  std::string text = "案号,被执行人\n";
  for (int i = 0; i < 50; ++i) text += "A" + std::to_string(i) + ",张三丰\n";
  text += "B1,\xCD\xF5\xCE\xE5\n";  // GBK 王五, line 52
  auto r = read_bytes(text);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->res.file->encoding(), Encoding::Utf8);
  EXPECT_EQ(r->rows.size(), 51u);
  EXPECT_EQ(r->rows.back(), (std::vector<std::string>{"B1", "王五"}));
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].line, 52u);
}

TEST(CsvReader, EmptyFile) {
  auto r = read_file("empty.csv");
  ASSERT_FALSE(r->res.ok());
  ASSERT_EQ(r->res.diagnostics.size(), 1u);
  EXPECT_EQ(r->res.diagnostics[0].code, ErrorCode::EmptyFile);
  for (std::string_view bytes : {"\xEF\xBB\xBF", "\r\n\n\n", ",,,\n\n"}) {
    auto b = read_bytes(bytes);
    ASSERT_FALSE(b->res.ok());
    EXPECT_EQ(b->res.diagnostics[0].code, ErrorCode::EmptyFile) << bytes;
  }
}

TEST(CsvReader, HeaderOnlyFile) {
  auto r = read_file("header_only.csv", expecting({"案号", "金额"}));
  ASSERT_TRUE(r->res.ok());
  ASSERT_EQ(r->res.diagnostics.size(), 1u);
  EXPECT_EQ(r->res.diagnostics[0].code, ErrorCode::NoDataRows);
  EXPECT_EQ(severity(r->res.diagnostics[0].code), Severity::Warning);
  EXPECT_TRUE(r->rows.empty());
  EXPECT_EQ(r->counters.rows_read, 0u);
  EXPECT_TRUE(r->counters.balanced());
  EXPECT_FALSE(r->error);
}

TEST(CsvReader, MissingFileIsIoError) {
  auto r = read_file("no_such_file.csv");
  ASSERT_FALSE(r->res.ok());
  EXPECT_EQ(r->res.diagnostics[0].code, ErrorCode::IoError);
}

TEST(CsvReader, WorkbookRenamedToCsv) {
  auto r = read_bytes(std::string_view("PK\x03\x04\x14\0\x06\0", 8));
  ASSERT_FALSE(r->res.ok());
  EXPECT_EQ(r->res.diagnostics[0].code, ErrorCode::NotCsv);
}

// -------------------------------------------------------------- GB18030 ----

TEST(CsvReader, Gb18030TabTitleRowShortLongRowsTrailer) {
  auto r = read_file("gb18030_tab.tsv", expecting({"案号", "被执行人", "未履行金额（元）", "立案日期"}));
  ASSERT_TRUE(r->res.ok());
  const CsvFile& f = *r->res.file;
  EXPECT_EQ(f.encoding(), Encoding::Gb18030);
  EXPECT_EQ(f.dialect().delimiter, '\t');
  EXPECT_EQ(f.header().line, 2u);
  EXPECT_EQ(r->rows, (Rows{{"(2022)京01执1号", "阿依古丽·买买提", "1500", "2022-03-01"},
                           {"(2022)京01执2号", "𠮷野家有限公司", "2500", "2022/3/2"},
                           {"(2022)京01执5号", "带\t制表符", "300", "20220305"}}));
  EXPECT_EQ(r->lines, (std::vector<std::uint64_t>{3, 4, 7}));
  ASSERT_EQ(r->rejects.size(), 3u);
  EXPECT_EQ(r->rejects[0].code, ErrorCode::FieldCountMismatch);
  EXPECT_EQ(r->rejects[0].line, 5u);
  EXPECT_EQ(r->rejects[0].raw, "(2022)京01执3号\t短行");  // reported in UTF-8
  EXPECT_EQ(r->rejects[1].code, ErrorCode::FieldCountMismatch);
  EXPECT_EQ(r->rejects[1].line, 6u);
  EXPECT_EQ(r->rejects[1].field_count, 5u);
  EXPECT_EQ(r->rejects[2].code, ErrorCode::TrailerRow);
  EXPECT_EQ(r->rejects[2].line, 8u);
  EXPECT_EQ(r->counters.preamble_rows, 1u);
  EXPECT_EQ(r->counters.rows_read, 6u);
  EXPECT_EQ(r->counters.rows_delivered, 3u);
  EXPECT_TRUE(r->counters.balanced());
}

TEST(CsvReader, Gb18030WithExplicitOverrides) {
  ReadOptions o = expecting({"案号", "立案日期"});
  o.encoding = Encoding::Gb18030;
  o.delimiter = '\t';
  o.header_line = 2;
  auto r = read_file("gb18030_tab.tsv", o);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"(2022)京01执1号", "2022-03-01"}, {"(2022)京01执2号", "2022/3/2"},
                           {"(2022)京01执5号", "20220305"}}));
}

TEST(CsvReader, Gb18030PipeWithPipeTrailByte) {
  auto r = read_file("gb18030_pipe.csv", expecting({"姓名", "身份证号", "备注"}));
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->res.file->dialect().delimiter, '|');
  EXPECT_EQ(r->rows, (Rows{{"王亅", "110101199003077777", "无"}, {"李四", "110101199003078888", "亅"}}));
}

TEST(CsvReader, Gb18030InvalidBytesRejectedWithLine) {
  // 案号,金额 / 王五,1 / 0xFF garbage / 李四,3  (GBK)
  std::string text = "\xB0\xB8\xBA\xC5,\xBD\xF0\xB6\xEE\r\n\xCD\xF5\xCE\xE5,1\r\n\xC0\xEE\xFF,2\r\n\xC0\xEE\xCB\xC4,3\r\n";
  auto r = read_bytes(text, expecting({"案号", "金额"}));
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->res.file->encoding(), Encoding::Gb18030);
  EXPECT_EQ(r->rows, (Rows{{"王五", "1"}, {"李四", "3"}}));
  ASSERT_EQ(r->rejects.size(), 1u);
  EXPECT_EQ(r->rejects[0].code, ErrorCode::InvalidEncodingRow);
  EXPECT_EQ(r->rejects[0].line, 3u);
  EXPECT_EQ(r->rejects[0].column, 0);
}

// ------------------------------------------------------------ byte cases ----

TEST(CsvReader, TrailerVariants) {
  std::string text = "案号,金额\nA,1\n  合 计：,9\n\"总计\",9\n,小计,9\n共计:10条,\n合计金额,9\n";
  auto r = read_bytes(text);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"A", "1"}, {"合计金额", "9"}}));
  EXPECT_EQ(r->counters.rejected(ErrorCode::TrailerRow), 4u);
  EXPECT_TRUE(r->counters.balanced());
}

// Each byte that can start a trailer or an empty record (RowCursor checks only records that
// start with one of them): tab, U+3000, U+00A0, a quote, the delimiter, and the trailer words'
// first bytes E5 (合, 小) and E6 (总, 共).
TEST(CsvReader, TrailersAndEmptyRecordsByFirstByte) {
  std::string text = "案号,金额\nA,1\n\t合计,9\n\xE3\x80\x80总计,9\n\xC2\xA0小计,9\n共计,9\n"
                     "\xE3\x80\x80,\xC2\xA0\n\t,\"\"\n合作社,2\n总公司,3\n\xE3\x80\x80" "B,4\n";
  auto r = read_bytes(text);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"A", "1"}, {"合作社", "2"}, {"总公司", "3"}, {"\xE3\x80\x80" "B", "4"}}));
  EXPECT_EQ(r->counters.rejected(ErrorCode::TrailerRow), 4u);
  EXPECT_EQ(r->counters.empty_rows, 2u);
  EXPECT_TRUE(r->counters.balanced());
}

TEST(CsvReader, DuplicateHeaders) {
  auto ok = read_bytes("案号,备注,备注\nA,x,y\n", expecting({"案号"}));
  ASSERT_TRUE(ok->res.ok());
  ASSERT_EQ(ok->res.diagnostics.size(), 1u);
  EXPECT_EQ(ok->res.diagnostics[0].code, ErrorCode::DuplicateHeader);
  EXPECT_EQ(ok->res.diagnostics[0].message_en, "header '备注' appears more than once (columns 2,3)");
  auto bad = read_bytes("金额,案号,金额（元）,金额\nA,x,y,z\n", expecting({"案号", "金额"}));
  ASSERT_FALSE(bad->res.ok());
  EXPECT_EQ(bad->res.diagnostics[0].code, ErrorCode::AmbiguousColumn);
  EXPECT_EQ(bad->res.diagnostics[0].message_zh, "表头中列“金额”出现多次（第1,4列）");
}

TEST(CsvReader, LoneCrLineEndsAndNoHeaderMode) {
  ReadOptions o;
  o.header_line = -1;
  auto r = read_bytes("a,b\r1,2\r\r3\r", o);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(r->lines, (std::vector<std::uint64_t>{1, 2}));
  ASSERT_EQ(r->rejects.size(), 1u);
  EXPECT_EQ(r->rejects[0].line, 4u);
  EXPECT_EQ(r->counters.blank_lines, 1u);
}

TEST(CsvReader, Utf16LeExcelUnicodeText) {
  // Excel "Unicode text": UTF-16LE with BOM, tab-separated.
  std::string bytes = "\xFF\xFE";
  auto put = [&](char16_t c) { bytes += static_cast<char>(c & 0xFF); bytes += static_cast<char>(c >> 8); };
  for (char16_t c : std::u16string(u"案号\t金额\r\nA1\t5\r\n")) put(c);
  auto r = read_bytes(bytes, expecting({"金额", "案号"}));
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->res.file->encoding(), Encoding::Utf16Le);
  EXPECT_EQ(r->rows, (Rows{{"5", "A1"}}));
}

TEST(CsvReader, RecordTooLongIsFileErrorWithLine) {
  ReadOptions o;
  o.max_record_bytes = 64;
  auto r = read_bytes("a,b\n1,2\n" + std::string(500, 'x') + ",y\n3,4\n", o);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->rows, (Rows{{"1", "2"}}));
  ASSERT_TRUE(r->error);
  EXPECT_EQ(r->error->code, ErrorCode::RecordTooLong);
  EXPECT_EQ(r->error->line, 3u);
  ASSERT_EQ(r->rejects.size(), 1u);
  EXPECT_EQ(r->rejects[0].raw.size(), kRejectRawMax);
  EXPECT_TRUE(r->counters.balanced());
}

TEST(CsvReader, BatchesOwnUnescapedFields) {
  std::string text = "a,b\n";
  for (int i = 0; i < 100; ++i) text += "\"x\"\"" + std::to_string(i) + "\",plain" + std::to_string(i) + "\n";
  OpenResult res = CsvFile::open_bytes(text, {});
  ASSERT_TRUE(res.ok());
  RowBatch batch;
  std::size_t batches = 0;
  while (res.file->next_batch(batch, 30)) ++batches;  // appends: one batch holds all
  EXPECT_EQ(batches, 4u);
  ASSERT_EQ(batch.size(), 100u);
  EXPECT_EQ(batch.width(), 2u);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(batch.row(i)[0], "x\"" + std::to_string(i));
    EXPECT_EQ(batch.row(i)[1], "plain" + std::to_string(i));
    EXPECT_EQ(batch.line(i), i + 2);
  }
}

TEST(CsvReader, ParallelChunksAddUpToSequentialRead) {
  std::string text = "标题行\n案号,被执行人,金额\n";
  std::mt19937 rng(11);
  for (int i = 0; i < 3000; ++i) {
    switch (rng() % 7) {
      case 0: text += "A" + std::to_string(i) + ",\"多\n行\",1\n"; break;
      case 1: text += "A" + std::to_string(i) + ",短\n"; break;
      case 2: text += "合计,,9\n"; break;
      case 3: text += "\n"; break;
      default: text += "A" + std::to_string(i) + ",\"x,\"\"y\"\"\",2\n";
    }
  }
  auto seq = read_bytes(text, expecting({"案号", "金额"}));
  ASSERT_TRUE(seq->res.ok());
  for (std::size_t n : {2, 7, 16}) {
    OpenResult res = CsvFile::open_bytes(text, expecting({"案号", "金额"}));
    ASSERT_TRUE(res.ok());
    Counters total = res.file->preamble_counters();
    Rows rows;
    std::vector<std::uint64_t> rejected_lines;
    for (const Chunk& c : res.file->data_chunks(n)) {
      RowCursor cur = res.file->cursor(c, [&](const Reject& j) { rejected_lines.push_back(j.line); });
      Record row;
      while (cur.next(row)) rows.emplace_back(row.fields.begin(), row.fields.end());
      total += cur.counters();
    }
    EXPECT_EQ(rows, seq->rows);
    EXPECT_EQ(rejected_lines.size(), seq->rejects.size());
    for (std::size_t i = 0; i < rejected_lines.size() && i < seq->rejects.size(); ++i)
      EXPECT_EQ(rejected_lines[i], seq->rejects[i].line);
    EXPECT_EQ(total.rows_read, seq->counters.rows_read);
    EXPECT_EQ(total.rows_delivered, seq->counters.rows_delivered);
    EXPECT_EQ(total.blank_lines, seq->counters.blank_lines);
    EXPECT_EQ(total.rejected_by, seq->counters.rejected_by);
    EXPECT_TRUE(total.balanced());
  }
}

// Every fixture, with and without expected headers: whatever happens, rows
// read == delivered + rejected.
TEST(CsvReader, AccountingBalancesOnEveryFixture) {
  const std::vector<std::vector<std::string>> header_sets = {
      {}, {"案号", "被执行人"}, {"姓名", "身份证号"}, {"案号", "金额"}};
  std::size_t opened = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixture(""))) {
    if (entry.path().extension() == ".sh") continue;
    for (const auto& headers : header_sets) {
      for (Encoding e : {Encoding::Auto, Encoding::Utf8, Encoding::Gb18030}) {
        ReadOptions o = expecting(headers);
        o.encoding = e;
        std::string p = entry.path().string();
        auto r = read_all(&p, {}, o);
        if (!r->res.ok()) continue;
        ++opened;
        EXPECT_TRUE(r->counters.balanced()) << p;
        EXPECT_EQ(r->counters.rows_read, r->counters.rows_delivered + r->counters.rows_rejected) << p;
        EXPECT_EQ(r->counters.rows_delivered, r->rows.size()) << p;
        EXPECT_EQ(r->counters.rows_rejected, r->rejects.size()) << p;
        std::uint64_t by_reason = 0;
        for (auto n : r->counters.rejected_by) by_reason += n;
        EXPECT_EQ(by_reason, r->counters.rows_rejected) << p;
      }
    }
  }
  EXPECT_GE(opened, 15u);
}

// Random dirty bytes (quotes, line ends, delimiters, GBK and UTF-8 pieces,
// invalid bytes): never a crash, always balanced. Fixed seed, 300 inputs.
TEST(CsvReader, RandomGarbageNeverBreaksAccounting) {
  std::mt19937 rng(4242);
  const std::string_view pieces[] = {",", "\"", "\"\"", "\n", "\r\n", "\r", "\t", "|", "案号", "金额", "合计",
                                     "\xB0\xB8", "\xFF", "\x81", " ", "\xE3\x80\x80", "abc", "12"};
  for (int iter = 0; iter < 300; ++iter) {
    std::string text;
    for (int n = static_cast<int>(rng() % 200); n > 0; --n) text += pieces[rng() % std::size(pieces)];
    ReadOptions o;
    if (iter % 2) o.expected_headers = {"案号", "金额"};
    o.encoding = static_cast<Encoding>(iter % 3);
    o.max_record_bytes = 64 + rng() % 512;
    auto r = read_bytes(text, o);
    if (!r->res.ok()) {
      EXPECT_FALSE(r->res.diagnostics.empty());
      continue;
    }
    EXPECT_TRUE(r->counters.balanced()) << iter;
    EXPECT_EQ(r->counters.rows_rejected, r->rejects.size()) << iter;
    EXPECT_EQ(r->counters.rows_delivered, r->rows.size()) << iter;
  }
}

// End-to-end throughput: 200 MB UTF-8 file in /tmp, mapped, detected,
// header-matched, validated, projected. Run with
// --gtest_also_run_disabled_tests --gtest_filter='*Throughput*'.
TEST(CsvReader, DISABLED_Throughput) {
  const std::string path = "/tmp/clue_csv_throughput.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "案号,被执行人,身份证号,未履行金额(元),立案日期,执行法院,状态,序号\n";
    std::mt19937 rng(7);
    char buf[256];
    std::size_t size = 0;
    while (size < (200u << 20)) {
      unsigned id = rng();
      int n = std::snprintf(buf, sizeof buf, "(2023)ZJ0803Z%u,ZHANG%u,33080319900101%04u,%u.%02u,2023-01-%02u,COURT%u,OPEN,%u\n",
                            id % 100000, id % 97, id % 10000, id % 1000000, id % 100, id % 28 + 1, id % 50, id);
      out.write(buf, n);
      size += static_cast<std::size_t>(n);
    }
  }
  for (bool project : {false, true}) {
    auto t0 = std::chrono::steady_clock::now();
    ReadOptions o;
    if (project) o.expected_headers = {"案号", "未履行金额(元)"};
    OpenResult res = CsvFile::open(path, o);
    ASSERT_TRUE(res.ok());
    RowBatch batch;
    std::size_t rows = 0;
    while (res.file->next_batch(batch, 4096)) {
      rows += batch.size();
      batch.clear();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    std::printf("CsvFile%s: %.1f MB, %zu rows in %.3f s = %.0f MB/s\n", project ? " (2 of 8 columns)" : "",
                mb, rows, s, mb / s);
    EXPECT_TRUE(res.file->counters().balanced());
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace clue::csv
