// The xlsx reader end to end on the committed fixtures (tests/fixtures/xlsx, made by
// make_fixtures.py): every cell kind, gaps, dirt, a named sheet, prefixes, 1904 dates,
// truncated files, with exact values and messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/xlsx/xlsx_reader.h"

#ifndef CLUE_SOURCE_DIR
#define CLUE_SOURCE_DIR "."
#endif

namespace clue::xlsx {
namespace {

std::string fixture(const std::string& name) { return std::string(CLUE_SOURCE_DIR) + "/tests/fixtures/xlsx/" + name; }

struct Read {
  std::vector<Row> rows;
  std::string error, error_zh;
};

Read read_all(SheetReader& r) {
  Read out;
  Row row;
  while (r.next(row)) out.rows.push_back(row);
  out.error = r.error();
  out.error_zh = r.error_zh();
  return out;
}

void expect_string(const Cell& c, const std::string& text) {
  EXPECT_EQ(c.kind, CellKind::String) << text;
  EXPECT_EQ(c.text, text);
}

void expect_number(const Cell& c, const std::string& text, double number, bool date) {
  EXPECT_EQ(c.kind, CellKind::Number) << text;
  EXPECT_EQ(c.text, text);
  EXPECT_EQ(c.number, number) << text;
  EXPECT_EQ(c.date_style, date) << text;
}

void expect_empty(const Cell& c) {
  EXPECT_EQ(c.kind, CellKind::Empty);
  EXPECT_EQ(c.text, "");
}

TEST(XlsxReader, FirstSheetEveryCellKind) {
  OpenResult res = open_sheet(fixture("basic.xlsx"), "");
  ASSERT_TRUE(res.reader) << res.error;
  EXPECT_EQ(res.reader->sheet_names(), (std::vector<std::string>{"Sheet1", "数据", "图表"}));
  EXPECT_EQ(res.sheets, res.reader->sheet_names());
  EXPECT_EQ(res.reader->sheet_name(), "Sheet1");
  EXPECT_FALSE(res.reader->date1904());
  Read r = read_all(*res.reader);
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.rows.size(), 6u);

  const Row& h = r.rows[0];
  EXPECT_EQ(h.number, 1u);
  ASSERT_EQ(h.cells.size(), 5u);
  expect_string(h.cells[0], "案号");
  expect_string(h.cells[1], "被执行人");
  expect_string(h.cells[2], "身份证号");
  expect_string(h.cells[3], "立案日期");
  expect_string(h.cells[4], "金额");

  const Row& a = r.rows[1];
  EXPECT_EQ(a.number, 2u);
  ASSERT_EQ(a.cells.size(), 7u);
  expect_string(a.cells[0], "张三 ");                           // rich text runs, xml:space
  expect_string(a.cells[1], "A&B <C> \"D\" 'E' 中文");          // entities and char refs
  expect_number(a.cells[2], "3.30802E+16", 3.30802e16, false);  // verbatim: the loader rejects it for IDs
  expect_number(a.cells[3], "44621", 44621, true);              // built-in format 14
  expect_number(a.cells[4], "1234.5", 1234.5, false);           // #,##0.00"元" is no date
  EXPECT_EQ(a.cells[5].kind, CellKind::Bool);
  EXPECT_EQ(a.cells[5].text, "1");
  EXPECT_EQ(a.cells[6].kind, CellKind::Error);
  EXPECT_EQ(a.cells[6].text, "#N/A");

  const Row& b = r.rows[2];
  EXPECT_EQ(b.number, 3u);
  ASSERT_EQ(b.cells.size(), 7u);
  expect_string(b.cells[0], "東京");                         // phonetic run left out
  expect_string(b.cells[1], "第一行\r\n第二行_x0041_");      // _x000D_ and _x005F_ decoded
  expect_string(b.cells[2], "公式结果");                     // t="str": cached formula result
  expect_number(b.cells[3], "44621.5", 44621.5, true);       // yyyy"年"m"月"d"日"
  EXPECT_EQ(b.cells[4].kind, CellKind::Bool);
  EXPECT_EQ(b.cells[4].text, "0");
  EXPECT_EQ(b.cells[5].kind, CellKind::Error);
  EXPECT_EQ(b.cells[5].text, "#DIV/0!");
  expect_string(b.cells[6], "富文本");                       // inline rich text

