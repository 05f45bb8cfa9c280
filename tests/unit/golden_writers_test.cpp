// The output writers byte for byte: CSV quoting (only when needed, quotes doubled), the BOM and
// CRLF of every CSV file, rejects.csv's columns, JSON lines. The end-to-end golden runs compare
// whole files; these pin the edge cases the sample data may not hold.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "runtime/exec/writers.h"
#include "tests/support/json.h"
#include "tests/support/random_bytes.h"

using namespace clue;

namespace {

const std::string kBom = "\xEF\xBB\xBF";
const std::string kRejectsHeader = "数据源,文件,行号,列,原始值,代码,原因,reason,处理\r\n";

// The rule, written the slow and obvious way.
std::string reference_cell(const std::string& s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos || (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string appended_cell(const std::string& s) {
  std::string out = "prefix|";
  exec::append_csv_cell(out, s);
  return out.substr(7);
}

}  // namespace

TEST(CsvCell, PlainCellsAreWrittenAsIs) {
  EXPECT_EQ(exec::csv_cell(""), "");
  EXPECT_EQ(exec::csv_cell("abc"), "abc");
  EXPECT_EQ(exec::csv_cell("a b"), "a b");    // an inner space needs no quotes
  EXPECT_EQ(exec::csv_cell("a\tb"), "a\tb");  // nor a tab
  EXPECT_EQ(exec::csv_cell("张三"), "张三");
  EXPECT_EQ(exec::csv_cell("（2021）浙0803执100号"), "（2021）浙0803执100号");
  EXPECT_EQ(exec::csv_cell("'0123"), "'0123");
  EXPECT_EQ(exec::csv_cell("，"), "，");  // the full-width comma is not a separator
}

TEST(CsvCell, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(exec::csv_cell(","), "\",\"");
  EXPECT_EQ(exec::csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(exec::csv_cell("\""), "\"\"\"\"");
  EXPECT_EQ(exec::csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(exec::csv_cell("\"\"\""), "\"\"\"\"\"\"\"\"");
  EXPECT_EQ(exec::csv_cell("a\nb"), "\"a\nb\"");
  EXPECT_EQ(exec::csv_cell("a\rb"), "\"a\rb\"");
  EXPECT_EQ(exec::csv_cell("a\r\nb"), "\"a\r\nb\"");
  EXPECT_EQ(exec::csv_cell("\n"), "\"\n\"");
  EXPECT_EQ(exec::csv_cell("张三,李四"), "\"张三,李四\"");
  EXPECT_EQ(exec::csv_cell("浙江\"某某\"公司"), "\"浙江\"\"某某\"\"公司\"");
}

TEST(CsvCell, LeadingOrTrailingSpacesAreQuoted) {
  EXPECT_EQ(exec::csv_cell(" "), "\" \"");
  EXPECT_EQ(exec::csv_cell("  "), "\"  \"");
  EXPECT_EQ(exec::csv_cell(" a"), "\" a\"");
  EXPECT_EQ(exec::csv_cell("a "), "\"a \"");
  EXPECT_EQ(exec::csv_cell(" 张三 "), "\" 张三 \"");
  EXPECT_EQ(exec::csv_cell("\ta"), "\ta");  // only the space, not other white space
  EXPECT_EQ(exec::csv_cell("　张三"), "　张三");  // nor the ideographic space
}

// Every byte value at every position of cells around the eight-byte scanning width: the fast
// check must agree with the rule, with no false hit on bytes such as 0xAC (',' | 0x80).
TEST(CsvCell, EveryByteAtEveryPositionMatchesTheRule) {
  for (size_t len : {1, 2, 7, 8, 9, 15, 16, 17, 24, 33}) {
    for (size_t pos = 0; pos < len; ++pos) {
      for (int b = 0; b < 256; ++b) {
        std::string s(len, 'x');
        s[pos] = char(b);
        ASSERT_EQ(exec::csv_cell(s), reference_cell(s)) << "len " << len << " pos " << pos << " byte " << b;
        ASSERT_EQ(appended_cell(s), reference_cell(s)) << "len " << len << " pos " << pos << " byte " << b;
      }
    }
  }
}

TEST(CsvCell, AppendingFormMatches) {
  for (const std::string& s : std::vector<std::string>{"", "a", " a", "a,b", "x\"y\"", "多字节,文本", std::string(100, '"'), std::string(1000, 'z') + ","})
    EXPECT_EQ(appended_cell(s), exec::csv_cell(s)) << s;
}

TEST(ToCsv, BomHeaderAndCrlfLines) {
  exec::OutputTable t;
  t.columns = {"姓名", "金额", "备注"};
  t.rows = {{"张三", "100.50", ""}, {" 李四", "", "a,b"}, {"", "", ""}, {"王\"五\"", "1", "x\r\ny"}};
  EXPECT_EQ(exec::to_csv(t), kBom +
                                 "姓名,金额,备注\r\n"
                                 "张三,100.50,\r\n"
                                 "\" 李四\",,\"a,b\"\r\n"
                                 ",,\r\n"
                                 "\"王\"\"五\"\"\",1,\"x\r\ny\"\r\n");
}

// The formula guard (OWASP's CSV-injection rule): text cells that start with = + - @ TAB or
// CR get a ' in front and are counted; numeric columns (a negative amount) never do.
TEST(ToCsv, FormulaLikeTextCellsAreGuardedAndCounted) {
  exec::OutputTable t;
  t.columns = {"姓名", "金额", "次数", "比例", "日期", "来源:zb"};
  t.value_columns = 5;
  t.types = {TypeKind::Text, TypeKind::Money, TypeKind::Int, TypeKind::Decimal, TypeKind::Date};
  t.rows = {{"=HYPERLINK(\"http://x\",\"y\")", "-12.50", "-3", "-0.5", "2023-01-05", "zb.csv:2"},
            {"+86 138", "1.00", "1", "1", "", "=evil.csv:3"},
            {"-", "", "", "", "", "zb.csv:4"},
            {"@SUM(A1)", "", "", "", "", ""},
            {"\tcmd", "", "", "", "", ""},
            {"\r=1", "", "", "", "", ""},
            {"张=三", "", "", "", "", ""},
            {" =1", "", "", "", "", ""}};
  uint64_t guarded = 99;
  EXPECT_EQ(exec::to_csv(t, &guarded), kBom +
                                           "姓名,金额,次数,比例,日期,来源:zb\r\n"
                                           "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-12.50,-3,-0.5,2023-01-05,zb.csv:2\r\n"
                                           "'+86 138,1.00,1,1,,'=evil.csv:3\r\n"
                                           "'-,,,,,zb.csv:4\r\n"
                                           "'@SUM(A1),,,,,\r\n"
                                           "'\tcmd,,,,,\r\n"
                                           "\"'\r=1\",,,,,\r\n"
                                           "张=三,,,,,\r\n"
                                           "\" =1\",,,,,\r\n");
  EXPECT_EQ(guarded, 7u);  // the name cells of rows 1-6 and one provenance cell
}

// Without column types (a table built by hand) every column is text: guarded.
TEST(ToCsv, UntypedColumnsAreGuardedAsText) {
  exec::OutputTable t;
  t.columns = {"a"};
  t.rows = {{"-1"}, {"1"}};
  uint64_t guarded = 0;
  EXPECT_EQ(exec::to_csv(t, &guarded), kBom + "a\r\n'-1\r\n1\r\n");
  EXPECT_EQ(guarded, 1u);
}

// JSON lines are for machines: never guarded.
TEST(ToJsonl, FormulaLikeCellsStayAsTheyAre) {
  exec::OutputTable t;
  t.columns = {"姓名"};
  t.types = {TypeKind::Text};
  t.value_columns = 1;
  t.rows = {{"=1+2"}};
  EXPECT_EQ(exec::to_jsonl(t), "{\"姓名\":\"=1+2\"}\n");
}

TEST(ToCsv, NoRowsIsTheHeaderOnly) {
  exec::OutputTable t;
  t.columns = {"a", "b c", "d,e"};
  EXPECT_EQ(exec::to_csv(t), kBom + "a,b c,\"d,e\"\r\n");
}

TEST(ToCsv, ManyRowsAndQuotesBeyondTheReservedRoom) {
  exec::OutputTable t;
  t.columns = {"q"};
  std::string want = kBom + "q\r\n";
  for (int i = 0; i < 1000; ++i) {
    std::string cell(size_t(i % 50), '"');
    t.rows.push_back({cell});
    want += reference_cell(cell) + "\r\n";
  }
  EXPECT_EQ(exec::to_csv(t), want);
}

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  exec::append_json_string(out, s);
  return out;
}

// What nlohmann-json writes for `s` (the writer's fast path for cells with nothing to escape
// must give the same bytes).
std::string nlohmann_string(std::string_view s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST(JsonString, IsNlohmannJsonsString) {
  for (int b = 0; b < 256; ++b) {
    std::string s = std::string("ab") + char(b) + "张";
    ASSERT_EQ(json_string(s), nlohmann_string(s)) << "byte " << b;
    ASSERT_EQ(json_string(std::string(1, char(b))), nlohmann_string(std::string(1, char(b)))) << "byte " << b;
  }
  for (const std::string& s : std::vector<std::string>{"", "plain", "q\"uote", "back\\slash", "tab\tnl\ncr\r", std::string("nul\0x", 5),
                                                       "\x1f\x7f", "张三", "\xF0\x9F\x98\x80", "\xE5\xBC", "\xC0\xAF", "\xED\xA0\x80"})
    EXPECT_EQ(json_string(s), nlohmann_string(s));
  std::mt19937_64 rng(20240601);
  for (int i = 0; i < 2000; ++i) {
    // Random bytes, and valid UTF-8 with an odd byte in it.
    std::string s = test::random_bytes(rng, size_t(i % 24));
    ASSERT_EQ(json_string(s), nlohmann_string(s)) << i;
    std::string t = "终本案件" + std::string(1, char(rng())) + "民事";
    ASSERT_EQ(json_string(t), nlohmann_string(t)) << i;
  }
  std::string out = "x";
  exec::append_json_string(out, "a\"b");
  EXPECT_EQ(out, "x\"a\\\"b\"");
}

// The escaping the JSON lines (and the diagnostics) have, byte for byte.
TEST(JsonString, Escaping) {
  EXPECT_EQ(json_string("张三 a/b"), "\"张三 a/b\"") << "UTF-8 as is, '/' not escaped";
  EXPECT_EQ(json_string("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"") << "not a surrogate pair";
  EXPECT_EQ(json_string("q\"b\\"), "\"q\\\"b\\\\\"");
  EXPECT_EQ(json_string("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(json_string(std::string("\0\x01\x1b\x1f\x7f", 5)), "\"\\u0000\\u0001\\u001b\\u001f\x7f\"");
  // Invalid UTF-8 is replaced by U+FFFD (EF BF BD), never an error.
  EXPECT_EQ(json_string("a\xFF" "b"), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(json_string("\xE5\xBC"), "\"\xEF\xBF\xBD\"") << "a truncated character at the end";
  EXPECT_EQ(json_string("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"") << "an overlong '/'";
}

TEST(ToJsonl, OneObjectPerRowInColumnOrder) {
  exec::OutputTable t;
  t.columns = {"姓名", "n\"ote"};
  t.rows = {{"张三", "a\nb"}, {"", "\\"}};
  EXPECT_EQ(exec::to_jsonl(t),
            "{\"姓名\":\"张三\",\"n\\\"ote\":\"a\\nb\"}\n"
            "{\"姓名\":\"\",\"n\\\"ote\":\"\\\\\"}\n");
  exec::OutputTable empty;
  empty.columns = {"a"};
  EXPECT_EQ(exec::to_jsonl(empty), "");
  std::string err;
  auto parsed = test::parse_json(exec::to_jsonl(t).substr(0, exec::to_jsonl(t).find('\n')), &err);
  ASSERT_TRUE(parsed) << err;
  EXPECT_EQ(parsed->get("n\"ote")->s, "a\nb");
}

TEST(RejectsCsv, NoRejectsIsBomAndHeader) { EXPECT_EQ(exec::rejects_csv({}), kBom + kRejectsHeader); }

// rejects.csv is opened by people too: the cells that come from the data (the file, the raw
// value) get the formula guard, counted by rejects_guarded_cells; our own texts never need it.
TEST(RejectsCsv, RawValuesThatLookLikeFormulasAreGuardedAndCounted) {
  rt::RejectRecord a;
  a.source = "zb";
  a.path = "zb.csv";
  a.line = 2;
  a.column = "未履行金额(元)";
  a.raw = "=1+2";
  a.code = "V0201";
  a.reason_zh = "x";
  a.reason_en = "y";
  rt::RejectRecord b = a;
  b.path = "-zb.csv";
  b.raw = "12";
  rt::RejectRecord c = a;
  c.raw = "1-2";
  EXPECT_EQ(exec::rejects_csv({&a, &b, &c}), kBom + kRejectsHeader +
                                                 "zb,zb.csv,2,未履行金额(元),'=1+2,V0201,x,y,该值按空值处理\r\n"
                                                 "zb,'-zb.csv,2,未履行金额(元),12,V0201,x,y,该值按空值处理\r\n"
                                                 "zb,zb.csv,2,未履行金额(元),1-2,V0201,x,y,该值按空值处理\r\n");
  EXPECT_EQ(exec::rejects_guarded_cells({&a, &b, &c}), 2u);
}

TEST(RejectsCsv, ColumnsQuotingAndHandling) {
  rt::RejectRecord value;
  value.source = "zb";
  value.path = "data/终本案件.csv";
  value.line = 4;
  value.column = "被执行人身份证号";
  value.raw = "91330881171380829Q";
  value.code = "V0102";
  value.reason_zh = "身份证号码含有数字和末位X以外的字符";
  value.reason_en = "ID card number contains a character other than digits and a final X";
  value.row_rejected = false;

  rt::RejectRecord row;
  row.source = "civil";
  row.path = "my data, 2024/民事.csv";
  row.line = std::numeric_limits<uint64_t>::max();
  row.column = "";
  row.raw = "a,\"b\",c\r\n ";
  row.code = "C0101";
  row.reason_zh = "字段数不符";
  row.reason_en = "the row has 3 fields, the header has 5 ";
  row.row_rejected = true;

  rt::RejectRecord zero;  // all empty, line 0
  zero.row_rejected = true;

  std::string got = exec::rejects_csv({&value, &row, &zero});
  EXPECT_EQ(got, kBom + kRejectsHeader +
                     "zb,data/终本案件.csv,4,被执行人身份证号,91330881171380829Q,V0102,身份证号码含有数字和末位X以外的字符,"
                     "ID card number contains a character other than digits and a final X,该值按空值处理\r\n"
                     "civil,\"my data, 2024/民事.csv\",18446744073709551615,,\"a,\"\"b\"\",c\r\n \",C0101,字段数不符,"
                     "\"the row has 3 fields, the header has 5 \",整行未使用\r\n"
                     ",,0,,,,,,整行未使用\r\n");
}

TEST(RejectsCsv, ManyRecordsMatchTheRowByRowRule) {
  std::vector<rt::RejectRecord> recs(3000);
  std::vector<const rt::RejectRecord*> ptrs;
  std::string want = kBom + kRejectsHeader;
  for (size_t i = 0; i < recs.size(); ++i) {
    auto& r = recs[i];
    r.source = i % 2 ? "zb" : "民事";
    r.path = "p" + std::to_string(i % 7) + (i % 5 ? ".csv" : " .csv ");
    r.line = i * 1000003;
    r.column = i % 3 ? "列" : "";
    r.raw = std::string(i % 11, i % 4 ? '"' : ',') + "值";
    r.code = "V01" + std::to_string(i % 10);
    r.reason_zh = "原因";
    r.reason_en = i % 13 ? "reason" : "reason, with a comma";
    r.row_rejected = i % 2;
    ptrs.push_back(&r);
    for (const std::string& c : {r.source.str(), r.path.str(), std::to_string(r.line), r.column.str(), r.raw,
                                 r.code.str(), r.reason_zh.str(), r.reason_en.str(),
                                 std::string(r.row_rejected ? "整行未使用" : "该值按空值处理")})
      want += reference_cell(c) + ",";
    want.back() = '\r';
    want += '\n';
  }
  EXPECT_EQ(exec::rejects_csv(ptrs), want);
}
