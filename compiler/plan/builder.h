// The logical plan of a checked model (runtime/plan/plan.h): each relation's steps become a
// chain of nodes over its layout, joins with their whole `on` condition (the join-key pass
// splits it), each output a Project → Sort → (Distinct →) Output chain. A relation read by
// other relations and by outputs is built once and shared.
#pragma once
#include "compiler/sema/typed_model.h"
#include "runtime/plan/plan.h"

namespace clue::planner {

plan::Plan build_logical(const typed::Model& model);

// One typed expression as a plan expression (operators and builtins as enums).
plan::ExprPtr lower_expr(const typed::Expr& e);

}  // namespace clue::planner
