#include "compiler/sema/fold.h"

#include <charconv>
#include <optional>

namespace clue {
namespace {

using typed::Expr;
using typed::ExprKind;
using typed::ExprPtr;
using typed::LiteralKind;

std::optional<bool> bool_literal(const Expr& e) {
  if (e.kind == ExprKind::Literal && e.literal.kind == LiteralKind::Bool) return e.literal.text == "true";
  return std::nullopt;
}

std::optional<long long> int_literal(const Expr& e) {
  if (e.kind != ExprKind::Literal || e.literal.kind != LiteralKind::Int) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(e.literal.text.data(), e.literal.text.data() + e.literal.text.size(), v);
  if (ec != std::errc()) return std::nullopt;
  return v;
}

ExprPtr make_bool(bool v, const Expr& at) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Literal;
  e->type = Type::of(TypeKind::Bool);
  e->span = at.span;
  e->literal = {LiteralKind::Bool, v ? "true" : "false"};
  return e;
}

ExprPtr make_int(long long v, const Expr& at) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Literal;
  e->type = Type::of(TypeKind::Int);
  e->span = at.span;
  e->literal = {LiteralKind::Int, std::to_string(v)};
  return e;
}

size_t fold(ExprPtr& e) {
  if (!e) return 0;
  size_t n = 0;
  for (auto& a : e->args) n += fold(a);
  if (e->kind == ExprKind::Unary && e->op == "not") {
    if (auto b = bool_literal(*e->args[0])) {
      e = make_bool(!*b, *e);
      return n + 1;
    }
  }
  if (e->kind == ExprKind::Binary && (e->op == "and" || e->op == "or")) {
    // Three-valued: `false and x` is false and `true or x` is true whatever x is (null too);
    // `true and x` and `false or x` are x.
    bool is_and = e->op == "and";
    for (int side = 0; side < 2; ++side) {
      auto b = bool_literal(*e->args[size_t(side)]);
      if (!b) continue;
      if (*b != is_and) {
        e = make_bool(*b, *e);
      } else {
        ExprPtr other = std::move(e->args[size_t(1 - side)]);
        e = std::move(other);
      }
      return n + 1;
    }
  }
  if (e->kind == ExprKind::Binary && e->args.size() == 2) {
    auto x = int_literal(*e->args[0]), y = int_literal(*e->args[1]);
    if (x && y) {
      const std::string& op = e->op;
      long long r = 0;
      if (op == "+" && !__builtin_add_overflow(*x, *y, &r)) { e = make_int(r, *e); return n + 1; }
      if (op == "-" && !__builtin_sub_overflow(*x, *y, &r)) { e = make_int(r, *e); return n + 1; }
      if (op == "*" && !__builtin_mul_overflow(*x, *y, &r)) { e = make_int(r, *e); return n + 1; }
      if (op == "==") { e = make_bool(*x == *y, *e); return n + 1; }
      if (op == "!=") { e = make_bool(*x != *y, *e); return n + 1; }
      if (op == "<") { e = make_bool(*x < *y, *e); return n + 1; }
      if (op == "<=") { e = make_bool(*x <= *y, *e); return n + 1; }
      if (op == ">") { e = make_bool(*x > *y, *e); return n + 1; }
      if (op == ">=") { e = make_bool(*x >= *y, *e); return n + 1; }
    }
  }
  if (e->kind == ExprKind::If) {
    if (auto c = bool_literal(*e->args[0])) {
      ExprPtr chosen = std::move(e->args[*c ? 1 : 2]);
      e = std::move(chosen);
      return n + 1;
    }
  }
  return n;
}

}  // namespace

size_t fold_constants(typed::Model& model) {
  size_t n = 0;
  for (auto& rel : model.relations) {
    for (auto& st : rel.steps) {
      n += fold(st.condition);
      for (auto& v : st.values) n += fold(v);
      for (auto& k : st.keys) {
        n += fold(k.left);
        n += fold(k.right);
      }
      // A condition folded to `true` filters nothing.
      if (st.condition && bool_literal(*st.condition).value_or(false) && st.kind != typed::StepKind::Join)
        st.condition.reset();
    }
  }
  for (auto& o : model.outputs) {
    for (auto& c : o.columns) n += fold(c.value);
    for (auto& k : o.order) n += fold(k.value);
  }
  return n;
}

}  // namespace clue
