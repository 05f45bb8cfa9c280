// What manifest.json says about the inputs: their SHA-256 (or null with --input-hash none),
// and which fields were parsed late and for how many rows (absent with --eager).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "runtime/io/files.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {

const std::string kCase = std::string(CLUE_SOURCE_DIR) + "/tests/golden/run/late_parse";

// Runs late_parse's model on `a` and `b` with `extra` arguments and returns its manifest.
clue::test::Json run_manifest(const std::string& extra, const std::string& a = kCase + "/data/案件.csv",
                              const std::string& b = kCase + "/data/名单.csv") {
  // ctest runs each test in its own process, at the same time: one folder per process and run.
  const fs::path out = fs::temp_directory_path() / ("clue_manifest_test_" + std::to_string(::getpid()) + "_" +
                                                    std::to_string(std::hash<std::string>{}(extra + a + b)));
  fs::remove_all(out);
  const std::string cmd = std::string("'") + CLUE_BINARY + "' run '" + kCase + "/model.model' --data 'a=" + a +
                          "' --data 'b=" + b + "' --out '" + out.string() + "' " + extra;
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

// The inputs' digests equal the files' plain SHA-256 however they were computed: along the
// parse with read-ahead (1 thread), by a thread the side-by-side parses hand their stretches
// to (2 and 3 threads: one per file), or by a thread reading the files (4 threads: the files
// are parsed one after another). Files of a few MB, so that the parse hands over many
// stretches and drops pages behind it while the hash catches up.
TEST(Manifest, InputDigestsAreTheFilesSha256WhateverTheThreads) {
  const fs::path dir = fs::temp_directory_path() / ("clue_manifest_digests_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream a(dir / "案件.csv", std::ios::binary), b(dir / "名单.csv", std::ios::binary);
    a << "编号,身份证号,状态,金额(元),立案日期,备注\n";
    b << "身份证号\n";
    for (int i = 0; i < 60000; ++i) {
      a << i << ",11010519491231002X," << (i % 3 ? "终本" : "结案") << "," << i * 7 << ".50,2021-03-0" << 1 + i % 9
        << ",备注文字" << i % 97 << "\n";
      if (i % 2) b << "33080319800101" << 1000 + i % 9000 << "\n";
    }
  }
  const std::string a_sha = clue::io::sha256_file((dir / "案件.csv").string());
  const std::string b_sha = clue::io::sha256_file((dir / "名单.csv").string());
  ASSERT_EQ(a_sha.size(), 64u);
  for (int threads : {1, 2, 3, 4}) {
    const auto m = run_manifest("--threads " + std::to_string(threads), (dir / "案件.csv").string(),
                                (dir / "名单.csv").string());
    ASSERT_NE(input(m, "a"), nullptr);
    ASSERT_NE(input(m, "a")->get("sha256"), nullptr);
    EXPECT_EQ(input(m, "a")->get("sha256")->s, a_sha) << threads << " threads";
    EXPECT_EQ(input(m, "b")->get("sha256")->s, b_sha) << threads << " threads";
  }
  fs::remove_all(dir);
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
