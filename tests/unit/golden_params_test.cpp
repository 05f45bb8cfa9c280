// `clue run`'s params end to end (issue 13, "no silent wrong results"): a list param given with
// full-width commas, enumeration commas, spaces or the model's own [..] syntax means the same
// list; a scalar is trimmed the same way; an empty value or item, or a quote or bracket left
// without its pair, is an error (their golden cases: tests/golden/diagnostics/E052*); and every
// param is in the run's summary and manifest with its value and whether it is the default.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

const std::string kCase = "tests/golden/run/due_claims_dirty";

struct Run {
  int exit_code = -1;
  std::string output;
  fs::path out;
  std::optional<clue::test::Json> manifest;
};

// Runs `model` with `args` into a folder of this process (ctest runs tests side by side).
Run run(const std::string& model, const std::string& args, const std::string& tag) {
  Run r;
  r.out = fs::temp_directory_path() / ("clue_params_" + std::to_string(::getpid()) + "_" + tag);
  fs::remove_all(r.out);
  auto c = clue::test::run_command(std::string("'") + CLUE_BINARY + "' run " + model + " " + args + " --out '" +
                                   r.out.string() + "' --threads 1");
  r.exit_code = c.exit_code;
  r.output = c.output;
  if (fs::exists(r.out / "manifest.json")) r.manifest = clue::test::parse_json(read_file((r.out / "manifest.json").string()));
  return r;
}

// One shell word: the argument in single quotes (a quote inside as '\'').
std::string sh(const std::string& arg) {
  std::string s = "'";
  for (char c : arg) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return s + "'";
}

Run due_claims(const std::string& param, const std::string& tag) {
  return run("models/due_claims.model", "--data-dir " + kCase + "/data --lang en --param " + sh(param), tag);
}

const clue::test::Json* detail(const clue::test::Json& m, const std::string& name) {
  const auto* d = m.get("params_detail");
  if (!d) return nullptr;
  for (const auto& p : d->items)
    if (p.get("name") && p.get("name")->s == name) return &p;
  return nullptr;
}

std::vector<std::string> strings(const clue::test::Json* j) {
  std::vector<std::string> out;
  if (j)
    for (const auto& i : j->items) out.push_back(i.s);
  return out;
}

// The cases: "判决，调解成功" gave 0 leads and "判决, 调解成功" 2 of 3 (the item " 调解成功"
// kept its space). Every way of writing the two items gives the default's 3 leads, the same file.
TEST(Params, ListItemsSplitOnEveryCommaAndAreTrimmed) {
  const std::string expected = read_file(kCase + "/expected/leads.csv");
  const std::vector<std::string> spellings = {
      "判决,调解成功",         "判决，调解成功",   "判决、调解成功",     "判决, 调解成功",
      "　判决　，　调解成功 ", " 判决 ,\t调解成功", "[\"判决\", \"调解成功\"]", "\"判决\"、'调解成功'"};
  for (size_t i = 0; i < spellings.size(); ++i) {
    const auto r = due_claims("结案方式白名单=" + spellings[i], "list" + std::to_string(i));
    ASSERT_EQ(r.exit_code, 0) << spellings[i] << "\n" << r.output;
    EXPECT_NE(r.output.find("output leads: 3 leads"), std::string::npos) << spellings[i] << "\n" << r.output;
    EXPECT_EQ(read_file((r.out / "leads.csv").string()), expected) << spellings[i];
    EXPECT_NE(r.output.find("param 结案方式白名单 = [\"判决\", \"调解成功\"] (--param)\n"), std::string::npos)
        << r.output;
    ASSERT_TRUE(r.manifest.has_value());
    const auto* d = detail(*r.manifest, "结案方式白名单");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(strings(d->get("items")), (std::vector<std::string>{"判决", "调解成功"})) << spellings[i];
    EXPECT_EQ(r.manifest->get("params")->get("结案方式白名单")->s, "判决,调解成功");
    fs::remove_all(r.out);
  }
  // The control: one item finds fewer leads, so the cases above did read both.
  const auto one = due_claims("结案方式白名单=判决", "list_one");
  EXPECT_NE(one.output.find("output leads: 2 leads"), std::string::npos) << one.output;
  fs::remove_all(one.out);
}

