// The XML parts of the leads workbook (runtime/io/xlsx_parts.h), as text: cell references,
// sheet names Excel accepts, what escaping keeps, numbers without exponents, and a sheet whose
// bytes do not depend on the chunk size the zip writer asks for.
#include "runtime/io/xlsx_parts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "runtime/io/xlsx_writer.h"

namespace xp = clue::io::xlsx_parts;
using clue::TypeKind;

TEST(XlsxParts, ColumnNames) {
  EXPECT_EQ(xp::column_name(0), "A");
  EXPECT_EQ(xp::column_name(25), "Z");
  EXPECT_EQ(xp::column_name(26), "AA");
  EXPECT_EQ(xp::column_name(51), "AZ");
  EXPECT_EQ(xp::column_name(52), "BA");
  EXPECT_EQ(xp::column_name(701), "ZZ");
  EXPECT_EQ(xp::column_name(702), "AAA");
  EXPECT_EQ(xp::column_name(16383), "XFD");  // Excel's last column
}

TEST(XlsxParts, SheetNamesExcelAccepts) {
  EXPECT_TRUE(xp::valid_sheet_name("线索"));
  EXPECT_TRUE(xp::valid_sheet_name(std::string(31, 'a')));
  EXPECT_FALSE(xp::valid_sheet_name(std::string(32, 'a')));
  std::string cjk31;
  for (int i = 0; i < 31; ++i) cjk31 += "线";
  EXPECT_TRUE(xp::valid_sheet_name(cjk31));  // characters, not bytes
  EXPECT_FALSE(xp::valid_sheet_name(cjk31 + "索"));
  EXPECT_FALSE(xp::valid_sheet_name(""));
  EXPECT_FALSE(xp::valid_sheet_name("a/b"));
  EXPECT_FALSE(xp::valid_sheet_name("a[1]"));
  EXPECT_FALSE(xp::valid_sheet_name("'a"));
  EXPECT_FALSE(xp::valid_sheet_name("History"));
  EXPECT_TRUE(xp::valid_sheet_name("it's"));
}

namespace {
std::string whole_sheet(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                        const std::vector<TypeKind>& types, size_t chunk, clue::io::XlsxStats& st) {
  xp::SheetXml xml(header, rows, types, 0, rows.size(), st);
  std::string out;
  while (xml.next(out, chunk)) {
  }
  return out;
}
}  // namespace

TEST(XlsxParts, SheetCellsAndEscapes) {
  std::vector<std::string> header = {"案号", "金额", "日期", "备注"};
  std::vector<std::vector<std::string>> rows = {
      {"（2023）浙0803执1号", "0.0001", "2023-01-05", " a<b>&\"c\"\r\n"},
      {"", "1234567.5", "1850-06-01", "x"},
  };
  std::vector<TypeKind> types = {TypeKind::Text, TypeKind::Decimal, TypeKind::Date, TypeKind::Text};
  clue::io::XlsxStats st;
  const std::string x = whole_sheet(header, rows, types, 1 << 20, st);
  EXPECT_NE(x.find("<dimension ref=\"A1:D3\"/>"), std::string::npos);
  EXPECT_NE(x.find("<autoFilter ref=\"A1:D3\"/>"), std::string::npos);
  // Header bold (style 1), text as inline strings with the "@" style.
  EXPECT_NE(x.find("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>案号</t></is></c>"), std::string::npos);
  EXPECT_NE(x.find("<c r=\"A2\" s=\"2\" t=\"inlineStr\"><is><t>（2023）浙0803执1号</t></is></c>"), std::string::npos);
  // A number in plain digits with its decimal style (4 fraction digits).
  EXPECT_NE(x.find("<c r=\"B2\" s=\"11\"><v>0.0001</v></c>"), std::string::npos) << x;
  EXPECT_NE(x.find("<c r=\"B3\" s=\"8\"><v>1234567.5</v></c>"), std::string::npos) << x;
  EXPECT_NE(x.find("<c r=\"C2\" s=\"5\"><v>44931</v></c>"), std::string::npos) << x;
  // Before 1900-03-01: exact as text.
  EXPECT_NE(x.find("<c r=\"C3\" s=\"2\" t=\"inlineStr\"><is><t>1850-06-01</t></is></c>"), std::string::npos);
  // Markup escaped, the CR kept as a reference, leading space preserved.
  EXPECT_NE(x.find("<t xml:space=\"preserve\"> a&lt;b&gt;&amp;&quot;c&quot;&#13;\n</t>"), std::string::npos) << x;
  // A null is a blank cell: no A3.
  EXPECT_EQ(x.find("r=\"A3\""), std::string::npos);
  EXPECT_EQ(st.numbers_as_text, 0u);
}

TEST(XlsxParts, SheetBytesDoNotDependOnTheChunkSize) {
  std::vector<std::string> header = {"编号", "姓名"};
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 500; ++i) rows.push_back({std::to_string(i), "张三" + std::to_string(i)});
  std::vector<TypeKind> types = {TypeKind::Int, TypeKind::Text};
  clue::io::XlsxStats a, b;
  EXPECT_EQ(whole_sheet(header, rows, types, 1, a), whole_sheet(header, rows, types, 1 << 20, b));
}

TEST(XlsxParts, WorkbookNamesTheFilterRangeOfEachSheet) {
  const std::string w = xp::workbook({"线索", "it's"}, {"K10", "B2"});
  EXPECT_NE(w.find("<sheet name=\"线索\" sheetId=\"1\" r:id=\"rId1\"/>"), std::string::npos);
  EXPECT_NE(w.find("localSheetId=\"0\" hidden=\"1\">'线索'!$A$1:$K$10</definedName>"), std::string::npos) << w;
  EXPECT_NE(w.find("localSheetId=\"1\" hidden=\"1\">'it''s'!$A$1:$B$2</definedName>"), std::string::npos) << w;
}

TEST(XlsxWriter, SameLeadsSameBytes) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("clue_xlsx_bytes_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<std::string> header = {"案号", "金额"};
  std::vector<std::vector<std::string>> rows = {{"（2023）浙0803执1号", "12.50"}, {"（2023）浙0803执2号", ""}};
  std::vector<TypeKind> types = {TypeKind::Text, TypeKind::Money};
  auto bytes = [&](const std::string& name) {
    const std::string p = (dir / name).string();
    EXPECT_EQ(clue::io::write_xlsx_atomic(p, "线索", header, rows, types), "");
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string a = bytes("a.xlsx"), b = bytes("b.xlsx");
  EXPECT_GT(a.size(), 500u);
  EXPECT_EQ(a, b);
  // Nothing left beside it: no temporary file of ours or libzip's.
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 2u);
  fs::remove_all(dir);
}
