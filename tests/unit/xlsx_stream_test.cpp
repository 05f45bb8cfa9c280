// The xlsx reader on workbooks built in the test (runtime/xlsx/xlsx_builder.h): a 20,000-row
// sheet read in constant memory with exact row numbers, chunk-size independence, and every
// file-level and sheet-level error with its exact English and Chinese message.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "runtime/xlsx/fuzz_entry.h"
#include "runtime/xlsx/reader_internal.h"
#include "runtime/xlsx/xlsx_builder.h"
#include "runtime/xlsx/xlsx_reader.h"

#ifndef CLUE_SOURCE_DIR
#define CLUE_SOURCE_DIR "."
#endif

namespace clue::xlsx {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("clue_xlsx_test_" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + build::escape(text) + "</t></is></c>";
}

// One sheet with this <sheetData> content, no styles or shared strings.
std::string one_sheet(const std::string& rows, const std::string& sst = "", const std::string& styles = "") {
  build::Workbook wb;
  wb.sheets = {{"Sheet1", build::worksheet(rows)}};
  wb.shared_strings = sst;
  wb.styles = styles;
  return build::xlsx_bytes(wb);
}

struct Read {
  std::vector<Row> rows;
  std::string error, error_zh;
};

Read read_bytes(std::string bytes, const std::string& sheet = "") {
  Read out;
  OpenResult res = open_sheet_bytes(std::move(bytes), sheet, "t.xlsx");
  if (!res.reader) {
    out.error = res.error;
    out.error_zh = res.error_zh;
    return out;
  }
  Row row;
  while (res.reader->next(row)) out.rows.push_back(row);
  out.error = res.reader->error();
  out.error_zh = res.reader->error_zh();
  return out;
}

// ---------------------------------------------------------------------------------------
// 20,000 rows

constexpr int kRows = 20000;

std::string big_sheet_xml() {
  std::string rows;
  for (int i = 1; i <= kRows; ++i) {
    std::string r = std::to_string(2 * i);  // only even row numbers: rows skip numbers
    if (i % 500 == 0) {  // a row with only empty cells: skipped
      rows += "<row r=\"" + r + "\"><c r=\"A" + r + "\" s=\"1\"/></row>";
      continue;
    }
    rows += "<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"s\"><v>" + std::to_string(i % 100) + "</v></c><c r=\"B" + r +
            "\"><v>" + std::to_string(i) + ".5</v></c>" + inline_cell("C" + r, "行" + std::to_string(i)) + "<c r=\"E" +
            r + "\" s=\"1\"><v>" + std::to_string(40000 + i) + "</v></c></row>";
  }
  return build::worksheet(rows);
}

std::string big_sst() {
  std::string items;
  for (int k = 0; k < 100; ++k) items += "<si><t>被执行人" + std::to_string(k) + "</t></si>";
  return build::shared_strings(items);
}

void check_big(SheetReader& reader) {
  Row row;
  int seen = 0;
  for (int i = 1; i <= kRows; ++i) {
    if (i % 500 == 0) continue;
    ASSERT_TRUE(reader.next(row)) << "row " << i << ": " << reader.error();
    ASSERT_EQ(row.number, 2u * i);
    ASSERT_EQ(row.cells.size(), 5u);
    ASSERT_EQ(row.cells[0].kind, CellKind::String);
    ASSERT_EQ(row.cells[0].text, "被执行人" + std::to_string(i % 100));
    ASSERT_EQ(row.cells[1].kind, CellKind::Number);
    ASSERT_EQ(row.cells[1].text, std::to_string(i) + ".5");
    ASSERT_EQ(row.cells[1].number, i + 0.5);
    ASSERT_FALSE(row.cells[1].date_style);
    ASSERT_EQ(row.cells[2].text, "行" + std::to_string(i));
    ASSERT_EQ(row.cells[3].kind, CellKind::Empty);
    ASSERT_EQ(row.cells[4].number, 40000 + i);
    ASSERT_TRUE(row.cells[4].date_style);
    ++seen;
  }
  EXPECT_FALSE(reader.next(row));
  EXPECT_EQ(reader.error(), "");
  EXPECT_EQ(seen, kRows - kRows / 500);
}

TEST(XlsxStream, TwentyThousandRowsInConstantMemory) {
  TempDir dir;
  build::Workbook wb;
  std::string xml = big_sheet_xml();
  ASSERT_GT(xml.size(), 2'000'000u);
  wb.sheets = {{"清单", xml}};
  wb.shared_strings = big_sst();
  wb.styles = build::styles("", {0, 14});
  std::string path = dir.file("big.xlsx");
  ASSERT_TRUE(build::write_file(path, build::xlsx_bytes(wb)));

  OpenResult res = open_sheet(path, "清单");
  ASSERT_TRUE(res.reader) << res.error;
  check_big(*res.reader);
  // The sheet's 2 MB of XML went through one 64 KiB chunk buffer.
  EXPECT_LE(detail::sheet_peak_buffer(*res.reader), 2u * detail::XmlPull::kDefaultChunk);
  EXPECT_LT(detail::shared_strings_bytes(*res.reader), 16u * 1024);

  // A 97-byte chunk puts tags, entities and rows across every boundary: same rows.
  detail::OpenOptions small;
  small.chunk = 97;
  OpenResult res2 = detail::open_sheet_with(path, "", small);
  ASSERT_TRUE(res2.reader) << res2.error;
  check_big(*res2.reader);
  EXPECT_LE(detail::sheet_peak_buffer(*res2.reader), 4096u);
}

// ---------------------------------------------------------------------------------------
// Values built in the test

TEST(XlsxStream, DateStylesFromBuiltInAndCustomFormats) {
  std::string styles = build::styles(
      "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"0.0&quot;天&quot;\"/>"
      "<numFmt numFmtId=\"14\" formatCode=\"0.00\"/>",  // a custom code redefining id 14
      {0, 14, 164, 165, 22, 49});
  Read r = read_bytes(one_sheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44621</v></c><c r=\"B1\" s=\"2\"><v>44621</v></c>"
                                "<c r=\"C1\" s=\"3\"><v>44621</v></c><c r=\"D1\" s=\"4\"><v>44621.5</v></c>"
                                "<c r=\"E1\" s=\"99\"><v>1</v></c><c r=\"F1\" s=\"5\"><v>1</v></c>"
                                "<c r=\"G1\" s=\"2\" t=\"str\"><v>44621</v></c></row>",
                                "", styles));
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.rows.size(), 1u);
  const auto& c = r.rows[0].cells;
  ASSERT_EQ(c.size(), 7u);
  EXPECT_FALSE(c[0].date_style);  // id 14 redefined as 0.00 by the file
  EXPECT_TRUE(c[1].date_style);   // yyyy"年"m"月"d"日"
  EXPECT_FALSE(c[2].date_style);  // 0.0"天": the d is quoted
  EXPECT_TRUE(c[3].date_style);   // 22
  EXPECT_FALSE(c[4].date_style);  // style index beyond cellXfs
  EXPECT_FALSE(c[5].date_style);  // 49 (@)
  EXPECT_EQ(c[6].kind, CellKind::String);  // a formula string is never a date
  EXPECT_FALSE(c[6].date_style);
}

