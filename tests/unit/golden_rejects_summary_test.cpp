// `clue run` breaks its rejects down by source, column and code (issue 13): the summary shows
// the five largest kinds with their code's text, the manifest every kind (rejects.by_kind), so
// a few IDs Excel turned into floats are not buried under thousands of other rejects.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

// A source with nine kinds of rejects: V0102 ×3, V0101 ×2, then one each of V0103, V0105,
// V0106 (the ID column), V0402 (a date), V0501 (an amount), C0101 (a short row) and C0102 (a
// 合计 row), in that order in the file.
struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("clue_reject_kinds_" + std::to_string(::getpid()));
  Fixture() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "m.model") << "model reject_kinds { version \"1\" jurisdiction \"测试\" basis \"测试\" }\n"
                                      "schema 人员 { 编号: int\n  身份证号: idcard?\n  日期: date?\n  金额: money? }\n"
                                      "source p: 人员\n"
                                      "命中 = p where p.身份证号 is not null and p.日期 is not null and p.金额 is not null\n"
                                      "output 命中 { p.编号, p.日期 } order by 编号\n";
    std::ofstream(dir / "人员.csv") << "编号,身份证号,日期,金额\n"
                                       "1,11010519491231002X,2022-01-01,100\n"
                                       "2,12345,2022-01-01,100\n"
                                       "3,1101051949123100AX,2022-01-01,100\n"
                                       "4,1101051949123100AX,2022-01-01,100\n"
                                       "5,1101051949123100AX,2022-01-01,100\n"
                                       "6,12345,2022-01-01,100\n"
                                       "7,110105194912310021,2022-01-01,100\n"
                                       "8,3.30802E+16,2022-01-01,100\n"
                                       "9,110105********002X,2022-01-01,100\n"
                                       "10,11010519491231002X,2022-13-45,100\n"
                                       "11,11010519491231002X,2022-01-01,abc\n"
                                       "12,短行\n"
                                       "合计,,,300\n";
  }
  ~Fixture() { fs::remove_all(dir); }
  clue::test::CommandResult run(const std::string& lang) const {
    fs::remove_all(dir / "out");
    return clue::test::run_command(std::string("'") + CLUE_BINARY + "' run '" + (dir / "m.model").string() +
                                   "' --data 'p=" + (dir / "人员.csv").string() + "' --out '" + (dir / "out").string() +
                                   "' --threads 1 --lang " + lang);
  }
};

std::string after(const std::string& text, const std::string& start) {
  size_t at = text.find(start);
  return at == std::string::npos ? std::string() : text.substr(at);
}

TEST(RejectsSummary, TheLargestKindsInTheSummaryEveryKindInTheManifest) {
  Fixture f;
  auto en = f.run("en");
  ASSERT_EQ(en.exit_code, 0) << en.output;
  const std::string rejects = (f.dir / "out" / "rejects.csv").string();
  EXPECT_EQ(after(en.output, "rejects 12").substr(0, after(en.output, "rejects 12").find("manifest ")),
            "rejects 12 → " + rejects + " (2 rows not used, 10 values that did not parse, used as null)\n"
            "  p.身份证号: 3 × V0102 — ID card number contains a character other than digits and a final X\n"
            "  p.身份证号: 2 × V0101 — ID card number must have 15 or 18 characters\n"
            "  p.身份证号: 1 × V0103 — ID card check digit does not match\n"
            "  p.身份证号: 1 × V0105 — number stored by Excel as a float; digits lost\n"
            "  p.身份证号: 1 × V0106 — ID card number is masked (contains *)\n"
            "  … 4 more kinds (4 rejects): all in the manifest's rejects.by_kind\n")
      << en.output;

  auto zh = f.run("zh");
  ASSERT_EQ(zh.exit_code, 0) << zh.output;
  EXPECT_NE(zh.output.find("\n  p.身份证号：3 条 V0102，身份证号码含有数字和末位X以外的字符\n"), std::string::npos)
      << zh.output;
  EXPECT_NE(zh.output.find("\n  … 另有 4 类（4 条）：完整分类见清单的 rejects.by_kind\n"), std::string::npos) << zh.output;

  auto m = clue::test::parse_json(read_file((f.dir / "out" / "manifest.json").string()));
  ASSERT_TRUE(m.has_value());
  const auto* r = m->get("rejects");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->get("count")->n, 12);
  const auto* kinds = r->get("by_kind");
  ASSERT_NE(kinds, nullptr);
  ASSERT_EQ(kinds->items.size(), 9u);
  const std::vector<std::tuple<std::string, std::string, double, double>> want = {
      {"身份证号", "V0102", 3, 0}, {"身份证号", "V0101", 2, 0}, {"身份证号", "V0103", 1, 0},
      {"身份证号", "V0105", 1, 0}, {"身份证号", "V0106", 1, 0}, {"日期", "V0402", 1, 0},
      {"金额", "V0501", 1, 0},     {"", "C0101", 1, 1},         {"", "C0102", 1, 1}};
  double total = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& k = kinds->items[i];
    const auto& [column, code, count, rows] = want[i];
    EXPECT_EQ(k.get("source")->s, "p") << i;
    if (column.empty()) {
      EXPECT_EQ(k.get("column")->kind, clue::test::Json::Null) << i;  // a whole row
    } else {
      EXPECT_EQ(k.get("column")->s, column) << i;
    }
    EXPECT_EQ(k.get("code")->s, code) << i;
    EXPECT_EQ(k.get("count")->n, count) << i;
    EXPECT_EQ(k.get("rows_not_used")->n, rows) << i;
    total += k.get("count")->n;
  }
  EXPECT_EQ(total, 12);
}

// A code whose text is filled in per reject (C0101's line and field counts) is shown by its
// first reject; a run with no rejects shows no breakdown.
TEST(RejectsSummary, PerRejectTextsShownByAnExample) {
  const fs::path out = fs::temp_directory_path() / ("clue_reject_kinds_dirty_" + std::to_string(::getpid()));
  fs::remove_all(out);
  auto r = clue::test::run_command(std::string("'") + CLUE_BINARY +
                                   "' run models/due_claims.model --data-dir tests/golden/run/due_claims_dirty/data "
                                   "--threads 1 --lang en --out '" +
                                   out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\n  zb.被执行人身份证号: 1 × V0105 — number stored by Excel as a float; digits lost\n"
                          "  zb (whole row): 1 × C0101 — e.g. line 7: expected 10 fields but found 3; the row is "
                          "rejected whole (never shifted)\n"
                          "  zb (whole row): 1 × C0102 — e.g. line 9: summary row '合计' is not data; counted as a "
                          "trailer\nmanifest "),
            std::string::npos)
      << r.output;
  fs::remove_all(out);

  r = clue::test::run_command(std::string("'") + CLUE_BINARY +
                              "' run models/detention_deadlines.model --data-dir "
                              "models/tests/detention_deadlines/window/data --threads 1 --lang en --out '" +
                              out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // No reject kinds: the rejects line is followed by the next part of the summary (here the
  // rows dropped for a null: the window's cases without a 届满日).
  EXPECT_NE(r.output.find("(0 rows not used, 0 values that did not parse, used as null)\nrows dropped because"),
            std::string::npos)
      << r.output;
  auto m = clue::test::parse_json(read_file((out / "manifest.json").string()));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->get("rejects")->get("by_kind")->kind, clue::test::Json::Array);
  EXPECT_TRUE(m->get("rejects")->get("by_kind")->items.empty());
  fs::remove_all(out);
}

}  // namespace
