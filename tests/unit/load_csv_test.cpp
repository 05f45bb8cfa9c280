// load_table on CSV: the dirty 终本案件 fixture (UTF-8 + BOM + CRLF and its GB18030 twin,
// see tests/fixtures/load/make_fixtures.sh), a GCJ-02 geo source, file errors and the
// value rules, asserting exact typed values, exact rejects and the row accounting.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "runtime/load/builder.h"
#include "runtime/load/loader.h"
#include "runtime/values/case_no.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/geo.h"
#include "runtime/values/idcard.h"
#include "runtime/values/text.h"

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

LoadSpec zhongben_spec(const std::string& path, int threads = 1) {
  LoadSpec s;
  s.source = "终本案件";
  s.path = path;
  s.threads = threads;
  s.columns = {col("案号", Logical::CaseNo, /*required=*/true),
               col("法院", Logical::Text),
               col("被执行人", Logical::Text),
               col("被执行人身份证号", Logical::IdCard),
               col("申请执行人", Logical::Text, false, /*optional=*/true),
               col("执行标的金额(元)", Logical::Money),
               col("未履行金额(元)", Logical::Money),
               col("终本日期", Logical::Date),
               col("是否履行完毕", Logical::Bool),
               col("立案日期", Logical::Date)};
  s.columns[5].allow_wan = true;
  return s;
}

// One cell as text: NULL, or the typed value in a form that shows it exactly.
std::string cell(const Column& c, size_t i) {
  if (!c.valid[i]) return "NULL";
  switch (c.logical) {
    case Logical::IdCard: return values::to_string(values::IdCard{uint64_t(c.i64[i])});
    case Logical::Money:
    case Logical::Decimal:
    case Logical::Int: return std::to_string(c.i64[i]);
    case Logical::Date: return values::date_to_string(c.i32[i]);
    case Logical::Month: return values::month_to_string(c.i32[i]);
    case Logical::DateTime: return values::datetime_to_string(c.i64[i]);
    case Logical::Bool: return c.u8[i] ? "true" : "false";
    case Logical::Geo: return std::to_string(c.x[i]) + "," + std::to_string(c.y[i]);
    default: return std::string(c.str.at(i));
  }
}

