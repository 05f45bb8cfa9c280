// Which lead files `clue run` writes and what the manifest and summary say about them
// (docs/outputs.md): leads.csv with a typed leads.xlsx beside it by default, the formula
// guard's count for the CSV and rejects.csv, what the xlsx could not keep; --no-xlsx, --format
// xlsx (typed) and --format json (plain: never guarded, no xlsx).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/json.h"
#include "tests/support/run_command.h"
#include "tests/support/xlsx_dump.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

const std::string kData = std::string(CLUE_SOURCE_DIR) + "/tests/golden/run/spreadsheet_safe/data";

struct RunResult {
  fs::path out;
  std::string printed;
  clue::test::Json manifest;
};

RunResult run_clue(const std::string& extra) {
  RunResult r;
  r.out = fs::temp_directory_path() /
          ("clue_lead_files_" + std::to_string(::getpid()) + "_" + std::to_string(std::hash<std::string>{}(extra)));
  fs::remove_all(r.out);
  const std::string cmd = std::string("'") + CLUE_BINARY + "' run '" + CLUE_SOURCE_DIR + "/models/due_claims.model' --data-dir '" +
                          kData + "' --out '" + r.out.string() + "' --lang en " + extra;
  auto res = clue::test::run_command(cmd);
  EXPECT_EQ(res.exit_code, 0) << cmd << "\n" << res.output;
  r.printed = res.output;
  std::string err;
  auto j = clue::test::parse_json(read_file((r.out / "manifest.json").string()), &err);
  EXPECT_TRUE(j.has_value()) << err;
  if (j) r.manifest = *j;
  return r;
}

const clue::test::Json& output0(const RunResult& r) {
  static const clue::test::Json none;
  const auto* outs = r.manifest.get("outputs");
  return outs && !outs->items.empty() ? outs->items[0] : none;
}

}  // namespace

TEST(LeadFiles, CsvWithATypedXlsxBesideItAndTheCountsInManifestAndSummary) {
  RunResult r = run_clue("");
  EXPECT_TRUE(fs::exists(r.out / "leads.csv"));
  EXPECT_TRUE(fs::exists(r.out / "leads.xlsx"));
  const auto& o = output0(r);
  ASSERT_NE(o.get("formula_guarded_cells"), nullptr);
  EXPECT_EQ(o.get("formula_guarded_cells")->n, 3);  // =HYPERLINK, -张三, @王八
  const auto* x = o.get("xlsx");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->get("path")->s, (r.out / "leads.xlsx").string());
  EXPECT_EQ(x->get("replaced_char_cells")->n, 1);  // the control character in 钱七
  EXPECT_EQ(x->get("truncated_cells")->n, 0);
  EXPECT_EQ(x->get("numbers_as_text")->n, 0);
  EXPECT_EQ(r.manifest.get("rejects")->get("formula_guarded_cells")->n, 1);  // the raw value =1+2
  EXPECT_NE(r.printed.find("for people: " + (r.out / "leads.xlsx").string()), std::string::npos) << r.printed;
  EXPECT_NE(r.printed.find("formula guard in " + (r.out / "leads.csv").string() + ": a ' put before 3 cell(s)"),
            std::string::npos)
      << r.printed;
  EXPECT_NE(r.printed.find("formula guard in " + (r.out / "rejects.csv").string() + ": a ' put before 1 cell(s)"),
            std::string::npos)
      << r.printed;
  EXPECT_NE(r.printed.find("cells with characters XML cannot hold (now U+FFFD): 1;"), std::string::npos) << r.printed;
  fs::remove_all(r.out);
}

TEST(LeadFiles, NoXlsxWritesTheCsvAlone) {
  RunResult r = run_clue("--no-xlsx");
  EXPECT_TRUE(fs::exists(r.out / "leads.csv"));
  EXPECT_FALSE(fs::exists(r.out / "leads.xlsx"));
  EXPECT_EQ(output0(r).get("xlsx"), nullptr);
  EXPECT_EQ(output0(r).get("formula_guarded_cells")->n, 3);
  EXPECT_EQ(r.printed.find("for people"), std::string::npos);
  fs::remove_all(r.out);
}

TEST(LeadFiles, FormatXlsxIsTypedAndAlone) {
  RunResult r = run_clue("--format xlsx");
  EXPECT_FALSE(fs::exists(r.out / "leads.csv"));
  ASSERT_TRUE(fs::exists(r.out / "leads.xlsx"));
  const auto& o = output0(r);
  EXPECT_EQ(o.get("path")->s, (r.out / "leads.xlsx").string());
  EXPECT_EQ(o.get("formula_guarded_cells"), nullptr);
  ASSERT_NE(o.get("xlsx"), nullptr);
  EXPECT_EQ(o.get("xlsx")->get("path")->s, o.get("path")->s);
  // The same typed cells as the xlsx beside a CSV (the golden dump).
  EXPECT_EQ(clue::test::xlsx_dump((r.out / "leads.xlsx").string()),
            read_file(std::string(CLUE_SOURCE_DIR) + "/tests/golden/run/spreadsheet_safe/expected/leads.xlsx.txt"));
  fs::remove_all(r.out);
}

TEST(LeadFiles, JsonLinesStayPlain) {
  RunResult r = run_clue("--format json");
  EXPECT_FALSE(fs::exists(r.out / "leads.xlsx"));
  const std::string jsonl = read_file((r.out / "leads.jsonl").string());
  EXPECT_NE(jsonl.find("\"被执行人\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\""), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"被执行人\":\"-张三\""), std::string::npos) << jsonl;
  EXPECT_EQ(output0(r).get("formula_guarded_cells"), nullptr);
  EXPECT_EQ(output0(r).get("xlsx"), nullptr);
  fs::remove_all(r.out);
}
