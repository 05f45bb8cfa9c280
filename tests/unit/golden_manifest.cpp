// What manifest.json says about the inputs: their SHA-256 (or null with --input-hash none),
// and which fields were parsed late and for how many rows (absent with --eager).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {

const std::string kCase = std::string(CLUE_SOURCE_DIR) + "/tests/golden/run/late_parse";

clue::test::Json run_manifest(const std::string& extra) {
  // ctest runs each test in its own process, at the same time: one folder per process and run.
  const fs::path out = fs::temp_directory_path() / ("clue_manifest_test_" + std::to_string(::getpid()) + "_" +
                                                    std::to_string(std::hash<std::string>{}(extra)));
  fs::remove_all(out);
  const std::string cmd = std::string("'") + CLUE_BINARY + "' run '" + kCase + "/model.model' --data 'a=" + kCase +
                          "/data/案件.csv' --data 'b=" + kCase + "/data/名单.csv' --out '" + out.string() + "' " + extra;
  auto r = clue::test::run_command(cmd);
  EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
  std::ifstream in(out / "manifest.json");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string err;
  auto j = clue::test::parse_json(ss.str(), &err);
  EXPECT_TRUE(j.has_value()) << err;
  fs::remove_all(out);
  return j ? *j : clue::test::Json{};
}

const clue::test::Json* input(const clue::test::Json& m, const std::string& source) {
  const auto* inputs = m.get("inputs");
  if (!inputs) return nullptr;
  for (const auto& i : inputs->items)
    if (i.get("source") && i.get("source")->s == source) return &i;
  return nullptr;
}

TEST(Manifest, InputsCarryTheirSha256UnlessHashingIsOff) {
  const auto with = run_manifest("");
  const auto* a = input(with, "a");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(a->get("sha256"), nullptr);
  EXPECT_EQ(a->get("sha256")->kind, clue::test::Json::String);
  EXPECT_EQ(a->get("sha256")->s.size(), 64u);
  EXPECT_EQ(a->get("sha256")->s.find_first_not_of("0123456789abcdef"), std::string::npos);

  const auto without = run_manifest("--input-hash none");
  const auto* b = input(without, "a");
  ASSERT_NE(b, nullptr);
  ASSERT_NE(b->get("sha256"), nullptr);
  EXPECT_EQ(b->get("sha256")->kind, clue::test::Json::Null);
}

TEST(Manifest, ListsLateFieldsAndTheRowsTheyWereParsedFor) {
  const auto m = run_manifest("");
  const auto* a = input(m, "a");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(a->get("late_fields"), nullptr);
  std::vector<std::string> fields;
  for (const auto& f : a->get("late_fields")->items) fields.push_back(f.s);
  EXPECT_EQ(fields, (std::vector<std::string>{"编号", "金额", "立案日期", "备注"}));
  ASSERT_NE(a->get("late_rows"), nullptr);
  EXPECT_EQ(a->get("late_rows")->n, 5);  // the five leads, each parsed once
  EXPECT_EQ(input(m, "b")->get("late_fields"), nullptr);  // its only field is the join key

  const auto eager = run_manifest("--eager");
  EXPECT_EQ(input(eager, "a")->get("late_fields"), nullptr);
}

}  // namespace
