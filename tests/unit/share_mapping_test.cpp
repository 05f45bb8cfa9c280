// Local mappings end to end: the shipped due_claims model, unchanged, on an office's exports with
// renamed headers, another vocabulary, dates with the day first and a GB18030 file, finds the
// same leads as on the exports it was written for, by adding only clue-mapping.json beside the
// data (tests/golden/run/due_claims_mapped). Also: the mapping is recorded in the manifest and
// the fingerprint, `clue check --data-dir` shows how each field binds, and `clue map suggest`
// drafts the same bindings without ever crossing a party role.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "compiler/share/mapping.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;
using clue::test::run_command;

namespace {
std::string clue_cmd() { return std::string("'") + CLUE_BINARY + "'"; }
const std::string kMapped = "tests/golden/run/due_claims_mapped/data";
const std::string kOriginal = "tests/golden/run/due_claims_dirty/data";

fs::path temp(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("clue_share_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}
}  // namespace

TEST(Mapping, ShippedModelRunsUnchangedOnRenamedExports) {
  const fs::path a = temp("orig"), b = temp("mapped");
  auto orig = run_command(clue_cmd() + " run models/due_claims.model --data-dir " + kOriginal + " --out '" + a.string() +
                          "' --lang en");
  ASSERT_EQ(orig.exit_code, 0) << orig.output;
  auto mapped = run_command(clue_cmd() + " run models/due_claims.model --data-dir " + kMapped + " --out '" + b.string() +
                            "' --lang en");
  ASSERT_EQ(mapped.exit_code, 0) << mapped.output;
  EXPECT_NE(mapped.output.find("mapping: " + kMapped + "/clue-mapping.json"), std::string::npos) << mapped.output;
  // The same leads, row for row (provenance included: the files keep their names and lines).
  EXPECT_EQ(read_file((a / "leads.csv").string()), read_file((b / "leads.csv").string()));
  // The manifest names the mapping with its SHA-256, and the fingerprint covers it.
  std::string err;
  auto m = clue::test::parse_json(read_file((b / "manifest.json").string()), &err);
  ASSERT_TRUE(m) << err;
  ASSERT_NE(m->get("mapping"), nullptr);
  EXPECT_EQ(m->get("mapping")->get("path")->s, kMapped + "/clue-mapping.json");
  EXPECT_EQ(m->get("mapping")->get("sha256")->s.size(), 64u);
  auto mo = clue::test::parse_json(read_file((a / "manifest.json").string()), &err);
  ASSERT_TRUE(mo) << err;
  EXPECT_NE(m->get("model")->get("fingerprint")->s, mo->get("model")->get("fingerprint")->s);
  // `clue why` applies the mapping again to find the rows.
  auto why = run_command(clue_cmd() + " why '" + b.string() + "' leads:1 --lang en");
  EXPECT_EQ(why.exit_code, 0) << why.output;
  EXPECT_NE(why.output.find("终本案件.csv line 3"), std::string::npos) << why.output;
  fs::remove_all(a);
  fs::remove_all(b);
}

// Without the mapping the same exports are refused (a missing column), never misread.
TEST(Mapping, WithoutTheMappingTheExportsAreRefused) {
  const fs::path work = temp("nomap");
  fs::create_directories(work);
  for (const char* f : {"终本案件.csv", "民事案件.csv"}) fs::copy_file(kMapped + "/" + f, work / f);
  auto r = run_command(clue_cmd() + " run models/due_claims.model --data-dir '" + work.string() + "' --out '" +
                       (work / "out").string() + "' --lang en");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("C0204"), std::string::npos) << r.output;
  // The hint for the plaintiff's ID column is the plaintiff's column, not the defendant's.
  EXPECT_EQ(r.output.find("nearest header: '被告身份证号'"), std::string::npos) << r.output;
  fs::remove_all(work);
}

TEST(Mapping, CheckReportsHowEachFieldBinds) {
  auto r = run_command(clue_cmd() + " check models/due_claims.model --data-dir " + kMapped + " --lang en");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* line : {"  案号 ← 案件编号  [mapped]", "  被执行人身份证号 ← 身份证号码  [mapped]",
                           "  是否履行完毕 ← 履行完毕  [mapped; 2 values mapped]", "  终本日期 ← 终本日期  [exact; dates DMY]",
                           "  原告身份证号 ← 原告证件号码  [mapped]", "  被告身份证号 ← 被告身份证号  [exact]",
                           "  执行标的金额 ← 执行标的金额(元)  [exact]"})
    EXPECT_NE(r.output.find(line), std::string::npos) << line << "\n" << r.output;
}

TEST(Mapping, SuggestDraftsTheBindingsByMeaning) {
  const fs::path work = temp("suggest");
  fs::create_directories(work);
  for (const char* f : {"终本案件.csv", "民事案件.csv"}) fs::copy_file(kMapped + "/" + f, work / f);
  auto r = run_command(clue_cmd() + " map suggest models/due_claims.model --data-dir '" + work.string() + "' --lang en");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string draft = read_file((work / "clue-mapping.draft.json").string());
  std::string err;
  auto j = clue::test::parse_json(draft, &err);
  ASSERT_TRUE(j) << err << draft;
  const auto* zb = j->get("schemas")->get("终本案件")->get("fields");
  const auto* civil = j->get("schemas")->get("民事案件")->get("fields");
  ASSERT_NE(zb, nullptr);
  ASSERT_NE(civil, nullptr);
  EXPECT_EQ(zb->get("案号")->s, "案件编号");
  EXPECT_EQ(zb->get("被执行人身份证号")->s, "身份证号码");
  const auto* done = zb->get("是否履行完毕");
  ASSERT_NE(done, nullptr) << draft;
  EXPECT_EQ(done->get("header")->s, "履行完毕");
  const auto* words = done->get("values");
  ASSERT_NE(words, nullptr) << draft;
  ASSERT_NE(words->get("已履行"), nullptr) << draft;
  ASSERT_NE(words->get("未履行"), nullptr) << draft;
  EXPECT_TRUE(words->get("已履行")->b);
  EXPECT_FALSE(words->get("未履行")->b);
  EXPECT_EQ(zb->get("终本日期")->get("date_order")->s, "DMY");
  // 原告证件号码, never 被告身份证号 (one character from 原告身份证号).
  EXPECT_EQ(civil->get("原告身份证号")->s, "原告证件号码");
  // The draft is a valid mapping that no run reads until a person saves it as clue-mapping.json;
  // a second suggest never overwrites it (U0342).
  auto again = run_command(clue_cmd() + " map suggest models/due_claims.model --data-dir '" + work.string() + "' --lang en");
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("U0342"), std::string::npos) << again.output;
  fs::remove_all(work);
}

TEST(Mapping, ParsesTheDocumentedForms) {
  clue::SourceManager sm;
  clue::DiagnosticSink sink;
  clue::share::Mapping m;
  ASSERT_TRUE(clue::share::parse_mapping("m.json", read_file(kMapped + "/clue-mapping.json"), sm, sink, m));
  EXPECT_EQ(m.schemas.at("终本案件").encoding, "gb18030");
  EXPECT_EQ(m.schemas.at("终本案件").fields.at("被执行人身份证号").headers,
            (std::vector<std::string>{"身份证号码", "证件号码"}));
  EXPECT_EQ(m.schemas.at("终本案件").fields.at("终本日期").date_order, "DMY");
  EXPECT_EQ(m.schemas.at("民事案件").fields.at("结案方式").values.size(), 2u);
  EXPECT_EQ(m.sha256.size(), 64u);
}
