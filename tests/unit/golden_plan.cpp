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

}  // namespace
