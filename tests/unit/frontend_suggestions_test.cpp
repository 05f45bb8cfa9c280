// The front end's help for common mistakes (issue 15): the similarity bar of "did you mean",
// keyword typos, `case when` as the `if` chain, and the checker's rules for the new builtins.
// The messages themselves are golden cases (tests/golden/diagnostics/E014x_*).
#include <gtest/gtest.h>

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/frontend.h"
#include "compiler/syntax/keyword_typos.h"

namespace clue {
namespace {

// Up to five characters, one edit (a swap of neighbours is one), or two when one word holds the
// other; longer words about one edit in three.
TEST(FrontendSuggestions, SimilarityBar) {
  EXPECT_EQ(closest_match("round", {"count", "sum"}), std::nullopt);  // two edits of five
  EXPECT_EQ(closest_match("tally", {"count", "max"}), std::nullopt);
  EXPECT_EQ(closest_match("wehre", {"where", "when"}), std::optional<std::string>("where"));
  EXPECT_EQ(closest_match("jion", {"join"}), std::optional<std::string>("join"));
  EXPECT_EQ(closest_match("身份证", {"身份证号"}), std::optional<std::string>("身份证号"));
  // ... unless one holds the other whole: a qualifier added to the name.
  EXPECT_EQ(closest_match("执行法院", {"法院", "案号"}), std::optional<std::string>("法院"));
  // Longer words keep about one edit in three.
  EXPECT_EQ(closest_match("时段分届x", {"时段分界"}), std::nullopt);
  EXPECT_EQ(closest_match("contians", {"contains"}), std::optional<std::string>("contains"));
  EXPECT_EQ(edit_distance_chars("wehre", "where"), 1u);
  EXPECT_EQ(edit_distance_chars("round", "count"), 2u);
}

TEST(FrontendSuggestions, KeywordTypos) {
  auto typo = [](std::string_view w) { return keyword_typo(w); };
  ASSERT_TRUE(typo("wehre"));
  EXPECT_EQ(typo("wehre")->suggestion, "where");
  EXPECT_EQ(typo("jion")->suggestion, "join");
  EXPECT_EQ(typo("ouput")->suggestion, "output");
  EXPECT_EQ(typo("AND")->suggestion, "and");
  EXPECT_EQ(typo("WHERE")->suggestion, "where");
  EXPECT_EQ(typo("dervie")->suggestion, "derive");
  ASSERT_TRUE(typo("关联civil"));
  EXPECT_EQ(typo("关联civil")->kind, KeywordTypo::NoSpace);
  EXPECT_EQ(typo("关联civil")->suggestion, "关联 civil");
  EXPECT_EQ(typo("左关联ms")->suggestion, "左关联 ms");  // the longest keyword
  EXPECT_EQ(typo("like")->kind, KeywordTypo::Like);
  // Not keyword-like: names, short words one edit from a short keyword, keywords themselves.
  EXPECT_FALSE(typo("zb"));
  EXPECT_FALSE(typo("ob"));
  EXPECT_FALSE(typo("where"));
  EXPECT_FALSE(typo("案号"));
  EXPECT_FALSE(typo("关联"));
  EXPECT_FALSE(typo("cases"));  // a plural is a name
  EXPECT_FALSE(typo("outputs"));
}

struct Checked {
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe;
};
std::unique_ptr<Checked> check(const std::string& body) {
  auto c = std::make_unique<Checked>();
  const std::string text = R"(model t { version "1" jurisdiction "x" basis "y" }
schema 案件 { 案号: case_no
  当事人: text
  金额: money
  件数: int
  日期: date
  月份: month
  序号: text }
source c: 案件
)" + body;
  c->fe = run_front_end_text(c->sm, "t.model", text, c->sink);
  return c;
}
std::string codes(const Checked& c) {
  std::string s;
  for (const auto& d : c.sink.all()) s += std::string(s.empty() ? "" : " ") + d.code();
  return s;
}

// case when … end is the if chain; without else, the last branch's else is null.
TEST(FrontendSuggestions, CaseIsTheIfChain) {
  auto c = check(R"(r = c derive 级 = case when c.件数 > 10 then "大" when c.件数 > 0 then "小" end,
             级2 = 情况 当 c.件数 > 10 则 "大" 否则 "小" 结束
output r { c.案号, 级, 级2 })");
  ASSERT_EQ(codes(*c), "");
  const typed::Relation& r = c->fe.model->relations.at(0);
  const typed::Expr& e = *r.steps.at(0).values.at(0);
  ASSERT_EQ(e.kind, typed::ExprKind::If);
  ASSERT_EQ(e.args[2]->kind, typed::ExprKind::If);
  EXPECT_EQ(e.args[2]->args[2]->kind, typed::ExprKind::Literal);
  EXPECT_EQ(e.args[2]->args[2]->literal.kind, typed::LiteralKind::Null);
  EXPECT_TRUE(e.type.is(TypeKind::Text));
  const typed::Expr& zh = *r.steps.at(0).values.at(1);
  ASSERT_EQ(zh.kind, typed::ExprKind::If);
  EXPECT_EQ(zh.args[2]->kind, typed::ExprKind::Literal);
}

TEST(FrontendSuggestions, NewBuiltinsAreTyped) {
  auto c = check(R"(r = c derive a = round(c.金额, 2), b = floor(c.金额), d = months_between(c.日期, c.日期),
             e = from_excel_serial(c.序号), f = concat_ws("-", c.案号, c.件数, c.日期), g = abs(c.件数)
  group by c.当事人 as 当事人
  compute s = sum(distinct c.金额), l = string_agg(text(c.案号), "、"), m = max_by(c.案号, c.日期), n = sum(distinct c.件数)
output r { 当事人, s, l, m, n })");
  ASSERT_EQ(codes(*c), "");
  const typed::Relation& r = c->fe.model->relations.at(0);
  const auto& d = r.steps.at(0).values;
  EXPECT_TRUE(d[0]->type.is(TypeKind::Money));
  EXPECT_TRUE(d[1]->type.is(TypeKind::Int));
  EXPECT_TRUE(d[2]->type.is(TypeKind::Int));
  EXPECT_TRUE(d[3]->type.is(TypeKind::Date));
  EXPECT_TRUE(d[4]->type.is(TypeKind::Text));
  EXPECT_TRUE(d[5]->type.is(TypeKind::Int));
  const auto& g = r.steps.at(1).values;  // keys, then computed columns
  EXPECT_EQ(g[1]->fn, plan::Fn::SumDistinct);
  EXPECT_TRUE(g[1]->type.is(TypeKind::Money));
  EXPECT_TRUE(g[2]->type.is(TypeKind::Text));
  EXPECT_TRUE(g[3]->type.is(TypeKind::CaseNo));
  EXPECT_TRUE(g[4]->type.is(TypeKind::Int));
}

// string_agg(x, sep order by k desc): k is the third argument, desc the call's `negated`.
TEST(FrontendSuggestions, StringAggOrderBy) {
  auto c = check(R"(r = c group by c.当事人 as p
  compute l = string_agg(text(c.案号), "、" order by c.日期 desc), m = 合并文本(c.当事人, "," 排序 c.件数)
output r { p, l, m })");
  ASSERT_EQ(codes(*c), "");
  const auto& g = c->fe.model->relations.at(0).steps.at(0).values;
  ASSERT_EQ(g[1]->args.size(), 3u);
  EXPECT_TRUE(g[1]->args[2]->type.is(TypeKind::Date));
  EXPECT_TRUE(g[1]->negated);
  ASSERT_EQ(g[2]->args.size(), 3u);
  EXPECT_FALSE(g[2]->negated);
}

TEST(FrontendSuggestions, NewBuiltinsRejectWrongUse) {
  // round's digits: a literal 0-4 (E0350).
  EXPECT_EQ(codes(*check("r = c derive a = round(c.金额, c.件数)\noutput r { c.案号, a }")), "E0350");
  EXPECT_EQ(codes(*check("r = c derive a = round(c.金额, 5)\noutput r { c.案号, a }")), "E0350");
  // A month against a date: E0305, which says to convert.
  EXPECT_EQ(codes(*check("r = c derive a = months_between(c.月份, c.日期)\noutput r { c.案号, a }")), "E0305");
  // concat_ws needs a separator and a value at least.
  EXPECT_EQ(codes(*check("r = c derive a = concat_ws(\"-\")\noutput r { c.案号, a }")), "E0304");
  // string_agg's separator is a literal.
  EXPECT_EQ(codes(*check("r = c group by c.当事人 as p compute l = string_agg(c.当事人, c.当事人)\noutput r { p, l }")),
            "E0316");
  // order by inside a call: string_agg only (E0351); its key must be orderable.
  EXPECT_EQ(codes(*check("r = c group by c.当事人 as p compute l = min(c.件数 order by c.日期)\noutput r { p, l }")),
            "E0351");
  // distinct: count and sum only.
  EXPECT_EQ(codes(*check("r = c group by c.当事人 as p compute l = max(distinct c.件数)\noutput r { p, l }")), "E0318");
}

}  // namespace
}  // namespace clue
