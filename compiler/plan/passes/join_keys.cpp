// Join-key extraction: what makes a join a hash join (or a grid distance join) instead of a
// nested loop over all pairs. A conjunct `a == b` is a key when one side reads only the
// relation so far and the other only the joined binding, and both have one type (one
// representation: a hash table compares normal forms, not values across types).
#include "compiler/plan/passes/passes.h"
#include "runtime/plan/plan.h"

namespace clue::planner::passes {
namespace {

using plan::Expr;
using plan::ExprKind;
using plan::ExprPtr;
using plan::Op;

// Moves the conjuncts of `e` into `out` (a and b and c → a, b, c), in order.
void take_conjuncts(ExprPtr e, std::vector<ExprPtr>& out) {
  if (e->kind == ExprKind::Binary && e->op == Op::And) {
    take_conjuncts(std::move(e->args[0]), out);
    take_conjuncts(std::move(e->args[1]), out);
  } else {
    out.push_back(std::move(e));
  }
}

ExprPtr join_conjuncts(std::vector<ExprPtr> parts) {
  ExprPtr all;
  for (auto& p : parts) {
    if (!all) {
      all = std::move(p);
      continue;
    }
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Binary;
    e->op = Op::And;
    e->type = Type::of(TypeKind::Bool);
    e->loc = all->loc;
    e->args.push_back(std::move(all));
    e->args.push_back(std::move(p));
    all = std::move(e);
  }
  return all;
}

bool no_aggregate(const Expr& e) {
  return !plan::any_of(e, [](const Expr& x) { return x.kind == ExprKind::Aggregate; });
}

}  // namespace

void extract_join_keys(plan::Plan& p) {
  for (plan::Node& n : p.nodes) {
    if (n.kind != plan::NodeKind::Join || n.how == plan::JoinKind::Cross || !n.condition) continue;
    // One side over the relation so far (bindings before the joined one, or its derived
    // columns), the other over the joined side alone (the joined binding; a joined relation's
    // bindings and slots).
    auto old_side = [&](const Expr& e) {
      bool reads = false, joined = false;
      plan::visit(e, [&](const Expr& x) {
        if (x.kind == ExprKind::Column) (x.binding >= n.binding && x.binding < n.binding + n.binding_count ? joined : reads) = true;
        if (x.kind == ExprKind::Derived)
          (plan::joins_relation(n) && x.derived >= n.slot_first && x.derived < n.slot_first + n.slot_count ? joined : reads) = true;
      });
      return reads && !joined && no_aggregate(e);
    };
    auto new_side = [&](const Expr& e) { return plan::reads_only_joined(n, e); };
    std::vector<ExprPtr> parts, residual;
    take_conjuncts(std::move(n.condition), parts);
    for (auto& c : parts) {
      if (c->kind == ExprKind::Binary && c->op == Op::Eq && c->args[0]->type == c->args[1]->type &&
          !c->args[0]->type.is(TypeKind::Null)) {
        ExprPtr& a = c->args[0];
        ExprPtr& b = c->args[1];
        if (old_side(*a) && new_side(*b)) {
          n.keys.push_back({std::move(a), std::move(b)});
          continue;
        }
        if (new_side(*a) && old_side(*b)) {
          n.keys.push_back({std::move(b), std::move(a)});
          continue;
        }
      }
      // distance(a, b) <= r (or <) with a radius that reads no row: a grid distance join.
      if (!n.distance && c->kind == ExprKind::Binary && (c->op == Op::Le || c->op == Op::Lt) &&
          c->args[0]->kind == ExprKind::Call && c->args[0]->fn == plan::Fn::Distance &&
          plan::bindings_read(*c->args[1]) == 0 &&
          !plan::any_of(*c->args[1], [](const Expr& x) { return x.kind == ExprKind::Derived; })) {
        Expr& call = *c->args[0];
        bool forward = old_side(*call.args[0]) && new_side(*call.args[1]);
        bool backward = new_side(*call.args[0]) && old_side(*call.args[1]);
        if (forward || backward) {
          plan::Distance d;
          d.left = std::move(call.args[forward ? 0 : 1]);
          d.right = std::move(call.args[forward ? 1 : 0]);
          d.radius_m = std::move(c->args[1]);
          d.inclusive = c->op == Op::Le;
          n.distance = std::move(d);
          continue;
        }
      }
      residual.push_back(std::move(c));
    }
    n.condition = join_conjuncts(std::move(residual));
  }
}

}  // namespace clue::planner::passes
