// Go to definition, find references and rename, for every declared name the checker
// resolved (schemas, fields, params, consts, funcs, sources, aliases, relations, derived
// columns), across imports: an occurrence's definition may be in an imported file, and the
// references of a schema's field are gathered from every open document that uses it.
#include <set>

#include "compiler/lsp/documents.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/keywords.h"

namespace clue::lsp {
namespace {

// A declaration's identity across checks: its file and place (each check has its own FileIds).
struct Key {
  std::string path;
  uint32_t line, col;
  bool operator<(const Key& o) const { return std::tie(path, line, col) < std::tie(o.path, o.line, o.col); }
  bool operator==(const Key& o) const { return path == o.path && line == o.line && col == o.col; }
};
Key key_of(const Analysis& a, const Definition& d) { return {canonical_path(a.sm.path(d.span.file)), d.span.line, d.span.col}; }

json location(const Analysis& a, const Context& ctx, const Span& s) {
  return json{{"uri", uri_for(a, ctx, s.file)}, {"range", a.range(s, ctx.enc)}};
}

// Every occurrence of the declaration `key` in every check, once each.
template <typename Fn>
void each_occurrence(const std::vector<const Analysis*>& checks, const Key& key, Fn fn) {
  std::set<std::tuple<std::string, uint32_t, uint32_t, uint32_t>> seen;
  for (const Analysis* c : checks)
    for (size_t i = 0; i < c->defs.size(); ++i) {
      if (!(key_of(*c, c->defs[i]) == key)) continue;
      for (const Occurrence* o : c->occurrences_of(int(i))) {
        const std::string path = canonical_path(c->sm.path(o->span.file));
        if (seen.insert({path, o->span.line, o->span.col, o->span.end_col}).second) fn(*c, *o);
      }
    }
}

std::vector<const Analysis*> with_self(const Analysis& a, const std::vector<const Analysis*>& open) {
  std::vector<const Analysis*> all{&a};
  for (const Analysis* o : open)
    if (o != &a) all.push_back(o);
  return all;
}

bool is_name(const std::string& s) {
  if (s.empty()) return false;
  const unsigned char first = static_cast<unsigned char>(s[0]);
  if (!(first >= 0x80 || std::isalpha(first) || first == '_')) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // CJK punctuation and full-width forms are not name characters (U+3000-303F, U+FF00-FF20).
      if (c == 0xE3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) return false;
      if (c == 0xEF && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) return false;
      continue;
    }
    if (!(std::isalnum(c) || c == '_')) return false;
  }
  return true;
}

// The occurrence to rename at `position`, or an error.
const Occurrence* renamable(const Analysis& a, const Context& ctx, const json& position, RequestError& error) {
  const Place p = place_of(a, position, ctx);
  const Occurrence* o = a.at(p.file, p.line, p.col);
  if (!o) {
    error = {DiagId::NothingToRename, {}};
    return nullptr;
  }
  const Definition& d = a.defs[size_t(o->def)];
  if (d.kind != DefKind::Relation && d.kind != DefKind::Param && d.kind != DefKind::Source && d.kind != DefKind::Alias) {
    error = {DiagId::RenameNotAllowed, {d.name, bilingual(def_kind_en(d.kind), def_kind_zh(d.kind))}};
    return nullptr;
  }
  return o;
}

}  // namespace

json definition(const Analysis& a, const Context& ctx, const json& position) {
  const Place p = place_of(a, position, ctx);
  const Occurrence* o = a.at(p.file, p.line, p.col);
  if (!o) return nullptr;
  return json::array({location(a, ctx, a.defs[size_t(o->def)].span)});
}

json references(const Analysis& a, const std::vector<const Analysis*>& open, const Context& ctx, const json& position,
                bool include_declaration) {
  const Place p = place_of(a, position, ctx);
  const Occurrence* o = a.at(p.file, p.line, p.col);
  json out = json::array();
  if (!o) return out;
  each_occurrence(with_self(a, open), key_of(a, a.defs[size_t(o->def)]), [&](const Analysis& c, const Occurrence& occ) {
    if (include_declaration || !occ.is_declaration) out.push_back(location(c, ctx, occ.span));
  });
  return out;
}

json prepare_rename(const Analysis& a, const Context& ctx, const json& position, RequestError& error) {
  const Occurrence* o = renamable(a, ctx, position, error);
  if (!o) return nullptr;
  return json{{"range", a.range(o->span, ctx.enc)}, {"placeholder", a.defs[size_t(o->def)].name}};
}

json rename(const Analysis& a, const std::vector<const Analysis*>& open, const Context& ctx, const json& position,
            const std::string& new_name, RequestError& error) {
  const Occurrence* o = renamable(a, ctx, position, error);
  if (!o) return nullptr;
  const Definition& target = a.defs[size_t(o->def)];
  if (!is_name(new_name) || is_keyword(new_name)) {
    error = {DiagId::RenameNotAName,
             {new_name, is_keyword(new_name) ? bilingual("it is a keyword", "它是关键字")
                                              : bilingual("it is not an identifier", "它不是标识符")}};
    return nullptr;
  }
  // Another declaration with that name would make every use ambiguous or wrong.
  // (Fields are only ever written after `alias.`; a join alias is local to its relation.)
  for (const auto& d : a.defs) {
    if (d.name != new_name || d.kind == DefKind::Field || &d == &target) continue;
    const bool local = d.kind == DefKind::Derived || d.kind == DefKind::Alias;
    if (local && target.kind == DefKind::Alias && d.owner_def != target.owner_def) continue;
    error = {DiagId::RenameNameTaken, {new_name, std::to_string(d.span.line)}};
    return nullptr;
  }
  json changes = json::object();
  each_occurrence(with_self(a, open), key_of(a, target), [&](const Analysis& c, const Occurrence& occ) {
    json edit{{"range", c.range(occ.span, ctx.enc)}, {"newText", new_name}};
    // `output leads { … }` writes the relation `leads` to leads.csv: renaming the relation
    // keeps the output's file name by naming the relation with `from`.
    for (const auto& decl : c.fe.modules[0].ast.decls)
      if (const auto* out = std::get_if<ast::OutputDecl>(&decl))
        if (!out->from && out->name.span.file == occ.span.file && out->name.span.line == occ.span.line &&
            out->name.span.col == occ.span.col) {
          const bool zh = uses_chinese_keywords(c.sm.text(c.main_file()));
          edit["newText"] = out->name.text + (zh ? " 来自 " : " from ") + new_name;
        }
    changes[uri_for(c, ctx, occ.span.file)].push_back(std::move(edit));
  });
  return json{{"changes", changes}};
}

}  // namespace clue::lsp
