// The normalising views (compiler/sql/normalise_views.h) against the C++ normalisers they copy:
// every string of the value parsers' own tests (tests/unit/values_*_test.cpp, read at run time so
// a case added there is checked here too) plus the cases below goes through values::
// normalize_text, parse_idcard, parse_date and parse_decimal (with and without 万) and through the
// views on PostgreSQL and on ClickHouse; every result must be identical (NULL where the C++
// normaliser gives null or an error); the cells of the model fixtures' exports too. The Trino and Spark forms are golden files
// (tests/golden/sql/views/), syntax-checked by tests/sql/check_syntax.mjs.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "compiler/remote/client.h"
#include "compiler/sql/normalise_views.h"
#include "runtime/values/boolean.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/idcard.h"
#include "runtime/values/integer.h"
#include "runtime/values/party_id.h"
#include "runtime/values/text.h"
#include "runtime/values/unicode_fold.h"
#include "runtime/values/uscc.h"
#include "tests/support/run_command.h"
#include "tests/support/servers.h"

namespace clue {
namespace {

namespace fs = std::filesystem;

// The string literals of a C++ file, adjacent ones joined ("\xE3\x80\x80" "张三"), escapes read.
std::vector<std::string> string_literals(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  auto hex = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10); };
  while ((i = text.find('"', i)) != std::string::npos) {
    // Not a character literal '"' and not inside a comment line.
    if (i > 0 && text[i - 1] == '\'') {
      ++i;
      continue;
    }
    std::string s;
    bool more = true;
    while (more) {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) {
          const char e = text[++i];
          switch (e) {
            case 'n': s += '\n'; break;
            case 't': s += '\t'; break;
            case 'r': s += '\r'; break;
            case '0': s += '\0'; break;
            case 'x': {
              int v = 0, n = 0;
              while (n < 2 && i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1]))) {
                v = v * 16 + hex(text[++i]);
                ++n;
              }
              s += static_cast<char>(v);
              break;
            }
            default: s += e;
          }
        } else {
          s += text[i];
        }
        ++i;
      }
      ++i;  // the closing quote
      size_t j = i;
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      more = j < text.size() && text[j] == '"';
      if (more) i = j;
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Besides the value tests' strings: shapes each view has a branch for.
const std::vector<std::string> kExtra = {
    // dates
    "2022-03-01", "2022/3/1", "2022.3.1", "2022年3月1日", "2022年3月1号", "2022年03月01日 10时30分", "2022年3月1日10时",
    "二〇二二年三月一日", "二〇二二年十二月三十一日", "二〇二二年二月二十九日", "二零二四年二月二十九日", "二〇二二年十月十日",
    "2022年十月1日", "二〇二二年三十三月一日", "二十二十年一月一日", "20220301", "20220301 10:41", "202203011041",
    "20220301104150", "20220301104160", "2022-03-01 24:00", "2022-03-01 23:59:59.999", "2022-03-01T08:00:00",
    "2022 - 03 - 01", "2022 年 3 月 1 日", "２０２２－０３－０１", "2022-3/1", "2022-02-29", "2024-02-29", "1900-02-29",
    "2000-02-29", "1799-12-31", "1800-01-01", "2200-12-31", "2201-01-01", "2022-13-01", "2022-00-10", "2022-3",
    "2022年3月", "202203", "44621", "2022/3", "2022.03", "2022-13", "1799-12", "2024年12月", "二〇二四年三月", "2024-03 10:00", "2022-03-01 10", "2022-03-01 10时5", "2022-03-01 10点", "2022-03-01 9:05:03",
    "1969-12-31", "1970-01-01", "2106-02-08", "2022-03-01\t", "2022\xC2\xA0-\xC2\xA0" "03-01", "2〇22-03-01",
    // ID numbers
    "110105194912310021", "11010519491231002X", "11010519491231002x", "110105491231002", "110105 19491231 002X",
    "１１０１０５１９４９１２３１００２Ｘ", "110105194912310022", "110105194902300021", "110105180001010011",
    "110105220101010010", "1101051949123100", "11010519491231002X1", "110105*********002X", "X10105194912310021",
    "110105491231002 ", " 110105491231002", "110105\xE3\x80\x80" "491231002",
    // amounts
    "1,234.50", "1，234.50", "¥1234.5", "￥1,234", "RMB 100", "rmb100", "CNY100", "人民币100", "100元", "100元整", "+5", "-5",
    "−5", "(1,234.00)", "( 1,234.00 )", "-¥5", "¥-5", "(¥5)", "¥(5)", "-(5)", "(-5)", "1.2万", "3亿", "1.2万元", "1.23456万",
    "1.234567890123万", "0.00001", "1.00000", "1.123450", ".5", "5.", ".", "1,5", "12,345,678", "1234,567", "1,2345",
    "922337203685477.5807", "922337203685477.5808", "922337203685477.00000000", "-922337203685477.5807", "0", "-0",
    "00012.5", "1 元", "5)", "(5", "12万亿", "１２３．４５", "1.2.3", "¥ 5", "5 元 整",
    // booleans
    "是", "否", "Y", "ｙ", "YES", "Yes", "TRUE", "ｔｒｕｅ", "√", "×", "有", "无", "T", "F", "t", "2", "已结", "未结", "closed",
    "ＣＬＯＳＥＤ", "OPEN", "ok", "N/A", "ｎ／ａ", "n/a",
    // integers
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "+0", "5.000",
    "5.01", "1,000,000", "1,0000", "－１２", "− 5", "- 5", "12 ", "0012",
    // text
    "Ａ１２３", "张　三", "阿不都•热合曼", "中．国．人", "中．a", "a．中", "（速裁）", " 张三 ", "\xE3\x80\x80",
};

