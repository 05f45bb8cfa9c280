// Hover: what a name is. A field: its type, its export header, its schema and the file that
// declares it, its doc comment. A param: type, default and meaning (its doc comment). A
// builtin: its signature and description. Other declarations: their kind and type.
#include <filesystem>

#include "compiler/lsp/features.h"
#include "compiler/sema/builtins.h"

namespace clue::lsp {
namespace {
namespace fs = std::filesystem;

// A path as the reader of the model thinks of it: relative to the document's folder.
std::string shown_path(const Analysis& a, FileId f) {
  const fs::path p = a.sm.path(f);
  std::error_code ec;
  const fs::path rel = fs::relative(p, fs::path(a.path()).parent_path(), ec);
  return ec || rel.empty() ? p.string() : rel.string();
}

std::string code_block(const std::string& s) { return "```clue\n" + s + "\n```\n"; }

std::string builtin_markdown(const Builtin& b, Lang lang) {
  std::string sig = std::string(b.name()) + "(";
  for (size_t i = 0; i < b.args.size(); ++i) sig += (i ? ", " : "") + arg_rule_name(b.args[i]);
  sig += ") → ";
  sig += b.result_from_first ? std::string(lang == Lang::Zh ? "同第一个参数" : "the first argument's type")
                             : type_name(Type{b.result});
  std::string out = code_block(sig);
  const bool zh = lang == Lang::Zh;
  out += std::string(zh ? "内置函数（中文名 `" : "builtin (Chinese name `") + b.name_zh() + "`" +
         (b.aggregate() ? (zh ? "，聚合" : ", aggregate") : "") + (zh ? "）" : ")") + "\n\n" + b.description;
  return out;
}

std::string field_markdown(const Analysis& a, const Definition& d, Lang lang) {
  const auto* f = static_cast<const ast::FieldDecl*>(d.decl);
  const bool zh = lang == Lang::Zh;
  std::string out = code_block(d.name + ": " + d.type);
  std::string header;
  if (f->headers.empty()) header = "\"" + d.name + "\"";
  for (size_t i = 0; i < f->headers.size(); ++i) header += (i ? ", " : "") + ("\"" + f->headers[i] + "\"");
  out += std::string(zh ? "表头 `来自 " : "export header `from ") + header + "`" + (f->headers.empty() ? (zh ? "（即字段名）" : " (the field's name)") : "") + "\n\n";
  if (d.owner) {
    out += std::string(zh ? "结构 `" : "schema `") + d.owner->name.text + "`";
    out += std::string(zh ? "，导出文件 `" : ", export file `") + d.owner->file_name.value_or(d.owner->name.text) + "`";
    out += std::string(zh ? "，声明于 " : ", declared in ") + shown_path(a, d.span.file) + ":" + std::to_string(d.span.line) + "\n";
  }
  if (std::string doc = a.doc_comment(d.span); !doc.empty()) out += "\n---\n" + doc + "\n";
  return out;
}

std::string param_markdown(const Analysis& a, const Definition& d, Lang lang) {
  const auto* p = static_cast<const ast::ParamDecl*>(d.decl);
  const bool zh = lang == Lang::Zh;
  std::string line = (zh ? "参数 " : "param ") + d.name + ": " + d.type;
  if (p->default_value) line += " = " + a.text_of(p->default_value->span);
  std::string out = code_block(line);
  if (!p->default_value)
    out += std::string(zh ? "没有默认值：运行时用 `--param " : "no default: give it when running, `--param ") + d.name + "=…`\n";
  else
    out += std::string(zh ? "默认值 `" : "default `") + a.text_of(p->default_value->span) + "`" +
           (zh ? "，可用 `--param` 覆盖\n" : ", changed with `--param`\n");
  if (std::string doc = a.doc_comment(p->span); !doc.empty()) out += "\n---\n" + doc + "\n";
  if (d.span.file != a.main_file()) out += "\n" + shown_path(a, d.span.file) + ":" + std::to_string(d.span.line) + "\n";
  return out;
}

std::string other_markdown(const Analysis& a, const Definition& d, Lang lang) {
  const bool zh = lang == Lang::Zh;
  std::string head = std::string(zh ? def_kind_zh(d.kind) : def_kind_en(d.kind)) + " " + d.name;
  if (!d.type.empty()) head += (d.kind == DefKind::Source || d.kind == DefKind::Alias ? ": " : ": ") + d.type;
  std::string out = code_block(head);
  if (d.kind == DefKind::Alias) out += zh ? "关联时所起的别名\n" : "the name a join gives its source\n";
  if (d.kind == DefKind::Source && a.fe.model) {
    for (const auto& s : a.fe.model->sources)
      if (s.name == d.name && s.schema)
        out += std::string(zh ? "结构 `" : "schema `") + s.schema->name + "`" + (zh ? "，" : ", ") +
               std::to_string(s.schema->fields.size()) + (zh ? " 个字段" : " fields") + "\n";
  }
  if (std::string doc = a.doc_comment(d.decl_span); !doc.empty()) out += "\n---\n" + doc + "\n";
  if (d.span.file != a.main_file()) out += "\n" + shown_path(a, d.span.file) + ":" + std::to_string(d.span.line) + "\n";
  return out;
}

}  // namespace

json hover(const Analysis& a, const Context& ctx, const json& position) {
  const Place p = place_of(a, position, ctx);
  if (const Occurrence* o = a.at(p.file, p.line, p.col)) {
    const Definition& d = a.defs[size_t(o->def)];
    std::string md = d.kind == DefKind::Field   ? field_markdown(a, d, ctx.lang)
                     : d.kind == DefKind::Param ? param_markdown(a, d, ctx.lang)
                                                : other_markdown(a, d, ctx.lang);
    return json{{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", a.range(o->span, ctx.enc)}};
  }
  // A builtin's name in a call (a user func of the same name would have been an occurrence).
  const Builtin* found = nullptr;
  Span at;
  if (!a.fe.modules.empty())
    for_each_expr(a.fe.modules[0].ast, [&](const ast::Expr& e) {
      const Span& s = e.name_span;
      if (e.kind == ast::ExprKind::Call && e.ns.empty() && s.valid() && s.line == p.line && p.col >= s.col && p.col <= s.end_col)
        if (const Builtin* b = find_builtin(e.text)) {
          found = b;
          at = s;
        }
    });
  if (!found) return nullptr;
  return json{{"contents", {{"kind", "markdown"}, {"value", builtin_markdown(*found, ctx.lang)}}}, {"range", a.range(at, ctx.enc)}};
}

}  // namespace clue::lsp
