// Prints the typed model (`clue explain --emit=typed`): resolved names and every type.
#pragma once
#include <string>

#include "compiler/sema/typed_model.h"

namespace clue {
std::string dump_typed(const typed::Model& m);
std::string dump_typed_expr(const typed::Model& m, const typed::Relation* rel, const typed::Expr& e);
}  // namespace clue