// A bool field with words of its own (a schema's `true: ... false: ...`).
const values::BoolSpec kOwnWords{{"已结", "Closed", "ＯＫ"}, {"未结", "open", "n/a"}, true};

struct Expected {
  std::optional<std::string> text, idcard, date, money, money_wan, month, datetime, integer, boolean, own_words, uscc, party;
};

Expected normalise(const std::string& v) {
  Expected e;
  const std::string_view t = values::trim(v);
  if (!t.empty() && values::utf8_valid(t)) e.text = values::normalize_text(t);
  if (auto r = values::parse_idcard(v); r.ok()) e.idcard = values::to_string(r.value());
  if (auto r = values::parse_date(v); r.ok()) e.date = std::to_string(r.value());
  if (auto r = values::parse_decimal(v); r.ok()) e.money = std::to_string(r.value().raw);
  values::DecimalOptions wan;
  wan.allow_wan_units = true;
  if (auto r = values::parse_decimal(v, wan); r.ok()) e.money_wan = std::to_string(r.value().raw);
  if (auto r = values::parse_month(v); r.ok()) e.month = std::to_string(r.value());
  if (auto r = values::parse_datetime(v); r.ok()) e.datetime = std::to_string(r.value());
  if (auto r = values::parse_int(v); r.ok()) e.integer = std::to_string(r.value());
  if (auto r = values::parse_uscc(v); r.ok()) e.uscc = values::to_string(r.value());
  if (auto r = values::parse_party_id(v); r.ok()) e.party = std::string(r.value().view());
  if (auto r = values::parse_bool(v); r.ok()) e.boolean = r.value() ? "1" : "0";
  values::BoolSpec own = kOwnWords;
  own.ascii_case_insensitive = values::BoolSpec::defaults().ascii_case_insensitive;
  if (auto r = values::parse_bool(v, own); r.ok()) e.own_words = r.value() ? "1" : "0";
  return e;
}

// The cells of a CSV file (RFC 4180 quoting), header included.
std::vector<std::string> csv_cells(const std::string& text) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',' || c == '\n') {
      out.push_back(cell);
      cell.clear();
      was_quoted = false;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (!cell.empty()) out.push_back(cell);
  return out;
}

