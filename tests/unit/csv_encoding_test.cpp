// Encoding detection, UTF-8 validation and GB18030/UTF-16 transcoding.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/csv/encoding.h"
#include "runtime/csv/reader.h"
#include "tests/unit/csv_mixed_fixture.h"

namespace clue::csv {
namespace {

std::string decode(std::string_view in, Encoding e) {
  TextBuffer out;
  std::string err;
  EXPECT_TRUE(decode_to_utf8(in, e, out, &err)) << err;
  return std::string(out.view());
}

TEST(CsvEncoding, Utf8ValidationAcceptsWellFormed) {
  EXPECT_EQ(find_invalid_utf8(""), kNoInvalid);
  EXPECT_EQ(find_invalid_utf8("plain ascii, 123"), kNoInvalid);
  EXPECT_EQ(find_invalid_utf8("被执行人·阿依古丽 𠮷 €"), kNoInvalid);
}

TEST(CsvEncoding, Utf8ValidationFindsFirstBadByte) {
  EXPECT_EQ(find_invalid_utf8("ab\xFFz"), 2u);
  EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);            // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);          // overlong 3-byte
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);         // surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);      // > U+10FFFF
  EXPECT_EQ(find_invalid_utf8("张\x80"), 3u);                // stray continuation
  EXPECT_EQ(find_invalid_utf8("张\xE5\xBC"), 3u);            // truncated at end
  EXPECT_EQ(find_invalid_utf8("张\xE5\xBC", true), kNoInvalid);  // ... allowed for windows
  EXPECT_EQ(find_invalid_utf8("\xCD\xF5\xCE\xE5"), 0u);      // GBK 王五
}

// UTF-16 without a BOM was read as one header-less line (C0203, no hint): now C0208 says
// what the file is. A BOM-less UTF-8 or GB18030 file never has zero bytes, so is unaffected.
TEST(CsvEncoding, Utf16WithoutBomIsNamed) {
  const std::string le("a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0", 16);
  Detection d = detect_encoding(le, Encoding::Auto);
  EXPECT_TRUE(d.not_text);
  EXPECT_NE(d.what.find("UTF-16LE"), std::string::npos) << d.what;
  const std::string be("\0a\0,\0b\0\n\0" "1\0,\0" "2\0\n", 16);
  d = detect_encoding(be, Encoding::Auto);
  EXPECT_TRUE(d.not_text);
  EXPECT_NE(d.what.find("UTF-16BE"), std::string::npos) << d.what;
  d = detect_encoding("a,b\n1,2\n\xE5\xBC\xA0,3\n", Encoding::Auto);
  EXPECT_FALSE(d.not_text);
  d = detect_encoding(le, Encoding::Utf16Le);  // asked for: read as such
  EXPECT_FALSE(d.not_text);
  EXPECT_EQ(d.encoding, Encoding::Utf16Le);
}

