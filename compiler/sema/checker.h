// Name resolution and type checking over the loaded modules, producing the typed model.
// Declarations are checked in dependency order (schemas, params, sources, relations,
// outputs); expressions are typed bottom-up, with user functions and constants inlined.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "compiler/sema/frontend.h"

namespace clue {

class Checker {
 public:
  Checker(SourceManager& sm, DiagnosticSink& sink, std::vector<LoadedModule>& modules, Usage& usage)
      : sm_(sm), sink_(sink), modules_(modules), usage_(usage) {}
  std::unique_ptr<typed::Model> run();

  // What a name at file scope denotes.
  struct Symbol {
    enum Kind { Schema, Param, Const, Func, Source, Relation, Output, Namespace } kind;
    const void* decl = nullptr;  // the ast declaration
    int module = 0;
    int import_pos = -1;  // when it came in through an import of the main module
    Span span;
    int index = -1;       // for a namespace: the module it names
  };
  // The typed index (into params, sources or relations) of a symbol's declaration, -1 until
  // that declaration has been checked.
  int index_of(const Symbol& s) const {
    if (s.kind == Symbol::Namespace) return s.index;
    auto it = typed_index_.find(s.decl);
    return it == typed_index_.end() ? -1 : it->second;
  }

  // The columns an expression can see.
  struct Scope {
    typed::Relation* relation = nullptr;
    int relation_index = -1;
    bool allow_aggregates = false;
    // Parameters of the user function being inlined, bound to the typed arguments.
    std::vector<std::pair<std::string, const typed::Expr*>> func_args;
    int module = 0;  // whose names unqualified lookups see first
  };

 private:
  // declarations
  void collect_symbols();
  void add_symbol(std::map<std::string, Symbol>& table, const std::string& name, Symbol sym, bool from_import);
  void check_metadata();
  void check_schemas();
  void check_params();
  void check_sources();
  std::string shipped_table(const ast::SourceDecl& d);
  // An inline table (checker_table.cpp): its schema and its rows, every cell checked against its
  // column (E0219-E0222, E0361, E0362, W0340, W0341).
  void check_table(const ast::TableDecl& d);
  // One cell as the CSV text the loader parses ("" = null); false once reported.
  bool table_cell(const ast::TableDecl& d, const typed::Field& col, const ast::Expr& cell, std::string& text);
  void check_relations();
  void check_relation(int index, std::vector<int>& visiting);
  // `a union b ...`: the parts' bindings and columns, and the union's columns matched by name
  // (false: an input could not be used, already reported). `chain`: the longest part's chain.
  bool check_union(const ast::RelationDecl& d, typed::Relation& rel, std::vector<int>& visiting, size_t& chain);
  void check_outputs();
  void check_output_file_name(const ast::Name& name, std::map<std::string, ast::Name>& seen);
  typed::Schema check_schema(const ast::SchemaDecl& d);
  std::optional<Type> resolve_type(const ast::TypeRef& t);

  // relation steps
  void check_join(typed::Relation& rel, int rel_index, const ast::Step& step, typed::Step& out,
                  std::vector<int>& visiting);
  // `join g …` where g is a relation: appends its bindings and columns (false: already reported).
  bool join_relation(typed::Relation& rel, const Symbol& sym, const ast::Step& step, typed::Step& out,
                     std::vector<int>& visiting);
  void hide_filter_join(typed::Relation& rel, const ast::Step& step, const typed::Step& out);
  void check_group(typed::Relation& rel, int rel_index, const ast::Step& step, typed::Step& out);

  // expressions (expr_checker.cpp)
 public:
  typed::ExprPtr check_expr(const ast::Expr& e, Scope& scope);
  typed::ExprPtr check_condition(const ast::Expr& e, Scope& scope);

