// Which conditions can be evaluated on a joined source before the join (filter push-down).
// Shared by the engine, which applies them, and by `explain --emit=plan`, which shows them.
#pragma once
#include <vector>

#include "compiler/sema/typed_model.h"

namespace clue::exec {

// The conjuncts of `e` (a and b and c → a, b, c).
void conjuncts(const typed::Expr& e, std::vector<const typed::Expr*>& out);
// True when `e` reads columns of binding `b` only (and constants, params).
bool only_binding(const typed::Expr& e, int b);
// Conditions that read only the source joined at step `join_step`: the join's residual
// conjuncts, and, for inner joins, conjuncts of the where steps that directly follow.
std::vector<const typed::Expr*> pushable_filters(const typed::Relation& rel, size_t join_step);

}  // namespace clue::exec
