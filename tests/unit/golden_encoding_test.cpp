// `clue run` end to end on exports that mix UTF-8 and GB18030, generated here (see
// csv_mixed_fixture.h): the 裁判文书 file of 859 lines, UTF-8 with one long judgment
// pasted in GB18030 (13 lines), which used to be decoded whole as GB18030 so that its header
// was not found (C0203) and the two models reading 裁判文书 could not run; and a GB18030 export
// with rows pasted in UTF-8. Each runs, uses every row with its text decoded right (the lead
// from the pasted judgment is found), and says which lines were in the other encoding in the
// run summary and in the manifest.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/json.h"
#include "tests/support/run_command.h"
#include "tests/unit/csv_mixed_fixture.h"

namespace fs = std::filesystem;

namespace {

struct EncodingRun {
  clue::test::CommandResult result;
  clue::test::Json manifest;
  std::string leads;    // 错误引用.csv (repealed_statutes)
  std::string rejects;  // rejects.csv
};

// Writes `bytes` as 裁判文书.csv and runs `model` on it.
EncodingRun run_on(const std::string& bytes, const std::string& model, const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() / ("clue_golden_encoding_" + std::to_string(::getpid()) + "_" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  std::ofstream(dir / "data" / "裁判文书.csv", std::ios::binary) << bytes;
  const std::string cmd = std::string("'") + CLUE_BINARY + "' run '" + CLUE_SOURCE_DIR + "/models/" + model +
                          ".model' --data-dir '" + (dir / "data").string() + "' --out '" + (dir / "out").string() +
                          "' --jit-cache none";
  EncodingRun r;
  r.result = clue::test::run_command(cmd);
  std::string err;
  if (auto j = clue::test::parse_json(clue::test::read_file((dir / "out" / "manifest.json").string()), &err)) r.manifest = *j;
  if (fs::exists(dir / "out" / "错误引用.csv")) r.leads = clue::test::read_file((dir / "out" / "错误引用.csv").string());
  if (fs::exists(dir / "out" / "rejects.csv")) r.rejects = clue::test::read_file((dir / "out" / "rejects.csv").string());
  fs::remove_all(dir);
  return r;
}

const clue::test::Json* input_of(const clue::test::Json& m) {
  const auto* inputs = m.get("inputs");
  return inputs && inputs->items.size() == 1 ? &inputs->items[0] : nullptr;
}

constexpr const char* kRejectsHeaderOnly = "\xEF\xBB\xBF数据源,文件,行号,列,原始值,代码,原因,reason,处理\r\n";

TEST(GoldenEncoding, Utf8JudgmentsWithOneLongJudgmentPastedInGb18030) {
  const clue::test::JudgmentsFile f = clue::test::judgments_with_gb_paste(845, 400, 13);
  ASSERT_EQ(f.lines, 859);
  for (const char* model : {"repealed_statutes", "credit_card_lending"}) {
    SCOPED_TRACE(model);
    const EncodingRun r = run_on(f.bytes, model, model);
    ASSERT_EQ(r.result.exit_code, 0) << r.result.output;
    EXPECT_EQ(r.result.output.find("C0203"), std::string::npos) << r.result.output;
    // The summary and the manifest say the file is UTF-8 and where the GB18030 lines are.
    EXPECT_NE(r.result.output.find("(UTF-8 + GB18030: lines 402-414)"), std::string::npos) << r.result.output;
    const clue::test::Json* in = input_of(r.manifest);
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->get("encoding")->s, "UTF-8 + GB18030: lines 402-414");
    EXPECT_EQ(in->get("header_line")->n, 1);
    EXPECT_EQ(in->get("rows_read")->n, 846);
    EXPECT_EQ(in->get("rows_used")->n, 846);
    EXPECT_EQ(in->get("rows_rejected")->n, 0);
    EXPECT_EQ(r.rejects, kRejectsHeaderOnly);
    // Each GB18030 line is a warning (C0302): counted in the summary, listed in the manifest.
    EXPECT_NE(r.result.output.find("warnings in ws: 13 (all in the manifest's inputs[].warnings)\n  C0302 × 13, first at line 402: "),
              std::string::npos)
        << r.result.output;
    ASSERT_NE(in->get("warnings"), nullptr);
    ASSERT_EQ(in->get("warnings")->items.size(), 13u);
    EXPECT_EQ(in->get("warnings")->items[0].get("code")->s, "C0302");
    EXPECT_EQ(in->get("warnings")->items[0].get("line")->n, 402);
  }
  // The pasted judgment cites the repealed 合同法: its lead, with its fields as written.
  const EncodingRun r = run_on(f.bytes, "repealed_statutes", "leads");
  EXPECT_EQ(r.leads,
            "\xEF\xBB\xBF案号,法院,文书类型,案由,裁判日期,法律事实日期,被引废止法律,来源:ws\r\n"
            "（2022）浙0803民初9999号,衢江区人民法院,判决书,买卖合同纠纷,2022-06-30,2021-03-01,《合同法》,裁判文书.csv:402\r\n");
}

TEST(GoldenEncoding, Gb18030JudgmentsWithRowsPastedInUtf8) {
  clue::test::JudgmentsFile f = clue::test::gb18030_judgments(845, {3, 400, 401});
  const EncodingRun r = run_on(f.bytes, "repealed_statutes", "gb");
  ASSERT_EQ(r.result.exit_code, 0) << r.result.output;
  EXPECT_NE(r.result.output.find("(GB18030 + UTF-8: lines 5, 402-403)"), std::string::npos) << r.result.output;
  const clue::test::Json* in = input_of(r.manifest);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->get("encoding")->s, "GB18030 + UTF-8: lines 5, 402-403");
  EXPECT_EQ(in->get("rows_used")->n, 845);
  EXPECT_EQ(r.rejects, kRejectsHeaderOnly);

  // A clean GB18030 export is just that.
  const EncodingRun clean = run_on(clue::test::gb18030_judgments(845, {}).bytes, "repealed_statutes", "gbclean");
  ASSERT_EQ(clean.result.exit_code, 0) << clean.result.output;
  ASSERT_NE(input_of(clean.manifest), nullptr);
  EXPECT_EQ(input_of(clean.manifest)->get("encoding")->s, "GB18030");
}

}  // namespace
