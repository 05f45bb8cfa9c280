// Semantic tokens: the lexer's tokens coloured by what they are (keywords, strings, numbers,
// comments) and names by what they denote, from the check (a schema, a field, a param, a
// source or alias, a relation, a builtin), so a field and a param look different even where
// the TextMate grammar cannot tell them apart.
#include <map>
#include <set>

#include "compiler/lsp/features.h"
#include "compiler/lsp/keywords.h"
#include "compiler/sema/builtins.h"
#include "compiler/syntax/parser.h"

namespace clue::lsp {
namespace {
enum TokenType { kKeyword, kType, kParameter, kProperty, kVariable, kFunction, kNamespace, kString, kNumber, kComment,
                 kClass, kStruct, kEnumMember };
const char* kTypeNames[] = {"keyword", "type", "parameter", "property", "variable", "function", "namespace",
                            "string", "number", "comment", "class", "struct", "enumMember"};
enum Modifier { kDeclaration = 1, kDefaultLibrary = 2, kReadonly = 4 };

int type_of(DefKind k) {
  switch (k) {
    case DefKind::Schema: return kStruct;
    case DefKind::Field: case DefKind::Derived: return kProperty;
    case DefKind::Param: return kParameter;
    case DefKind::Const: return kEnumMember;
    case DefKind::Func: return kFunction;
    case DefKind::Source: case DefKind::Alias: return kVariable;
    case DefKind::Relation: case DefKind::Output: return kClass;
    case DefKind::Namespace: return kNamespace;
  }
  return kVariable;
}
}  // namespace

json semantic_tokens_legend() {
  json types = json::array();
  for (const char* t : kTypeNames) types.push_back(t);
  return json{{"tokenTypes", types}, {"tokenModifiers", {"declaration", "defaultLibrary", "readonly"}}};
}

json semantic_tokens(const Analysis& a, const Context& ctx) {
  json data = json::array();
  const FileId f = a.main_file();
  if (f == kNoFile) return json{{"data", data}};
  static const std::set<std::string> keyword_tokens = [] {
    std::set<std::string> s;
    for (const auto& k : keywords()) s.insert(k.token);
    return s;
  }();
  std::map<std::pair<uint32_t, uint32_t>, const Occurrence*> occ;
  for (const auto& o : a.occurrences)
    if (o.span.file == f) occ[{o.span.line, o.span.col}] = &o;
  const std::vector<Token> tokens = tokenize(a.sm, f);
  uint32_t prev_line = 0, prev_char = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (!t.span.valid() || t.span.end_line != t.span.line) continue;  // multi-line comments: the grammar colours them
    int type = -1, mods = 0;
    // `rows`/`行` is a keyword only between a table's columns and its rows (`} rows {`).
    const bool rows_keyword = t.kind != "ROWS" || (i > 0 && tokens[i - 1].kind == "RBRACE" && i + 1 < tokens.size() &&
                                                   tokens[i + 1].kind == "LBRACE");
    if (keyword_tokens.count(t.kind) && rows_keyword) type = kKeyword;
    else if (t.kind == "STRING") type = kString;
    else if (t.kind == "INT" || t.kind == "DECIMAL" || t.kind == "DATE" || t.kind == "MONTH" || t.kind == "DATETIME") type = kNumber;
    else if (t.kind == "LINE_COMMENT" || t.kind == "BLOCK_COMMENT") type = kComment;
    else if (t.kind == "IDENT" || t.kind == "QUOTED_IDENT" || t.kind == "ROWS") {
      if (auto it = occ.find({t.span.line, t.span.col}); it != occ.end()) {
        const Definition& d = a.defs[size_t(it->second->def)];
        type = type_of(d.kind);
        if (it->second->is_declaration) mods |= kDeclaration;
        if (d.kind == DefKind::Param || d.kind == DefKind::Const) mods |= kReadonly;
      } else if (type_by_name(t.text)) {
        type = kType;
      } else if (i + 1 < tokens.size() && tokens[i + 1].kind == "LPAREN" && find_builtin(t.text)) {
        type = kFunction;
        mods |= kDefaultLibrary;
      }
    }
    if (type < 0) continue;
    const std::string_view line = a.sm.line_text(f, t.span.line);
    const uint32_t start = lsp_column(line, t.span.col - 1, ctx.enc);
    const uint32_t end = lsp_column(line, t.span.end_col - 1, ctx.enc);
    if (end <= start) continue;
    const uint32_t l = t.span.line - 1;
    data.push_back(l - prev_line);
    data.push_back(l == prev_line ? start - prev_char : start);
    data.push_back(end - start);
    data.push_back(type);
    data.push_back(mods);
    prev_line = l;
    prev_char = start;
  }
  return json{{"data", data}};
}

}  // namespace clue::lsp
