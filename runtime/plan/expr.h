// Plan expressions: what every engine evaluates (the interpreter, the JIT, later SQL). They are
// built from the typed model by compiler/plan and hold no names, strings or spans of the front
// end: operators and builtins are enums, columns are (binding, field) pairs of the node's
// layout, derived columns are slots, params are indexes into the plan's params.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "runtime/plan/types.h"

namespace clue::plan {

enum class Op : uint8_t {
  Eq, Ne, Lt, Le, Gt, Ge,  // comparisons
  And, Or, Not,            // three-valued logic
  Neg, Add, Sub, Mul, Div, Mod,
};
// "==", "and", "-" ...: the language's spelling (English keywords).
const char* op_text(Op op);
// The operator spelled `text`; `unary` picks Not/Neg for "not" and "-".
std::optional<Op> op_from_text(std::string_view text, bool unary);
inline bool is_comparison(Op op) { return op <= Op::Ge; }
inline bool is_logic(Op op) { return op == Op::And || op == Op::Or; }
// a < b  ⇔  b > a: the operator with its operands swapped.
Op swap_comparison(Op op);

enum class Fn : uint8_t {
#define CLUE_BUILTIN(E, NAME, ZH, AGG) E,
#include "runtime/plan/builtins.def"
#undef CLUE_BUILTIN
  None,
};
inline constexpr size_t kFnCount = size_t(Fn::None);
const char* fn_name(Fn f);     // the English name: "contains", "count_distinct" ...
const char* fn_name_zh(Fn f);  // the Chinese alias
bool fn_is_aggregate(Fn f);
std::optional<Fn> fn_by_name(std::string_view english_name);

// A place in a model file (a copy of the front end's span: file id, 1-based lines and columns).
struct Loc {
  uint32_t file = UINT32_MAX;
  uint32_t line = 0, col = 0, end_line = 0, end_col = 0;
  bool valid() const { return file != UINT32_MAX && line != 0; }
};

enum class LiteralKind { Null, Bool, Int, Decimal, Text, Date, Month, DateTime };
struct Literal {
  LiteralKind kind = LiteralKind::Null;
  std::string text;  // canonical spelling: digits, YYYY-MM-DD, the string value...
};

enum class ExprKind {
  Literal,    // literal
  List,       // args
  Param,      // param: index into Plan::params
  Column,     // binding + field of the node's layout
  Derived,    // derived: a slot of the node's layout (derive, group keys, computed columns)
  Call,       // fn (not an aggregate), args
  Aggregate,  // fn in {Count, CountDistinct, Sum, Min, Max}, args (0 or 1)
  Unary,      // op: Not, Neg
  Binary,     // op
  In, Between, IsNull,  // negated
  If,         // args: condition, then, else
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct Expr {
  ExprKind kind = ExprKind::Literal;
  Type type;
  Loc loc;
  Literal literal;
  int param = -1;
  int binding = -1;
  int field = -1;
  int derived = -1;
  Fn fn = Fn::None;
  Op op = Op::Eq;
  bool negated = false;
  std::vector<ExprPtr> args;
  // What an engine keeps for a constant sub-expression while it runs (the interpreter's
  // sorted `in` list, runtime/exec/eval.cpp): built once, shared by every batch and thread.
  // Not part of the expression's meaning: `same` ignores it, and plans are built without it.
  mutable std::shared_ptr<const void> engine_cache;
};

ExprPtr clone(const Expr& e);
// Structural equality (kinds, references, operators, literals, arguments; not places).
bool same(const Expr& a, const Expr& b);

// The one walk over expressions: `f(const Expr&)` for `e` and every sub-expression, parents
// first. When `f` returns false the node's arguments are skipped.
template <class F>
void visit(const Expr& e, F&& f) {
  if constexpr (std::is_same_v<decltype(f(e)), bool>) {
    if (!f(e)) return;
  } else {
    f(e);
  }
  for (const auto& a : e.args) visit(*a, f);
}
// True when `pred` holds for `e` or any sub-expression.
template <class P>
bool any_of(const Expr& e, P&& pred) {
  bool found = false;
  visit(e, [&](const Expr& x) {
    if (found) return false;
    if (pred(x)) found = true;
    return !found;
  });
  return found;
}
// Rewrites bottom-up: `f(ExprPtr&)` on every argument first, then on `e` itself.
template <class F>
void rewrite(ExprPtr& e, F&& f) {
  if (!e) return;
  for (auto& a : e->args) rewrite(a, f);
  f(e);
}

// The conjuncts of `e` (a and b and c → a, b, c).
void conjuncts(const Expr& e, std::vector<const Expr*>& out);
// Bit b set when `e` reads a column of binding b (bindings ≥ 64 set bit 63).
uint64_t bindings_read(const Expr& e);
// True when `e` reads columns of binding `b` only (and constants, params): no derived
// column, aggregate or other binding.
bool reads_only_binding(const Expr& e, int b);

}  // namespace clue::plan
