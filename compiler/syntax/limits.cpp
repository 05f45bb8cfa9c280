#include "compiler/syntax/limits.h"

#include <string>
#include <utility>
#include <vector>

namespace clue::limits {

size_t expr_depth(const ast::Expr& root) {
  size_t deepest = 0;
  std::vector<std::pair<const ast::Expr*, size_t>> todo{{&root, 1}};
  while (!todo.empty()) {
    auto [e, depth] = todo.back();
    todo.pop_back();
    deepest = std::max(deepest, depth);
    for (const auto& a : e->args)
      if (a) todo.push_back({a.get(), depth + 1});
  }
  return deepest;
}

void dismantle(ast::ExprPtr& root) {
  std::vector<ast::ExprPtr> todo;
  if (root) todo.push_back(std::move(root));
  while (!todo.empty()) {
    ast::ExprPtr e = std::move(todo.back());
    todo.pop_back();
    for (auto& a : e->args)
      if (a) todo.push_back(std::move(a));
    // `e` is destroyed here with no children left.
  }
}

namespace {

// Every expression a declaration holds.
template <class F>
void for_each_expr(ast::Decl& d, F&& f) {
  if (auto* x = std::get_if<ast::SchemaDecl>(&d)) {
    for (auto& fd : x->fields)
      for (auto& o : fd.options) f(o.value);
  } else if (auto* x = std::get_if<ast::ParamDecl>(&d)) {
    f(x->default_value);
  } else if (auto* x = std::get_if<ast::ConstDecl>(&d)) {
    f(x->value);
  } else if (auto* x = std::get_if<ast::FuncDecl>(&d)) {
    f(x->body);
  } else if (auto* x = std::get_if<ast::RelationDecl>(&d)) {
    for (auto& s : x->steps) {
      f(s.condition);
      for (auto& dv : s.derivations) f(dv.value);
      for (auto& k : s.group_keys) f(k.value);
    }
  } else if (auto* x = std::get_if<ast::OutputDecl>(&d)) {
    for (auto& c : x->columns) f(c.value);
    for (auto& k : x->order) f(k.value);
  } else if (auto* x = std::get_if<ast::TableDecl>(&d)) {
    for (auto& r : x->rows)
      for (auto& c : r.cells) f(c);
  }
}

// The first line of a span: a deep expression may run over many lines.
Span first_line(Span s) {
  if (s.end_line != s.line) {
    s.end_line = s.line;
    s.end_col = s.col + 1;
  }
  return s;
}

}  // namespace

void check_expression_depth(ast::Module& m, DiagnosticSink& sink) {
  std::vector<ast::Decl> kept;
  kept.reserve(m.decls.size());
  for (auto& d : m.decls) {
    bool too_deep = false;
    for_each_expr(d, [&](ast::ExprPtr& e) {
      if (!e || too_deep) return;
      size_t depth = expr_depth(*e);
      if (depth <= kMaxExprDepth) return;
      sink.report(DiagId::ExpressionTooDeep, first_line(e->span),
                  {std::to_string(depth), std::to_string(kMaxExprDepth)});
      too_deep = true;
    });
    if (!too_deep) {
      kept.push_back(std::move(d));
      continue;
    }
    m.has_syntax_errors = true;
    if (!ast::decl_name(d).text.empty()) m.broken_names.push_back(ast::decl_name(d).text);
    for_each_expr(d, [](ast::ExprPtr& e) { dismantle(e); });
  }
  m.decls = std::move(kept);
}

}  // namespace clue::limits