std::vector<std::vector<std::string>> rows_of(const Table& t) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < t.rows(); ++i) {
    std::vector<std::string> r{"L" + std::to_string(t.line[i])};
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

void expect_consistent(const LoadResult& r) {
  const LoadStats& s = r.stats;
  EXPECT_EQ(s.rows_read, s.rows_used + s.rows_rejected);
  EXPECT_TRUE(s.balanced());
  EXPECT_EQ(s.rows_used, r.table.rows());
  for (const Column& c : r.table.columns) EXPECT_EQ(c.size(), r.table.rows());
  uint64_t row_rejects = 0;
  for (const RejectRecord& j : r.rejects) row_rejects += j.row_rejected;
  EXPECT_EQ(row_rejects, s.rows_rejected);
  for (const RejectRecord& j : r.rejects) {
    EXPECT_FALSE(j.code.empty());
    EXPECT_FALSE(j.reason_en.empty());
    EXPECT_FALSE(j.reason_zh.empty());
  }
}

const std::vector<std::vector<std::string>> kZhongbenRows = {
    {"L4", "（2023）浙0402执1234号", "嘉兴市南湖区人民法院", "张三", "330402198503121232",
     "某某银行股份有限公司嘉兴分行", "12345000", "12345000", "2023-03-01", "false", "2023-01-05"},
    {"L5", "（2022）浙0402执恢12号", "嘉兴市南湖区人民法院", "李　四", "330402197503151234", "王五", "120000000",
     "120000000", "2022-03-01", "true", "2022-01-05"},
    {"L6", "（2021）浙04执5号", "嘉兴市中级人民法院", "阿依古丽·买买提", "330402199001010027", "赵六", "10000000", "0",
     "2022-03-01", "false", "2021-03-01"},
    {"L7", "（2023）浙0402执88号", "嘉兴市南湖区人民法院", "钱七", "NULL", "孙八", "5000000", "5000000", "NULL",
     "true", "2023-01-01"},
    {"L8", "（2023）浙0402执89号", "嘉兴市南湖区人民法院", "周九", "NULL", "吴十", "8000000", "8000000",
     "2023-04-01", "true", "2023-01-02"},
    {"L10", "（2023）浙0402执90号", "嘉兴市南湖区人民法院", "郑十一\r\n（曾用名郑十）", "11010519491231002X",
     "某某小额贷款有限公司", "20000000", "15005000", "2023-04-02", "false", "2023-01-03"},
    {"L14", "（2023）浙0402执93号", "嘉兴市南湖区人民法院", "冯十二", "330402197711050518", "乙", "NULL",
     "10000000", "2023-05-06", "NULL", "2023-01-04"},
    {"L15", "（2023）浙0402执94号", "嘉兴市南湖区人民法院", "NULL", "33048219920229331X", "NULL", "30000000",
     "30000000", "NULL", "false", "2023-01-05"},
    {"L19", "（2023）浙0402执95号", "嘉兴市南湖区人民法院", "卫十五", "440306198808088889", "戊", "120000000",
     "NULL", "2023-04-05", "true", "2023-01-07"},
};

const std::vector<Rej> kZhongbenRejects = {
    {7, "被执行人身份证号", "V0103", "330402198503121233", false},
    {7, "终本日期", "V0402", "2023-02-30", false},
    {8, "被执行人身份证号", "V0105", "3.30802E+16", false},
    {12, "", "C0101", "(2023)浙0402执91号,嘉兴市南湖区人民法院,短行", true},
    {13, "", "C0101", "(2023)浙0402执92号,嘉兴市南湖区人民法院,王,330402197711050518,甲,1,1,2023-01-01,否,2023-01-01,,多余",
     true},
    {14, "执行标的金额（元）", "V0501", "1,5", false},
    {14, "是否履行完毕", "V0002", "不详", false},
    {16, "案号", "V0301", "无案号", true},
    {17, "案号", "L0001", "", true},
    {19, "未履行金额(元)", "V0504", "3万", false},
    {20, "", "C0102", "合计,,,,,\"15,234.50\",,,,,", true},
};

class ZhongbenFixture : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(ZhongbenFixture, ExactValuesRejectsAndAccounting) {
  const auto& [file, threads] = GetParam();
  LoadSpec spec = zhongben_spec(fixture(file), threads);
  spec.min_chunk_bytes = 1;  // many chunks even on a tiny file: boundaries everywhere
  const LoadResult r = load_table(spec);
  ASSERT_TRUE(r.ok) << r.error_en;
  expect_consistent(r);

  EXPECT_EQ(r.table.name, "终本案件");
  EXPECT_EQ(r.table.path, fixture(file));
  EXPECT_EQ(r.table.column_names,
            (std::vector<std::string>{"案号", "法院", "被执行人", "被执行人身份证号", "申请执行人", "执行标的金额(元)",
                                      "未履行金额(元)", "终本日期", "是否履行完毕", "立案日期"}));
  EXPECT_EQ(rows_of(r.table), kZhongbenRows);
  EXPECT_EQ(rejects_of(r), kZhongbenRejects);

  const LoadStats& s = r.stats;
  EXPECT_EQ(s.rows_read, 14u);
  EXPECT_EQ(s.rows_used, 9u);
  EXPECT_EQ(s.rows_rejected, 5u);
  EXPECT_EQ(s.trailer_rows, 1u);
  EXPECT_EQ(s.blank_lines, 1u);
  EXPECT_EQ(s.empty_rows, 1u);
  EXPECT_EQ(s.title_rows, 2u);
  EXPECT_EQ(s.header_line, 3u);
  EXPECT_EQ(s.delimiter, ',');
  EXPECT_EQ(s.encoding, file.find("gb18030") != std::string::npos ? "GB18030" : "UTF-8");
  const std::map<std::string, std::map<std::string, uint64_t>> nulls = {
      {"被执行人", {{"empty", 1}}},
      {"被执行人身份证号", {{"V0103", 1}, {"V0105", 1}}},
      {"执行标的金额(元)", {{"V0501", 1}}},
      {"未履行金额(元)", {{"V0504", 1}}},
      {"终本日期", {{"V0402", 1}, {"empty", 1}}},
      {"是否履行完毕", {{"V0002", 1}}},
  };
  EXPECT_EQ(s.nulls, nulls);  // 申请执行人 is optional: its empty cell is not counted

  // Reasons come in both languages, from the registries.
  EXPECT_EQ(r.rejects[0].reason_zh, "身份证号码校验位错误");
  EXPECT_EQ(r.rejects[3].reason_en,
            "line 12: expected 11 fields but found 3; the row is rejected whole (never shifted)");
  EXPECT_EQ(r.rejects[8].reason_zh, "必填字段为空；整行拒收");
  for (const RejectRecord& j : r.rejects) {
    EXPECT_EQ(j.source, "终本案件");
    EXPECT_EQ(j.path, fixture(file));
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ZhongbenFixture,
                         ::testing::Combine(::testing::Values("zhongben_utf8.csv", "zhongben_gb18030.csv"),
                                            ::testing::Values(1, 2, 5)));

TEST(LoadCsv, MissingColumnNamesFileColumnAndNearestHeader) {
  LoadSpec spec = zhongben_spec(fixture("zhongben_utf8.csv"));
  spec.columns[6].headers = {"未履行金额(万元)"};
  const LoadResult r = load_table(spec);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "C0204");
  EXPECT_EQ(r.error_line, 3u);
  EXPECT_NE(r.error_en.find(fixture("zhongben_utf8.csv")), std::string::npos) << r.error_en;
  EXPECT_NE(r.error_en.find("column '未履行金额(万元)' is missing; the nearest header is '未履行金额(元)' (column 7)"),
            std::string::npos)
      << r.error_en;
  EXPECT_NE(r.error_zh.find(fixture("zhongben_utf8.csv")), std::string::npos);
  EXPECT_NE(r.error_zh.find("缺少列“未履行金额(万元)”；最接近的现有表头为“未履行金额(元)”"), std::string::npos)
      << r.error_zh;
}

TEST(LoadCsv, MissingFileEmptyFileAndHeaderOnly) {
  LoadSpec spec = zhongben_spec("/nonexistent/终本.csv");
  LoadResult r = load_table(spec);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "C0201");
  EXPECT_NE(r.error_en.find("/nonexistent/终本.csv"), std::string::npos);

  LoadSpec s2;
  s2.source = "x";
  s2.path = "empty.csv";
  s2.columns = {col("案号", Logical::CaseNo), col("被执行人", Logical::Text)};
  r = load_csv_bytes(s2, "");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "C0202");

  r = load_csv_bytes(s2, "\xEF\xBB\xBF案号,被执行人\r\n");
  ASSERT_TRUE(r.ok) << r.error_en;
  expect_consistent(r);
  EXPECT_EQ(r.table.rows(), 0u);
  EXPECT_EQ(r.table.columns.size(), 2u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "C0303");
}

