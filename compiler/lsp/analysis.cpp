#include "compiler/lsp/analysis.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include "compiler/session/session.h"

namespace clue::lsp {

const char* def_kind_en(DefKind k) {
  static const char* names[] = {"schema", "field", "param", "const", "func", "source",
                                "alias", "relation", "derived column", "output", "import namespace"};
  return names[int(k)];
}
const char* def_kind_zh(DefKind k) {
  static const char* names[] = {"结构", "字段", "参数", "常量", "函数", "数据源", "别名", "关系", "派生列", "输出", "导入命名空间"};
  return names[int(k)];
}

std::string type_text(const ast::TypeRef& t) {
  std::string s = t.name.text;
  if (t.element) s += "<" + type_text(*t.element) + ">";
  return s;
}

namespace {
void walk(const ast::Expr* e, const std::function<void(const ast::Expr&)>& fn) {
  if (!e) return;
  fn(*e);
  for (const auto& a : e->args) walk(a.get(), fn);
}
}  // namespace

void for_each_expr(const ast::Module& m, const std::function<void(const ast::Expr&)>& fn) {
  for (const auto& decl : m.decls) {
    if (const auto* s = std::get_if<ast::SchemaDecl>(&decl)) {
      for (const auto& f : s->fields)
        for (const auto& o : f.options) walk(o.value.get(), fn);
    } else if (const auto* p = std::get_if<ast::ParamDecl>(&decl)) {
      walk(p->default_value.get(), fn);
    } else if (const auto* c = std::get_if<ast::ConstDecl>(&decl)) {
      walk(c->value.get(), fn);
    } else if (const auto* f = std::get_if<ast::FuncDecl>(&decl)) {
      walk(f->body.get(), fn);
    } else if (const auto* r = std::get_if<ast::RelationDecl>(&decl)) {
      for (const auto& st : r->steps) {
        walk(st.condition.get(), fn);
        for (const auto& d : st.derivations) walk(d.value.get(), fn);
        for (const auto& k : st.group_keys) walk(k.value.get(), fn);
      }
    } else if (const auto* o = std::get_if<ast::OutputDecl>(&decl)) {
      for (const auto& c : o->columns) walk(c.value.get(), fn);
      for (const auto& k : o->order) walk(k.value.get(), fn);
    }
  }
}

namespace {
bool contains(const Span& s, uint32_t line, uint32_t col) {
  if (!s.valid()) return false;
  if (line < s.line || line > s.end_line) return false;
  if (line == s.line && col < s.col) return false;
  if (line == s.end_line && col > s.end_col) return false;  // the end counts: a caret after the name
  return true;
}
bool same(const Span& a, const Span& b) {
  return a.file == b.file && a.line == b.line && a.col == b.col && a.end_line == b.end_line && a.end_col == b.end_col;
}
}  // namespace

Analysis::Analysis(const std::string& path, const std::string& text, const SourceOverlay& overlay) : path_(path) {
  auto cpu = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
  };
  const double cpu0 = cpu();
  auto t0 = std::chrono::steady_clock::now();
  fe = session::lint_text(sm, path, text, sink, &overlay);
  check_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  check_cpu_ms = cpu() - cpu0;
  index_declarations();
  index_uses();
}

int Analysis::add_def(Definition d) {
  if (!d.span.valid()) return -1;
  const int index = int(defs.size());
  by_span_.emplace(std::make_tuple(d.span.file, d.span.line, d.span.col), index);
  occurrences.push_back({d.span, index, true});
  defs.push_back(std::move(d));
  return index;
}

int Analysis::def_at_span(const Span& span) const {
  auto it = by_span_.find({span.file, span.line, span.col});
  return it == by_span_.end() ? -1 : it->second;
}

void Analysis::index_declarations() {
  // Derived columns' types come from the typed model (they are inferred, not written).
  std::map<std::tuple<FileId, uint32_t, uint32_t>, std::string> derived_types;
  if (fe.model)
    for (const auto& rel : fe.model->relations)
      for (const auto& dv : rel.derived) derived_types[{dv.span.file, dv.span.line, dv.span.col}] = type_name(dv.type);
  for (size_t m = 0; m < fe.modules.size(); ++m) {
    for (const auto& decl : fe.modules[m].ast.decls) {
      const int mod = int(m);
      if (const auto* s = std::get_if<ast::SchemaDecl>(&decl)) {
        int schema = add_def({DefKind::Schema, s->name.text, s->name.span, s->span, mod, s, nullptr, -1, ""});
        for (const auto& f : s->fields)
          add_def({DefKind::Field, f.name.text, f.name.span, f.span, mod, &f, s, schema,
                   type_text(f.type) + (f.optional ? "?" : "")});
      } else if (const auto* p = std::get_if<ast::ParamDecl>(&decl)) {
        add_def({DefKind::Param, p->name.text, p->name.span, p->span, mod, p, nullptr, -1, type_text(p->type)});
      } else if (const auto* c = std::get_if<ast::ConstDecl>(&decl)) {
        add_def({DefKind::Const, c->name.text, c->name.span, c->span, mod, c, nullptr, -1, c->type ? type_text(*c->type) : ""});
      } else if (const auto* f = std::get_if<ast::FuncDecl>(&decl)) {
        add_def({DefKind::Func, f->name.text, f->name.span, f->span, mod, f, nullptr, -1, f->result ? type_text(*f->result) : ""});
      } else if (const auto* src = std::get_if<ast::SourceDecl>(&decl)) {
        add_def({DefKind::Source, src->name.text, src->name.span, src->span, mod, src, nullptr, -1, src->schema.joined()});
      } else if (const auto* t = std::get_if<ast::TableDecl>(&decl)) {
        // An inline table is used like a source (its columns are not indexed as a schema's are).
        add_def({DefKind::Source, t->name.text, t->name.span, t->span, mod, t, nullptr, -1,
                 "table, " + std::to_string(t->rows.size()) + " rows"});
      } else if (const auto* r = std::get_if<ast::RelationDecl>(&decl)) {
        int rel = add_def({DefKind::Relation, r->name.text, r->name.span, r->span, mod, r, nullptr, -1, ""});
        auto derived = [&](const ast::Name& n) {
          auto t = derived_types.find({n.span.file, n.span.line, n.span.col});
          add_def({DefKind::Derived, n.text, n.span, n.span, mod, r, nullptr, rel, t == derived_types.end() ? "" : t->second});
        };
        for (const auto& step : r->steps) {
          if (step.join_alias)
            add_def({DefKind::Alias, step.join_alias->text, step.join_alias->span, step.span, mod, &step, nullptr, rel,
                     step.join_target.joined()});
          for (const auto& dv : step.derivations) derived(dv.name);
          for (const auto& k : step.group_keys)
            if (k.alias) derived(*k.alias);
        }
      } else if (const auto* o = std::get_if<ast::OutputDecl>(&decl)) {
        add_def({DefKind::Output, o->name.text, o->name.span, o->span, mod, o, nullptr, -1, ""});
      } else if (const auto* imp = std::get_if<ast::ImportDecl>(&decl)) {
        if (imp->alias) add_def({DefKind::Namespace, imp->alias->text, imp->alias->span, imp->span, mod, imp, nullptr, -1, imp->path});
      }
    }
  }
}

