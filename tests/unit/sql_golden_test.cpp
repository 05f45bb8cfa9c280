// Golden SQL: `clue emit-sql --dialect D` of every shipped model (models/*.model) in every
// dialect must equal tests/golden/sql/<model>.<dialect>.sql. The Trino and Spark files are
// also parsed by a real parser of those dialects (tests/sql/check_syntax.mjs, in tools/test);
// the PostgreSQL and ClickHouse ones run on real servers (sql_servers_test.cpp).
// Regenerate with CLUE_UPDATE_GOLDEN=1 and review the diff (docs/testing.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

const char* kDir = "tests/golden/sql";
const char* kDialects[] = {"postgres", "clickhouse", "trino", "spark"};

std::vector<std::string> models() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(CLUE_SOURCE_DIR) / "models"))
    if (e.is_regular_file() && e.path().extension() == ".model") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

class GoldenSql : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenSql, MatchesExpected) {
  const std::string& model = GetParam();
  for (const char* dialect : kDialects) {
    std::string cmd = std::string("'") + CLUE_BINARY + "' emit-sql --lang en --dialect " + dialect + " models/" + model +
                      ".model";
    auto r = clue::test::run_command(cmd);
    ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
    const std::string expected = std::string(CLUE_SOURCE_DIR) + "/" + kDir + "/" + model + "." + dialect + ".sql";
    if (clue::test::update_golden()) {
      clue::test::write_file(expected, r.output);
      continue;
    }
    ASSERT_TRUE(fs::exists(expected)) << "missing " << expected << "; run with CLUE_UPDATE_GOLDEN=1";
    EXPECT_EQ(read_file(expected), r.output) << cmd;
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Models, GoldenSql, ::testing::ValuesIn(models()), test_name);

// The SQL back end's own test models (tests/fixtures/sql_models/<name>/model.model, run on the
// servers by sql_servers_test.cpp): golden in tests/golden/sql/fixtures/<name>.<dialect>.sql, so
// their Trino and Spark forms are parsed too; a dialect that refuses a construct (E0800) has
// the diagnostic instead, in <name>.<dialect>.err.
std::vector<std::string> fixture_models() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(CLUE_SOURCE_DIR) / "tests" / "fixtures" / "sql_models"))
    if (fs::exists(e.path() / "model.model")) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class GoldenSqlFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenSqlFixture, MatchesExpected) {
  const std::string& name = GetParam();
  const fs::path dir = fs::path(CLUE_SOURCE_DIR) / kDir / "fixtures";
  for (const char* dialect : kDialects) {
    std::string cmd = std::string("cd '") + CLUE_SOURCE_DIR + "' && '" + CLUE_BINARY + "' emit-sql --lang en --dialect " +
                      dialect + " tests/fixtures/sql_models/" + name + "/model.model";
    auto r = clue::test::run_command(cmd);
    const fs::path sql = dir / (name + "." + dialect + ".sql"), err = dir / (name + "." + dialect + ".err");
    const fs::path& expected = r.exit_code == 0 ? sql : err;
    if (clue::test::update_golden()) {
      fs::create_directories(dir);
      fs::remove(r.exit_code == 0 ? err : sql);
      clue::test::write_file(expected.string(), r.output);
      continue;
    }
    ASSERT_TRUE(fs::exists(expected)) << cmd << "\n" << r.output << "\nmissing " << expected << "; run with CLUE_UPDATE_GOLDEN=1";
    EXPECT_EQ(read_file(expected.string()), r.output) << cmd;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GoldenSqlFixture, ::testing::ValuesIn(fixture_models()), test_name);

// No golden file without a model behind it.
TEST(GoldenSqlFiles, EveryFileHasAModel) {
  const auto names = models();
  for (const auto& e : fs::directory_iterator(fs::path(CLUE_SOURCE_DIR) / kDir)) {
    if (!e.is_regular_file()) continue;
    const std::string f = e.path().filename().string();
    EXPECT_NE(std::find(names.begin(), names.end(), f.substr(0, f.find('.'))), names.end()) << f << " belongs to no model";
  }
}

// Every statement starts with the model's name, version and fingerprint, and names its output.
TEST(GoldenSqlFiles, ScriptHeader) {
  auto r = clue::test::run_command(std::string("'") + CLUE_BINARY + "' emit-sql --dialect clickhouse models/due_claims.model");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("-- model due_claims 1.0.0, fingerprint ", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\n-- output leads\n"), std::string::npos);
  // explain --emit=sql prints the same script.
  auto e = clue::test::run_command(std::string("'") + CLUE_BINARY +
                                   "' explain --emit=sql --dialect clickhouse models/due_claims.model");
  ASSERT_EQ(e.exit_code, 0) << e.output;
  EXPECT_EQ(e.output, r.output);
}

}  // namespace