std::vector<std::string> corpus() {
  std::set<std::string> seen;
  std::vector<std::string> out;
  auto add = [&](const std::string& s) {
    // The servers hold valid UTF-8 text without NUL (PostgreSQL refuses anything else).
    if (s.find('\0') != std::string::npos || !values::utf8_valid(s) || s.size() > 200) return;
    if (seen.insert(s).second) out.push_back(s);
  };
  for (const char* f : {"values_boolean_test.cpp", "values_datetime_test.cpp", "values_decimal_test.cpp", "values_idcard_test.cpp", "values_integer_test.cpp", "values_uscc_test.cpp", "values_party_id_test.cpp",
                        "values_idcard_fast_test.cpp", "values_text_test.cpp"}) {
    const std::string text = test::read_file(std::string(CLUE_SOURCE_DIR) + "/tests/unit/" + f);
    EXPECT_FALSE(text.empty()) << f;
    for (auto& s : string_literals(text)) add(s);
  }
  for (const auto& s : kExtra) add(s);
  // Every cell of the model fixtures' exports (models/tests/*/*/data/*.csv): the shapes real
  // exports have, traps included.
  for (const auto& e : fs::recursive_directory_iterator(fs::path(CLUE_SOURCE_DIR) / "models/tests")) {
    if (e.is_regular_file() && e.path().extension() == ".csv" && e.path().parent_path().filename() == "data") {
      for (auto& cell : csv_cells(test::read_file(e.path().string()))) add(cell);
    }
  }
  // Valid USCCs (the check character computed by the C++ side), lower case, full-width, spaced,
  // and with the check character changed.
  for (const char* body : {"91350100M000100Y4", "91110000100000000", "12100000400000123", "5111000050000001X"}) {
    const char check = values::uscc_check_char(body);
    if (check == '\0') continue;
    const std::string code = std::string(body) + check;
    add(code);
    add(" " + code.substr(0, 9) + " " + code.substr(9) + " ");
    std::string lower = code;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    add(lower);
    std::string wide;
    for (char c : code) wide += std::string{static_cast<char>(0xEF), static_cast<char>(c < 0x60 ? 0xBC : 0xBD),
                                            static_cast<char>(c < 0x60 ? c - 0x20 + 0x80 : c - 0x60 + 0x80)};
    add(wide);
    add(code.substr(0, 17) + (check == '0' ? '1' : '0'));
  }
  // Valid ID numbers of several regions, birth dates and sequences, in both forms (the check
  // character computed by the C++ side), and each with its last character changed.
  for (std::uint64_t body : {11010519491231002ull, 36042619910101007ull, 44030420000229123ull, 51010218000101001ull,
                             65010122001231999ull, 21020219700101555ull, 32050119991231088ull}) {
    const std::string b = std::to_string(body);
    const char check = values::idcard_check_char(body);
    add(b + check);
    add(b + (check == '0' ? '1' : '0'));
    if (b.substr(6, 2) == "19") add(b.substr(0, 6) + b.substr(8));
  }
  return out;
}

sql::RawColumn column(std::string name, sql::NormalForm form, bool allow_wan = false,
                      std::vector<std::string> yes = {}, std::vector<std::string> no = {}) {
  sql::RawColumn c;
  c.name = std::move(name);
  c.form = form;
  c.allow_wan_units = allow_wan;
  c.true_words = std::move(yes);
  c.false_words = std::move(no);
  return c;
}

const std::vector<sql::RawColumn> kColumns = {
    column("id", sql::NormalForm::Text, false),      column("t", sql::NormalForm::Text, false),
    column("i", sql::NormalForm::IdCard, false),     column("d", sql::NormalForm::Date, false),
    column("m", sql::NormalForm::Decimal, false),    column("w", sql::NormalForm::Decimal, true),
    column("mo", sql::NormalForm::Month, false),     column("dt", sql::NormalForm::DateTime, false),
    column("n", sql::NormalForm::Int, false),
    column("b", sql::NormalForm::Bool, false),
    column("bw", sql::NormalForm::Bool, false, kOwnWords.true_words, kOwnWords.false_words),
    column("u", sql::NormalForm::Uscc, false),
    column("p", sql::NormalForm::PartyId, false),
};

