#include "runtime/exec/pushdown.h"

#include <functional>

namespace clue::exec {

void conjuncts(const typed::Expr& e, std::vector<const typed::Expr*>& out) {
  if (e.kind == typed::ExprKind::Binary && e.op == "and") {
    conjuncts(*e.args[0], out);
    conjuncts(*e.args[1], out);
  } else {
    out.push_back(&e);
  }
}

bool only_binding(const typed::Expr& e, int b) {
  bool reads_b = false, reads_other = false;
  std::function<void(const typed::Expr&)> walk = [&](const typed::Expr& x) {
    if (x.kind == typed::ExprKind::Derived || x.kind == typed::ExprKind::Aggregate) reads_other = true;
    if (x.kind == typed::ExprKind::Column) (x.binding == b ? reads_b : reads_other) = true;
    for (const auto& a : x.args) walk(*a);
  };
  walk(e);
  return reads_b && !reads_other;
}

std::vector<const typed::Expr*> pushable_filters(const typed::Relation& rel, size_t join_step) {
  std::vector<const typed::Expr*> out;
  const typed::Step& js = rel.steps[join_step];
  int binding = js.binding;
  if (js.condition) {
    std::vector<const typed::Expr*> parts;
    conjuncts(*js.condition, parts);
    for (const auto* p : parts)
      if (only_binding(*p, binding)) out.push_back(p);
  }
  if (js.how != ast::JoinKind::Inner) return out;  // after a left join, a filter is not a pre-filter
  for (size_t s = join_step + 1; s < rel.steps.size(); ++s) {
    const typed::Step& st = rel.steps[s];
    if (st.kind != typed::StepKind::Where) break;
    if (!st.condition) continue;
    std::vector<const typed::Expr*> parts;
    conjuncts(*st.condition, parts);
    for (const auto* p : parts)
      if (only_binding(*p, binding)) out.push_back(p);
  }
  return out;
}

}  // namespace clue::exec