TEST(XlsxStream, Date1904SystemShiftsDateSerials) {
  build::Workbook wb;
  wb.sheets = {{"S", build::worksheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0.5</v></c><c r=\"B1\"><v>0.5</v></c></row>")}};
  wb.styles = build::styles("", {0, 14});
  wb.date1904 = true;
  Read r = read_bytes(build::xlsx_bytes(wb));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].cells[0].text, "0.5");
  EXPECT_EQ(r.rows[0].cells[0].number, 1462.5);
  EXPECT_EQ(r.rows[0].cells[1].number, 0.5);
}

TEST(XlsxStream, OddValuesArePassedOnNotGuessed) {
  Read r = read_bytes(one_sheet(
      "<row r=\"1\"><c r=\"A1\"><v>abc</v></c><c r=\"B1\" t=\"d\"><v>2022-03-01T00:00:00</v></c>"
      "<c r=\"C1\" t=\"b\"><v>true</v></c><c r=\"D1\" t=\"b\"><v>yes</v></c><c r=\"E1\"><v> 42 </v></c>"
      "<c r=\"F1\"><v>1e999</v></c><c r=\"G1\" t=\"weird\"><v>w</v></c><c r=\"H1\"><v>000123</v></c>"
      "<c r=\"I1\"><v>123456789012345678</v></c><c r=\"J1\" t=\"n\"><v>-1.5E-3</v></c>"
      "<c r=\"B1\" t=\"str\"><v>again</v></c></row>"));
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.rows.size(), 1u);
  const auto& c = r.rows[0].cells;
  ASSERT_EQ(c.size(), 10u);
  EXPECT_EQ(c[0].kind, CellKind::String);
  EXPECT_EQ(c[0].text, "abc");
  EXPECT_EQ(c[1].kind, CellKind::String);  // the same column twice: the last one wins
  EXPECT_EQ(c[1].text, "again");
  EXPECT_EQ(c[2].kind, CellKind::Bool);
  EXPECT_EQ(c[2].text, "1");
  EXPECT_EQ(c[3].kind, CellKind::String);
  EXPECT_EQ(c[3].text, "yes");
  EXPECT_EQ(c[4].kind, CellKind::Number);
  EXPECT_EQ(c[4].text, "42");
  EXPECT_EQ(c[5].kind, CellKind::String);  // not finite
  EXPECT_EQ(c[5].text, "1e999");
  EXPECT_EQ(c[6].kind, CellKind::String);
  EXPECT_EQ(c[6].text, "w");
  EXPECT_EQ(c[7].text, "000123");
  EXPECT_EQ(c[7].number, 123);
  EXPECT_EQ(c[8].text, "123456789012345678");  // digits kept even where a double cannot
  EXPECT_EQ(c[9].number, -0.0015);

  Read d = read_bytes(one_sheet("<row r=\"1\"><c r=\"A1\" t=\"d\"><v>2022-03-01T00:00:00</v></c></row>"));
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].cells[0].kind, CellKind::String);
  EXPECT_EQ(d.rows[0].cells[0].text, "2022-03-01T00:00:00");
}