TEST(LoadCsv, UnterminatedQuoteIsAFileErrorButKeepsTheRowsBefore) {
  LoadSpec s;
  s.source = "x";
  s.path = "cut.csv";
  s.columns = {col("案号", Logical::Text), col("被执行人", Logical::Text)};
  for (int threads : {1, 2}) {
    s.threads = threads;
    s.min_chunk_bytes = 1;
    const LoadResult r = load_csv_bytes(s, "案号,被执行人\nA1,张三\nA2,\"李四\nA3,王五\n");
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_code, "C0205");
    EXPECT_EQ(r.error_line, 3u);
    expect_consistent(r);
    EXPECT_EQ(rows_of(r.table), (std::vector<std::vector<std::string>>{{"L2", "A1", "张三"}}));
    ASSERT_EQ(r.rejects.size(), 1u);
    EXPECT_EQ(r.rejects[0].code, "C0205");
    EXPECT_EQ(r.rejects[0].line, 3u);
    EXPECT_TRUE(r.rejects[0].row_rejected);
  }
}

TEST(LoadCsv, InvalidUtf8RowIsRejectedWithItsColumn) {
  LoadSpec s;
  s.source = "x";
  s.path = "bad.csv";
  s.encoding = "utf-8";
  s.columns = {col("案号", Logical::CaseNo), col("被执行人", Logical::Text)};
  const LoadResult r = load_csv_bytes(s, "案号,被执行人\n(2023)浙0402执1号,\xFF\xFE李四\n(2023)浙0402执2号,王五\n");
  ASSERT_TRUE(r.ok) << r.error_en;
  expect_consistent(r);
  EXPECT_EQ(rejects_of(r), (std::vector<Rej>{{2, "被执行人", "C0103", "(2023)浙0402执1号,\xFF\xFE李四", true}}));
  EXPECT_EQ(r.rejects[0].reason_en, "line 2, column 2: bytes are not valid UTF-8; the row is rejected");
  EXPECT_EQ(rows_of(r.table), (std::vector<std::vector<std::string>>{{"L3", "（2023）浙0402执2号", "王五"}}));
}

