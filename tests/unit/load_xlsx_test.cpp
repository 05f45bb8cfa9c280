// load_table on .xlsx: the 终本 workbook fixture (tests/fixtures/load/make_xlsx.py) with exact
// typed values, rejects and accounting, plus workbook errors and a sheet cut short.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/load/loader.h"
#include "runtime/values/datetime.h"
#include "runtime/values/idcard.h"
#include "runtime/xlsx/xlsx_builder.h"
#include "tests/support/temp_file.h"

#ifndef CLUE_SOURCE_DIR
#define CLUE_SOURCE_DIR "."
#endif

namespace clue::rt {
namespace {

std::string fixture(const std::string& name) { return std::string(CLUE_SOURCE_DIR) + "/tests/fixtures/load/" + name; }

ColumnSpec col(const std::string& name, Logical t, bool required = false, bool optional = false) {
  ColumnSpec c;
  c.name = name;
  c.type = t;
  c.headers = {name};
  c.required = required;
  c.optional = optional;
  return c;
}

LoadSpec zhongben_spec(const std::string& path) {
  LoadSpec s;
  s.source = "终本案件";
  s.path = path;
  s.threads = 2;  // ignored for xlsx (one stream)
  s.columns = {col("案号", Logical::CaseNo, true),
               col("法院", Logical::Text),
               col("被执行人", Logical::Text),
               col("被执行人身份证号", Logical::IdCard),
               col("申请执行人", Logical::Text, false, true),
               col("执行标的金额(元)", Logical::Money),
               col("未履行金额(元)", Logical::Money),
               col("终本日期", Logical::Date),
               col("是否履行完毕", Logical::Bool),
               col("立案日期", Logical::Date)};
  s.columns[5].allow_wan = true;
  return s;
}

std::string cell(const Column& c, size_t i) {
  if (!c.valid[i]) return "NULL";
  switch (c.logical) {
    case Logical::IdCard: return values::to_string(values::IdCard{uint64_t(c.i64[i])});
    case Logical::Money:
    case Logical::Int: return std::to_string(c.i64[i]);
    case Logical::Date: return values::date_to_string(c.i32[i]);
    case Logical::Month: return values::month_to_string(c.i32[i]);
    case Logical::DateTime: return values::datetime_to_string(c.i64[i]);
    case Logical::Bool: return c.u8[i] ? "true" : "false";
    default: return std::string(c.str.at(i));
  }
}

std::vector<std::vector<std::string>> rows_of(const Table& t) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < t.rows(); ++i) {
    std::vector<std::string> r{"R" + std::to_string(t.line[i])};
    for (const Column& c : t.columns) r.push_back(cell(c, i));
    out.push_back(r);
  }
  return out;
}

struct Rej {
  uint64_t line;
  std::string column, code, raw;
  bool row;
  bool operator==(const Rej&) const = default;
};
std::ostream& operator<<(std::ostream& o, const Rej& r) {
  return o << "{" << r.line << "," << r.column << "," << r.code << "," << r.raw << "," << r.row << "}";
}
std::vector<Rej> rejects_of(const LoadResult& r) {
  std::vector<Rej> out;
  for (const RejectRecord& j : r.rejects) out.push_back({j.line, j.column.str(), j.code.str(), j.raw, j.row_rejected});
  return out;
}

TEST(LoadXlsx, ZhongbenWorkbookExactValuesRejectsAndAccounting) {
  const LoadResult r = load_table(zhongben_spec(fixture("zhongben.xlsx")));
  ASSERT_TRUE(r.ok) << r.error_code << " " << r.error_en;
  const LoadStats& s = r.stats;
  EXPECT_EQ(s.rows_read, s.rows_used + s.rows_rejected);
  EXPECT_EQ(s.rows_read, 8u);
  EXPECT_EQ(s.rows_used, 6u);
  EXPECT_EQ(s.rows_rejected, 2u);
  EXPECT_EQ(s.trailer_rows, 1u);
  EXPECT_EQ(s.empty_rows, 1u);
  EXPECT_EQ(s.title_rows, 1u);
  EXPECT_EQ(s.header_line, 3u);
  EXPECT_EQ(s.encoding, "xlsx");

  const std::vector<std::vector<std::string>> want = {
      // ID as text; 1234.5 number and ¥1234.5 text; date-styled serials 44986 / 44931.
      {"R4", "（2023）浙0402执1234号", "嘉兴市南湖区人民法院", "张三", "330402198503121232", "某某银行股份有限公司",
       "12345000", "12345000", "2023-03-01", "false", "2023-01-05"},
      // 15-digit ID as a number is text of digits; 1.2万; TRUE cell; 20220105 as a General number.
      {"R5", "（2022）浙0402执恢12号", "嘉兴市南湖区人民法院", "李四", "330402197503151234", "王五", "120000000",
       "120000000", "2022-03-01", "true", "2022-01-05"},
      // 3.30802E+16 is lost; 0.30000000000000004 is Excel's 0.3; 44562.5 is noon of 2022-01-01.
      {"R6", "（2023）浙0402执89号", "嘉兴市南湖区人民法院", "周九", "NULL", "吴十", "8000000", "3000", "2022-03-01",
       "true", "2022-01-01"},
      {"R7", "（2023）浙0402执88号", "嘉兴市南湖区人民法院", "钱七", "NULL", "孙八", "NULL", "5000000", "NULL", "NULL",
       "2023-03-15"},
      {"R8", "（2023）浙0402执90号", "嘉兴市南湖区人民法院", "郑十一", "11010519491231002X", "NULL", "20000000",
       "15005000", "2023-04-01", "false", "NULL"},
      {"R11", "（2023）浙0402执95号", "嘉兴市南湖区人民法院", "NULL", "NULL", "戊", "10000", "10000", "2023-04-05",
       "true", "2023-01-07"},
  };
  EXPECT_EQ(rows_of(r.table), want);
  EXPECT_EQ(rejects_of(r), (std::vector<Rej>{
                               {6, "被执行人身份证号", "V0105", "3.30802E+16", false},
                               {7, "被执行人身份证号", "V0105", "330402198503121232", false},  // > 15 digits
                               {7, "执行标的金额(元)", "V0002", "#N/A", false},
                               {7, "终本日期", "V0406", "60", false},  // Excel's 1900-02-29
                               {7, "是否履行完毕", "V0002", "不详", false},
                               {9, "案号", "V0301", "无案号", true},
                               {11, "被执行人", "V0105", "12345678901234567", false},
                               {12, "", "C0102", "合计\t\t\t\t\t15234.5", true},
                           }));
  const std::map<std::string, std::map<std::string, uint64_t>> nulls = {
      {"被执行人", {{"V0105", 1}}},
      {"被执行人身份证号", {{"V0105", 2}, {"empty", 1}}},
      {"执行标的金额(元)", {{"V0002", 1}}},
      {"终本日期", {{"V0406", 1}}},
      {"是否履行完毕", {{"V0002", 1}}},
      {"立案日期", {{"empty", 1}}},
  };
  EXPECT_EQ(s.nulls, nulls);
  EXPECT_EQ(r.rejects[0].reason_zh, "号码被Excel存成浮点数，部分数字已丢失");
}