// A scalar is trimmed like an item (ASCII and full-width spaces) and may be quoted.
TEST(Params, ScalarValuesAreTrimmedAndUnquoted) {
  for (const std::string v : {" 2022-01-01", "2022-01-01　", "\"2022-01-01\"", "\t2022-01-01 "}) {
    const auto r = due_claims("时段分界=" + v, "scalar");
    ASSERT_EQ(r.exit_code, 0) << v << "\n" << r.output;
    EXPECT_NE(r.output.find("output leads: 3 leads"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("param 时段分界 = 2022-01-01 (--param)\n"), std::string::npos) << r.output;
    ASSERT_TRUE(r.manifest.has_value());
    EXPECT_EQ(r.manifest->get("params")->get("时段分界")->s, "2022-01-01");
    fs::remove_all(r.out);
  }
}

// Each of these would have matched nothing (or something else) without a word: now an error
// with its code, exit 1, and no leads written.
TEST(Params, EmptyItemsAndUnpairedQuotesAreErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"结案方式白名单=判决,,调解成功", "E0521"}, {"结案方式白名单=判决,调解成功,", "E0521"},
      {"结案方式白名单=，判决", "E0521"},         {"结案方式白名单=判决、 、调解成功", "E0521"},
      {"结案方式白名单=\"\",判决", "E0521"},      {"结案方式白名单=", "E0520"},
      {"结案方式白名单=　", "E0520"},             {"时段分界=", "E0520"},
      {"时段分界=\"\"", "E0520"},                  {"结案方式白名单=\"判决,调解成功\"", "E0522"},
      {"结案方式白名单=[判决,调解成功", "E0522"},  {"结案方式白名单=判决]", "E0522"},
      {"结案方式白名单='判决", "E0522"},           {"时段分界=\"2022-01-01", "E0522"},
      {"结案方式白名单=判决,[调解成功]]", "E0522"}};
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& [arg, code] = cases[i];
    auto c = clue::test::run_command(std::string("'") + CLUE_BINARY +
                                     "' run models/due_claims.model --data-dir " + kCase +
                                     "/data --lang en --out /tmp/clue_params_never_written --param " + sh(arg));
    EXPECT_EQ(c.exit_code, 1) << arg << "\n" << c.output;
    EXPECT_NE(c.output.find("error[" + code + "]"), std::string::npos) << arg << "\n" << c.output;
    EXPECT_FALSE(fs::exists("/tmp/clue_params_never_written/leads.csv"));
  }
}

