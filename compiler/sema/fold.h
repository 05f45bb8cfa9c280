// Constant folding on the typed model, run before planning (not before linting, so that
// "this condition is always true" is still reported to the user): literal arithmetic and
// comparisons, and/or/not with a literal side, if with a literal condition.
#pragma once
#include "compiler/sema/typed_model.h"

namespace clue {

// Folds in place; returns how many expressions were replaced.
size_t fold_constants(typed::Model& model);

}  // namespace clue
