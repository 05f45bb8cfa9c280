// The typed xlsx the run writes for people (runtime/io/xlsx_writer.h), read back with Clue's own
// xlsx reader: IDs and case numbers are string cells with every digit, money, decimals and ints
// are numbers, dates are date-formatted serials, formula-like text stays a string, characters
// XML cannot hold never make the file unreadable, and every lead is there however many.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "runtime/io/xlsx_cells.h"
#include "runtime/io/xlsx_writer.h"
#include "runtime/values/text.h"
#include "runtime/xlsx/xlsx_reader.h"
#include "tests/support/random_bytes.h"

using namespace clue;
namespace fs = std::filesystem;

namespace {

std::string temp_xlsx(const char* tag) {
  return (fs::temp_directory_path() / ("clue_typed_" + std::string(tag) + "_" + std::to_string(::getpid()) + ".xlsx")).string();
}

std::vector<xlsx::Row> read_sheet(const std::string& path, const std::string& sheet = "") {
  auto r = xlsx::open_sheet(path, sheet);
  EXPECT_TRUE(r.reader) << r.error;
  std::vector<xlsx::Row> rows;
  if (!r.reader) return rows;
  xlsx::Row row;
  while (r.reader->next(row)) rows.push_back(row);
  EXPECT_EQ(r.reader->error(), "");
  return rows;
}

}  // namespace

TEST(XlsxCells, SignificantDigits) {
  EXPECT_EQ(io::significant_digits("0"), 0u);
  EXPECT_EQ(io::significant_digits("-12.50"), 3u);
  EXPECT_EQ(io::significant_digits("1200"), 4u);
  EXPECT_EQ(io::significant_digits("0.00123"), 3u);
  EXPECT_EQ(io::significant_digits("330803197103050467"), 18u);
}

TEST(XlsxCells, NumbersExcelCannotHoldStayText) {
  EXPECT_EQ(io::xlsx_number("-12.50"), -12.5);
  EXPECT_EQ(io::xlsx_number("999999999999999"), 999999999999999.0);  // 15 digits: exact
  EXPECT_FALSE(io::xlsx_number("1234567890123456"));                  // 16: Excel would round it
  EXPECT_FALSE(io::xlsx_number("12a"));
  EXPECT_FALSE(io::xlsx_number(""));
}

TEST(XlsxCells, DateSerials) {
  EXPECT_EQ(io::xlsx_date_serial("2022-03-01"), 44621.0);
  EXPECT_EQ(io::xlsx_date_serial("1900-03-01"), 61.0);
  EXPECT_EQ(io::xlsx_date_serial("2022-03-01 12:00:00"), 44621.5);
  EXPECT_FALSE(io::xlsx_date_serial("1900-02-28"));  // Excel's leap-year bug: kept as text
  EXPECT_FALSE(io::xlsx_date_serial("1850-06-01"));
  EXPECT_FALSE(io::xlsx_date_serial("2022-02-30"));
  EXPECT_FALSE(io::xlsx_date_serial("2022-03"));
}