TEST(CsvEncoding, DetectsBomsAndWorkbooks) {
  Detection d = detect_encoding("\xEF\xBB\xBF" "a,b", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf8);
  EXPECT_EQ(d.bom_size, 3u);
  d = detect_encoding("\xFF\xFE" "a\0", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf16Le);
  EXPECT_EQ(d.bom_size, 2u);
  d = detect_encoding("\xFE\xFF", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf16Be);
  d = detect_encoding("\x84\x31\x95\x33" "a", Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Gb18030);
  EXPECT_EQ(d.bom_size, 4u);
  d = detect_encoding(std::string_view("PK\x03\x04rest", 8), Encoding::Auto);
  EXPECT_TRUE(d.not_text);
  d = detect_encoding("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Encoding::Auto);
  EXPECT_TRUE(d.not_text);
}

TEST(CsvEncoding, AutoDetectsUtf8AndGb18030) {
  EXPECT_EQ(detect_encoding("a,b\n1,2\n", Encoding::Auto).encoding, Encoding::Utf8);
  EXPECT_EQ(detect_encoding("案号,被执行人\n", Encoding::Auto).encoding, Encoding::Utf8);
  EXPECT_EQ(detect_encoding("\xB0\xB8\xBA\xC5,a\n", Encoding::Auto).encoding, Encoding::Gb18030);  // 案号
}

TEST(CsvEncoding, AutoSniffStartsAtFirstNonAsciiByte) {
  // 10 KB of ASCII, then GBK: a window over the first bytes alone would
  // say "UTF-8".
  std::string text(10000, 'a');
  text += "\n\xB0\xB8\xBA\xC5\n";
  EXPECT_EQ(detect_encoding(text, Encoding::Auto, 16).encoding, Encoding::Gb18030);
}

TEST(CsvEncoding, AutoSniffWindowCutMidCharacterIsNotInvalid) {
  // The 4-byte window cuts 被 (3 bytes) after its first byte.
  EXPECT_EQ(detect_encoding("案被执行", Encoding::Auto, 4).encoding, Encoding::Utf8);
}

TEST(CsvEncoding, AutoSniffLongWindowsTakeTheSimdPathOrCount) {
  // Clean UTF-8 over many lines, the window cut inside a character: UTF-8 (one SIMD pass).
  std::string utf8;
  for (int i = 0; i < 2000; ++i) utf8 += "（2020）浙0102执105号,张三\n";
  EXPECT_EQ(detect_encoding(utf8, Encoding::Auto, 4001).encoding, Encoding::Utf8);
  // One GBK row pasted into a UTF-8 export: not clean, so counted; still UTF-8 (per-row fallback).
  std::string mixed = utf8.substr(0, 20000) + "\xD5\xC5\xC8\xFD,1\n" + utf8.substr(0, 20000);
  EXPECT_EQ(detect_encoding(mixed, Encoding::Auto, 30000).encoding, Encoding::Utf8);
  // A GBK export: counted, GB18030.
  std::string gbk;
  for (int i = 0; i < 2000; ++i) gbk += "\xB0\xB8\xBA\xC5,\xD5\xC5\xC8\xFD\n";
  EXPECT_EQ(detect_encoding(gbk, Encoding::Auto, 4001).encoding, Encoding::Gb18030);
}

TEST(CsvEncoding, ExplicitRequestWins) {
  Detection d = detect_encoding("\xEF\xBB\xBF" "a", Encoding::Gb18030);
  EXPECT_EQ(d.encoding, Encoding::Gb18030);
  EXPECT_EQ(d.bom_size, 0u);  // not its BOM
  d = detect_encoding("\xEF\xBB\xBF" "a", Encoding::Utf8);
  EXPECT_EQ(d.bom_size, 3u);
}

TEST(CsvEncoding, Gb18030TwoByteFourByteAndAscii) {
  // 案号 (GBK), · U+00B7 (A1A4), • U+2022 (GB18030 4-byte 81 36 A6 31),
  // 𠮷 U+20BB7 (4-byte 95 34 B2 35, outside the BMP), ASCII untouched.
  EXPECT_EQ(decode("\xB0\xB8\xBA\xC5,(2023)\xA1\xA4\x81\x36\xA6\x31\x95\x34\xB2\x35\n", Encoding::Gb18030),
            "案号,(2023)·•𠮷\n");
}

TEST(CsvEncoding, Gb18030TrailBytePipeIsNotADelimiter) {
  // 亅 = 81 7C: its second byte is '|', which decoding must consume.
  EXPECT_EQ(decode("\x81\x7C|a", Encoding::Gb18030), "亅|a");
}

TEST(CsvEncoding, Gb18030InvalidBytesPassThroughAndStayInvalid) {
  // 0xFF is never valid; 0x81 followed by '"' is a broken pair: the quote
  // must survive for the tokenizer.
  std::string out = decode("a\xFF" "b\x81\"c\n", Encoding::Gb18030);
  EXPECT_EQ(out, "a\xFF" "b\x81\"c\n");
  EXPECT_EQ(find_invalid_utf8(out), 1u);
  // Lead byte at the very end.
  EXPECT_EQ(decode("x\x81", Encoding::Gb18030), "x\x81");
}

TEST(CsvEncoding, Gb18030RoundTripsWholeGbkRange) {
  // Every GBK-range pair glibc accepts decodes through the table to valid
  // UTF-8 of one character.
  std::string in;
  for (int lead = 0xB0; lead <= 0xF7; ++lead)
    for (int trail = 0xA1; trail <= 0xFE; ++trail) in += {static_cast<char>(lead), static_cast<char>(trail)};
  std::string out = decode(in, Encoding::Gb18030);
  EXPECT_EQ(find_invalid_utf8(out), kNoInvalid);
  EXPECT_EQ(out.size(), in.size() / 2 * 3);
}

TEST(CsvEncoding, Utf16) {
  EXPECT_EQ(decode(std::string_view("a\0\x48\x68\x3D\xD8\x1E\xDE", 8), Encoding::Utf16Le), "a案😞");
  EXPECT_EQ(decode(std::string_view("\0a\x68\x48", 4), Encoding::Utf16Be), "a案");
  EXPECT_EQ(decode(std::string_view("\x00\xD8" "a\0", 4), Encoding::Utf16Le), "\xFF" "a");  // lone surrogate
}

TEST(CsvEncoding, Gb18030AppendHelper) {
  std::string s = "x";
  gb18030_to_utf8("\xCD\xF5\xCE\xE5", s);
  EXPECT_EQ(s, "x王五");
}


// ------------------------------------------- files mixing UTF-8 and GB18030 ----
//
// The issue: a UTF-8 export of 859 lines holding one long judgment pasted in GB18030 (13 lines)
// was decoded whole as GB18030, because the detector weighed invalid bytes file-wide; its UTF-8
// header was then not found (C0203). The detector now votes by line, and each line is decoded
// as what it is and reported.

using test::JudgmentsFile;

// The detector's old rule, kept here to show the fixture is the issue's file: GB18030 when
// there were fewer than 4 valid multi-byte sequences per invalid byte.
bool old_rule_says_gb18030(std::string_view s) {
  std::size_t valid = 0, invalid = 0;
  while (!s.empty()) {
    const std::size_t bad = find_invalid_utf8(s);
    const std::string_view ok = s.substr(0, bad == kNoInvalid ? s.size() : bad);
    for (char c : ok) valid += static_cast<unsigned char>(c) >= 0xC0;
    if (bad == kNoInvalid) break;
    ++invalid;
    s.remove_prefix(bad + 1);
  }
  return invalid > 0 && valid < 4 * invalid;
}

struct MixedRun {
  OpenResult res;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint64_t> lines;
  std::vector<Reject> rejects;
  std::vector<Diagnostic> warnings;  // open()'s, then the cursor's
  Counters counters;
};

std::unique_ptr<MixedRun> read_mixed(std::string_view bytes, std::size_t sniff = std::size_t{4} << 20,
                                     std::vector<std::string> headers = {"案号", "文书正文"}) {
  auto run = std::make_unique<MixedRun>();
  MixedRun* r = run.get();
  ReadOptions opt;
  opt.expected_headers = std::move(headers);
  opt.sniff_bytes = sniff;
  opt.on_reject = [r](const Reject& j) { r->rejects.push_back(j); };
  std::vector<Diagnostic> cursor_warnings;
  opt.on_warning = [&cursor_warnings](const Diagnostic& d) { cursor_warnings.push_back(d); };
  r->res = CsvFile::open_bytes(bytes, std::move(opt));
  for (const Diagnostic& d : r->res.diagnostics)
    if (severity(d.code) == Severity::Warning) r->warnings.push_back(d);
  if (!r->res.ok()) return run;
  Record row;
  while (r->res.file->next(row)) {
    r->rows.emplace_back(row.fields.begin(), row.fields.end());
    r->lines.push_back(row.line);
  }
  r->counters = r->res.file->counters();
  r->warnings.insert(r->warnings.end(), cursor_warnings.begin(), cursor_warnings.end());
  return run;
}

std::vector<std::uint64_t> lines_of(const std::vector<Diagnostic>& ds, ErrorCode code) {
  std::vector<std::uint64_t> out;
  for (const Diagnostic& d : ds)
    if (d.code == code) out.push_back(d.line);
  return out;
}

std::vector<std::uint64_t> as_lines(const std::vector<int>& v) { return {v.begin(), v.end()}; }

// Every record of `f` delivered, at its line, with its 案号 and 文书正文 exactly.
void expect_every_row(const MixedRun& r, const JudgmentsFile& f) {
  ASSERT_TRUE(r.res.ok()) << (r.res.diagnostics.empty() ? "" : r.res.diagnostics[0].message_en);
  EXPECT_EQ(r.res.file->header().line, 1u);
  EXPECT_TRUE(r.rejects.empty()) << r.rejects.size() << " rejected, first at line " << r.rejects[0].line;
  ASSERT_EQ(r.rows.size(), f.case_no.size());
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    EXPECT_EQ(r.lines[i], static_cast<std::uint64_t>(f.record_line[i]));
    EXPECT_EQ(r.rows[i][0], f.case_no[i]) << "row " << i;
    EXPECT_EQ(r.rows[i][1], f.text[i]) << "row " << i;
  }
  EXPECT_EQ(r.counters.rows_read, f.case_no.size());
  EXPECT_TRUE(r.counters.balanced());
}

