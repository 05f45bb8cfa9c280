// The checker: name resolution, types, join analysis, grouping, imports — through the typed
// model it builds and the diagnostics it reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/typed_dump.h"
#include "tests/support/checked_model.h"
#include "tests/support/model_schemas.h"

namespace clue {
namespace {

using clue::test::kTestSchemas;

using test::Checked;

std::unique_ptr<Checked> check(const std::string& body, bool lint = false) {
  return test::check_model(kTestSchemas, body, lint);
}

TEST(Checker, JoinKeysAreSplitFromResidualConditions) {
  auto c = check("source zb: 终本案件\nsource civil: 民事案件\n"
                 "r = zb join civil on civil.原告身份证号 == zb.被执行人身份证号 and civil.结案方式 == \"判决\"\n"
                 "output r { zb.案号 }\n");
  EXPECT_TRUE(c->sink.all().empty());
  std::string t = c->typed();
  // The key is oriented: relation side first, new source second.
  EXPECT_NE(t.find("key zb.被执行人身份证号:idcard = civil.原告身份证号:idcard"), std::string::npos) << t;
  EXPECT_NE(t.find("and (civil.结案方式:text == \"判决\":text):bool"), std::string::npos) << t;
}

TEST(Checker, IdcardNeverComparesWithText) {
  auto c = check("source zb: 终本案件\nsource civil: 民事案件\n"
                 "r = zb join civil on zb.被执行人身份证号 == civil.原告\noutput r { zb.案号 }\n");
  auto codes = c->codes();
  ASSERT_FALSE(codes.empty());
  EXPECT_EQ(codes[0], "E0301");
  // ...and the note says where each side's type comes from.
  ASSERT_GE(c->sink.all()[0].notes.size(), 2u);
  EXPECT_EQ(c->sink.all()[0].notes[0].id, NoteId::DeclaredAsType);
}

TEST(Checker, JoinWithoutKeyUnlessCross) {
  auto c = check("source zb: 终本案件\nsource civil: 民事案件\n"
                 "r = zb join civil on civil.结案方式 == \"判决\"\noutput r { zb.案号 }\n");
  EXPECT_EQ(c->codes(), std::vector<std::string>{"E0401"});
  auto ok = check("source zb: 终本案件\nsource civil: 民事案件\nr = zb cross join civil\noutput r { zb.案号 }\n");
  EXPECT_TRUE(ok->sink.all().empty());
}

TEST(Checker, DistanceJoinIsRecognised) {
  auto c = check("source a: 地点\nsource b: 地点\nparam 半径: decimal = 200 m\n"
                 "r = a join b on distance(a.位置, b.位置) <= 半径\noutput r { a.名称, b.名称 as 名称2 }\n");
  EXPECT_TRUE(c->sink.all().empty()) << c->codes().size();
  EXPECT_NE(c->typed().find("within $半径:decimal metres"), std::string::npos) << c->typed();
}

TEST(Checker, SemiJoinHidesTheJoinedFields) {
  auto c = check("source zb: 终本案件\nsource civil: 民事案件\n"
                 "r = zb semi join civil on zb.被执行人身份证号 == civil.原告身份证号\noutput r { civil.原告 }\n");
  EXPECT_EQ(c->codes(), std::vector<std::string>{"E0404"});
}

TEST(Checker, GroupByKeepsOnlyKeysAndAggregates) {
  auto c = check("source civil: 民事案件\n"
                 "r = civil group by civil.原告身份证号 as 身份证号 compute n = count(distinct civil.案号) having n >= 5\n"
                 "output r { 身份证号, n }\n");
  EXPECT_TRUE(c->sink.all().empty()) << c->codes().size();
  EXPECT_NE(c->typed().find("n = agg count_distinct(civil.案号:case_no):int"), std::string::npos) << c->typed();
  auto bad = check("source civil: 民事案件\nr = civil group by civil.原告身份证号 as k compute n = count() + length(civil.原告)\n"
                   "output r { k, n }\n");
  EXPECT_EQ(bad->codes(), std::vector<std::string>{"E0313"});
  auto after = check("source civil: 民事案件\nr = civil group by civil.原告身份证号 as k compute n = count()\n"
                     "output r { civil.原告 }\n");
  EXPECT_EQ(after->codes(), std::vector<std::string>{"E0413"});
}

TEST(Checker, AggregatesOnlyInCompute) {
  auto c = check("source civil: 民事案件\nr = civil where count() > 1\noutput r { civil.原告 }\n");
  EXPECT_EQ(c->codes(), std::vector<std::string>{"E0312"});
  auto d = check("source civil: 民事案件\nr = civil group by civil.原告 as k compute s = max(distinct civil.案号)\noutput r { k, s }\n");
  EXPECT_EQ(d->codes(), std::vector<std::string>{"E0318"});
}

TEST(Checker, MisspelledFieldSuggestsTheRightOne) {
  auto c = check("source zb: 终本案件\nr = zb where zb.被执行人身份证 is not null\noutput r { zb.案号 }\n");
  ASSERT_EQ(c->codes(), std::vector<std::string>{"E0202"});
  const auto& notes = c->sink.all()[0].notes;
  ASSERT_FALSE(notes.empty());
  EXPECT_EQ(notes[0].id, NoteId::DidYouMean);
  EXPECT_EQ(notes[0].args[0], "被执行人身份证号");
}

TEST(Checker, FunctionsAndConstantsAreInlined) {
  auto c = check("const 门槛: money = 1000\nfunc 欠款多(x: money) = x > 门槛\nsource zb: 终本案件\n"
                 "r = zb where 欠款多(zb.未履行金额)\noutput r { zb.案号 }\n");
  EXPECT_TRUE(c->sink.all().empty());
  EXPECT_NE(c->typed().find("where (zb.未履行金额:money > 1000:int):bool"), std::string::npos) << c->typed();
}

// Text literals of idcard, uscc and case_no are read by the loader's parsers when the model is
// checked: invalid is E0319 with the parser's V code, valid is kept in normal form.
TEST(Checker, DomainLiteralsAreReadByTheirParsers) {
  auto bad = check("param 号: idcard = \"12345\"\nparam 单: list<case_no> = [\"(2023)浙0803执1号\", \"浙0803执1号\"]\n"
                   "source zb: 终本案件\n"
                   "r = zb where zb.被执行人身份证号 != \"33080319710305046\" and zb.案号 in 单 and zb.被执行人身份证号 == 号\n"
                   "  and zb.案号 between \"(2023)浙0803执1号\" and \"(2023)\" and zb.被执行人身份证号 != \"\"\n"
                   "output r { zb.案号 }\n");
  EXPECT_EQ(bad->codes(), (std::vector<std::string>{"E0319", "E0319", "E0319", "E0319", "E0319"}));
  const auto& d = bad->sink.all();
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0].args[0], "12345");
  ASSERT_TRUE(d[0].data_code.has_value());
  EXPECT_EQ(std::string(diag::info(*d[0].data_code).code), "V0101");
  EXPECT_EQ(d[1].args[0], "浙0803执1号");
  EXPECT_EQ(d[2].args[0], "33080319710305046");
  EXPECT_EQ(d[3].args[0], "(2023)");
  EXPECT_EQ(d[4].args[0], "");
  EXPECT_FALSE(d[4].data_code.has_value());  // empty: the parser's null, no V code
  EXPECT_NE(message(d[2], Lang::En).find("15 or 18"), std::string::npos) << message(d[2], Lang::En);