TEST(LoadCsv, RequiredFailureRejectsTheRowOnlyOnce) {
  LoadSpec s;
  s.source = "x";
  s.path = "r.csv";
  s.columns = {col("姓名", Logical::Text), col("身份证号", Logical::IdCard, /*required=*/true),
               col("金额", Logical::Money), col("日期", Logical::Date, true)};
  // Line 2: bad amount and a bad required ID: one row reject, for the ID, and nothing else
  // counted for that row. Line 3: both required fields bad: the first one is the reason.
  const LoadResult r = load_csv_bytes(s,
                                      "姓名,身份证号,金额,日期\n"
                                      "甲,330402198503121233,abc,2023-01-01\n"
                                      "乙,,abc,2023-02-30\n"
                                      "丙,330402198503121232,abc,2023-01-02\n");
  ASSERT_TRUE(r.ok);
  expect_consistent(r);
  EXPECT_EQ(rejects_of(r), (std::vector<Rej>{{2, "身份证号", "V0103", "330402198503121233", true},
                                             {3, "身份证号", "L0001", "", true},
                                             {4, "金额", "V0501", "abc", false}}));
  EXPECT_EQ(rows_of(r.table), (std::vector<std::vector<std::string>>{
                                  {"L4", "丙", "330402198503121232", "NULL", "2023-01-02"}}));
  EXPECT_EQ(r.stats.nulls, (std::map<std::string, std::map<std::string, uint64_t>>{{"金额", {{"V0501", 1}}}}));
}

TEST(LoadCsv, GeoGcj02ConvertedToWgs84) {
  LoadSpec s;
  s.source = "学校";
  s.path = fixture("schools_gcj02.csv");
  ColumnSpec geo = col("位置", Logical::Geo);
  geo.headers = {"经度", "纬度"};
  geo.datum = "GCJ-02";
  s.columns = {col("学校名称", Logical::Text, true), geo};
  const LoadResult r = load_table(s);
  ASSERT_TRUE(r.ok) << r.error_en;
  expect_consistent(r);
  ASSERT_EQ(r.table.rows(), 5u);
  EXPECT_EQ(r.table.line, (std::vector<uint64_t>{2, 3, 4, 5, 6}));
  const Column& g = r.table.columns[1];
  const values::GeoPoint in[] = {{120.755486, 30.746129}, {120.7689, 30.7512}};
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(g.valid[size_t(i)]);
    const values::GeoPoint w = values::gcj02_to_wgs84(in[i]);
    EXPECT_EQ(g.x[size_t(i)], w.lon);
    EXPECT_EQ(g.y[size_t(i)], w.lat);
    // GCJ-02 is offset by a few hundred metres in 嘉兴.
    const double d = values::haversine_m(in[i], w);
    EXPECT_GT(d, 200);
    EXPECT_LT(d, 800);
  }
  EXPECT_FALSE(g.valid[2]);  // latitude 95.1
  EXPECT_FALSE(g.valid[3]);  // both empty
  EXPECT_TRUE(g.valid[4]);
  EXPECT_EQ(rejects_of(r), (std::vector<Rej>{{4, "纬度", "V0903", "95.1", false}}));
  EXPECT_EQ(r.stats.nulls,
            (std::map<std::string, std::map<std::string, uint64_t>>{{"位置", {{"V0903", 1}, {"empty", 1}}}}));
}