// The empty list is written as the model writes it, and is not mistaken for a missing value.
TEST(Params, BracketsAloneAreTheEmptyList) {
  const auto r = due_claims("结案方式白名单=[]", "empty_list");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("param 结案方式白名单 = [] (--param)\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("output leads: 0 leads"), std::string::npos) << r.output;
  ASSERT_TRUE(r.manifest.has_value());
  EXPECT_EQ(r.manifest->get("params")->get("结案方式白名单")->s, "[]");
  fs::remove_all(r.out);
}

// detention_deadlines run without --param 运行日期 uses 2024-12-31: the summary and the manifest
// say so, param by param, in both languages.
TEST(Params, SummaryAndManifestListEveryParamAndWhetherItIsTheDefault) {
  const std::string data = "--data-dir models/tests/detention_deadlines/window/data";
  const auto en = run("models/detention_deadlines.model", data + " --lang en --param 预警天数=10", "dd_en");
  ASSERT_EQ(en.exit_code, 0) << en.output;
  EXPECT_EQ(en.output.rfind("param 运行日期 = 2024-12-31 (default)\n"
                            "param 预警天数 = 10 (--param)\n"
                            "param 羁押类强制措施 = [\"刑事拘留\", \"拘留\", \"逮捕\"] (default)\n"
                            // its statutory deadlines are an inline table, read from the model
                            "read 法定期限 ← the table in detention_deadlines.model: 22 rows, used 22, rejected 0\n"
                            "read zy ← ",
                            0),
            0u)
      << en.output;
  ASSERT_TRUE(en.manifest.has_value());
  const auto& m = *en.manifest;
  // `params` stays NAME → value (what `clue why` reads).
  EXPECT_EQ(m.get("params")->get("运行日期")->s, "2024-12-31");
  EXPECT_EQ(m.get("params")->get("预警天数")->s, "10");
  EXPECT_EQ(m.get("params")->get("羁押类强制措施")->s, "刑事拘留,拘留,逮捕");
  ASSERT_EQ(m.get("params_detail")->items.size(), 3u);
  const auto* date = detail(m, "运行日期");
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->get("type")->s, "date");
  EXPECT_EQ(date->get("value")->s, "2024-12-31");
  EXPECT_EQ(date->get("default")->kind, clue::test::Json::Bool);
  EXPECT_TRUE(date->get("default")->b);
  EXPECT_EQ(date->get("items"), nullptr);
  const auto* days = detail(m, "预警天数");
  ASSERT_NE(days, nullptr);
  EXPECT_FALSE(days->get("default")->b);
  EXPECT_EQ(days->get("value")->s, "10");
  const auto* kinds = detail(m, "羁押类强制措施");
  ASSERT_NE(kinds, nullptr);
  EXPECT_EQ(kinds->get("type")->s, "list<text>");
  EXPECT_TRUE(kinds->get("default")->b);
  EXPECT_EQ(strings(kinds->get("items")), (std::vector<std::string>{"刑事拘留", "拘留", "逮捕"}));
  fs::remove_all(en.out);

  const auto zh = run("models/detention_deadlines.model", data + " --lang zh --param 运行日期=2024-06-10", "dd_zh");
  ASSERT_EQ(zh.exit_code, 0) << zh.output;
  EXPECT_EQ(zh.output.rfind("参数 运行日期 = 2024-06-10（--param 指定）\n"
                            "参数 预警天数 = 7（默认值）\n"
                            "参数 羁押类强制措施 = [\"刑事拘留\", \"拘留\", \"逮捕\"]（默认值）\n",
                            0),
            0u)
      << zh.output;
  ASSERT_TRUE(zh.manifest.has_value());
  EXPECT_FALSE(detail(*zh.manifest, "运行日期")->get("default")->b);
  fs::remove_all(zh.out);
}

// `clue why` passes the manifest's params back as --param: a default list whose items hold a
// separator, a quote or spaces must come back as that default, not split anew.
TEST(Params, WhyReadsBackADefaultListWithSeparatorsInItsItems) {
  const fs::path dir = fs::temp_directory_path() / ("clue_params_why_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  std::ofstream(dir / "m.model") << "model why_params { version \"1\" jurisdiction \"测试\" basis \"测试\" }\n"
                                    "param 类别名单: list<text> = [\"甲、乙\", \"丙,丁\", \" 戊\"]\n"
                                    "schema 表 { 编号: int\n  类别: text }\n"
                                    "source t: 表\n"
                                    "命中 = t where t.类别 in 类别名单\n"
                                    "output 命中 { t.编号, t.类别 } order by 编号\n";
  std::ofstream(dir / "data" / "表.csv") << "编号,类别\n1,甲、乙\n2,甲\n4,\"丙,丁\"\n";
  const auto r = run((dir / "m.model").string(), "--data t=" + (dir / "data" / "表.csv").string(), "why");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 leads"), std::string::npos) << r.output;
  auto why = clue::test::run_command(std::string("'") + CLUE_BINARY + "' why '" + r.out.string() + "' 命中:2 --lang en");
  EXPECT_EQ(why.exit_code, 0) << why.output;
  EXPECT_NE(why.output.find("编号 = 4"), std::string::npos) << why.output;
  // Split anew, the list would be 甲, 乙, 丙, 丁, 戊 and the condition false.
  EXPECT_NE(why.output.find("where t.类别 in 类别名单"), std::string::npos) << why.output;
  EXPECT_NE(why.output.find("→ true"), std::string::npos) << why.output;
  EXPECT_EQ(why.output.find("error"), std::string::npos) << why.output;
  fs::remove_all(r.out);
  fs::remove_all(dir);
}

}  // namespace