  const Row& c = r.rows[3];  // row 4 is missing from the sheet
  EXPECT_EQ(c.number, 5u);
  ASSERT_EQ(c.cells.size(), 27u);
  expect_empty(c.cells[0]);  // styled, no value
  expect_empty(c.cells[1]);  // absent
  expect_number(c.cells[2], "-0.5", -0.5, false);
  expect_empty(c.cells[3]);
  expect_empty(c.cells[4]);  // empty shared string
  for (int i = 5; i < 7; ++i) expect_empty(c.cells[i]);
  expect_string(c.cells[7], "  两端空格 & 中  ");
  for (int i = 8; i < 25; ++i) expect_empty(c.cells[i]);
  expect_string(c.cells[25], "Z");
  expect_string(c.cells[26], "AA");

  // rows 6 (<row/>) and 7 (only empty cells) are skipped
  const Row& d = r.rows[4];
  EXPECT_EQ(d.number, 8u);
  ASSERT_EQ(d.cells.size(), 2u);
  expect_string(d.cells[0], "无引用");                      // cells without r: A, then B
  expect_number(d.cells[1], "44621.25", 44621.25, true);    // built-in 22 (date time)

  const Row& e = r.rows[5];
  EXPECT_EQ(e.number, 9u);  // <row> without r follows row 8
  ASSERT_EQ(e.cells.size(), 2u);
  expect_string(e.cells[0], "<不是标签> & 原样");  // CDATA
  expect_number(e.cells[1], "7", 7, false);         // [Red]0.00;[Blue]-0.00 is no date

  Row more;
  EXPECT_FALSE(res.reader->next(more));  // stays at the end
  EXPECT_EQ(res.reader->error(), "");
}

TEST(XlsxReader, NamedSecondSheetWithPrefixes) {
  OpenResult res = open_sheet(fixture("basic.xlsx"), "数据");
  ASSERT_TRUE(res.reader) << res.error;
  EXPECT_EQ(res.reader->sheet_name(), "数据");
  Read r = read_all(*res.reader);
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].number, 1u);
  ASSERT_EQ(r.rows[0].cells.size(), 2u);
  expect_string(r.rows[0].cells[0], "第二个工作表");
  expect_number(r.rows[0].cells[1], "42", 42, false);
  EXPECT_EQ(r.rows[1].number, 3u);
  ASSERT_EQ(r.rows[1].cells.size(), 16384u);  // XFD is the last column
  EXPECT_EQ(r.rows[1].cells[16383].kind, CellKind::Bool);
  EXPECT_EQ(r.rows[1].cells[16383].text, "1");
  expect_empty(r.rows[1].cells[0]);
}

TEST(XlsxReader, SheetNameMatchIgnoresAsciiCaseAndSpaces) {
  OpenResult res = open_sheet(fixture("basic.xlsx"), " sheet1 ");
  ASSERT_TRUE(res.reader) << res.error;
  EXPECT_EQ(res.reader->sheet_name(), "Sheet1");
}

TEST(XlsxReader, SheetNotFoundListsTheSheets) {
  std::string path = fixture("basic.xlsx");
  OpenResult res = open_sheet(path, "Sheet9");
  EXPECT_FALSE(res.reader);
  EXPECT_EQ(res.error, path + " has no sheet named \"Sheet9\"; its sheets are: \"Sheet1\", \"数据\", \"图表\"");
  EXPECT_EQ(res.error_zh, path + " 中没有名为“Sheet9”的工作表；现有工作表：“Sheet1”、“数据”、“图表”");
  EXPECT_EQ(res.sheets, (std::vector<std::string>{"Sheet1", "数据", "图表"}));
}

