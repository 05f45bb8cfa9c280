// The parser: what it builds from each construct, Chinese keywords, exact places, recovery.
#include <gtest/gtest.h>

#include <regex>

#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parser.h"

namespace clue {
namespace {

struct Parsed {
  SourceManager sm;
  DiagnosticSink sink;
  ast::Module module;
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  FileId f = p->sm.add("t.model", text);
  p->module = parse_module(p->sm, f, p->sink);
  return p;
}

std::vector<std::string> codes(const DiagnosticSink& s) {
  std::vector<std::string> out;
  for (const auto& d : s.all()) out.push_back(d.code());
  return out;
}

TEST(Parser, RelationPipelineSteps) {
  auto p = parse(
      "leads = zb\n"
      "  where zb.a == 1 and not zb.b\n"
      "  left join c on zb.id == c.id\n"
      "  derive x = zb.a + 2 * 3\n"
      "  group by zb.id as id compute n = count(distinct c.k)\n"
      "  having n >= 5\n");
  ASSERT_TRUE(p->sink.all().empty());
  EXPECT_EQ(dump_ast(p->module),
            "relation leads = zb @1:1\n"
            "  where (and (== (. zb a) 1) (not (. zb b))) @2:3\n"
            "  left join c on (== (. zb id) (. c id)) @3:3\n"
            "  derive x = (+ (. zb a) (* 2 3)); @4:3\n"
            "  group by (. zb id) as id; compute n = (call count distinct (. c k)); @5:3\n"
            "  having (>= n 5) @6:3\n");
}

TEST(Parser, ChineseKeywordsMeanTheSame) {
  auto en = parse("source zb: T\nleads = zb where zb.x is not null and zb.y in [1, 2]\noutput leads { zb.x as 甲 } order by 甲 desc distinct\n");
  auto zh = parse("数据源 zb: T\n线索 = zb 筛选 zb.x 不为空 且 zb.y 属于 [1, 2]\n输出 线索 { zb.x 作为 甲 } 排序 甲 降序 去重\n");
  ASSERT_TRUE(en->sink.all().empty());
  ASSERT_TRUE(zh->sink.all().empty());
  // Only the relation's name and, with it, some columns differ.
  auto normal = [](std::string s) {
    s = std::regex_replace(s, std::regex("@[0-9]+:[0-9]+"), "@");
    return std::regex_replace(s, std::regex("线索"), "leads");
  };
  EXPECT_EQ(normal(dump_ast(en->module)), normal(dump_ast(zh->module)));
}

TEST(Parser, JoinKindsInBothLanguages) {
  auto p = parse("r = a join b on a.k == b.k semi join c on a.k == c.k anti join d on a.k == d.k cross join e\n"
                 "s = a 左关联 b 按 a.k == b.k 存在关联 c 按 a.k == c.k 不存在关联 d 按 a.k == d.k 交叉关联 e\n");
  ASSERT_TRUE(p->sink.all().empty()) << codes(p->sink).size();
  std::string d = dump_ast(p->module);
  EXPECT_NE(d.find("  join b on"), std::string::npos);
  EXPECT_NE(d.find("  semi join c on"), std::string::npos);
  EXPECT_NE(d.find("  anti join d on"), std::string::npos);
  EXPECT_NE(d.find("  cross join e @"), std::string::npos);
  EXPECT_NE(d.find("  left join b on"), std::string::npos);
}

TEST(Parser, LiteralsDatesDistancesAndStrings) {
  auto p = parse("param a: date = 2022-03-01\nparam b: month = 2024-03\nparam c: decimal = 1.5 km\n"
                 "param d: text = \"x\\\"y\"\nparam e: text = “中文引号”\n");
  ASSERT_TRUE(p->sink.all().empty());
  EXPECT_EQ(dump_ast(p->module),
            "param a: date = date(2022-03-01) @1:1\n"
            "param b: month = month(2024-03) @2:1\n"
            "param c: decimal = 1.5 km @3:1\n"
            "param d: text = \"x\"y\" @4:1\n"
            "param e: text = \"中文引号\" @5:1\n");
}

TEST(Parser, ImpossibleDateLiteralIsReported) {
  auto p = parse("param a: date = 2023-02-29\n");
  EXPECT_EQ(codes(p->sink), std::vector<std::string>{"E0106"});
}

TEST(Parser, ColumnsCountCharactersNotBytes) {
  // '案号' is two characters (six bytes): the '=' that follows sits at column 8.
  auto p = parse("where 案号 = 1\n");
  ASSERT_FALSE(p->sink.all().empty());
  const Diagnostic& d = p->sink.all()[0];
  EXPECT_EQ(d.span.line, 1u);
  EXPECT_EQ(d.span.col, 1u);  // 'where' cannot start a declaration
  auto q = parse("r = zb where zb.案号 = 1\n");
  ASSERT_EQ(codes(q->sink), std::vector<std::string>{"E0105"});
  EXPECT_EQ(q->sink.all()[0].span.col, 20u);  // r=1 … z=14 b=15 .=16 案=17 号=18 ' '=19 '='=20
}

TEST(Parser, RecoversToReportEachBrokenDeclarationOnce) {
  auto p = parse("source a: T\n"
                 "r1 = a where a.x = 1\n"
                 "source b T\n"
                 "r2 = a where (a.x == 1\n"
                 "output r1 { a.x }\n");
  std::vector<std::string> c = codes(p->sink);
  // '=' for '==', missing ':', an unclosed '(' — one each, nothing for the valid output.
  EXPECT_EQ(c.size(), 3u);
  EXPECT_NE(std::find(c.begin(), c.end(), "E0105"), c.end());
  EXPECT_NE(std::find(c.begin(), c.end(), "E0104"), c.end());
  // Broken declarations are left out but remembered, so later stages stay quiet about them.
  EXPECT_EQ(p->module.broken_names, (std::vector<std::string>{"r1", "b", "r2"}));
}

TEST(Parser, UnterminatedStringAndBadCharacter) {
  auto p = parse("param a: text = \"abc\nparam b: int = 1 @ 2\n");
  std::vector<std::string> c = codes(p->sink);
  EXPECT_NE(std::find(c.begin(), c.end(), "E0102"), c.end());
  EXPECT_NE(std::find(c.begin(), c.end(), "E0103"), c.end());
}

TEST(Parser, SuppressionCommentsTargetTheirLine) {
  auto p = parse("# lint:allow(W0201) 本模型演示用\nsource a: T\nsource b: T  // lint:allow(W0201, W0202): 理由\n");
  ASSERT_EQ(p->module.suppressions.size(), 2u);
  EXPECT_EQ(p->module.suppressions[0].target_line, 2u);
  EXPECT_EQ(p->module.suppressions[0].reason, "本模型演示用");
  EXPECT_EQ(p->module.suppressions[1].target_line, 3u);
  EXPECT_EQ(p->module.suppressions[1].codes, (std::vector<std::string>{"W0201", "W0202"}));
  EXPECT_EQ(p->module.suppressions[1].reason, "理由");
}

TEST(Parser, TokensCarryKindsAndPlaces) {
  SourceManager sm;
  FileId f = sm.add("t.model", "数据源 zb: 终本案件 # 注释\n");
  auto toks = tokenize(sm, f);
  ASSERT_GE(toks.size(), 5u);
  EXPECT_EQ(toks[0].kind, "SOURCE");
  EXPECT_EQ(toks[1].kind, "IDENT");
  EXPECT_EQ(toks[1].span.col, 5u);
  EXPECT_EQ(toks[3].text, "终本案件");
  EXPECT_EQ(toks[4].kind, "LINE_COMMENT");
}

}  // namespace
}  // namespace clue