TEST(XlsxStream, MissingWorkbookRelationshipsFallBackToConventionalNames) {
  std::string book =
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets>"
      "<sheet name=\"A\" sheetId=\"1\"/><sheet name=\"B\" sheetId=\"2\"/></sheets></workbook>";
  std::string bytes = build::zip_bytes({{"xl/workbook.xml", book},
                                        {"xl/worksheets/sheet2.xml", build::worksheet("<row><c><v>2</v></c></row>")},
                                        {"xl/sharedStrings.xml", build::shared_strings("<si><t>s</t></si>")}});
  Read r = read_bytes(bytes, "B");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].number, 1u);
  EXPECT_EQ(r.rows[0].cells[0].text, "2");
  Read a = read_bytes(bytes, "A");
  EXPECT_EQ(a.error, "t.xlsx is damaged: the part of sheet \"A\" is missing: xl/worksheets/sheet1.xml");
  EXPECT_EQ(a.error_zh, "t.xlsx 已损坏：工作表“A”的部件缺失：xl/worksheets/sheet1.xml");
}

// ---------------------------------------------------------------------------------------
// Errors

TEST(XlsxStream, NotAnXlsxFile) {
  Read text = read_bytes("案号,被执行人\n1,张三\n");
  EXPECT_EQ(text.error, "t.xlsx is a text file (CSV?) with an .xlsx name, not an .xlsx workbook; read it as CSV");
  EXPECT_EQ(text.error_zh, "t.xlsx 是文本文件（可能是 CSV），不是 .xlsx 工作簿；请按 CSV 读取");

  Read html = read_bytes("\xEF\xBB\xBF  <html><table><tr><td>1</td></tr></table></html>");
  EXPECT_EQ(html.error,
            "t.xlsx is a web page (HTML or XML) with a spreadsheet name, not an .xlsx workbook; open it in Excel or "
            "WPS and save it as .xlsx, or export it as CSV");

  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0');
  Read xls = read_bytes(ole);
  EXPECT_EQ(xls.error,
            "t.xlsx is an old-format Excel file (.xls, Excel 97-2003) or a password-protected workbook, not an .xlsx "
            "workbook; open it in Excel or WPS and save it as an .xlsx workbook without a password");
  EXPECT_EQ(xls.error_zh,
            "t.xlsx 是旧版 Excel 文件（.xls，Excel 97-2003）或设有密码的工作簿，不是 .xlsx 工作簿；请用 Excel 或 WPS "
            "打开后另存为不加密的 .xlsx 工作簿");

  Read binary = read_bytes(std::string("\x01\x02\x03\x00\xFF", 5));
  EXPECT_EQ(binary.error, "t.xlsx is not an .xlsx workbook (it is not a zip archive)");
  EXPECT_EQ(binary.error_zh, "t.xlsx 不是 .xlsx 工作簿（不是 zip 压缩包）");

  Read empty = read_bytes("");
  EXPECT_EQ(empty.error, "t.xlsx is empty (0 bytes), not an Excel workbook");
  EXPECT_EQ(empty.error_zh, "t.xlsx 是空文件（0 字节），不是 Excel 工作簿");

  TempDir dir;
  std::string path = dir.file("empty.xlsx");
  ASSERT_TRUE(build::write_file(path, ""));
  OpenResult res = open_sheet(path, "");
  EXPECT_EQ(res.error, path + " is empty (0 bytes), not an Excel workbook");
}