void Analysis::index_uses() {
  // An inlined const or func body records its uses once per inlining: kept once.
  std::set<std::tuple<FileId, uint32_t, uint32_t, uint32_t, uint32_t>> seen;
  for (const auto& ref : fe.usage.refs) {
    const int def = def_at_span(ref.target);
    if (def < 0 || same(ref.use, defs[size_t(def)].span)) continue;
    if (!seen.insert({ref.use.file, ref.use.line, ref.use.col, ref.use.end_line, ref.use.end_col}).second) continue;
    occurrences.push_back({ref.use, def, false});
  }
}

const Occurrence* Analysis::at(FileId file, uint32_t line, uint32_t col) const {
  const Occurrence* best = nullptr;
  for (const auto& o : occurrences) {
    if (o.span.file != file || !contains(o.span, line, col)) continue;
    // The innermost: a name inside a wider span wins.
    if (!best || (o.span.line > best->span.line || (o.span.line == best->span.line && o.span.col >= best->span.col)))
      best = &o;
  }
  return best;
}

std::vector<const Occurrence*> Analysis::occurrences_of(int def) const {
  std::vector<const Occurrence*> out;
  for (const auto& o : occurrences)
    if (o.def == def) out.push_back(&o);
  std::stable_sort(out.begin(), out.end(), [](const Occurrence* a, const Occurrence* b) { return a->is_declaration > b->is_declaration; });
  return out;
}

std::string Analysis::text_of(const Span& s) const {
  if (!s.valid() || s.file >= sm.file_count()) return "";
  std::string out;
  for (uint32_t l = s.line; l <= s.end_line && l <= sm.line_count(s.file); ++l) {
    std::string_view line = sm.line_text(s.file, l);
    const size_t from = l == s.line ? utf8_prefix(line, s.col - 1).size() : 0;
    const size_t to = l == s.end_line ? utf8_prefix(line, s.end_col - 1).size() : line.size();
    if (to > from) out += std::string(line.substr(from, to - from));
    if (l != s.end_line) out += "\n";
  }
  return out;
}

namespace {
std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  return std::string(s.substr(a, b - a));
}
// The text of a line comment without its marker, or nullopt when the line is not one.
std::optional<std::string> comment_text(std::string_view line) {
  std::string t = trim(line);
  if (t.rfind("#", 0) == 0) return trim(std::string_view(t).substr(1));
  if (t.rfind("//", 0) == 0) return trim(std::string_view(t).substr(2));
  return std::nullopt;
}
}  // namespace

std::string Analysis::doc_comment(const Span& decl) const {
  if (!decl.valid()) return "";
  std::vector<std::string> lines;
  for (uint32_t l = decl.line; l-- > 1;) {
    auto c = comment_text(sm.line_text(decl.file, l));
    if (!c || c->find("lint:allow") != std::string::npos || c->rfind("golden", 0) == 0) break;
    lines.insert(lines.begin(), *c);
  }
  // A comment after the declaration on its own line (`案号: case_no  # 终本案号`).
  std::string_view line = sm.line_text(decl.file, decl.line);
  const size_t last_quote = line.rfind('"');
  const size_t hash = line.find(" #", last_quote == std::string_view::npos ? 0 : last_quote);
  if (hash != std::string_view::npos) {
    std::string c = trim(line.substr(hash + 2));
    if (!c.empty() && c.find("lint:allow") == std::string::npos) lines.push_back(c);
  }
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

json Analysis::range(const Span& s, Encoding enc) const {
  auto pos = [&](uint32_t line, uint32_t col) {
    const uint32_t l = line > 0 ? line - 1 : 0;
    const std::string_view text = line > 0 && s.file < sm.file_count() && line <= sm.line_count(s.file)
                                      ? sm.line_text(s.file, line)
                                      : std::string_view();
    return json{{"line", l}, {"character", lsp_column(text, col > 0 ? col - 1 : 0, enc)}};
  };
  if (!s.valid()) return json{{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}};
  return json{{"start", pos(s.line, s.col)}, {"end", pos(s.end_line, s.end_col)}};
}

}  // namespace clue::lsp