void differential(const std::string& url_text) {
  using namespace remote;
  const ServerUrl url = parse_server_url(url_text);
  auto c = connect(url);
  const Engine e = c->engine();
  const sql::Dialect dialect = e == Engine::Postgres ? sql::Dialect::Postgres : sql::Dialect::ClickHouse;
  const std::string raw = "clue_test_raw_" + std::to_string(getpid()), view = "clue_test_view_" + std::to_string(getpid());
  // ClickHouse 18.16 has no DROP VIEW: a view is dropped as a table.
  const std::string drop_view = e == Engine::Postgres ? "DROP VIEW " : "DROP TABLE ";
  c->execute(drop_view + "IF EXISTS " + quote_identifier(e, view));
  c->execute("DROP TABLE IF EXISTS " + quote_identifier(e, raw));
  std::string create = "CREATE TABLE " + quote_identifier(e, raw) + " (";
  for (size_t i = 0; i < kColumns.size(); ++i) {
    create += (i ? ", " : "") + quote_identifier(e, kColumns[i].name) + (e == Engine::Postgres ? " text" : " Nullable(String)");
  }
  c->execute(create + (e == Engine::Postgres ? ")" : ") ENGINE = Memory"));
  const std::vector<std::string> values = corpus();
  ASSERT_GT(values.size(), 300u);
  std::string tsv;
  for (size_t k = 0; k < values.size(); ++k) {
    tsv += std::to_string(k);
    for (size_t i = 1; i < kColumns.size(); ++i) {
      tsv += '\t';
      tsv_escape(values[k], tsv);
    }
    tsv += '\n';
  }
  bool sent = false;
  std::vector<std::string> names;
  for (const auto& col : kColumns) names.push_back(col.name);
  c->bulk_load(raw, names, [&](std::string& chunk) {
    if (!sent) chunk = tsv;
    sent = true;
    return false;
  });
  c->execute(sql::normalising_view(dialect, view, raw, kColumns));
  std::map<size_t, std::vector<std::optional<std::string>>> got;
  c->query("SELECT * FROM " + quote_identifier(e, view), [&](const Row& row) {
    std::vector<std::optional<std::string>> r;
    for (const auto& v : row) r.push_back(v ? std::optional<std::string>(*v) : std::nullopt);
    got[std::stoul(*r.at(0))] = std::move(r);
  });
  ASSERT_EQ(got.size(), values.size());
  constexpr int kForms = 12;
  int accepted[kForms] = {}, mismatches = 0;
  const char* forms[kForms] = {"text", "idcard", "date", "money", "money (万)", "month", "datetime", "int", "bool", "bool (own words)", "uscc", "party id"};
  for (size_t k = 0; k < values.size(); ++k) {
    const Expected x = normalise(values[k]);
    const std::optional<std::string> want[kForms] = {x.text,      x.idcard, x.date,    x.money,
                                                     x.money_wan, x.month,  x.datetime, x.integer,
                                                     x.boolean,   x.own_words, x.uscc,     x.party};
    const auto& row = got[k];
    EXPECT_EQ(row.at(kForms + 2), values[k]) << "the raw text is kept as _clue_raw_t";
    for (int f = 0; f < kForms; ++f) {
      if (want[f]) ++accepted[f];
      if (row.at(1 + f) != want[f] && ++mismatches <= 40) {
        ADD_FAILURE() << engine_name(e) << " " << forms[f] << " of \"" << values[k] << "\": C++ "
                      << want[f].value_or("NULL") << ", SQL " << row.at(1 + f).value_or("NULL");
      }
    }
  }
  EXPECT_EQ(mismatches, 0) << "values normalised differently by SQL and C++";
  std::cout << engine_name(e) << ": " << values.size() << " values; accepted by C++ and SQL alike:";
  for (int f = 0; f < kForms; ++f) std::cout << " " << forms[f] << " " << accepted[f];
  std::cout << "\n";
  // A corpus that every normaliser refused would compare NULL with NULL and prove nothing.
  for (int f = 0; f < kForms; ++f) EXPECT_GT(accepted[f], f == 9 ? 5 : 10) << forms[f];
  c->execute(drop_view + quote_identifier(e, view));
  c->execute("DROP TABLE " + quote_identifier(e, raw));
}

TEST(NormalisingViews, SameValuesAsTheCppNormalisersOnPostgres) {
  CLUE_NEED_SERVER(url, "CLUE_TEST_PG_URL");
  differential(url);
}

TEST(NormalisingViews, SameValuesAsTheCppNormalisersOnClickHouse) {
  CLUE_NEED_SERVER(url, "CLUE_TEST_CH_URL");
  differential(url);
}

