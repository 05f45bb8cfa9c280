// A `where` evaluated conjunct by conjunct (runtime/exec/conjuncts.h): the rows kept and the
// rows counted as dropped for a null must be those of the whole condition under three-valued
// logic, over every combination of true / false / null of the conjuncts, with both engines
// and with batches of 2,048 and of 3 rows; and a conjunct that could stop the run is never
// skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "compiler/codegen/jit.h"
#include "runtime/exec/conjuncts.h"
#include "runtime/exec/engine.h"
#include "tests/unit/codegen_harness.h"

namespace {

using namespace clue;
using std::nullopt;
using std::optional;

const std::string kHeader = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema S { n: int  a: int?  tx: text? }
param kinds: list<text> = ["x", "y"]
source s: S
)";

// 27 rows: a in {1, 5, null} × tx in {"x-pos", "y", null} × three copies with other texts, so
// `s.a > 2`, `s.tx in kinds` and `contains(s.tx, "pos")` take every value pattern.
struct Row {
  optional<int64_t> a;
  optional<std::string> tx;
};
std::vector<Row> rows() {
  std::vector<Row> out;
  const optional<int64_t> as[] = {1, 5, nullopt};
  const optional<std::string> ts[] = {"x", "pos", nullopt, "y", "a pos", "z", "x", "", "POS"};
  for (const auto& a : as)
    for (const auto& t : ts) out.push_back({a, t});
  return out;
}

rt::Table make_s() {
  rt::Table t;
  t.name = "s";
  t.path = "s.csv";
  t.columns = {rt::Column::make(rt::Logical::Int), rt::Column::make(rt::Logical::Int), rt::Column::make(rt::Logical::Text)};
  t.column_names = {"n", "a", "tx"};
  auto rs = rows();
  for (size_t i = 0; i < rs.size(); ++i) {
    t.columns[0].valid.push_back(1);
    t.columns[0].i64.push_back(int64_t(i + 1));
    if (rs[i].a) {
      t.columns[1].valid.push_back(1);
      t.columns[1].i64.push_back(*rs[i].a);
    } else {
      t.columns[1].push_null();
    }
    if (rs[i].tx) {
      t.columns[2].valid.push_back(1);
      t.columns[2].str.push(*rs[i].tx);
    } else {
      t.columns[2].push_null();
    }
    t.line.push_back(i + 2);
  }
  return t;
}

// Three-valued values of the test's conjuncts, by hand: nullopt = null.
using B = optional<bool>;
B gt2(const Row& r) { return r.a ? B(*r.a > 2) : nullopt; }
B in_kinds(const Row& r) { return r.tx ? B(*r.tx == "x" || *r.tx == "y") : nullopt; }
B has_pos(const Row& r) { return r.tx ? B(r.tx->find("pos") != std::string::npos) : nullopt; }
B not_x(const Row& r) { return r.tx ? B(*r.tx != "x") : nullopt; }
B all_of(std::initializer_list<B> v) {
  bool null = false;
  for (const B& b : v) {
    if (b && !*b) return false;
    null = null || !b;
  }
  if (null) return nullopt;
  return true;
}

struct Outcome {
  std::vector<int> kept;
  uint64_t null_dropped = 0;
};

Outcome run(const std::string& cond, size_t batch_rows) {
  Outcome res;
  std::string errors;
  auto model = cgtest::check_model(kHeader + "q = s\n  where " + cond + "\noutput q { s.n }\n", &errors);
  EXPECT_TRUE(model) << errors;
  if (!model) return res;
  std::vector<rt::Table> tables = {make_s()};
  codegen::JitFilterBackend jit;
  exec::ParamValues p = cgtest::default_params(*model);
  uint64_t batches = 0;
  EXPECT_EQ(cgtest::run_both(model->plans.physical, tables, p, jit, batch_rows, &batches), "") << cond;
  std::vector<const rt::Table*> by_source = {&tables[0]};
  exec::RunOptions o;
  o.batch_rows = batch_rows;
  auto out = exec::execute(model->plans.physical, by_source, p, o);
  for (const auto& row : out.outputs.at(0).rows) res.kept.push_back(std::stoi(row.at(0)));
  std::sort(res.kept.begin(), res.kept.end());
  for (const auto& n : out.nodes)
    if (model->plans.physical.nodes[size_t(n.node)].kind == plan::NodeKind::Filter) res.null_dropped += n.null_dropped;
  return res;
}

