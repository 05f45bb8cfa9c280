// Golden plan tests: the logical and physical plan of every shipped model (models/*.model), of
// every end-to-end golden case's model (tests/golden/run/*/model.model: one per operator and
// join kind) and of the small models in tests/golden/plan/*.model, printed by
// `clue explain --emit=logical|physical`, must equal tests/golden/plan/<name>.<stage>.txt.
// Regenerate with CLUE_UPDATE_GOLDEN=1 and review the diff (docs/testing.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

const char* kDir = "tests/golden/plan";

struct Case {
  std::string name;   // golden file stem
  std::string model;  // path relative to the source tree
};

std::vector<Case> cases() {
  std::vector<Case> out;
  const fs::path root(CLUE_SOURCE_DIR);
  for (const auto& e : fs::directory_iterator(root / "models"))
    if (e.is_regular_file() && e.path().extension() == ".model")
      out.push_back({e.path().stem().string(), "models/" + e.path().filename().string()});
  for (const auto& e : fs::directory_iterator(root / "tests/golden/run"))
    if (fs::exists(e.path() / "model.model"))
      out.push_back({"run_" + e.path().filename().string(), "tests/golden/run/" + e.path().filename().string() + "/model.model"});
  for (const auto& e : fs::directory_iterator(root / kDir))
    if (e.is_regular_file() && e.path().extension() == ".model")
      out.push_back({"op_" + e.path().stem().string(), std::string(kDir) + "/" + e.path().filename().string()});
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

class GoldenPlan : public ::testing::TestWithParam<Case> {};

TEST_P(GoldenPlan, MatchesExpected) {
  const Case& c = GetParam();
  for (const char* stage : {"logical", "physical"}) {
    std::string cmd = std::string("'") + CLUE_BINARY + "' explain --lang en --emit=" + stage + " " + c.model;
    auto r = clue::test::run_command(cmd);
    ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
    const std::string expected = std::string(CLUE_SOURCE_DIR) + "/" + kDir + "/" + c.name + "." + stage + ".txt";
    if (clue::test::update_golden()) {
      clue::test::write_file(expected, r.output);
      continue;
    }
    ASSERT_TRUE(fs::exists(expected)) << "missing " << expected << "; run with CLUE_UPDATE_GOLDEN=1";
    EXPECT_EQ(read_file(expected), r.output) << cmd;
  }
}

std::string test_name(const ::testing::TestParamInfo<Case>& info) {
  std::string s;
  for (char ch : info.param.name) s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(All, GoldenPlan, ::testing::ValuesIn(cases()), test_name);

// No golden file without a model behind it (a renamed model would leave its plans behind).
TEST(GoldenPlanFiles, EveryFileHasACase) {
  std::vector<std::string> names;
  for (const auto& c : cases()) names.push_back(c.name);
  for (const auto& e : fs::directory_iterator(fs::path(CLUE_SOURCE_DIR) / kDir)) {
    std::string f = e.path().filename().string();
    if (e.path().extension() != ".txt") continue;
    std::string stem = f.substr(0, f.find('.'));
    EXPECT_NE(std::find(names.begin(), names.end(), stem), names.end()) << f << " belongs to no model";
  }
}

// The line that follows `header` (which ends with its newline) in `text`: a plan node's
// statistics under its heading.
std::string line_after(const std::string& text, const std::string& header) {
  const size_t start = text.find(header) + header.size();
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

// Rows dropped because a value was null, not because a condition was false, are counted per
// node and shown by explain with data: a where that is unknown for a row, a null join key.
TEST(PlanAsRun, RowsDroppedForANullAreCounted) {
  const std::string data = "tests/golden/run/join_kinds/data";
  std::string cmd = std::string("'") + CLUE_BINARY + "' explain tests/golden/run/join_kinds/model.model --emit=physical --data p=" +
                    data + "/人员.csv --data r=" + data + "/记录.csv --lang en";
  auto r = clue::test::run_command(cmd);
  ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
  // 人员 has two rows without an ID number: the inner and the semi join drop them for that.
  // (The node's time is not compared: a slower build, the sanitizers', takes more than 0.0 ms.)
  const std::string join = "HashJoin inner r keys [p.身份证号 = r.身份证号]; build: the smaller side when it runs; key read in place\n";
  ASSERT_NE(r.output.find(join), std::string::npos) << r.output;
  const std::string join_stats = line_after(r.output, join);
  EXPECT_EQ(join_stats.rfind("         rows 6 → 4, ", 0), 0u) << join_stats;
  EXPECT_NE(join_stats.find(" ms; 2 dropped because a value was null; 2 rows with a null key dropped;"), std::string::npos)
      << join_stats;
  EXPECT_NE(r.output.find("HashJoin semi r"), std::string::npos);
  // A left join keeps them; an anti join keeps them too (nothing matches a null).
  const size_t left = r.output.find("HashJoin left r");
  ASSERT_NE(left, std::string::npos);
  const size_t line_end = r.output.find('\n', r.output.find('\n', left) + 1);
  EXPECT_EQ(r.output.substr(left, line_end - left).find("null"), std::string::npos) << r.output.substr(left, line_end - left);

  // A where over a column that is empty in some rows.
  const fs::path model = fs::temp_directory_path() / ("clue_null_where_" + std::to_string(::getpid()) + ".model");
  clue::test::write_file(model.string(),
                         "model t { version \"1\" jurisdiction \"x\" basis \"y\" }\n"
                         "schema 记录 { 记录号: int\n  身份证号: idcard?\n  金额: money? from \"金额(元)\" }\n"
                         "source r: 记录\nq = r where age(r.身份证号, 2024-01-01) > 10\noutput q { r.记录号 }\n");
  cmd = std::string("'") + CLUE_BINARY + "' explain '" + model.string() + "' --emit=physical --data r=" + data +
        "/记录.csv --lang en";
  r = clue::test::run_command(cmd);
  ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
  // Record 13 has no ID number, record 10's does not parse (a reject). The node's time is not
  // compared: it was "0.0 ms" until a slower build (the sanitizers') took 0.3.
  const std::string filter = "Filter where age(r.身份证号, 2024-01-01) > 10\n";
  ASSERT_NE(r.output.find(filter), std::string::npos) << r.output;
  const std::string stats = line_after(r.output, filter);
  EXPECT_EQ(stats.rfind("         rows 6 → 4, ", 0), 0u) << stats;
  EXPECT_NE(stats.find(" ms; 2 dropped because a value was null"), std::string::npos) << stats;
  fs::remove(model);
}
