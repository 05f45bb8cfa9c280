// One source read from several files (docs/running.md, "Several files for one source"):
// --data repeated, --data-dir's naming rule, a workbook's sheets. The leads of split files are
// the leads of the whole (tests/golden/run/several_files and data_dir_naming check the
// outputs); these tests check what must fail, the manifest's per-file accounting and `why`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "runtime/io/xlsx_writer.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;
using clue::test::run_command;
using clue::test::write_file;

namespace {

const char* kModel = R"(model several { version "1" jurisdiction "测试" basis "测试" }
schema 人员 { 编号: int
  姓名: text
  身份证号: idcard? }
source p: 人员
有证号 = p where p.编号 > 0
output 有证号 { p.编号, p.姓名 } order by 编号
)";

// A scratch folder per test, removed at the end.
struct Scratch {
  fs::path dir;
  explicit Scratch(const std::string& name)
      : dir(fs::path(::testing::TempDir()) / ("clue_several_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
    write_file((dir / "m.model").string(), kModel);
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string path(const std::string& rel) const { return (dir / rel).string(); }
  clue::test::CommandResult run(const std::string& data_args) const {
    return run_command(std::string("'") + CLUE_BINARY + "' run '" + path("m.model") + "' " + data_args + " --out '" +
                       path("out") + "' --lang en 2>&1");
  }
};

const char* kPeople1 = "编号,姓名,身份证号\n1,张三,11010519491231002X\n2,李四,\n";
const char* kPeople2 = "编号,姓名,身份证号\n3,王五,330803199002024568\n";

TEST(SeveralFiles, RepeatedDataReadsEveryFileAndTheManifestAccountsForEach) {
  Scratch s("repeated");
  write_file(s.path("data/a.csv"), kPeople1);
  write_file(s.path("data/b.csv"), kPeople2);
  auto r = s.run("--data p='" + s.path("data/a.csv") + "' --data p='" + s.path("data/b.csv") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("read p ← 2 files: 3 rows, used 3"), std::string::npos) << r.output;
  const std::string leads = read_file(s.path("out/有证号.csv"));
  EXPECT_NE(leads.find("1,张三,a.csv:2"), std::string::npos) << leads;
  EXPECT_NE(leads.find("3,王五,b.csv:2"), std::string::npos) << leads;
  auto m = nlohmann::json::parse(read_file(s.path("out/manifest.json")));
  ASSERT_EQ(m["inputs"].size(), 2u);
  EXPECT_EQ(m["inputs"][0]["source"], "p");
  EXPECT_EQ(m["inputs"][0]["rows_read"], 2);
  EXPECT_EQ(m["inputs"][1]["rows_read"], 1);
  EXPECT_EQ(m["inputs"][1]["label"], "b.csv");
  EXPECT_EQ(m["inputs"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_NE(m["inputs"][0]["sha256"], m["inputs"][1]["sha256"]);

  // `why` reloads both files and finds the row in the second.
  auto w = run_command(std::string("'") + CLUE_BINARY + "' why '" + s.path("out") + "' 3 --lang en 2>&1");
  ASSERT_EQ(w.exit_code, 0) << w.output;
  EXPECT_NE(w.output.find("b.csv line 2"), std::string::npos) << w.output;
}

TEST(SeveralFiles, TheSameFileTwiceIsAnError) {
  Scratch s("twice");
  write_file(s.path("data/a.csv"), kPeople1);
  // The same file spelled two ways: its rows would count twice.
  auto r = s.run("--data p='" + s.path("data/a.csv") + "' --data p='" + s.path("data/../data/a.csv") + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("E0524"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(s.path("out/有证号.csv")));
}

TEST(SeveralFiles, FilesWhoseHeadersDisagreeAreAnErrorNamingBoth) {
  Scratch s("headers");
  write_file(s.path("data/a.csv"), kPeople1);
  // The same columns in another order are fine; a column more is not.
  write_file(s.path("data/b.csv"), "身份证号,编号,姓名\n330803199002024568,3,王五\n");
  write_file(s.path("data/c.csv"), "编号,姓名,身份证号,备注\n4,赵六,,x\n");
  auto ok = s.run("--data p='" + s.path("data/a.csv") + "' --data p='" + s.path("data/b.csv") + "'");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  auto r = s.run("--data p='" + s.path("data/a.csv") + "' --data p='" + s.path("data/c.csv") + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("E0525"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("备注"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(s.path("data/a.csv")), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(s.path("data/c.csv")), std::string::npos) << r.output;
}

TEST(SeveralFiles, DataDirRefusesOneExportInTwoFormats) {
  Scratch s("formats");
  write_file(s.path("data/人员.csv"), kPeople1);
  write_file(s.path("data/人员.xlsx"), "not read");
  auto r = s.run("--data-dir '" + s.path("data") + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("E0527"), std::string::npos) << r.output;
}

TEST(SeveralFiles, DataDirRefusesMoreFilesThanATableNumbers) {
  Scratch s("many");
  for (int k = 0; k <= 65535; ++k) std::ofstream(s.path("data/人员_" + std::to_string(k) + ".csv")) << kPeople2;
  auto r = s.run("--data-dir '" + s.path("data") + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("E0526"), std::string::npos) << r.output.substr(0, 2000);
}

// A workbook of two sheets with the same header, "上半年" and "上半年-2" (the leads writer
// continues a table on a numbered sheet after rows_per_sheet rows).
void write_two_sheets(const std::string& path) {
  const std::vector<std::string> header = {"编号", "姓名", "身份证号"};
  const std::vector<std::vector<std::string>> rows = {{"1", "张三", "11010519491231002X"},
                                                      {"2", "李四", ""},
                                                      {"3", "王五", "330803199002024568"},
                                                      {"4", "赵六", "330803198001011234"}};
  ASSERT_EQ(clue::io::write_xlsx_atomic(path, "上半年", header, rows, {}, nullptr, 2), "");
}

TEST(SeveralFiles, EverySheetOfAWorkbookAsOneSource) {
  Scratch s("sheets");
  write_two_sheets(s.path("data/book.xlsx"));
  auto r = s.run("--data p='" + s.path("data/book.xlsx") + "#*'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string leads = read_file(s.path("out/有证号.csv"));
  EXPECT_NE(leads.find("1,张三,book.xlsx#上半年:2"), std::string::npos) << leads;
  EXPECT_NE(leads.find("4,赵六,book.xlsx#上半年-2:3"), std::string::npos) << leads;
  auto m = nlohmann::json::parse(read_file(s.path("out/manifest.json")));
  ASSERT_EQ(m["inputs"].size(), 2u);
  EXPECT_EQ(m["inputs"][1]["sheet"], "上半年-2");

  // `why` reads the sheet again.
  auto w = run_command(std::string("'") + CLUE_BINARY + "' why '" + s.path("out") + "' 4 --lang en 2>&1");
  EXPECT_EQ(w.exit_code, 0) << w.output;
  EXPECT_NE(w.output.find("book.xlsx line 3"), std::string::npos) << w.output;

  // One sheet by name.
  auto one = s.run("--data p='" + s.path("data/book.xlsx") + "#上半年-2'");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(read_file(s.path("out/有证号.csv")).find("张三"), std::string::npos);
  EXPECT_NE(read_file(s.path("out/有证号.csv")).find("王五"), std::string::npos);
}

TEST(SeveralFiles, AnUnknownSheetIsAnErrorListingTheSheets) {
  Scratch s("nosheet");
  write_two_sheets(s.path("data/book.xlsx"));
  auto r = s.run("--data p='" + s.path("data/book.xlsx") + "#全年'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("E0528"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("上半年, 上半年-2"), std::string::npos) << r.output;
}

TEST(SeveralFiles, AWorkbookReadByItsFirstSheetSaysSo) {
  Scratch s("firstsheet");
  write_two_sheets(s.path("data/book.xlsx"));
  auto r = s.run("--data p='" + s.path("data/book.xlsx") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("W0505"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("上半年"), std::string::npos) << r.output;
}

}  // namespace