template <class F>
Outcome expected(F f) {
  Outcome e;
  auto rs = rows();
  for (size_t i = 0; i < rs.size(); ++i) {
    B v = f(rs[i]);
    if (v && *v) e.kept.push_back(int(i + 1));
    if (!v) ++e.null_dropped;
  }
  return e;
}

void expect_same(const std::string& cond, const Outcome& want) {
  for (size_t batch : {size_t(2048), size_t(3)}) {
    Outcome got = run(cond, batch);
    EXPECT_EQ(got.kept, want.kept) << cond << " (batches of " << batch << ")";
    EXPECT_EQ(got.null_dropped, want.null_dropped) << cond << " (batches of " << batch << ")";
  }
}

TEST(ConjunctFilter, KeptRowsAndNullCountsAreTheWholeCondition) {
  expect_same("s.tx in kinds and contains(s.tx, \"pos\")",
              expected([](const Row& r) { return all_of({in_kinds(r), has_pos(r)}); }));
  expect_same("s.a > 2 and contains(s.tx, \"pos\")", expected([](const Row& r) { return all_of({gt2(r), has_pos(r)}); }));
  // The call written first: every conjunct is safe, so the cheap ones run first.
  expect_same("contains(s.tx, \"pos\") and s.a > 2 and s.tx != \"x\"",
              expected([](const Row& r) { return all_of({has_pos(r), gt2(r), not_x(r)}); }));
  expect_same("matches(s.tx, \"(?i:pos)\") and (s.a > 2 or s.a is null)", expected([](const Row& r) {
                B g = gt2(r);
                return all_of({r.tx ? B(r.tx->find("pos") != std::string::npos || r.tx->find("POS") != std::string::npos) : nullopt,
                               B(!g || *g)});
              }));
}

const plan::Expr& where_condition(const cgtest::Checked& c) {
  const plan::Node* n = cgtest::find_node(c.plans.physical, plan::NodeKind::Filter);
  EXPECT_TRUE(n && n->condition);
  return *n->condition;
}

TEST(ConjunctFilter, OrderAndWhenItApplies) {
  std::string errors;
  auto order_of = [&](const std::string& cond) {
    auto c = cgtest::check_model(kHeader + "q = s\n  where " + cond + "\noutput q { s.n }\n", &errors);
    EXPECT_TRUE(c) << errors;
    std::vector<std::string> kinds;
    for (const plan::Expr* e : exec::short_circuit_order(where_condition(*c)))
      kinds.push_back(e->kind == plan::ExprKind::Call ? plan::fn_name(e->fn) : "other");
    return kinds;
  };
  using K = std::vector<std::string>;
  EXPECT_EQ(order_of("contains(s.tx, \"a\") and s.a > 1"), (K{"other", "contains"}));
  EXPECT_EQ(order_of("s.a > 1 and s.a < 9"), K{});          // no call: the whole condition at once
  EXPECT_EQ(order_of("contains(s.tx, \"a\")"), K{});        // one conjunct
  // A conjunct that may overflow (E0560) is never skipped: written first it runs on every row
  // and the rest keep their order; written later, the whole condition runs at once.
  EXPECT_EQ(order_of("s.a * 1000 > 1 and contains(s.tx, \"a\")"), (K{"other", "contains"}));
  EXPECT_EQ(order_of("contains(s.tx, \"a\") and s.a * 1000 > 1"), K{});
  EXPECT_EQ(order_of("s.tx in kinds and s.a + 1 > 1 and contains(s.tx, \"a\")"), K{});
}

}  // namespace