 private:
  typed::ExprPtr check_expr_node(const ast::Expr& e, Scope& scope);
  // The limits on an expression with its funcs and consts inlined (E0330, docs/limits.md):
  // false, once reported, when the expression being checked is past them.
  bool within_expansion_limits(size_t more_nodes, size_t depth_below);
  typed::ExprPtr check_name(const ast::Expr& e, Scope& scope);
  typed::ExprPtr check_field(const ast::Expr& e, Scope& scope);
  typed::ExprPtr derived_ref(Scope& scope, int i, Span span);
  typed::ExprPtr joined_column(const ast::Expr& e, Scope& scope, int j);
  typed::ExprPtr check_call(const ast::Expr& e, Scope& scope);
  typed::ExprPtr check_user_func(const ast::Expr& e, const ast::FuncDecl& f, Scope& scope);
  typed::ExprPtr check_binary(const ast::Expr& e, Scope& scope);
  void check_constant_overflow(const typed::Expr& e);
  typed::ExprPtr check_comparison(const ast::Expr& e, plan::Op op, typed::ExprPtr l, typed::ExprPtr r);
  typed::ExprPtr literal_expr(const ast::Expr& e);
  // name_span: the field's name alone (in alias.field), where the reference is recorded.
  typed::ExprPtr column_ref(Scope& scope, int binding, int field, Span span, Span name_span = {});
  typed::ExprPtr error_expr(Span span);
  bool comparable(const typed::Expr& a, const typed::Expr& b);
  // A text literal that stands for an idcard, uscc or case_no (`domain`) is read with that
  // type's parser now: rewritten to its normal form, or E0319 with the parser's reason (false).
  // Anything else is left alone (true).
  bool normalize_domain_literal(typed::Expr& lit, Type domain);
  // On E0301/E0308: a text literal that parses as the other side's date, month, datetime or
  // number type gets a note with its unquoted literal.
  void note_unquoted(Diagnostic& d, const typed::Expr& a, const typed::Expr& b);
  void note_declared_type(Diagnostic& d, const typed::Relation& rel, const typed::Expr& e);
  std::vector<std::string> visible_names(Scope& scope);
  const Symbol* lookup_global(const std::string& name, int module);
  // `use`: where the name was written, recorded in Usage::refs when valid.
  void mark_used(const Symbol& sym, Span use = {});
  void note_ref(Span use, Span target);
  // E0331, once per model: `length` is the chain's length where it is known, else the depth
  // of the recursion that was cut ("more than N").
  void report_chain_too_long(Span at, const std::string& relation, std::optional<size_t> length);
  void report_wrong_kind(const std::string& name, Span span, const Symbol& found, const char* wanted_en,
                         const char* wanted_zh);
  // True for names of declarations dropped because of a syntax error: no "unknown name" then.
  bool poisoned(const std::string& name) const;

 public:
  static typed::ExprPtr clone(const typed::Expr& e);

 private:
  SourceManager& sm_;
  DiagnosticSink& sink_;
  std::vector<LoadedModule>& modules_;
  Usage& usage_;
  std::unique_ptr<typed::Model> model_;
  // Per module: the names visible at its file scope (its own and its unqualified imports).
  std::vector<std::map<std::string, Symbol>> scopes_;
  // Per module: alias → module index, for `import "x" as ns`.
  std::vector<std::map<std::string, int>> namespaces_;
  std::map<const void*, int> schema_index_;
  std::unordered_map<const void*, int> typed_index_;  // ast SchemaDecl → index into model_->schemas
  std::vector<const ast::RelationDecl*> relation_decls_;
  std::vector<bool> relation_done_;
  std::vector<size_t> chain_length_;  // per relation: its steps and its inputs' (E0331)
  bool chain_reported_ = false;       // E0331 once: a chain of 10^5 would repeat it 100 times
  std::set<const void*> inlining_;
  // Of the outermost expression being checked: how deep check_expr has recursed (inlined
  // bodies included), the typed nodes made so far, and whether E0330 was reported for it.
  size_t check_depth_ = 0;
  size_t expanded_nodes_ = 0;
  bool expansion_exceeded_ = false;
  Span outermost_span_;  // where E0330 points: the expression as written, not a const inside
  std::set<std::string> broken_relations_;  // input failed: references to them stay quiet
  typed::Relation* scope_relation_for_notes_ = nullptr;  // for notes on comparisons  // user functions / consts being inlined (recursion guard)
};

}  // namespace clue
