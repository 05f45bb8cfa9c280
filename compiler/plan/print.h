// Plans as text, for `clue explain --emit=logical|physical` and the golden plan tests.
#pragma once
#include <string>

#include "runtime/exec/engine.h"
#include "runtime/plan/plan.h"

namespace clue::planner {

// An expression in the model's own spelling (aliases, field and param names).
std::string expr_text(const plan::Plan& p, const plan::Layout& layout, const plan::Expr& e);

// The plan as an indented tree per output (a shared sub-plan printed once, then referred to
// by its node id). With `run`, each node also shows its actual rows and what it did.
std::string print_plan(const plan::Plan& p, const exec::RunResult* run = nullptr);

}  // namespace clue::planner