TEST(CsvEncodingMixed, IssueFileIsTheIssuesShape) {
  const JudgmentsFile f = test::judgments_with_gb_paste(845, 400, 13);
  EXPECT_EQ(f.lines, 859);
  EXPECT_EQ(f.gb_lines.size(), 13u);
  EXPECT_TRUE(old_rule_says_gb18030(f.bytes));  // what made the header unfindable
  const Detection d = detect_encoding(f.bytes, Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf8);
  EXPECT_EQ(d.utf8_lines, 846u);  // the header and 845 rows
  EXPECT_EQ(d.gb18030_lines, 13u);
}

TEST(CsvEncodingMixed, Utf8FileWithLongGb18030JudgmentReadsEveryRowAndReportsTheLines) {
  for (bool whole_record : {false, true})
    for (bool crlf : {false, true})
      for (std::size_t sniff : {std::size_t{4} << 20, std::size_t{64}}) {  // whole file / header only
        SCOPED_TRACE(testing::Message() << "whole record " << whole_record << ", crlf " << crlf << ", sniff " << sniff);
        const JudgmentsFile f = test::judgments_with_gb_paste(845, 400, 13, whole_record, crlf);
        const auto r = read_mixed(f.bytes, sniff);
        expect_every_row(*r, f);
        EXPECT_EQ(r->res.file->encoding(), Encoding::Utf8);
        EXPECT_EQ(lines_of(r->warnings, ErrorCode::EncodingFallback), as_lines(f.gb_lines));  // 402..414
        EXPECT_EQ(r->warnings.size(), 13u);
        EXPECT_EQ(r->counters.encoding_fallback_rows, 1u);
        EXPECT_EQ(r->counters.encoding_fallback_lines, 13u);
        // The four-byte GB18030 characters, and the citation a model looks for.
        EXPECT_NE(r->rows[400][1].find("审判员吉𠮷，书记员周㐀"), std::string::npos);
        EXPECT_NE(r->rows[400][1].find("《中华人民共和国合同法》"), std::string::npos);
      }
}

