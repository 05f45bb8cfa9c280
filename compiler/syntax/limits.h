// The size and nesting limits of a model (docs/limits.md). A model is untrusted input: it may
// come from another office. Every pass over an expression after the parser (checking, folding,
// planning, the interpreter, the JIT) recurses over its tree, so its depth is bounded here,
// once, with a coded error, instead of each pass overflowing the stack. The limits are far
// above anything a hand-written model needs (docs/limits.md).
#pragma once
#include <cstddef>

#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace clue::limits {

// Levels of brackets, calls, list brackets, `if`, `not`, unary `-` and `list<...>` open at once
// in the text (E0115). The parser itself (ANTLR) recurses about a dozen frames per level.
inline constexpr size_t kMaxNesting = 256;
// The parser's own rule depth, a backstop behind kMaxNesting for any other recursive rule.
inline constexpr size_t kMaxParserDepth = 4000;
// Depth of an expression's tree (E0116): `a + b + c` is a left-deep chain, so a sum of n terms
// is n - 1 levels deep. Checked on the syntax tree and again after funcs and consts are inlined.
inline constexpr size_t kMaxExprDepth = 1000;
// Nodes of one expression after funcs and consts are inlined (E0330): each use of a const or a
// func argument is a copy, so a chain of consts each using the previous one twice doubles.
inline constexpr size_t kMaxExpandedNodes = 200000;
// Items of one list written in the model (`in [...]`, a list param's default). Literal items
// are what the model says, not expansion, so they count here and not in kMaxExpandedNodes.
// Longer lists belong in a file: a CSV declared as a source, joined (E0121's hint).
inline constexpr size_t kMaxListItems = 200000;
// Bytes of one string literal, and of one model file (E0117).
inline constexpr size_t kMaxStringLiteral = 64u << 10;
inline constexpr size_t kMaxModelFile = 32u << 20;
// Digits of one number literal (E0107 past 64 bits anyway; this keeps its message short).
inline constexpr size_t kMaxNumberDigits = 40;
// Relations built one on another (r2 = r1 where ..., r3 = r2 ...), and steps along such a
// chain: each is a plan node whose passes recurse over their inputs (E0332).
inline constexpr size_t kMaxPipelineDepth = 1000;
// Imports: files reached from the model, and the depth of import chains (E0571).
inline constexpr size_t kMaxImportedFiles = 1000;
inline constexpr size_t kMaxImportDepth = 32;

// The depth of an expression tree, without recursion.
size_t expr_depth(const ast::Expr& e);
// Destroys a tree without recursion (unique_ptr's destructor recurses once per level).
void dismantle(ast::ExprPtr& e);

// Reports E0116 for every expression of the module deeper than kMaxExprDepth and drops its
// declaration (its name becomes a broken name, so references to it stay quiet).
void check_expression_depth(ast::Module& m, DiagnosticSink& sink);

}  // namespace clue::limits