TEST(NormalisingViews, CorpusReadsTheValueTestsStrings) {
  const auto lits = string_literals("f(\"a\\tb\", \"\\xE3\\x80\\x80\" \"张三\"); g('\"');");
  ASSERT_EQ(lits.size(), 2u);
  EXPECT_EQ(lits[0], "a\tb");
  EXPECT_EQ(lits[1], "\xE3\x80\x80张三");
  EXPECT_EQ(csv_cells("a,\"b,\"\"c\"\"\"\r\n,d\n"), (std::vector<std::string>{"a", "b,\"c\"", "", "d"}));
}

// E0834: a field type with no SQL normaliser is refused, never left raw.
TEST(NormalisingViews, FieldsWithoutSqlForm) {
  const std::vector<sql::ViewField> fields = {{"案号", TypeKind::Text}, {"位置", TypeKind::Geo}};
  try {
    sql::view_columns(sql::Dialect::ClickHouse, "学校", fields);
    FAIL() << "a geo field got a view column";
  } catch (const sql::ViewError& e) {
    EXPECT_EQ(e.id, DiagId::NoNormalisingView);
    EXPECT_STREQ(e.what(), "E0834: field '位置' of schema '学校' has type geo, which has no normalising SQL on clickhouse");
  }
  const auto cols = sql::view_columns(sql::Dialect::Postgres, "s",
                                      {{"a", TypeKind::Money, true}, {"b", TypeKind::IdCard}, {"c", TypeKind::Date},
                                       {"d", TypeKind::Month}, {"e", TypeKind::DateTime}, {"f", TypeKind::Int}, {"g", TypeKind::Bool}, {"h", TypeKind::Uscc}, {"i", TypeKind::PartyId}});
  ASSERT_EQ(cols.size(), 9u);
  EXPECT_EQ(cols[8].form, sql::NormalForm::PartyId);
  EXPECT_EQ(cols[7].form, sql::NormalForm::Uscc);
  EXPECT_EQ(cols[6].form, sql::NormalForm::Bool);
  EXPECT_EQ(cols[5].form, sql::NormalForm::Int);
  EXPECT_EQ(cols[3].form, sql::NormalForm::Month);
  EXPECT_EQ(cols[4].form, sql::NormalForm::DateTime);
  EXPECT_EQ(cols[0].form, sql::NormalForm::Decimal);
  EXPECT_TRUE(cols[0].allow_wan_units);
  EXPECT_EQ(cols[1].form, sql::NormalForm::IdCard);
  EXPECT_EQ(cols[2].form, sql::NormalForm::Date);
}

// The views of one raw table in every dialect, golden-filed: Trino's and Spark's are checked by
// a real parser of each (tests/sql/check_syntax.mjs); CLUE_UPDATE_GOLDEN=1 rewrites them.
TEST(NormalisingViews, Goldens) {
  const std::vector<sql::RawColumn> cols = {column("被执行人", sql::NormalForm::Text, false),
                                            column("身份证号", sql::NormalForm::IdCard, false),
                                            column("立案日期", sql::NormalForm::Date, false),
                                            column("申请执行标的", sql::NormalForm::Decimal, true),
                                            column("结案月份", sql::NormalForm::Month, false),
                                            column("立案时间", sql::NormalForm::DateTime, false),
                                            column("执行次数", sql::NormalForm::Int, false),
                                            column("是否结案", sql::NormalForm::Bool, false),
                                            column("统一社会信用代码", sql::NormalForm::Uscc, false),
                                            column("当事人证件号", sql::NormalForm::PartyId, false)};
  const fs::path dir = fs::path(CLUE_SOURCE_DIR) / "tests/golden/sql/views";
  for (sql::Dialect d : sql::kAllDialects) {
    const std::string got = "-- The normalising view of a raw 终本案件 table (compiler/sql/normalise_views.h).\n" +
                            sql::normalising_view(d, "终本案件", "终本案件_raw", cols);
    const fs::path file = dir / ("zhongben." + std::string(sql::dialect_name(d)) + ".sql");
    if (test::update_golden()) {
      fs::create_directories(dir);
      test::write_file(file.string(), got);
      continue;
    }
    EXPECT_EQ(got, test::read_file(file.string())) << file << " differs (CLUE_UPDATE_GOLDEN=1 rewrites it)";
  }
}

}  // namespace
}  // namespace clue