TEST(CsvEncodingMixed, ParallelCursorsGiveTheSameRowsAndWarnings) {
  const JudgmentsFile f = test::judgments_with_gb_paste(845, 400, 13);
  ReadOptions opt;
  opt.expected_headers = {"案号", "文书正文"};
  OpenResult res = CsvFile::open_bytes(f.bytes, opt);
  ASSERT_TRUE(res.ok());
  std::vector<std::string> case_no;
  std::vector<std::uint64_t> warned;
  Counters total = res.file->preamble_counters();
  for (const Chunk& c : res.file->data_chunks(7)) {
    RowCursor cur = res.file->cursor(c, {}, [&](const Diagnostic& d) { warned.push_back(d.line); });
    Record row;
    while (cur.next(row)) case_no.emplace_back(row.fields[0]);
    total += cur.counters();
  }
  EXPECT_EQ(case_no, f.case_no);
  EXPECT_EQ(warned, as_lines(f.gb_lines));
  EXPECT_EQ(total.encoding_fallback_lines, 13u);
  EXPECT_TRUE(total.balanced());
}

TEST(CsvEncodingMixed, Utf8BomNamesTheFileButTheLinesAreCounted) {
  const JudgmentsFile f = test::gb18030_judgments(30, {});
  const Detection d = detect_encoding("\xEF\xBB\xBF" + f.bytes, Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Utf8);
  EXPECT_EQ(d.bom_size, 3u);
  EXPECT_EQ(d.gb18030_lines, 31u);
}