TEST(XlsxStream, ZipWithoutWorkbook) {
  Read r = read_bytes(build::zip_bytes({{"word/document.xml", "<document/>"}}));
  EXPECT_EQ(r.error, "t.xlsx is a zip archive but not an Excel workbook: it has no workbook part (xl/workbook.xml)");
  EXPECT_EQ(r.error_zh, "t.xlsx 是 zip 压缩包，但不是 Excel 工作簿：其中没有工作簿部件（xl/workbook.xml）");
}

TEST(XlsxStream, DamagedWorkbookAndNoSheets) {
  Read bad = read_bytes(build::zip_bytes({{"xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"</workbook>"}}));
  EXPECT_EQ(bad.error.rfind("t.xlsx is damaged: its part xl/workbook.xml is not a valid workbook (", 0), 0u)
      << bad.error;
  EXPECT_EQ(bad.error_zh.rfind("t.xlsx 已损坏：其中的 xl/workbook.xml 不是有效的工作簿（", 0), 0u) << bad.error_zh;

  Read none = read_bytes(build::zip_bytes({{"xl/workbook.xml", "<workbook><sheets/></workbook>"}}));
  EXPECT_EQ(none.error, "t.xlsx has no sheets");
  EXPECT_EQ(none.error_zh, "t.xlsx 中没有任何工作表");
}

TEST(XlsxStream, SharedStringIndexOutOfRange) {
  Read r = read_bytes(one_sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                                "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>5</v></c></row>",
                                build::shared_strings("<si><t>只有一个</t></si>")));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.error,
            "t.xlsx: sheet \"Sheet1\", cell B2 refers to shared string \"5\", but the file has 1 shared strings "
            "(the file is damaged)");
  EXPECT_EQ(r.error_zh, "t.xlsx：工作表“Sheet1”单元格 B2 引用了第 5 号共享字符串，但文件中只有 1 个（文件已损坏）");
}

TEST(XlsxStream, BadCellReferences) {
  Read r = read_bytes(one_sheet("<row r=\"7\"><c r=\"XFE7\"><v>1</v></c></row>"));
  EXPECT_EQ(r.rows.size(), 0u);
  EXPECT_EQ(r.error,
            "t.xlsx: sheet \"Sheet1\", row 7: the cell reference \"XFE7\" is not valid (columns go from A to XFD)");
  EXPECT_EQ(r.error_zh, "t.xlsx：工作表“Sheet1”第 7 行：单元格引用“XFE7”无效（列只能从 A 到 XFD）");
  Read r2 = read_bytes(one_sheet("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"));
  EXPECT_EQ(r2.error,
            "t.xlsx: sheet \"Sheet1\", row 1: the cell reference \"1A\" is not valid (columns go from A to XFD)");
  std::string many = "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c></row>";
  EXPECT_EQ(read_bytes(one_sheet(many)).error, "t.xlsx: sheet \"Sheet1\", row 1 has more than 16384 cells");
}

TEST(XlsxStream, MalformedAndTruncatedSheetXml) {
  build::Workbook wb;
  std::string xml = build::worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=s>");
  std::string at = std::to_string(xml.find("<c r=\"A2\""));  // the offset of the bad tag
  wb.sheets = {{"S", xml}};
  Read r = read_bytes(build::xlsx_bytes(wb));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.error, "t.xlsx: sheet \"S\" (xl/worksheets/sheet1.xml) is not well-formed XML (an unquoted attribute "
                     "value in <c> at byte " + at + ") (in row 2)");
  EXPECT_EQ(r.error_zh, "t.xlsx：工作表“S”（xl/worksheets/sheet1.xml）不是格式正确的 XML（第 " + at +
                            " 字节处：an unquoted attribute value in <c>）（第 2 行）");

  wb.sheets = {{"S", "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"}};
  Read t = read_bytes(build::xlsx_bytes(wb));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.error,
            "t.xlsx: sheet \"S\" (xl/worksheets/sheet1.xml) ends after row 1, before its end: the file is truncated "
            "or damaged");
  EXPECT_EQ(t.error_zh, "t.xlsx：工作表“S”（xl/worksheets/sheet1.xml）在第 1 行之后意外结束：文件被截断或已损坏");

  wb.sheets = {{"S", "<worksheet><sheetData><row r=\"1\"><row r=\"2\"></row></row></sheetData></worksheet>"}};
  EXPECT_EQ(read_bytes(build::xlsx_bytes(wb)).error,
            "t.xlsx: sheet \"S\" is damaged: a row starts inside row 1");
}

