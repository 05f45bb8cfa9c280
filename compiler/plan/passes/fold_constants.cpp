// Constant folding, after linting (so that "this condition is always true" is still
// reported) and before every other pass (a folded condition may read fewer columns).
#include <charconv>
#include <optional>

#include "compiler/plan/passes/passes.h"

namespace clue::planner::passes {
namespace {

using plan::Expr;
using plan::ExprKind;
using plan::ExprPtr;
using plan::LiteralKind;
using plan::Op;

std::optional<bool> bool_literal(const Expr& e) {
  if (e.kind == ExprKind::Literal && e.literal.kind == LiteralKind::Bool) return e.literal.text == "true";
  return std::nullopt;
}

std::optional<long long> int_literal(const Expr& e) {
  if (e.kind != ExprKind::Literal || e.literal.kind != LiteralKind::Int) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(e.literal.text.data(), e.literal.text.data() + e.literal.text.size(), v);
  if (ec != std::errc() || p != e.literal.text.data() + e.literal.text.size()) return std::nullopt;
  return v;
}

ExprPtr literal(LiteralKind kind, TypeKind type, std::string text, const Expr& at) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Literal;
  e->type = Type::of(type);
  e->loc = at.loc;
  e->literal = {kind, std::move(text)};
  return e;
}
ExprPtr make_bool(bool v, const Expr& at) { return literal(LiteralKind::Bool, TypeKind::Bool, v ? "true" : "false", at); }
ExprPtr make_int(long long v, const Expr& at) { return literal(LiteralKind::Int, TypeKind::Int, std::to_string(v), at); }

// Folds `e` itself (its arguments are folded already).
void fold_one(ExprPtr& e) {
  if (e->kind == ExprKind::Unary && e->op == Op::Not) {
    if (auto b = bool_literal(*e->args[0])) e = make_bool(!*b, *e);
    return;
  }
  if (e->kind == ExprKind::Binary && plan::is_logic(e->op)) {
    // Three-valued: `false and x` is false and `true or x` is true whatever x is (null too);
    // `true and x` and `false or x` are x.
    const bool is_and = e->op == Op::And;
    for (size_t side = 0; side < 2; ++side) {
      auto b = bool_literal(*e->args[side]);
      if (!b) continue;
      if (*b != is_and) {
        e = make_bool(*b, *e);
      } else {
        ExprPtr other = std::move(e->args[1 - side]);
        e = std::move(other);
      }
      return;
    }
    return;
  }
  if (e->kind == ExprKind::Binary) {
    auto x = int_literal(*e->args[0]), y = int_literal(*e->args[1]);
    if (!x || !y) return;
    long long r = 0;
    switch (e->op) {
      case Op::Add: if (!__builtin_add_overflow(*x, *y, &r)) e = make_int(r, *e); return;
      case Op::Sub: if (!__builtin_sub_overflow(*x, *y, &r)) e = make_int(r, *e); return;
      case Op::Mul: if (!__builtin_mul_overflow(*x, *y, &r)) e = make_int(r, *e); return;
      case Op::Eq: e = make_bool(*x == *y, *e); return;
      case Op::Ne: e = make_bool(*x != *y, *e); return;
      case Op::Lt: e = make_bool(*x < *y, *e); return;
      case Op::Le: e = make_bool(*x <= *y, *e); return;
      case Op::Gt: e = make_bool(*x > *y, *e); return;
      case Op::Ge: e = make_bool(*x >= *y, *e); return;
      default: return;  // / and % keep the engines' rules (division by zero is null)
    }
  }
  if (e->kind == ExprKind::If) {
    if (auto c = bool_literal(*e->args[0])) {
      ExprPtr chosen = std::move(e->args[*c ? 1 : 2]);
      e = std::move(chosen);
    }
  }
}

void fold(ExprPtr& e) { plan::rewrite(e, fold_one); }

}  // namespace

void fold_constants(plan::Plan& p) {
  for (plan::Node& n : p.nodes) {
    fold(n.condition);
    for (auto& v : n.values) fold(v);
    for (auto& k : n.keys) {
      fold(k.left);
      fold(k.right);
    }
    for (auto& c : n.columns) fold(c.value);
    for (auto& k : n.order) fold(k.value);
    // A where or having folded to `true` filters nothing (a join's `on` folded to true is a
    // condition-free join: the join-key pass reports nothing to split).
    if (n.condition && bool_literal(*n.condition).value_or(false)) n.condition.reset();
  }
}

}  // namespace clue::planner::passes