TEST(LoadXlsx, NamedSheetMissingSheetAndMissingColumn) {
  LoadSpec spec = zhongben_spec(fixture("zhongben.xlsx"));
  spec.sheet = "终本案件";
  EXPECT_TRUE(load_table(spec).ok);

  spec.sheet = "Sheet9";
  LoadResult r = load_table(spec);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "L0201");
  EXPECT_NE(r.error_en.find("zhongben.xlsx"), std::string::npos);
  EXPECT_NE(r.error_en.find("终本案件"), std::string::npos) << r.error_en;  // the sheets it has

  spec.sheet.clear();
  spec.columns[6].headers = {"未履行金额(万元)"};
  r = load_table(spec);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "C0204");
  EXPECT_EQ(r.error_line, 3u);
  EXPECT_NE(r.error_en.find("column '未履行金额(万元)' is missing; the nearest header is '未履行金额(元)' (column 7)"),
            std::string::npos)
      << r.error_en;
  EXPECT_NE(r.error_zh.find("zhongben.xlsx"), std::string::npos);
}

TEST(LoadXlsx, NotAWorkbook) {
  LoadSpec spec = zhongben_spec(fixture("zhongben_utf8.csv"));
  spec.path = ::testing::TempDir() + "clue_load_not_xlsx.xlsx";
  ASSERT_TRUE(xlsx::build::write_file(spec.path, "案号,法院\n1,2\n"));
  const LoadResult r = load_table(spec);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "L0201");
  EXPECT_FALSE(r.error_en.empty());
  EXPECT_FALSE(r.error_zh.empty());
}

TEST(LoadXlsx, SheetCutShortKeepsRowsBeforeAndBalances) {
  xlsx::build::Workbook wb;
  std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>金额</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>张三</t></is></c><c r=\"B2\"><v>12.5</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>李四</t></is></c><c r=\"B3\"><v>7</v></c></row>";
  std::string sheet = xlsx::build::worksheet(rows);
  sheet = sheet.substr(0, sheet.find("<row r=\"3\">") + 20);  // cut inside row 3
  wb.sheets = {{"Sheet1", sheet}};
  LoadSpec spec;
  spec.source = "x";
  spec.path = ::testing::TempDir() + "clue_load_cut.xlsx";
  spec.columns = {col("姓名", Logical::Text), col("金额", Logical::Money)};
  ASSERT_TRUE(xlsx::build::write_file(spec.path, xlsx::build::xlsx_bytes(wb)));
  const LoadResult r = load_table(spec);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "L0202");
  EXPECT_EQ(r.stats.rows_read, r.stats.rows_used + r.stats.rows_rejected);
  EXPECT_EQ(rows_of(r.table), (std::vector<std::vector<std::string>>{{"R2", "张三", "125000"}}));
}

// A workbook's text is not checked by the CSV layer: a text cell that is not UTF-8 becomes null
// with V0001 (the row is kept), and the rows still balance.
TEST(LoadXlsx, TextCellNotUtf8IsV0001) {
  xlsx::build::Workbook wb;
  wb.sheets = {{"Sheet1", xlsx::build::worksheet(
                              "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c></row>"
                              "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>张\xff三</t></is></c></row>"
                              "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>李四</t></is></c></row>")}};
  test::TempFile file("clue_load_not_utf8", ".xlsx");
  LoadSpec spec;
  spec.source = "x";
  spec.path = file.path;
  spec.columns = {col("姓名", Logical::Text)};
  ASSERT_TRUE(xlsx::build::write_file(spec.path, xlsx::build::xlsx_bytes(wb)));
  const LoadResult r = load_table(spec);
  ASSERT_TRUE(r.ok) << r.error_en;
  EXPECT_EQ(rows_of(r.table), (std::vector<std::vector<std::string>>{{"R2", "NULL"}, {"R3", "李四"}}));
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(std::string(r.rejects[0].code.view()), "V0001");
  EXPECT_EQ(std::string(r.rejects[0].reason_en.view()), "input is not valid UTF-8");
  EXPECT_FALSE(r.rejects[0].row_rejected);
  EXPECT_TRUE(r.stats.balanced());
}

}  // namespace
}  // namespace clue::rt
