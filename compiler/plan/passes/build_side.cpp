// The build side of hash joins. An inner join may hash either side: the smaller one, known
// only when the join runs (after the filters below it), so the choice is made then and
// recorded per node (exec::NodeStats::taken). Left, semi and anti joins keep every row of the
// relation (or test each one), so they hash the joined source.
#include "compiler/plan/passes/passes.h"

namespace clue::planner::passes {

void choose_build_side(plan::Plan& p) {
  for (plan::Node& n : p.nodes)
    if (n.kind == plan::NodeKind::Join)
      n.build = n.how == plan::JoinKind::Inner ? plan::BuildSide::Smaller : plan::BuildSide::Right;
}

}  // namespace clue::planner::passes
