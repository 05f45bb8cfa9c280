// Completion: what can be written at the caret. After `alias.` the fields of the alias's
// schema, with their types; inside `import "` the model files beside the document; after
// `source x:` the schemas; after a name and `:` the types; elsewhere the keywords in the
// language the file is written in, the sources and aliases, params, consts, relations, funcs
// and builtins (with snippets for their arguments).
#include <filesystem>
#include <regex>
#include <set>

#include "compiler/lsp/features.h"
#include "compiler/lsp/keywords.h"
#include "compiler/sema/builtins.h"

namespace clue::lsp {
namespace {
namespace fs = std::filesystem;

// LSP CompletionItemKind
enum Kind { kMethod = 2, kFunction = 3, kField = 5, kVariable = 6, kClass = 7, kModule = 9, kProperty = 10,
            kKeyword = 14, kSnippet = 15, kFile = 17, kConstant = 21, kStruct = 22, kTypeParameter = 25 };

// Decodes the code point ending at byte `end` of s; sets `start` to its first byte.
char32_t code_point_before(const std::string& s, size_t end, size_t& start) {
  start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data() + start);
  const size_t n = end - start;
  if (n == 1) return p[0];
  if (n == 2) return char32_t(((p[0] & 0x1F) << 6) | (p[1] & 0x3F));
  if (n == 3) return char32_t(((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F));
  return char32_t(((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F));
}

// A character that can be part of a name (the lexer's ID_PART, near enough: letters and
// digits of any script, _ and ·; not CJK punctuation or quotes).
bool name_char(char32_t c) {
  if (c < 0x80) return std::isalnum(int(c)) || c == '_';
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
      (c >= 0x2010 && c <= 0x206F))
    return c == 0x00B7;
  return true;
}

// The name that ends at byte `end` of `line` (may be empty) and where it starts.
std::string name_before(const std::string& line, size_t end, size_t& start) {
  start = end;
  while (start > 0) {
    size_t cp_start;
    if (!name_char(code_point_before(line, start, cp_start))) break;
    start = cp_start;
  }
  return line.substr(start, end - start);
}

json item(const std::string& label, int kind, const std::string& detail, const std::string& sort = "") {
  json j{{"label", label}, {"kind", kind}};
  if (!detail.empty()) j["detail"] = detail;
  if (!sort.empty()) j["sortText"] = sort;
  return j;
}

// The schema an alias (a source's name or a join's `as` name) stands for, in a check's model.
const typed::Schema* schema_of_alias(const Analysis& a, const std::string& alias) {
  if (!a.fe.model) return nullptr;
  const auto& m = *a.fe.model;
  for (const auto& s : m.sources)
    if (s.name == alias) return s.schema;
  for (const auto& r : m.relations)
    for (const auto& b : r.bindings)
      if (b.alias == alias && b.source >= 0) return m.sources[size_t(b.source)].schema;
  return nullptr;
}

json fields_of(const Analysis& a, const typed::Schema& s, const Context& ctx) {
  json items = json::array();
  for (size_t i = 0; i < s.fields.size(); ++i) {
    const auto& f = s.fields[i];
    char sort[16];
    std::snprintf(sort, sizeof sort, "%05zu", i);  // declaration order, as the schema lists them
    json it = item(f.name, kField, (ctx.lang == Lang::Zh ? type_name_zh(f.type) : type_name(f.type)) + (f.optional ? "?" : ""), sort);
    std::string header;
    for (const auto& h : f.headers) header += (header.empty() ? "" : ", ") + ("\"" + h + "\"");
    if (!header.empty() && !(f.headers.size() == 1 && f.headers[0] == f.name))
      it["documentation"] = (ctx.lang == Lang::Zh ? "表头 " : "export header ") + header;
    items.push_back(std::move(it));
  }
  (void)a;
  return items;
}

json import_paths(const Analysis& a) {
  json items = json::array();
  const fs::path dir = fs::path(a.path()).parent_path();
  std::error_code ec;
  size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator() && n < 500; it.increment(ec)) {
    if (ec) break;
    if (it.depth() > 4) it.disable_recursion_pending();
    if (!it->is_regular_file(ec) || it->path().extension() != ".model") continue;
    const std::string rel = fs::relative(it->path(), dir, ec).string();
    if (ec || it->path() == fs::path(a.path())) continue;
    items.push_back(item(rel, kFile, ""));
    ++n;
  }
  return items;
}

std::string snippet_for(const Builtin& b) {
  std::string s = std::string(b.name()) + "(";
  for (size_t i = 0; i < b.args.size(); ++i) {
    std::string arg = arg_rule_name(b.args[i]);
    for (char& c : arg)
      if (c == '}' || c == '$') c = ' ';
    s += (i ? ", " : "") + std::string("${") + std::to_string(i + 1) + ":" + arg + "}";
  }
  return s + ")";
}

}  // namespace

