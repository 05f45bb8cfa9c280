// Filter push-down: a condition that reads only the joined source can run on that source
// before the join, so fewer rows are hashed or probed. The conditions stay where they were as
// well (a where after the join, the residual): applied again to the pairs, they change
// nothing, and the meaning of the plan stays the one written.
#include "compiler/plan/passes/passes.h"

namespace clue::planner::passes {

void push_down_filters(plan::Plan& p) {
  // The node that reads each node's result within the same relation (the next step).
  std::vector<int> next(p.nodes.size(), -1);
  for (const plan::Node& n : p.nodes)
    if (!n.inputs.empty() && !n.relation.empty() && n.relation == p.nodes[size_t(n.inputs[0])].relation)
      next[size_t(n.inputs[0])] = n.id;
  for (plan::Node& j : p.nodes) {
    if (j.kind != plan::NodeKind::Join) continue;
    j.pushed.clear();
    // A joined relation is filtered by its own steps; its frame is not a source to pre-filter.
    if (plan::joins_relation(j)) continue;
    auto take = [&](const plan::Expr& cond) {
      std::vector<const plan::Expr*> parts;
      plan::conjuncts(cond, parts);
      for (const auto* c : parts)
        if (plan::reads_only_binding(*c, j.binding)) j.pushed.push_back(plan::clone(*c));
    };
    if (j.condition) take(*j.condition);
    // After a left join a where sees the rows without a match too (with nulls): it is not a
    // filter on the joined source. Semi and anti joins hide the joined fields.
    if (j.how == plan::JoinKind::Inner) {
      for (int k = next[size_t(j.id)]; k >= 0; k = next[size_t(k)]) {
        const plan::Node& w = p.nodes[size_t(k)];
        if (w.kind != plan::NodeKind::Filter || w.having) break;
        if (w.condition) take(*w.condition);
      }
    }
    j.push = plan::PushPolicy::UnlessProbed;
  }
}

}  // namespace clue::planner::passes
