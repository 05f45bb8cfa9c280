// The outline (document symbols: the model block, imports, schemas with their fields,
// params, consts, funcs, sources, relations with their derived columns and join aliases,
// outputs) and folding ranges (multi-line declarations and runs of comment lines).
#include "compiler/lsp/features.h"

namespace clue::lsp {
namespace {
enum SymbolKind { kFile = 1, kModule = 2, kNamespace = 3, kClass = 5, kProperty = 7, kField = 8, kFunction = 12,
                  kVariable = 13, kConstant = 14, kStruct = 23, kEvent = 24 };

json symbol(const Analysis& a, const Context& ctx, const std::string& name, int kind, const Span& whole, const Span& name_span,
            const std::string& detail = "") {
  json s{{"name", name.empty() ? "?" : name}, {"kind", kind}, {"range", a.range(whole.valid() ? whole : name_span, ctx.enc)},
         {"selectionRange", a.range(name_span.valid() ? name_span : whole, ctx.enc)}};
  if (!detail.empty()) s["detail"] = detail;
  return s;
}
}  // namespace

json document_symbols(const Analysis& a, const Context& ctx) {
  json out = json::array();
  if (a.fe.modules.empty()) return out;
  const bool zh = ctx.lang == Lang::Zh;
  for (const auto& decl : a.fe.modules[0].ast.decls) {
    if (const auto* m = std::get_if<ast::ModelDecl>(&decl)) {
      out.push_back(symbol(a, ctx, m->name.text, kFile, m->span, m->name.span, zh ? "模型" : "model"));
    } else if (const auto* i = std::get_if<ast::ImportDecl>(&decl)) {
      out.push_back(symbol(a, ctx, i->path, kModule, i->span, i->path_span, i->alias ? i->alias->text : ""));
    } else if (const auto* s = std::get_if<ast::SchemaDecl>(&decl)) {
      json sym = symbol(a, ctx, s->name.text, kStruct, s->span, s->name.span, zh ? "结构" : "schema");
      json children = json::array();
      for (const auto& f : s->fields) children.push_back(symbol(a, ctx, f.name.text, kField, f.span, f.name.span, type_text(f.type)));
      sym["children"] = children;
      out.push_back(std::move(sym));
    } else if (const auto* p = std::get_if<ast::ParamDecl>(&decl)) {
      out.push_back(symbol(a, ctx, p->name.text, kConstant, p->span, p->name.span, (zh ? "参数 " : "param ") + type_text(p->type)));
    } else if (const auto* c = std::get_if<ast::ConstDecl>(&decl)) {
      out.push_back(symbol(a, ctx, c->name.text, kConstant, c->span, c->name.span, zh ? "常量" : "const"));
    } else if (const auto* f = std::get_if<ast::FuncDecl>(&decl)) {
      out.push_back(symbol(a, ctx, f->name.text, kFunction, f->span, f->name.span, zh ? "函数" : "func"));
    } else if (const auto* src = std::get_if<ast::SourceDecl>(&decl)) {
      out.push_back(symbol(a, ctx, src->name.text, kVariable, src->span, src->name.span, src->schema.joined()));
    } else if (const auto* t = std::get_if<ast::TableDecl>(&decl)) {
      json sym = symbol(a, ctx, t->name.text, kStruct, t->span, t->name.span, zh ? "对照表" : "table");
      json children = json::array();
      for (const auto& c : t->columns) children.push_back(symbol(a, ctx, c.name.text, kField, c.span, c.name.span, type_text(c.type)));
      sym["children"] = children;
      out.push_back(std::move(sym));
    } else if (const auto* r = std::get_if<ast::RelationDecl>(&decl)) {
      json sym = symbol(a, ctx, r->name.text, kClass, r->span, r->name.span, (zh ? "关系，来自 " : "relation from ") + r->input.joined());
      json children = json::array();
      for (const auto& st : r->steps) {
        if (st.join_alias) children.push_back(symbol(a, ctx, st.join_alias->text, kVariable, st.span, st.join_alias->span, st.join_target.joined()));
        for (const auto& d : st.derivations) children.push_back(symbol(a, ctx, d.name.text, kProperty, d.name.span, d.name.span));
        for (const auto& k : st.group_keys)
          if (k.alias) children.push_back(symbol(a, ctx, k.alias->text, kProperty, k.alias->span, k.alias->span));
      }
      if (!children.empty()) sym["children"] = children;
      out.push_back(std::move(sym));
    } else if (const auto* o = std::get_if<ast::OutputDecl>(&decl)) {
      out.push_back(symbol(a, ctx, o->name.text, kEvent, o->span, o->name.span, zh ? "输出" : "output"));
    }
  }
  return out;
}

json folding_ranges(const Analysis& a) {
  json out = json::array();
  if (a.fe.modules.empty()) return out;
  for (const auto& decl : a.fe.modules[0].ast.decls) {
    Span s = std::visit([](const auto& d) { return d.span; }, decl);
    if (s.valid() && s.end_line > s.line) out.push_back({{"startLine", s.line - 1}, {"endLine", s.end_line - 1}});
  }
  // Runs of two or more comment lines (a model's header, a documented param).
  const FileId f = a.main_file();
  uint32_t start = 0;
  auto is_comment = [&](uint32_t l) {
    std::string_view t = a.sm.line_text(f, l);
    size_t i = t.find_first_not_of(" \t");
    return i != std::string_view::npos && (t[i] == '#' || t.substr(i, 2) == "//");
  };
  const uint32_t n = a.sm.line_count(f);
  for (uint32_t l = 1; l <= n + 1; ++l) {
    const bool c = l <= n && is_comment(l);
    if (c && !start) start = l;
    if (!c && start) {
      if (l - 1 > start) out.push_back({{"startLine", start - 1}, {"endLine", l - 2}, {"kind", "comment"}});
      start = 0;
    }
  }
  return out;
}

}  // namespace clue::lsp