json completion(const Analysis& a, const Analysis* last_good, const Context& ctx, const std::string& text,
                const json& position) {
  const uint32_t line_no = position.value("line", 0u);
  const std::string line(line_of(text, line_no));
  const size_t caret = byte_offset(text, line_no, position.value("character", 0u), ctx.enc) -
                       byte_offset(text, line_no, 0, ctx.enc);
  const std::string before = line.substr(0, std::min(caret, line.size()));
  json items = json::array();

  // import "…
  // (byte-wise: a bracket of multi-byte characters would exclude their bytes from every name)
  static const std::regex import_re("^\\s*(import|导入)\\s*(\"|\u201C)[^\"]*$");
  if (std::regex_search(before, import_re)) return json{{"isIncomplete", false}, {"items", import_paths(a)}};

  // alias.field (and namespace.name)
  size_t word_start;
  name_before(before, before.size(), word_start);
  if (word_start > 0 && before[word_start - 1] == '.') {
    size_t alias_start;
    const std::string alias = name_before(before, word_start - 1, alias_start);
    const typed::Schema* s = schema_of_alias(a, alias);
    if (!s && last_good) s = schema_of_alias(*last_good, alias);
    if (s) return json{{"isIncomplete", false}, {"items", fields_of(a, *s, ctx)}};
    // import "x" as ns: its schemas, consts and funcs
    for (const auto& d : a.defs) {
      if (d.kind != DefKind::Namespace || d.name != alias) continue;
      const auto* imp = static_cast<const ast::ImportDecl*>(d.decl);
      size_t pos = 0;
      for (const auto& decl : a.fe.modules[size_t(d.module)].ast.decls)
        if (const auto* i = std::get_if<ast::ImportDecl>(&decl)) {
          if (i == imp && pos < a.fe.modules[size_t(d.module)].imports.size()) {
            const int target = a.fe.modules[size_t(d.module)].imports[pos];
            for (const auto& e : a.defs)
              if (e.module == target && (e.kind == DefKind::Schema || e.kind == DefKind::Const || e.kind == DefKind::Func))
                items.push_back(item(e.name, e.kind == DefKind::Schema ? kStruct : e.kind == DefKind::Func ? kFunction : kConstant,
                                     ctx.lang == Lang::Zh ? def_kind_zh(e.kind) : def_kind_en(e.kind)));
          }
          ++pos;
        }
    }
    return json{{"isIncomplete", false}, {"items", items}};
  }

  // source x: Schema
  static const std::regex source_re("^\\s*(source|数据源)\\s+\\S+?\\s*(:|：)\\s*\\S*$");
  if (std::regex_search(before, source_re)) {
    for (const auto& d : a.defs)
      if (d.kind == DefKind::Schema) items.push_back(item(d.name, kStruct, a.sm.path(d.span.file)));
    return json{{"isIncomplete", false}, {"items", items}};
  }
  // name: type (a param, a const, a field inside a schema block)
  static const std::regex type_re("^\\s*((param|参数|const|常量)\\s+)?[^\\s=.(]+?\\s*(\\?|？)?\\s*(:|：)\\s*[^\\s=]*$");
  if (std::regex_search(before, type_re)) {
    const bool zh = uses_chinese_keywords(text);
    for (const auto& t : type_spellings()) {
      items.push_back(item(zh ? t.zh : t.en, kTypeParameter, zh ? t.en : t.zh));
    }
    return json{{"isIncomplete", false}, {"items", items}};
  }

  // Anywhere else: keywords in the file's language, then the names in scope.
  const bool zh = uses_chinese_keywords(text);
  for (const auto& k : keywords())
    if (k.chinese == zh) items.push_back(item(k.spelling, kKeyword, "", "9" + std::string(k.spelling)));
  std::set<std::pair<std::string, int>> seen;
  const Analysis& names = a.fe.model && !a.fe.model->sources.empty() ? a : (last_good ? *last_good : a);
  for (const auto& d : names.defs) {
    int kind;
    switch (d.kind) {
      case DefKind::Source: case DefKind::Alias: kind = kVariable; break;
      case DefKind::Param: kind = kConstant; break;
      case DefKind::Const: kind = kConstant; break;
      case DefKind::Relation: kind = kClass; break;
      case DefKind::Derived: kind = kProperty; break;
      case DefKind::Func: kind = kFunction; break;
      case DefKind::Namespace: kind = kModule; break;
      default: continue;
    }
    // A name declared in an imported file is in scope only when the import is not `as ns`.
    if (!seen.insert({d.name, kind}).second) continue;
    std::string detail = std::string(ctx.lang == Lang::Zh ? def_kind_zh(d.kind) : def_kind_en(d.kind));
    if (!d.type.empty()) detail += ": " + d.type;
    json it = item(d.name, kind, detail, "1" + d.name);
    if (d.kind == DefKind::Func) {
      it["insertText"] = d.name + "(${1})";
      it["insertTextFormat"] = 2;
    }
    items.push_back(std::move(it));
  }
  for (const auto& b : all_builtins()) {
    const std::string name = zh ? b.name_zh() : b.name();
    json it = item(name, kFunction, b.description, "5" + name);
    std::string snip = snippet_for(b);
    if (zh) snip = name + snip.substr(std::string(b.name()).size());
    it["insertText"] = snip;
    it["insertTextFormat"] = 2;  // snippet
    items.push_back(std::move(it));
  }
  (void)kMethod; (void)kSnippet;
  return json{{"isIncomplete", false}, {"items", items}};
}

}  // namespace clue::lsp