TEST(XlsxCells, CharactersXmlCannotHoldAreReplaced) {
  auto a = io::xlsx_text("a\x01" "b\tc\nd\re");
  EXPECT_EQ(a.text, "a\xEF\xBF\xBD" "b\tc\nd\re");
  EXPECT_TRUE(a.replaced);
  EXPECT_EQ(io::xlsx_text(std::string("x\0y", 3)).text, "x\xEF\xBF\xBDy");  // NUL would end the C string
  EXPECT_EQ(io::xlsx_text("\xEF\xBF\xBE").text, "\xEF\xBF\xBD");           // U+FFFE
  EXPECT_EQ(io::xlsx_text("\xC3(").text, "\xEF\xBF\xBD(");                 // not UTF-8
  EXPECT_EQ(io::xlsx_text("\xED\xA0\x80").text, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  auto ok = io::xlsx_text("张三 =1");
  EXPECT_EQ(ok.text, "张三 =1");
  EXPECT_FALSE(ok.replaced);
}

// Whatever the bytes, the text put in a cell is UTF-8 holding only characters XML
// 1.0 allows; bytes that were fine pass unchanged.
TEST(XlsxCells, AnyBytesBecomeTextXmlCanHold) {
  std::mt19937_64 rng(20261207);
  for (int i = 0; i < 2000; ++i) {
    std::string in = test::random_bytes(rng, size_t(rng() % 40));
    auto x = io::xlsx_text(in);
    ASSERT_TRUE(values::utf8_valid(x.text)) << i;
    for (size_t k = 0; k < x.text.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(x.text[k]);
      ASSERT_TRUE(c >= 0x20 || c == '\t' || c == '\n' || c == '\r') << i;
    }
    ASSERT_EQ(x.text.find("\xEF\xBF\xBE"), std::string::npos) << i;  // U+FFFE
    ASSERT_EQ(x.text.find("\xEF\xBF\xBF"), std::string::npos) << i;  // U+FFFF
    if (!x.replaced && in.find("_x") == std::string::npos) ASSERT_EQ(x.text, in) << i;
  }
}

TEST(XlsxCells, ExcelEscapesInDataAreEscaped) {
  EXPECT_EQ(io::xlsx_text("_x0041_").text, "_x005F_x0041_");
  EXPECT_EQ(io::xlsx_text("a_x00_b").text, "a_x00_b");
}

TEST(XlsxCells, OverlongCellsAreCut) {
  auto x = io::xlsx_text(std::string(io::kXlsxMaxChars + 5, 'z'));
  EXPECT_TRUE(x.truncated);
  EXPECT_EQ(x.text.size(), io::kXlsxMaxChars);
  auto cjk = io::xlsx_text(std::string("张") + std::string(io::kXlsxMaxChars - 1, 'z'));
  EXPECT_FALSE(cjk.truncated);  // characters, not bytes
}

TEST(XlsxTypedWriter, CellsAreTypedByColumn) {
  std::string p = temp_xlsx("typed");
  std::vector<std::string> header = {"身份证号", "案号", "姓名", "金额", "比例", "次数", "日期", "时间", "月份", "履行", "来源:zb"};
  std::vector<TypeKind> types = {TypeKind::IdCard, TypeKind::CaseNo, TypeKind::Text, TypeKind::Money,
                                 TypeKind::Decimal, TypeKind::Int,   TypeKind::Date, TypeKind::DateTime,
                                 TypeKind::Month,  TypeKind::Bool};
  std::vector<std::vector<std::string>> rows = {
      {"330803197103050467", "（2023）浙0803执1号", "=HYPERLINK(\"http://x\",\"y\")", "1234.50", "0.125", "1234567890123",
       "2023-01-05", "2023-01-05 08:30:00", "2023-01", "否", "zb.csv:2"},
      {"11010519491231002X", "（2023）浙0803执2号", "a\x01z", "-12.50", "200", "12345678901234567", "1890-01-01", "", "",
       "是", "zb.csv:3"},
  };
  io::XlsxStats st;
  ASSERT_EQ(io::write_xlsx_atomic(p, "线索", header, rows, types, &st), "");
  EXPECT_EQ(st.replaced_cells, 1u);
  EXPECT_EQ(st.numbers_as_text, 1u);
  EXPECT_EQ(st.truncated_cells, 0u);

  auto got = read_sheet(p, "线索");
  ASSERT_EQ(got.size(), 3u);
  for (size_t c = 0; c < header.size(); ++c) {
    EXPECT_EQ(got[0].cells[c].kind, xlsx::CellKind::String);
    EXPECT_EQ(got[0].cells[c].text, header[c]);
  }
  const auto& a = got[1].cells;
  using K = xlsx::CellKind;
  EXPECT_EQ(a[0].kind, K::String);
  EXPECT_EQ(a[0].text, "330803197103050467");
  EXPECT_EQ(a[1].kind, K::String);
  EXPECT_EQ(a[1].text, "（2023）浙0803执1号");
  EXPECT_EQ(a[2].kind, K::String);  // a string, never a formula
  EXPECT_EQ(a[2].text, "=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(a[3].kind, K::Number);
  EXPECT_EQ(a[3].number, 1234.5);
  EXPECT_FALSE(a[3].date_style);
  EXPECT_EQ(a[4].kind, K::Number);
  EXPECT_EQ(a[4].number, 0.125);
  EXPECT_EQ(a[5].kind, K::Number);
  EXPECT_EQ(a[5].number, 1234567890123.0);
  EXPECT_EQ(a[6].kind, K::Number);
  EXPECT_TRUE(a[6].date_style);
  EXPECT_EQ(a[6].number, 44931.0);  // 2023-01-05
  EXPECT_EQ(a[7].kind, K::Number);
  EXPECT_TRUE(a[7].date_style);
  EXPECT_DOUBLE_EQ(a[7].number, 44931.0 + 8.5 / 24);
  EXPECT_EQ(a[8].kind, K::String);
  EXPECT_EQ(a[8].text, "2023-01");
  EXPECT_EQ(a[9].text, "否");
  EXPECT_EQ(a[10].kind, K::String);
  EXPECT_EQ(a[10].text, "zb.csv:2");
  const auto& b = got[2].cells;
  EXPECT_EQ(b[0].text, "11010519491231002X");
  EXPECT_EQ(b[2].text, "a\xEF\xBF\xBDz");
  EXPECT_EQ(b[3].number, -12.5);
  EXPECT_EQ(b[4].number, 200.0);
  EXPECT_EQ(b[5].kind, K::String);  // 17 digits: text, exact
  EXPECT_EQ(b[5].text, "12345678901234567");
  EXPECT_EQ(b[6].kind, K::String);  // before 1900-03-01: text, exact
  EXPECT_EQ(b[6].text, "1890-01-01");
  EXPECT_EQ(b[7].kind, K::Empty);   // null: blank
  fs::remove(p);
}

TEST(XlsxTypedWriter, RowsBeyondASheetContinueOnTheNextSheet) {
  std::string p = temp_xlsx("sheets");
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 5; ++i) rows.push_back({std::to_string(i)});
  ASSERT_EQ(io::write_xlsx_atomic(p, "leads", {"n"}, rows, {TypeKind::Int}, nullptr, 2), "");
  auto r = xlsx::open_sheet(p, "");
  ASSERT_TRUE(r.reader);
  EXPECT_EQ(r.sheets, (std::vector<std::string>{"leads", "leads-2", "leads-3"}));
  std::vector<double> all;
  for (const char* s : {"leads", "leads-2", "leads-3"}) {
    auto got = read_sheet(p, s);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got[0].cells[0].text, "n");  // each sheet has the header
    for (size_t i = 1; i < got.size(); ++i) all.push_back(got[i].cells[0].number);
  }
  EXPECT_EQ(all, (std::vector<double>{0, 1, 2, 3, 4}));
  fs::remove(p);
}

