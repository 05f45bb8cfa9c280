// Turns ANTLR's syntax errors ("extraneous input ... expecting {...}") into registered
// diagnostics a person can act on: what was found, what was expected in words, and special
// cases such as '=' written for '==' or a bracket never closed. Cascades are damped: at most
// one syntax error per line, and none at end of file when an unclosed bracket explains it.
#pragma once
#include <antlr4-runtime.h>

#include <set>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace clue {

class SyntaxErrorReporter : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorReporter(FileId file, DiagnosticSink& sink, antlr4::CommonTokenStream& tokens)
      : file_(file), sink_(sink), tokens_(tokens) {}

  // Reports errors visible in the token stream alone: bad characters, unterminated strings,
  // unbalanced brackets. Call before parsing.
  void report_lexical_errors();

  // Token indexes at which errors were found: a declaration containing one is not checked.
  const std::vector<size_t>& error_token_indexes() const { return error_tokens_; }

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t char_position, const std::string& msg, std::exception_ptr e) override;

 private:
  std::string describe_expected(const antlr4::misc::IntervalSet& expected, const antlr4::dfa::Vocabulary& vocab);
  std::string describe_token(const antlr4::Token* t);
  const antlr4::Token* previous_token(const antlr4::Token* t);

  FileId file_;
  DiagnosticSink& sink_;
  antlr4::CommonTokenStream& tokens_;
  std::set<size_t> lines_with_errors_;
  bool unclosed_bracket_ = false;
  size_t first_unclosed_ = SIZE_MAX;  // token index of the first bracket never closed
  size_t closing_quote_ = SIZE_MAX;   // token index of the ' that closes a 'name' (E0143)
  std::vector<size_t> error_tokens_;
};

// Panic-mode recovery at declaration granularity: after an error, skip to the next token that
// starts a declaration (a keyword such as `source`, or `name =` at the start of a line). One
// mistake then costs one diagnostic instead of a cascade through the rest of the file.
class DeclarationRecovery : public antlr4::DefaultErrorStrategy {
 public:
  antlr4::Token* recoverInline(antlr4::Parser* p) override;
  void sync(antlr4::Parser* p) override;
  void recover(antlr4::Parser* p, std::exception_ptr e) override;

 private:
  static bool at_declaration(antlr4::Parser* p);
  static void skip_to_declaration(antlr4::Parser* p);
};

}  // namespace clue