  auto ok = check("param 号: idcard = \"110105491231002\"\n"
                  "param 单: list<idcard> = [\"１１０１０５１９４９１２３１００２ｘ\", null]\n"
                  "param 案: case_no = \"〔2023〕浙0803执01234号\"\n"
                  "source zb: 终本案件\n"
                  "r = zb where zb.被执行人身份证号 == \"110105 491231 002\" or zb.被执行人身份证号 in 单\n"
                  "  or \"11010519491231002x\" in 单 or zb.被执行人身份证号 == 号 or zb.案号 == 案\n"
                  "  or zb.案号 in [\"(2023)浙0803执1号\"] or zb.案号 between \"(2023)浙0803执1号\" and \"[2023]浙0803执9号\"\n"
                  "output r { zb.案号 }\n");
  EXPECT_TRUE(ok->sink.all().empty()) << ok->codes().size();
  const auto& params = ok->fe.model->params;
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[0].default_value->text, "11010519491231002X");
  ASSERT_EQ(params[1].default_list.size(), 2u);
  EXPECT_EQ(params[1].default_list[0].text, "11010519491231002X");
  EXPECT_EQ(params[2].default_value->text, "（2023）浙0803执1234号");
  std::string t = ok->typed();
  EXPECT_NE(t.find("(zb.被执行人身份证号:idcard == \"11010519491231002X\":text)"), std::string::npos) << t;
  EXPECT_NE(t.find("(\"11010519491231002X\":text in $单:list<idcard>)"), std::string::npos) << t;
  EXPECT_NE(t.find("[\"（2023）浙0803执1号\":text]"), std::string::npos) << t;
  EXPECT_NE(t.find("between \"（2023）浙0803执1号\":text and \"（2023）浙0803执9号\":text"), std::string::npos) << t;

  // A literal in a function body is checked at each call but reported once.
  auto fn = check("func 是(x: idcard): bool = x == \"330803197103050468\"\nsource zb: 终本案件\n"
                  "r = zb where 是(zb.被执行人身份证号) or 是(zb.被执行人身份证号)\noutput r { zb.案号 }\n");
  EXPECT_EQ(fn->codes(), std::vector<std::string>{"E0319"});
}