// Text that looks like Excel's _xHHHH_ escape comes back as written, not as the character.
TEST(XlsxTypedWriter, ExcelEscapesInTextRoundTrip) {
  std::string p = temp_xlsx("escape");
  ASSERT_EQ(io::write_xlsx_atomic(p, "leads", {"备注"}, {{"_x0041_ and _x000D_"}}, {TypeKind::Text}), "");
  auto got = read_sheet(p);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].cells[0].text, "_x0041_ and _x000D_");
  fs::remove(p);
}

// Text cells come back exactly as xlsx_text makes them, whether a cell takes the writer's plain
// path (nothing to escape) or the general one: markup characters, white space at the ends and
// inside, a lone '_' and Excel's escape, U+FFFE, invalid UTF-8, long CJK text (more bytes than
// Excel's character limit, fewer characters) and text over the limit.
TEST(XlsxTypedWriter, TextCellsComeBackAsXlsxTextMakesThem) {
  std::string p = temp_xlsx("text");
  std::string cjk(20000 * 3, '\0'), over;
  for (size_t i = 0; i < cjk.size(); i += 3) cjk.replace(i, 3, "中");
  for (int i = 0; i < 40000; ++i) over += "ab";
  const std::vector<std::string> cells = {
      "张三", "a&b<c>d\"e", " lead", "trail ", "in side\tx\ny", "a\rb", "snake_case_x", "_x0041_", "a_xyz",
      "\xEF\xBF\xBE", "bad\xC3", "\xC3\xA9t\xC3\xA9", cjk, over, "浙江省杭州市上城区人民法院", "1101011990"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : cells) rows.push_back({c});
  io::XlsxStats st;
  ASSERT_EQ(io::write_xlsx_atomic(p, "leads", {"备注"}, rows, {TypeKind::Text}, &st), "");
  auto got = read_sheet(p);
  ASSERT_EQ(got.size(), cells.size() + 1);
  uint64_t replaced = 0, truncated = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    const io::XlsxText want = io::xlsx_text(cells[i]);
    replaced += want.replaced;
    truncated += want.truncated;
    ASSERT_EQ(got[i + 1].cells.size(), 1u) << i;
    EXPECT_EQ(got[i + 1].cells[0].kind, xlsx::CellKind::String) << i;
    EXPECT_TRUE(got[i + 1].cells[0].text == cells[i] || want.replaced || want.truncated) << i;
    // Excel's escape is written escaped; read back it is the text as written.
    EXPECT_EQ(got[i + 1].cells[0].text, cells[i] == "_x0041_" ? cells[i] : want.text) << i;
  }
  EXPECT_EQ(st.replaced_cells, replaced);
  EXPECT_EQ(st.truncated_cells, truncated);
  EXPECT_EQ(truncated, 1u);
  EXPECT_EQ(replaced, 2u);
  fs::remove(p);
}
