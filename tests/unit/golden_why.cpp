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
