// Prints the syntax tree as indented text, for `clue explain --emit=ast` and golden tests.
#pragma once
#include <string>

#include "compiler/syntax/ast.h"

namespace clue {
std::string dump_ast(const ast::Module& m);
std::string dump_ast_expr(const ast::Expr& e);
}  // namespace clue