TEST(CsvEncodingMixed, TrueGb18030FileIsStillReadAsGb18030) {
  const JudgmentsFile f = test::gb18030_judgments(845, {});
  const Detection d = detect_encoding(f.bytes, Encoding::Auto);
  EXPECT_EQ(d.encoding, Encoding::Gb18030);
  EXPECT_EQ(d.utf8_lines, 0u);
  const auto r = read_mixed(f.bytes);
  expect_every_row(*r, f);
  EXPECT_EQ(r->res.file->encoding(), Encoding::Gb18030);
  EXPECT_TRUE(r->warnings.empty());
  EXPECT_EQ(r->counters.encoding_fallback_lines, 0u);
}

TEST(CsvEncodingMixed, MostlyGb18030WithSomeUtf8LinesReadsThemAsUtf8AndReportsThem) {
  const JudgmentsFile f = test::gb18030_judgments(845, {3, 400, 401});
  const auto r = read_mixed(f.bytes);
  expect_every_row(*r, f);
  EXPECT_EQ(r->res.file->encoding(), Encoding::Gb18030);
  EXPECT_EQ(lines_of(r->warnings, ErrorCode::Utf8InGb18030), (std::vector<std::uint64_t>{5, 402, 403}));
  EXPECT_EQ(r->warnings.size(), 3u);
  EXPECT_EQ(r->counters.encoding_fallback_lines, 3u);
  EXPECT_EQ(make_diagnostic(ErrorCode::Utf8InGb18030, 5, -1, {"5"}).message_zh, "第5行：GB18030文件中的有效UTF-8文本，已按UTF-8读取");
}

// Half the rows in each: the majority of lines names the file (a tie goes to the first line
// that votes, usually the header), and every line is decoded as what it is either way; the
// lines not in the file's encoding are reported.
TEST(CsvEncodingMixed, HalfAndHalfDecodesEveryLineAndReportsTheMinority) {
  for (bool gb_header : {false, true})
    for (int rows : {200, 201}) {
      SCOPED_TRACE(testing::Message() << "GB18030 header " << gb_header << ", rows " << rows);
      const std::string header = "案号,文书正文";
      std::string bytes = (gb_header ? test::to_gb18030(header) : header) + "\n";
      std::vector<std::string> case_no;
      std::vector<std::uint64_t> gb, utf8;
      (gb_header ? gb : utf8).push_back(1);
      for (int i = 0; i < rows; ++i) {
        const std::string row = "（2022）浙0803民初" + std::to_string(i) + "号,依照民法典第五百七十七条判决被告支付原告" +
                                std::to_string(i) + "元";
        const bool in_gb = i % 2 == 1;
        bytes += (in_gb ? test::to_gb18030(row) : row) + "\n";
        case_no.push_back(row.substr(0, row.find(',')));
        (in_gb ? gb : utf8).push_back(static_cast<std::uint64_t>(i + 2));
      }
      const Detection d = detect_encoding(bytes, Encoding::Auto);
      EXPECT_EQ(d.utf8_lines, utf8.size());
      EXPECT_EQ(d.gb18030_lines, gb.size());
      // rows 200: 100 + header each way, a tie unless the header tips it; 201: UTF-8 has one more.
      const Encoding expected = utf8.size() != gb.size() ? (utf8.size() > gb.size() ? Encoding::Utf8 : Encoding::Gb18030)
                                                         : (gb_header ? Encoding::Gb18030 : Encoding::Utf8);
      EXPECT_EQ(d.encoding, expected);
      const auto r = read_mixed(bytes, std::size_t{4} << 20, {"案号"});
      ASSERT_TRUE(r->res.ok());
      EXPECT_TRUE(r->rejects.empty());
      std::vector<std::string> got;
      for (const auto& row : r->rows) got.push_back(row[0]);
      EXPECT_EQ(got, case_no);
      if (expected == Encoding::Utf8) {
        EXPECT_EQ(lines_of(r->warnings, ErrorCode::EncodingFallback), gb);
        EXPECT_TRUE(lines_of(r->warnings, ErrorCode::Utf8InGb18030).empty());
      } else {
        EXPECT_EQ(lines_of(r->warnings, ErrorCode::Utf8InGb18030), utf8);
        EXPECT_TRUE(lines_of(r->warnings, ErrorCode::EncodingFallback).empty());
      }
      EXPECT_EQ(r->counters.encoding_fallback_lines, (expected == Encoding::Utf8 ? gb : utf8).size());
    }
}

