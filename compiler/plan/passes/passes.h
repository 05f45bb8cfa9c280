// The plan passes, one per file; compiler/plan/pipeline.cpp runs them in order.
#pragma once
#include "runtime/plan/plan.h"

namespace clue::planner::passes {

// Literal arithmetic and comparisons, and/or/not with a literal side, `if` with a literal
// condition; a Filter whose condition folds to true keeps no condition (it passes every row).
void fold_constants(plan::Plan& p);
// Splits each join's `on` into equality keys (one side over the relation so far, the other
// over the joined binding, of one type), a distance condition (`distance(a, b) <= r`, r
// constant) and the residual. A join left without keys or distance runs as a nested loop.
void extract_join_keys(plan::Plan& p);
// Copies to each join the conjuncts that read only the joined binding (of its residual and,
// for inner joins, of the where steps right after it): they filter the joined source before it
// is hashed or probed.
void push_down_filters(plan::Plan& p);
// Per scan: the fields read at all (the others are never parsed), and those parsed late
// (only printed, or read after a join: parsed for the rows that get there).
void prune_columns(plan::Plan& p);
// Inner hash joins build on whichever side is smaller when the join runs; the others on the
// joined source.
void choose_build_side(plan::Plan& p);

}  // namespace clue::planner::passes