TEST(XlsxReader, ChartSheetIsRefused) {
  std::string path = fixture("basic.xlsx");
  OpenResult res = open_sheet(path, "图表");
  EXPECT_FALSE(res.reader);
  EXPECT_EQ(res.error, path + ": sheet \"图表\" is a chartsheet, not a worksheet with cells");
  EXPECT_EQ(res.error_zh, path + "：“图表”不是含单元格的工作表（而是 chartsheet）");
}

TEST(XlsxReader, PrefixedPrettyPrinted1904Workbook) {
  OpenResult res = open_sheet(fixture("prefixed.xlsx"), "");
  ASSERT_TRUE(res.reader) << res.error;
  EXPECT_EQ(res.reader->sheet_names(), (std::vector<std::string>{"Daten & 数据"}));
  EXPECT_TRUE(res.reader->date1904());
  Read r = read_all(*res.reader);
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].number, 2u);
  ASSERT_EQ(r.rows[0].cells.size(), 2u);
  expect_string(r.rows[0].cells[0], "姓名");
  expect_number(r.rows[0].cells[1], "0", 1462, true);  // 1904-01-01 as a 1900-system serial
  EXPECT_EQ(r.rows[1].number, 4u);
  ASSERT_EQ(r.rows[1].cells.size(), 3u);
  expect_string(r.rows[1].cells[0], "阿依古丽·买买提");  // " 1 " index, pretty-printed runs
  expect_number(r.rows[1].cells[1], "1", 1463, true);
  expect_number(r.rows[1].cells[2], "1", 1, false);  // not date-styled: not shifted
}

TEST(XlsxReader, TruncatedSheetGivesTheRowsBeforeAndAnError) {
  std::string path = fixture("truncated.xlsx");
  OpenResult res = open_sheet(path, "");
  ASSERT_TRUE(res.reader) << res.error;
  Read r = read_all(*res.reader);
  ASSERT_EQ(r.rows.size(), 2u);
  expect_string(r.rows[0].cells[0], "表头");
  expect_number(r.rows[1].cells[0], "1", 1, false);
  EXPECT_EQ(r.error, path +
                         ": sheet \"Sheet1\" (xl/worksheets/sheet1.xml) ends in the middle of row 3, before its "
                         "end: the file is truncated or damaged");
  EXPECT_EQ(r.error_zh, path + "：工作表“Sheet1”（xl/worksheets/sheet1.xml）在第 3 行中间意外结束：文件被截断或已损坏");
  Row row;
  EXPECT_FALSE(res.reader->next(row));  // stays failed
  EXPECT_EQ(res.reader->error(), r.error);
}

TEST(XlsxReader, TruncatedZipIsRefusedAtOpen) {
  std::string path = fixture("truncated_zip.xlsx");
  OpenResult res = open_sheet(path, "");
  EXPECT_FALSE(res.reader);
  EXPECT_EQ(res.error, path +
                           " is cut off: it starts as a zip archive (.xlsx) but its end, with the zip directory, is "
                           "missing (an interrupted download or copy?)");
  EXPECT_EQ(res.error_zh, path + " 不完整：开头是 zip 压缩包（.xlsx），但缺少结尾的 zip 目录（可能下载或复制中断）");
}

TEST(XlsxReader, MissingFile) {
  OpenResult res = open_sheet("/nonexistent/清单.xlsx", "");
  EXPECT_FALSE(res.reader);
  EXPECT_EQ(res.error, "cannot open /nonexistent/清单.xlsx: no such file");
  EXPECT_EQ(res.error_zh, "无法打开 /nonexistent/清单.xlsx：文件不存在");
}

}  // namespace
}  // namespace clue::xlsx
