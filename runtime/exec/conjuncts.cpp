#include "runtime/exec/conjuncts.h"

#include <algorithm>

namespace clue::exec {
namespace {

// Builtins whose kernels never throw (runtime/exec/eval.cpp): text tests and text functions.
// Date arithmetic (add_days, add_months, to_date …) may leave years 1–9999 and stop the run.
bool safe_fn(plan::Fn f) {
  switch (f) {
    case plan::Fn::Contains: case plan::Fn::StartsWith: case plan::Fn::EndsWith: case plan::Fn::Matches:
    case plan::Fn::Length: case plan::Fn::NormalizePunct: case plan::Fn::Lower: case plan::Fn::Upper:
    case plan::Fn::Trim: case plan::Fn::IsPerson: case plan::Fn::IsOrg:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool has_call(const plan::Expr& e) {
  return plan::any_of(e, [](const plan::Expr& x) { return x.kind == plan::ExprKind::Call; });
}

bool cannot_stop_run(const plan::Expr& e) {
  return !plan::any_of(e, [](const plan::Expr& x) {
    switch (x.kind) {
      case plan::ExprKind::Call: return !safe_fn(x.fn);
      case plan::ExprKind::Aggregate: return true;
      case plan::ExprKind::Unary: return x.op != plan::Op::Not;  // negation may overflow
      case plan::ExprKind::Binary:
        // Text `+` concatenates; numeric arithmetic may overflow (E0560).
        return !(plan::is_comparison(x.op) || plan::is_logic(x.op) ||
                 (x.op == plan::Op::Add && x.type.is(TypeKind::Text)));
      default: return false;
    }
  });
}

std::vector<const plan::Expr*> short_circuit_order(const plan::Expr& cond) {
  std::vector<const plan::Expr*> parts;
  plan::conjuncts(cond, parts);
  if (parts.size() < 2) return {};
  bool rest_safe = true, all_safe = cannot_stop_run(*parts[0]);
  for (size_t k = 1; k < parts.size(); ++k) rest_safe = rest_safe && cannot_stop_run(*parts[k]);
  all_safe = all_safe && rest_safe;
  if (!rest_safe) return {};
  if (all_safe)
    std::stable_partition(parts.begin(), parts.end(), [](const plan::Expr* e) { return !has_call(*e); });
  // Worth it only when a conjunct that scans text comes after another that may drop rows.
  for (size_t k = 1; k < parts.size(); ++k)
    if (has_call(*parts[k])) return parts;
  return {};
}

}  // namespace clue::exec