TEST(XlsxStream, TruncatedSharedStrings) {
  Read r = read_bytes(one_sheet("<row><c t=\"s\"><v>0</v></c></row>", "<sst><si><t>半截"));
  EXPECT_EQ(r.error,
            "t.xlsx is damaged: its part xl/sharedStrings.xml is cut off (the shared strings end before </sst>, byte "
            "18): the file is truncated or damaged");
  EXPECT_EQ(r.error_zh, "t.xlsx 已损坏：其中的 xl/sharedStrings.xml 在第 18 字节处意外结束，文件被截断或已损坏");
}

TEST(XlsxStream, CorruptedCompressedDataIsACleanError) {
  // Stored (uncompressed) entries: change one digit inside the sheet; libzip's CRC check
  // catches it when the entry has been read to its end.
  std::string rows;
  for (int i = 1; i <= 50; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c><v>1111</v></c></row>";
  build::Workbook wb;
  wb.sheets = {{"S", build::worksheet(rows)}};
  wb.compress = false;
  std::string bytes = build::xlsx_bytes(wb);
  size_t at = bytes.find("<v>1111</v></c></row><row r=\"30\"");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] = '7';
  Read r = read_bytes(bytes);
  EXPECT_EQ(r.rows.size(), 50u);  // the rows came out before the end showed the damage
  EXPECT_EQ(r.error,
            "t.xlsx: sheet \"S\" (xl/worksheets/sheet1.xml) cannot be decompressed (CRC error): the file is damaged "
            "(after row 50)");
  EXPECT_EQ(r.error_zh, "t.xlsx：工作表“S”（xl/worksheets/sheet1.xml）无法解压（CRC error），文件已损坏（第 50 行之后）");

  // Deflated: garble bytes in the middle of every entry's data. Whatever comes out, an error
  // and never a crash or a hang.
  wb.compress = true;
  std::string z = build::xlsx_bytes(wb);
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string m = z;
    for (int k = 0; k < 4; ++k) m[rng() % m.size()] ^= static_cast<char>(1 + rng() % 255);
    Read x = read_bytes(m);
    if (x.error.empty()) {
      EXPECT_LE(x.rows.size(), 50u);
    }
  }
}

TEST(XlsxStream, FuzzEntrySmoke) {
  // Whole files, mutated files, and raw XML through the fuzz entry: no crash, no trap.
  std::vector<std::string> seeds;
  for (const char* f : {"basic.xlsx", "prefixed.xlsx", "truncated.xlsx"}) {
    std::string path = std::string(CLUE_SOURCE_DIR) + "/tests/fixtures/xlsx/" + f;
    FILE* fp = std::fopen(path.c_str(), "rb");
    ASSERT_TRUE(fp) << path;
    std::string s;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, fp)) > 0) s.append(buf, n);
    std::fclose(fp);
    seeds.push_back(s);
  }
  seeds.push_back(std::string(1, '\x05') +
                  "<sst><si><t>a&amp;b</t></si></sst><worksheet><sheetData><row r=\"3\"><c r=\"B3\" t=\"s\" s=\"1\">"
                  "<v>0</v></c><c><is><t>x&#x4E2D;</t></is></c><c t=\"b\"><v>1</v></c></row><row/></sheetData>");
  std::mt19937 rng(11);
  for (const std::string& s : seeds) {
    EXPECT_EQ(fuzz_xlsx_bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()), 0);
    for (int round = 0; round < 100; ++round) {
      std::string m = s;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits; ++k) {
        size_t at = rng() % m.size();
        switch (rng() % 3) {
          case 0: m[at] = static_cast<char>(rng()); break;
          case 1: m.erase(at, 1 + rng() % 8); break;
          default: m.insert(at, 1, "<>&;\"'/x"[rng() % 8]); break;
        }
        if (m.empty()) m.push_back('x');
      }
      fuzz_xlsx_bytes(reinterpret_cast<const uint8_t*>(m.data()), m.size());
    }
  }
}

}  // namespace
}  // namespace clue::xlsx
