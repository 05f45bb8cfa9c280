// `clue why` on a real run: the explanation names the rows behind the lead, the matched key
// in its normal form and as written in the file, and each condition's values and outcome.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "tests/support/run_command.h"

namespace fs = std::filesystem;

TEST(Why, ExplainsALeadFromItsProvenance) {
  fs::path out = fs::temp_directory_path() / ("clue_why_" + std::to_string(::getpid()));
  fs::remove_all(out);
  std::string clue = std::string("'") + CLUE_BINARY + "'";
  auto run = clue::test::run_command(clue + " run models/due_claims.model --data-dir tests/golden/run/due_claims_dirty/data --out '" +
                                     out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto why = clue::test::run_command(clue + " why '" + out.string() + "' leads:1 --lang en");
  ASSERT_EQ(why.exit_code, 0) << why.output;
  const std::string& t = why.output;
  EXPECT_NE(t.find("终本案号 = （2021）浙0803执100号"), std::string::npos) << t;
  EXPECT_NE(t.find("zb ← tests/golden/run/due_claims_dirty/data/终本案件.csv line 3"), std::string::npos) << t;
  EXPECT_NE(t.find("civil ← tests/golden/run/due_claims_dirty/data/民事案件.csv line 2"), std::string::npos) << t;
  EXPECT_NE(t.find("zb.被执行人身份证号 = 11010519491231002X  matches  civil.原告身份证号 = 11010519491231002X"),
            std::string::npos) << t;
  EXPECT_NE(t.find("is written \"110105491231002\" in the file"), std::string::npos) << t;
  EXPECT_NE(t.find("civil.结案方式 = 判决, 结案方式白名单 = [判决,调解成功] → true"), std::string::npos) << t;
  EXPECT_NE(t.find("derive 时段 = 2022年前"), std::string::npos) << t;
  // A row that is not there is a clear usage error.
  auto bad = clue::test::run_command(clue + " why '" + out.string() + "' leads:99 --lang en");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  fs::remove_all(out);
}

namespace {
std::string clue_cmd() { return std::string("'") + CLUE_BINARY + "'"; }
}  // namespace

// A grouped lead: every member row is named, and a condition before the group is shown for
// each member row.
TEST(Why, GroupedLeadShowsEveryMemberRow) {
  fs::path out = fs::temp_directory_path() / ("clue_why_group_" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string dir = "tests/golden/run/group_aggregates";
  auto run = clue::test::run_command(clue_cmd() + " run " + dir + "/model.model --data c=" + dir + "/data/案件.csv --out '" +
                                     out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto why = clue::test::run_command(clue_cmd() + " why '" + out.string() + "' lenders:1 --lang en");
  ASSERT_EQ(why.exit_code, 0) << why.output;
  const std::string& t = why.output;
  EXPECT_NE(t.find("data/案件.csv line 2, 3, 4 (the group's 3 rows)"), std::string::npos) << t;
  for (const char* line : {"c line 2: c.案由 = 民间借贷纠纷, c.结案日期 = 2024-01-01 → true",
                           "c line 3: c.案由 = 民间借贷纠纷, c.结案日期 = 2024-02-01 → true",
                           "c line 4: c.案由 = 民间借贷纠纷, c.结案日期 = 2024-12-31 → true"})
    EXPECT_NE(t.find(line), std::string::npos) << line << "\n" << t;
  EXPECT_NE(t.find("group by: 原告身份证号 = 330803198001011234; compute: 案件数 = 2"), std::string::npos) << t;
  EXPECT_NE(t.find("having 案件数 >= 门槛"), std::string::npos) << t;
  fs::remove_all(out);
}

// A relation built on another: the explanation walks the plan through both, from the scan.
TEST(Why, WalksTheRelationsALeadIsBuiltOn) {
  fs::path out = fs::temp_directory_path() / ("clue_why_chain_" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string data = "tests/golden/run/join_kinds/data";
  auto run = clue::test::run_command(clue_cmd() + " run tests/fixtures/why/chained.model --data p=" + data +
                                     "/人员.csv --data r=" + data + "/记录.csv --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto why = clue::test::run_command(clue_cmd() + " why '" + out.string() + "' 1 --lang en");
  ASSERT_EQ(why.exit_code, 0) << why.output;
  const std::string& t = why.output;
  const size_t first = t.find("where p.身份证号 is not null");  // relation 有身份证
  const size_t join = t.find("join r");                        // relation 有记录
  const size_t last = t.find("where r.金额 > 100");
  ASSERT_NE(first, std::string::npos) << t;
  ASSERT_NE(join, std::string::npos) << t;
  ASSERT_NE(last, std::string::npos) << t;
  EXPECT_LT(first, join);
  EXPECT_LT(join, last);
  EXPECT_NE(t.find("p.身份证号 = 11010519491231002X → true"), std::string::npos) << t;
  EXPECT_NE(t.find("r.金额 = 500.00 → true"), std::string::npos) << t;
  fs::remove_all(out);
}

// An input or the model changed since the run: no explanation from other bytes.
TEST(Why, RefusesWhenAnInputOrTheModelChanged) {
  fs::path work = fs::temp_directory_path() / ("clue_why_changed_" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "data");
  const std::string data = "tests/golden/run/join_kinds/data";
  fs::copy_file(data + "/人员.csv", work / "data/人员.csv");
  fs::copy_file(data + "/记录.csv", work / "data/记录.csv");
  fs::copy_file("tests/fixtures/why/chained.model", work / "chained.model");
  const std::string out = (work / "out").string();
  auto run = clue::test::run_command(clue_cmd() + " run '" + (work / "chained.model").string() + "' --data p='" +
                                     (work / "data/人员.csv").string() + "' --data r='" + (work / "data/记录.csv").string() +
                                     "' --out '" + out + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(clue::test::run_command(clue_cmd() + " why '" + out + "' 1 --lang en").exit_code, 0);

  // One byte more in an input: E0515, exit 1.
  clue::test::write_file((work / "data/记录.csv").string(), clue::test::read_file((work / "data/记录.csv").string()) + "\n");
  auto input_changed = clue::test::run_command(clue_cmd() + " why '" + out + "' 1 --lang en");
  EXPECT_EQ(input_changed.exit_code, 1) << input_changed.output;
  EXPECT_NE(input_changed.output.find("error[E0515]"), std::string::npos) << input_changed.output;
  EXPECT_NE(input_changed.output.find("记录.csv' has changed since the run"), std::string::npos) << input_changed.output;

  // The model edited (a comment is enough: it is not the model that ran).
  clue::test::write_file((work / "chained.model").string(), clue::test::read_file((work / "chained.model").string()) + "# 改动\n");
  auto model_changed = clue::test::run_command(clue_cmd() + " why '" + out + "' 1 --lang en");
  EXPECT_EQ(model_changed.exit_code, 2) << model_changed.output;
  EXPECT_NE(model_changed.output.find("has changed since the run"), std::string::npos) << model_changed.output;
  fs::remove_all(work);
}

// A lead built on a joined relation (issue 15): its provenance names the source rows behind
// that relation (every member of its group), and the walk goes through the joined relation's
// own steps before the join; after a left join that found nothing, that relation is skipped.
TEST(Why, WalksThroughAJoinedRelation) {
  fs::path out = fs::temp_directory_path() / ("clue_why_joined_" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string dir = "tests/golden/run/join_relation";
  auto run = clue::test::run_command(clue_cmd() + " run " + dir + "/model.model --data zb=" + dir +
                                     "/data/终本.csv --data gjj=" + dir + "/data/公积金.csv --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto why = clue::test::run_command(clue_cmd() + " why '" + out.string() + "' 有公积金:1 --lang en");
  ASSERT_EQ(why.exit_code, 0) << why.output;
  const std::string& t = why.output;
  EXPECT_NE(t.find("gjj ← " + dir + "/data/公积金.csv line 2"), std::string::npos) << t;
  EXPECT_NE(t.find("多案.zb ← " + dir + "/data/终本.csv line 2, 3 (the group's 2 rows)"), std::string::npos) << t;
  EXPECT_NE(t.find("多案.zb line 2: zb.是否履行完毕 = 否 → true"), std::string::npos) << t;
  EXPECT_NE(t.find("group by: 证号 = … 被执行人 = 张三; compute: 案件数 = 2"), std::string::npos) << t;
  EXPECT_NE(t.find("join 多案 (多案债务人)"), std::string::npos) << t;
  // 王五 has no account: the left join found nothing, and 有公积金's steps are not walked.
  auto left = clue::test::run_command(clue_cmd() + " why '" + out.string() + "' 左:2 --lang en");
  ASSERT_EQ(left.exit_code, 0) << left.output;
  EXPECT_NE(left.output.find("被执行人 = 王五"), std::string::npos) << left.output;
  EXPECT_EQ(left.output.find("where gjj.余额 > 0"), std::string::npos) << left.output;
  EXPECT_NE(left.output.find("left join 有 (有公积金)"), std::string::npos) << left.output;
  fs::remove_all(out);
}

// A lead of a union: the explanation names the file and line of the input it came from (the
// other input's provenance cell is empty), walks that input's steps, and reads the union's
// columns from its row (tests/golden/run/union_relations).
TEST(Why, ExplainsALeadOfAUnionFromItsOwnInput) {
  fs::path out = fs::temp_directory_path() / ("clue_why_union_" + std::to_string(::getpid()));
  fs::remove_all(out);
  std::string clue = std::string("'") + CLUE_BINARY + "'";
  const std::string dir = "tests/golden/run/union_relations";
  auto run = clue::test::run_command(clue + " run " + dir + "/model.model --data 甲院=" + dir + "/data/甲院.csv --data 乙院=" +
                                     dir + "/data/乙院.csv --data gjj=" + dir + "/data/公积金.csv --out '" + out.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // 标注:2 is 乙院's 执200号 (5000.00), through 乙院大额's where and derive.
  auto why = clue::test::run_command(clue + " why '" + out.string() + "' 标注:2 --lang en");
  ASSERT_EQ(why.exit_code, 0) << why.output;
  const std::string& t = why.output;
  EXPECT_NE(t.find("案号 = （2024）浙0803执200号"), std::string::npos) << t;
  EXPECT_NE(t.find("乙院 ← " + dir + "/data/乙院.csv line 3"), std::string::npos) << t;
  EXPECT_EQ(t.find("甲院 ←"), std::string::npos) << t;
  EXPECT_NE(t.find("where 乙院.未履行金额 >= 1000"), std::string::npos) << t;
  EXPECT_NE(t.find("union: 乙院大额"), std::string::npos) << t;
  // The where after the union reads the union's column, computed from 乙院's row.
  EXPECT_NE(t.find("未履行金额 = 5000.00 → true"), std::string::npos) << t;
  fs::remove_all(out);
}

// An inline table's row (docs/language.md, "Inline tables"): its provenance is the model file
// and the row's line in it, and `clue why` finds the row there and names it.
TEST(Why, NamesAnInlineTableRowByItsLineInTheModel) {
  fs::path out = fs::temp_directory_path() / ("clue_why_table_" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string dir = "tests/golden/run/inline_table";
  auto run = clue::test::run_command(clue_cmd() + " run " + dir + "/model.model --data ry=" + dir +
                                     "/data/人员.csv --out '" + out.string() + "' --lang en");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The summary reads the table from the model, not from a file.
  EXPECT_NE(run.output.find("read 罪名期限 ← the table in model.model: 3 rows, used 3, rejected 0"), std::string::npos)
      << run.output;
  // 金额较大:1 is 张一, matched with the table's row ("盗窃罪", 30, 1000) on line 18.
  auto why = clue::test::run_command(clue_cmd() + " why '" + out.string() + "' 金额较大:1 --lang en");
  ASSERT_EQ(why.exit_code, 0) << why.output;
  const std::string& t = why.output;
  EXPECT_NE(t.find("罪名期限 ← " + dir + "/model.model line 18"), std::string::npos) << t;
  EXPECT_NE(t.find("罪名期限.起点金额 = 1000"), std::string::npos) << t;
  fs::remove_all(out);
}