// A GBK row whose only Chinese is 女 (C5 AE) is also valid UTF-8 (Ů). In a file known to hold
// GB18030 lines it is read as GB18030, with both readings shown; in a clean UTF-8 file Ů is Ů.
TEST(CsvEncodingMixed, RowValidInBothIsGb18030InAMixedFileAndShown) {
  for (std::string bom : {"", "\xEF\xBB\xBF"}) {  // a UTF-8 BOM names the file, the window is still looked at
  SCOPED_TRACE(bom.empty() ? "no BOM" : "BOM");
  std::string utf8 = bom + "案号,性别\n";
  for (int i = 0; i < 20; ++i) utf8 += "（2022）浙0803民初" + std::to_string(i) + "号,男\n";
  const std::string ambiguous = "A1,\xC5\xAE\n";  // GBK 女
  {
    const auto r = read_mixed(utf8 + test::to_gb18030("（2022）浙0803民初99号,男\n") + ambiguous,
                              std::size_t{4} << 20, {"案号", "性别"});
    ASSERT_TRUE(r->res.ok());
    EXPECT_EQ(r->rows.back(), (std::vector<std::string>{"A1", "女"}));
    EXPECT_EQ(r->rows[20], (std::vector<std::string>{"（2022）浙0803民初99号", "男"}));
    EXPECT_EQ(lines_of(r->warnings, ErrorCode::EncodingFallback), (std::vector<std::uint64_t>{22}));
    ASSERT_EQ(lines_of(r->warnings, ErrorCode::AmbiguousEncodingRow), (std::vector<std::uint64_t>{23}));
    EXPECT_EQ(r->warnings.back().message_en,
              "line 23: 'Ů' in UTF-8 is '女' in GB18030; in this file of both encodings it is read as GB18030");
    EXPECT_EQ(r->counters.encoding_fallback_lines, 2u);
  }
  {
    const auto r = read_mixed(utf8 + ambiguous, std::size_t{4} << 20, {"案号", "性别"});
    ASSERT_TRUE(r->res.ok());
    EXPECT_EQ(r->rows.back(), (std::vector<std::string>{"A1", "Ů"}));
    EXPECT_TRUE(r->warnings.empty());
  }
  }
}

