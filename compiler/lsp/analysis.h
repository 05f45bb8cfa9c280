// One open document checked the way `clue lint` checks it (session::lint_text, with the
// unsaved buffers as overlay), and the index the editor features read: every declared name
// (schemas, fields, params, consts, funcs, sources, join aliases, relations, derived columns,
// outputs, import namespaces) and every use the checker resolved to one (Usage::refs).
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/lsp/text_positions.h"
#include "compiler/lsp/transport.h"
#include "compiler/sema/frontend.h"

namespace clue::lsp {

enum class DefKind { Schema, Field, Param, Const, Func, Source, Alias, Relation, Derived, Output, Namespace };
const char* def_kind_en(DefKind k);
const char* def_kind_zh(DefKind k);

struct Definition {
  DefKind kind;
  std::string name;
  Span span;          // the name where it is declared
  Span decl_span;     // the whole declaration
  int module = 0;     // index into fe.modules
  const void* decl = nullptr;  // the ast node: SchemaDecl, FieldDecl, ParamDecl, ...
  const ast::SchemaDecl* owner = nullptr;  // a field's schema
  int owner_def = -1;                      // a field's schema, a derived column's relation
  std::string type;   // a field's, param's, const's or derived column's type, as written or inferred
};

// Where a name is written and what it denotes (an index into Analysis::defs).
struct Occurrence {
  Span span;
  int def = -1;
  bool is_declaration = false;
};

class Analysis {
 public:
  // Checks `text` (the document at canonical `path`) with `overlay` for imports.
  Analysis(const std::string& path, const std::string& text, const SourceOverlay& overlay);

  const std::string& path() const { return path_; }
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe;
  std::vector<Definition> defs;
  std::vector<Occurrence> occurrences;  // declarations and uses, every file
  double check_ms = 0;                  // how long lint_text took (wall clock)
  double check_cpu_ms = 0;              // the CPU time it took (the same on a busy machine)

  FileId main_file() const { return fe.modules.empty() ? kNoFile : fe.modules[0].file; }
  // The occurrence at (line, col) (1-based, characters) of `file`: the innermost.
  const Occurrence* at(FileId file, uint32_t line, uint32_t col) const;
  // Every occurrence of definition `def` (the declaration first).
  std::vector<const Occurrence*> occurrences_of(int def) const;
  // The definition declared at exactly `span`, or -1.
  int def_at_span(const Span& span) const;
  // The text a span covers (one file).
  std::string text_of(const Span& s) const;
  // The comment lines right above a declaration's line (and a comment after it on the same
  // line): its documentation, without the comment markers. `# lint:allow` lines are not docs.
  std::string doc_comment(const Span& decl) const;
  // The LSP range of a span, in `enc`.
  json range(const Span& s, Encoding enc) const;
  // The file's path, as the module loader knows it (absolute for imports of an open document).
  std::string file_path(FileId f) const { return sm.path(f); }

 private:
  void index_declarations();
  void index_uses();
  int add_def(Definition d);
  std::string path_;
  std::map<std::tuple<FileId, uint32_t, uint32_t>, int> by_span_;
};

// Calls fn on every expression of a module, outer before inner.
void for_each_expr(const ast::Module& m, const std::function<void(const ast::Expr&)>& fn);

// The type as written: `text`, `list<date>`.
std::string type_text(const ast::TypeRef& t);

}  // namespace clue::lsp
