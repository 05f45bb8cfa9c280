// Parses one .model file into the project's syntax tree (ast::Module). ANTLR is used only
// inside this stage: syntax errors are rewritten into registered, human diagnostics, and the
// parser recovers so one run reports several errors.
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace clue {

struct Token {
  std::string kind;  // the token's name in the grammar, e.g. WHERE, IDENT, STRING
  std::string text;
  Span span;
};

ast::Module parse_module(const SourceManager& sm, FileId file, DiagnosticSink& sink);
std::vector<Token> tokenize(const SourceManager& sm, FileId file);

}  // namespace clue