TEST(LoadCsv, OtherTypesAndBoolWords) {
  LoadSpec s;
  s.source = "x";
  s.path = "t.tsv";
  ColumnSpec b = col("履行情况", Logical::Bool);
  b.true_words = {"已履行"};
  b.false_words = {"未履行"};
  s.columns = {col("次数", Logical::Int), col("月份", Logical::Month), col("时间", Logical::DateTime),
               col("信用代码", Logical::Uscc), b};
  const LoadResult r = load_csv_bytes(s,
                                      "次数\t月份\t时间\t信用代码\t履行情况\n"
                                      "1,234\t2024年3月\t2018年4月21日10时\t91330402MA2BB5CX8M\t已履行\n"
                                      "3.5\t202403\t2019-07-04 04:41:50\t91330402MA2BB5CX8F\t是\n");
  ASSERT_TRUE(r.ok) << r.error_en;
  expect_consistent(r);
  EXPECT_EQ(r.stats.delimiter, '\t');
  auto rows = rows_of(r.table);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"L2", "1234", "2024-03", "2018-04-21 10:00:00",
                                               "91330402MA2BB5CX8M", "true"}));
  EXPECT_EQ(rows[1][1], "NULL");
  EXPECT_EQ(rows[1][2], "2024-03");
  EXPECT_EQ(rows[1][3], "2019-07-04 04:41:50");
  EXPECT_EQ(rows[1][4], "NULL");  // check character F instead of M
  EXPECT_EQ(rows[1][5], "NULL");  // 是 is not one of this column's words
  EXPECT_EQ(rejects_of(r), (std::vector<Rej>{{3, "次数", "V0603", "3.5", false},
                                             {3, "信用代码", "V0203", "91330402MA2BB5CX8F", false},
                                             {3, "履行情况", "V0701", "是", false}}));
}

TEST(LoadCsv, BadSpecIsL0101) {
  LoadSpec s;
  s.source = "x";
  s.path = "t.csv";
  ColumnSpec g = col("位置", Logical::Geo);
  g.headers = {"经度", "纬度"};
  g.datum = "火星2";
  s.columns = {g};
  LoadResult r = load_csv_bytes(s, "经度,纬度\n1,2\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "L0101");
  s.columns[0].datum = "BD-09";
  s.columns[0].headers = {"经度"};
  r = load_csv_bytes(s, "经度,纬度\n1,2\n");
  EXPECT_EQ(r.error_code, "L0101");
  s.columns = {col("a", Logical::Text)};
  s.encoding = "latin-1";
  r = load_csv_bytes(s, "a\n1\n");
  EXPECT_EQ(r.error_code, "L0101");
}

// The text fast path (no normalize_text call when nothing can change) must give exactly
// what normalize_text gives.
TEST(LoadCsv, TextFastPathEqualsNormalizeText) {
  const char* pieces[] = {"a", "张", "三", " ", "\t", "\xE3\x80\x80", "\xC2\xA0", "\xEF\xBB\xBF", "\xE2\x80\xA2",
                          "\xE3\x83\xBB", "\xEF\xBD\xA5", "\xE2\x80\xA7", "\xE2\x88\x99", "\xEF\xBC\x8E", "Ａ",
                          "１", "（", "）", "〇", "·", "\r\n", "x", "é"};
  std::mt19937 rng(7);
  load_detail::ColumnPlan p;
  p.type = Logical::Text;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = int(rng() % 8);
    for (int i = 0; i < len; ++i) s += pieces[rng() % std::size(pieces)];
    Column c = Column::make(Logical::Text);
    load_detail::push_cell(p, c, s, {}, true);
    const std::string want = values::normalize_text(s);
    if (want.empty()) {
      EXPECT_FALSE(c.valid[0]) << s;
    } else {
      ASSERT_TRUE(c.valid[0]) << s;
      EXPECT_EQ(c.str.at(0), want) << s;
    }
  }
}