// A quoted date, month, datetime or number is not one (E0301, E0308): a note gives its literal.
TEST(Checker, QuotedDatesAndNumbersGetTheirUnquotedSpelling) {
  auto c = check("param 起: date = \"2022年3月1日\"\nsource zb: 终本案件\n"
                 "r = zb where zb.终本日期 > 起 and zb.终本日期 < \"2024/1/31\" and zb.未履行金额 > \"¥1,000.50\"\n"
                 "  and zb.终本日期 != \"不详\"\noutput r { zb.案号 }\n");
  EXPECT_EQ(c->codes(), (std::vector<std::string>{"E0308", "E0301", "E0301", "E0301"}));
  const auto& d = c->sink.all();
  ASSERT_EQ(d.size(), 4u);
  auto note = [](const Diagnostic& x) -> std::string {
    for (const auto& n : x.notes)
      if (n.id == NoteId::WriteWithoutQuotes) return n.args[1];
    return "";
  };
  EXPECT_EQ(note(d[0]), "2022-03-01");
  EXPECT_EQ(note(d[1]), "2024-01-31");
  EXPECT_EQ(note(d[2]), "1000.5");
  EXPECT_EQ(note(d[3]), "");  // not a date: no note
}

TEST(Checker, TypeErrorsInExpressions) {
  EXPECT_EQ(check("source zb: 终本案件\nr = zb where zb.被执行人 + 1 > 2\noutput r { zb.案号 }\n")->codes(),
            std::vector<std::string>{"E0302"});
  EXPECT_EQ(check("source zb: 终本案件\nr = zb where zb.未履行金额\noutput r { zb.案号 }\n")->codes(),
            std::vector<std::string>{"E0303"});
  EXPECT_EQ(check("source zb: 终本案件\nr = zb where add_days(zb.终本日期) > 2022-01-01\noutput r { zb.案号 }\n")->codes(),
            std::vector<std::string>{"E0304"});
  EXPECT_EQ(check("source zb: 终本案件\nr = zb where zb.被执行人 in [1, \"a\"]\noutput r { zb.案号 }\n")->codes(),
            (std::vector<std::string>{"E0306", "E0301"}));
  EXPECT_EQ(check("source zb: 终本案件\nr = zb where matches(zb.被执行人, \"(\")\noutput r { zb.案号 }\n")->codes(),
            std::vector<std::string>{"E0305"});
}

TEST(Checker, ImportsNamespacesAndCycles) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "clue_import_test";
  fs::create_directories(dir);
  std::ofstream(dir / "lib.model") << "schema S { a: idcard }\nfunc 有效(x: idcard) = x is not null\n";
  std::ofstream(dir / "a.model") << "import \"b.model\"\nschema A { x: text }\n";
  std::ofstream(dir / "b.model") << "import \"a.model\"\n";
  std::ofstream(dir / "main.model") << "model m { version \"1\" jurisdiction \"x\" basis \"y\" }\n"
                                       "import \"lib.model\" as lib\nsource s: lib.S\n"
                                       "r = s where lib.有效(s.a)\noutput r { mask(s.a) as a }\n";
  {
    SourceManager sm;
    DiagnosticSink sink;
    auto fe = run_front_end(sm, (dir / "main.model").string(), sink);
    EXPECT_TRUE(sink.all().empty());
    run_lint(fe, sink);
    EXPECT_TRUE(sink.all().empty());  // the namespace counts as used
  }
  {
    SourceManager sm;
    DiagnosticSink sink;
    run_front_end(sm, (dir / "a.model").string(), sink);
    ASSERT_EQ(sink.all().size(), 1u);
    EXPECT_STREQ(sink.all()[0].code(), "E0207");
    EXPECT_EQ(sink.all()[0].args[0], "a.model → b.model → a.model");
  }
  fs::remove_all(dir);
}

TEST(Checker, OutputColumnsNeedDistinctNames) {
  EXPECT_EQ(check("source zb: 终本案件\nr = zb\noutput r { zb.案号, zb.案号 }\n")->codes(),
            std::vector<std::string>{"E0405"});
  EXPECT_EQ(check("source zb: 终本案件\nr = zb\noutput r { zb.未履行金额 * 2 }\n")->codes(),
            std::vector<std::string>{"E0406"});
}

TEST(Lint, RulesFireAndCanBeSilenced) {
  auto c = check("source zb: 终本案件\nsource unused: 民事案件\nparam p: int = 1\n"
                 "r = zb where zb.被执行人 == \"110105194912310021\" and zb.终本日期 > 2023-01-01 and zb.终本日期 < 2022-01-01\n"
                 "output r { zb.被执行人身份证号 }\n",
                 true);
  auto codes = c->codes();
  for (const char* want : {"W0201", "W0202", "W0302", "W0303", "W0401"})
    EXPECT_NE(std::find(codes.begin(), codes.end(), want), codes.end()) << want;
  auto silenced = check("source zb: 终本案件\nr = zb\noutput r {\n"
                        "  zb.被执行人身份证号  # lint:allow(W0401) 公积金中心需要完整身份证号\n}\n",
                        true);
  EXPECT_TRUE(silenced->sink.all().empty()) << silenced->codes().size();
}

}  // namespace
}  // namespace clue