TEST(CsvEncodingMixed, Gb18030HeaderOfAUtf8FileIsFoundAndReported) {
  std::string bytes = test::to_gb18030("案号,文书正文") + "\n";
  for (int i = 0; i < 30; ++i) bytes += "（2022）浙0803民初" + std::to_string(i) + "号,判决如下\n";
  const auto r = read_mixed(bytes);
  ASSERT_TRUE(r->res.ok());
  EXPECT_EQ(r->res.file->encoding(), Encoding::Utf8);
  EXPECT_EQ(r->res.file->header().line, 1u);
  EXPECT_EQ(r->rows.size(), 30u);
  EXPECT_EQ(lines_of(r->warnings, ErrorCode::EncodingFallback), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(r->counters.encoding_fallback_lines, 1u);
}

TEST(CsvEncodingMixed, RowDecodingKeepsUtf8FieldsOfALineThatIsNotUtf8) {
  std::string out;
  std::vector<std::uint32_t> lines;
  // UTF-8 案号 and court, GB18030 text (a line of the pasted judgment), then a UTF-8 line.
  decode_utf8_row_mixed("（2022）浙0803民初1号,衢江区人民法院,\"" + test::to_gb18030("本院认为，女") + "\n" +
                            test::to_gb18030("判决如下") + "\r\n审判员张伟\"",
                        ',', out, lines);
  EXPECT_EQ(out, "（2022）浙0803民初1号,衢江区人民法院,\"本院认为，女\n判决如下\r\n审判员张伟\"");
  EXPECT_EQ(lines, (std::vector<std::uint32_t>{0, 1}));
  // In a line that is not UTF-8, a GBK field of one character that happens to be valid UTF-8
  // (女 = C5 AE) goes with its line; a UTF-8 field of one CJK character (女 = E5 A5 B3) that
  // GB18030 cannot read stays UTF-8.
  out.clear();
  lines.clear();
  decode_utf8_row_mixed("\xC5\xAE," + test::to_gb18030("王五") + ",女", ',', out, lines);
  EXPECT_EQ(out, "女,王五,女");
  // '|' can be a GB18030 trail byte (亅 = 81 7C): the line is not split there.
  out.clear();
  lines.clear();
  decode_utf8_row_mixed("\x81\x7C|" + test::to_gb18030("王五"), '|', out, lines);
  EXPECT_EQ(out, "亅|王五");
  // Neither encoding: the bad byte stays, so the row is rejected (C0103).
  out.clear();
  decode_utf8_row_mixed("a,\xFF", ',', out, lines);
  EXPECT_NE(find_invalid_utf8(out), kNoInvalid);
}

TEST(CsvEncodingMixed, Gb18030FileDecodedByLineKeepsUtf8LinesAndCountsLinesAsTheTokenizer) {
  TextBuffer out;
  std::vector<std::uint64_t> utf8;
  std::string err;
  const std::string in = test::to_gb18030("案号,姓名") + "\r\n" +     // 1 GB18030
                         "（2022）浙0803民初1号,张伟\r" +              // 2 UTF-8, lone CR
                         test::to_gb18030("（2022）浙0803民初2号,王芳") + "\n" +  // 3
                         "x,女\n" +                                   // 4 UTF-8 that GB18030 cannot read (E5 A5 B3)
                         "x,\xC5\xAE\n" +                              // 5 GBK 女, valid UTF-8 Ů: the file's GB18030
                         "\n" +                                        // 6 blank
                         "x,张伟";                                      // 7 UTF-8, no line end
  ASSERT_TRUE(decode_gb18030_by_line(in, out, utf8, &err)) << err;
  EXPECT_EQ(out.view(), "案号,姓名\r\n（2022）浙0803民初1号,张伟\r（2022）浙0803民初2号,王芳\nx,女\nx,女\n\nx,张伟");
  EXPECT_EQ(utf8, (std::vector<std::uint64_t>{2, 4, 7}));
}

TEST(CsvEncodingMixed, RequestedEncodingIsNotSecondGuessed) {
  const JudgmentsFile f = test::gb18030_judgments(20, {3});
  ReadOptions opt;
  opt.encoding = Encoding::Gb18030;
  opt.expected_headers = {"案号"};
  std::vector<Diagnostic> warnings;
  opt.on_warning = [&](const Diagnostic& d) { warnings.push_back(d); };
  OpenResult res = CsvFile::open_bytes(f.bytes, opt);
  ASSERT_TRUE(res.ok());
  for (const Diagnostic& d : res.diagnostics) EXPECT_NE(d.code, ErrorCode::Utf8InGb18030);
  EXPECT_EQ(res.file->counters().encoding_fallback_lines, 0u);
}

}  // namespace
}  // namespace clue::csv