// A UTF-8 export with one row pasted in from a GBK file: the row is decoded as GB18030,
// used, and reported as a warning with its line.
TEST(LoadCsv, GbkRowInUtf8FileIsDecodedAndReported) {
  LoadSpec s;
  s.source = "x";
  s.path = "mixed.csv";
  s.columns = {col("案号", Logical::CaseNo), col("被执行人", Logical::Text)};
  std::string text = "案号,被执行人\n";
  for (int i = 1; i <= 30; ++i) text += "(2023)浙0402执" + std::to_string(i) + "号,张三丰\n";
  text += "(2023)\xD5\xE3" "0402\xD6\xB4" "2\xBA\xC5,\xCD\xF5\xCE\xE5\n";  // GBK: (2023)浙0402执2号,王五
  text += "(2023)浙0402执99号,赵六\n";
  for (int threads : {1, 3}) {
    s.threads = threads;
    s.min_chunk_bytes = 1;
    const LoadResult r = load_csv_bytes(s, text);
    ASSERT_TRUE(r.ok) << r.error_en;
    expect_consistent(r);
    EXPECT_EQ(r.stats.encoding, "UTF-8 + GB18030: line 32");  // the run summary and manifest say so
    ASSERT_EQ(r.table.rows(), 32u);
    EXPECT_EQ(rows_of(r.table)[30], (std::vector<std::string>{"L32", "（2023）浙0402执2号", "王五"}));
    EXPECT_EQ(r.stats.encoding_fallback_rows, 1u);
    EXPECT_EQ(r.stats.encoding_fallback_lines, 1u);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0].code, "C0302");
    EXPECT_EQ(r.warnings[0].line, 32u);
  }
}

// The case-number column writes values::canonical() straight into its bytes.
TEST(LoadCsv, CaseNoColumnHoldsCanonical) {
  load_detail::ColumnPlan p;
  p.type = Logical::CaseNo;
  const char* forms[] = {"(2023)浙0402执1234号", "（２０２２）浙0402执恢12号", "〔2011〕嘉南民初字第3180号",
                         "(2019)京民终 0012 号", "[2020]最高法民申1号之一", "(2023)浙0402执0号", "坏案号", ""};
  for (const char* f : forms) {
    Column c = Column::make(Logical::CaseNo);
    const load_detail::CellResult r = load_detail::push_cell(p, c, f, {}, true);
    const auto want = values::parse_case_no(f);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(bool(c.valid[0]), want.ok()) << f;
    if (want.ok()) EXPECT_EQ(c.str.at(0), values::canonical(want.value())) << f;
    else EXPECT_EQ(r.error, want.error()) << f;
  }
}

// ColumnSpec::verbatim (clue ingest's _clue_raw_<field>): a second spec on a key field's header
// keeps the cell as exported, untrimmed and unfolded, NULL when empty; the key field's own
// problems are reported once, by the key field.
TEST(LoadCsv, VerbatimColumnKeepsTheCellAsExported) {
  LoadSpec s;
  s.source = "x";
  s.path = "v.csv";
  ColumnSpec raw = col("_clue_raw_身份证号", Logical::Text);
  raw.headers = {"身份证号"};
  raw.verbatim = true;
  s.columns = {col("身份证号", Logical::IdCard), raw, col("姓名", Logical::Text)};
  const LoadResult r = load_csv_bytes(s,
                                      "身份证号,姓名\n"
                                      "330402850312123,甲\n"
                                      "\"  ３３０４０２１９８５０３１２１２３２ \",乙\n"
                                      "330402198503121233,丙\n"
                                      ",丁\n");
  ASSERT_TRUE(r.ok);
  expect_consistent(r);
  ASSERT_EQ(r.table.columns.size(), 3u);
  const Column& c = r.table.columns[1];
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c.str.at(0), "330402850312123");
  EXPECT_EQ(c.str.at(1), "  ３３０４０２１９８５０３１２１２３２ ");
  EXPECT_EQ(c.str.at(2), "330402198503121233");  // a bad check digit: the raw text all the same
  EXPECT_FALSE(c.valid[3]);                       // an empty cell: NULL
  // One reject, the ID's check digit, reported by the ID field only.
  EXPECT_EQ(rejects_of(r), (std::vector<Rej>{{4, "身份证号", "V0103", "330402198503121233", false}}));
  EXPECT_EQ(cell(r.table.columns[0], 0), "330402198503121232");
}

}  // namespace
}  // namespace clue::rt
