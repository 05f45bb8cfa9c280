// The front end's builtin signatures (compiler/sema/builtins.cpp) against the one list of
// builtins (runtime/plan/builtins.def), and the plan enums the checker puts in the typed model.
#include <gtest/gtest.h>

#include <string>

#include "compiler/sema/builtins.h"
#include "compiler/sema/frontend.h"

namespace clue {
namespace {

// Every builtin of builtins.def has a signature, except count_distinct (it is what
// `count(distinct x)` becomes, checked as count); and every signature is one of builtins.def's.
TEST(FrontendBuiltins, EverySignatureIsABuiltinAndViceVersa) {
  for (size_t i = 0; i < plan::kFnCount; ++i) {
    const plan::Fn fn = plan::Fn(i);
    const Builtin* b = find_builtin(fn);
    if (fn == plan::Fn::CountDistinct || fn == plan::Fn::SumDistinct) {
      EXPECT_EQ(b, nullptr) << plan::fn_name(fn) << " has no signature of its own";
      continue;
    }
    ASSERT_NE(b, nullptr) << "no signature for builtin '" << plan::fn_name(fn) << "'";
    EXPECT_EQ(b->fn, fn);
  }
  EXPECT_EQ(find_builtin(plan::Fn::None), nullptr);
  size_t seen = 0;
  for (const auto& b : all_builtins()) {
    ASSERT_LT(size_t(b.fn), plan::kFnCount) << "a signature names no builtin of builtins.def";
    EXPECT_NE(b.fn, plan::Fn::CountDistinct);
    EXPECT_NE(b.fn, plan::Fn::SumDistinct);
    EXPECT_EQ(find_builtin(b.fn), &b) << b.name() << " has two signatures";
    ++seen;
  }
  EXPECT_EQ(seen, plan::kFnCount - 2);
}

// The names come from builtins.def: both the English and the Chinese name find the signature.
TEST(FrontendBuiltins, FoundByEnglishAndChineseName) {
  for (const auto& b : all_builtins()) {
    EXPECT_EQ(find_builtin(plan::fn_name(b.fn)), &b) << plan::fn_name(b.fn);
    EXPECT_EQ(find_builtin(plan::fn_name_zh(b.fn)), &b) << plan::fn_name_zh(b.fn);
    EXPECT_STREQ(b.name(), plan::fn_name(b.fn));
    EXPECT_STREQ(b.name_zh(), plan::fn_name_zh(b.fn));
    EXPECT_EQ(b.aggregate(), plan::fn_is_aggregate(b.fn)) << b.name();
  }
  EXPECT_EQ(find_builtin("contains")->fn, plan::Fn::Contains);
  EXPECT_EQ(find_builtin("包含")->fn, plan::Fn::Contains);
  EXPECT_EQ(find_builtin("text")->fn, plan::Fn::ToText);
  EXPECT_EQ(find_builtin("月")->fn, plan::Fn::MonthOf);
  EXPECT_TRUE(find_builtin("count")->aggregate());
  EXPECT_FALSE(find_builtin("length")->aggregate());
  // Not a callable name, in either language.
  EXPECT_EQ(find_builtin("count_distinct"), nullptr);
  EXPECT_EQ(find_builtin(plan::fn_name_zh(plan::Fn::CountDistinct)), nullptr);
  EXPECT_EQ(find_builtin("sum_distinct"), nullptr);
  EXPECT_EQ(find_builtin(plan::fn_name_zh(plan::Fn::SumDistinct)), nullptr);
  // `len` is `length` under the name spreadsheets use.
  EXPECT_EQ(find_builtin("len"), find_builtin("length"));
  EXPECT_EQ(find_builtin("no_such_function"), nullptr);
  EXPECT_EQ(find_builtin(""), nullptr);
}

const char* kModel = R"MODEL(model t { version "1" jurisdiction "x" basis "y" }
schema 案件 {
  案号: case_no
  当事人: text
  金额: money
  件数: int
  日期: date
}
source c: 案件
r = c where not (c.当事人 <> "甲") and 长度(c.当事人) >= 2 and -c.金额 < 0 and c.件数 % 2 == 0
  group by c.当事人 as 当事人 compute n = count(distinct c.案号), s = sum(c.金额)
output r { 当事人, n, s }
)MODEL";

// The checker sets the plan's operators and builtins once, from the AST's spelling.
TEST(FrontendBuiltins, TypedModelHoldsPlanEnums) {
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe = run_front_end_text(sm, "t.model", kModel, sink);
  ASSERT_TRUE(sink.all().empty()) << sink.all()[0].code();
  ASSERT_TRUE(fe.model);
  const typed::Relation& r = fe.model->relations.at(0);
  const typed::Expr* where = nullptr;
  const typed::Step* group = nullptr;
  for (const auto& st : r.steps) {
    if (st.kind == typed::StepKind::Where) where = st.condition.get();
    if (st.kind == typed::StepKind::Group) group = &st;
  }
  ASSERT_TRUE(where && group);
  // (((not ...) and (长度(...) >= 2)) and (-金额 < 0)) and (件数 % 2 == 0)
  std::vector<const typed::Expr*> conj;
  std::vector<const typed::Expr*> todo{where};
  while (!todo.empty()) {
    const typed::Expr* e = todo.back();
    todo.pop_back();
    if (e->kind == typed::ExprKind::Binary && e->op == plan::Op::And) {
      todo.push_back(e->args[1].get());
      todo.push_back(e->args[0].get());
    } else {
      conj.push_back(e);
    }
  }
  ASSERT_EQ(conj.size(), 4u);
  ASSERT_EQ(conj[0]->kind, typed::ExprKind::Unary);
  EXPECT_EQ(conj[0]->op, plan::Op::Not);
  EXPECT_EQ(conj[0]->args[0]->op, plan::Op::Ne);  // `<>` is `!=`
  EXPECT_EQ(conj[1]->op, plan::Op::Ge);
  EXPECT_EQ(conj[1]->args[0]->kind, typed::ExprKind::Call);
  EXPECT_EQ(conj[1]->args[0]->fn, plan::Fn::Length);  // called by its Chinese name
  EXPECT_EQ(conj[2]->op, plan::Op::Lt);
  EXPECT_EQ(conj[2]->args[0]->kind, typed::ExprKind::Unary);
  EXPECT_EQ(conj[2]->args[0]->op, plan::Op::Neg);
  EXPECT_EQ(conj[3]->op, plan::Op::Eq);
  EXPECT_EQ(conj[3]->args[0]->op, plan::Op::Mod);
  ASSERT_EQ(group->values.size(), 3u);
  EXPECT_EQ(group->values[1]->kind, typed::ExprKind::Aggregate);
  EXPECT_EQ(group->values[1]->fn, plan::Fn::CountDistinct);
  EXPECT_EQ(group->values[2]->fn, plan::Fn::Sum);
}

// A message that shows an operator spells it as the language does.
TEST(FrontendBuiltins, OperatorMismatchSpellsTheOperator) {
  SourceManager sm;
  DiagnosticSink sink;
  std::string text = kModel;
  text.replace(text.find("c.件数 % 2"), std::string("c.件数 % 2").size(), "c.日期 % 2");
  run_front_end_text(sm, "t.model", text, sink);
  ASSERT_EQ(sink.all().size(), 1u);
  EXPECT_STREQ(sink.all()[0].code(), "E0302");
  EXPECT_NE(message(sink.all()[0], Lang::En).find("'%'"), std::string::npos) << message(sink.all()[0], Lang::En);
}

}  // namespace
}  // namespace clue
