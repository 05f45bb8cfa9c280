// The document's diagnostics for the editor: exactly `clue lint`'s (session::lint_text), with
// the same codes, severities and texts in the client's language. A finding in an imported
// file is shown on the import that brings it in, with its own place in the message.
#include <filesystem>

#include "compiler/lsp/documents.h"
#include "compiler/lsp/features.h"

namespace clue::lsp {
namespace {


// The span of the main file's import through which `module` was loaded (directly or not).
Span import_span_for(const Analysis& a, FileId file) {
  const auto& mods = a.fe.modules;
  int target = -1;
  for (size_t m = 0; m < mods.size(); ++m)
    if (mods[m].file == file) target = int(m);
  // Walk up: which module imports `target`, until one the main module imports.
  for (int guard = 0; target > 0 && guard < 64; ++guard) {
    size_t pos = 0;
    for (const auto& decl : mods[0].ast.decls) {
      if (const auto* imp = std::get_if<ast::ImportDecl>(&decl)) {
        if (pos < mods[0].imports.size() && mods[0].imports[pos] == target) return imp->path_span;
        ++pos;
      }
    }
    int parent = -1;
    for (size_t m = 1; m < mods.size() && parent < 0; ++m)
      for (int i : mods[m].imports)
        if (i == target) parent = int(m);
    target = parent;
  }
  if (!mods.empty())
    for (const auto& decl : mods[0].ast.decls)
      if (const auto* imp = std::get_if<ast::ImportDecl>(&decl)) return imp->path_span;
  return Span{};
}

}  // namespace

json diagnostics(const Analysis& a, const Context& ctx, const std::string& uri) {
  json out = json::array();
  for (const auto& d : a.sink.all()) {
    std::string text = message(d, ctx.lang);
    Span at = d.span;
    if (at.valid() && at.file != a.main_file()) {
      text = a.sm.path(at.file) + ":" + std::to_string(at.line) + ":" + std::to_string(at.col) + ": " + text;
      at = import_span_for(a, at.file);
    }
    json item{{"range", a.range(at, ctx.enc)},
              {"severity", d.severity() == Severity::Error ? 1 : d.severity() == Severity::Warning ? 2 : 3},
              {"code", d.code()},
              {"source", "clue"}};
    json data{{"code", d.code()}};
    json related = json::array();
    for (const auto& n : d.notes) {
      const std::string note = note_message(n, ctx.lang);
      if (n.id == NoteId::DidYouMean && !n.args.empty()) data["suggestion"] = n.args[0];
      if (n.span.valid()) {
        related.push_back({{"location", {{"uri", n.span.file == a.main_file() ? uri : uri_for(a, ctx, n.span.file)}, {"range", a.range(n.span, ctx.enc)}}},
                           {"message", note}});
      } else {
        // A note with no place (help: did you mean …) is part of the message, as clue lint prints it.
        text += std::string("\n") + (n.id == NoteId::DidYouMean ? (ctx.lang == Lang::Zh ? "提示" : "help")
                                                                 : (ctx.lang == Lang::Zh ? "注" : "note")) +
                ": " + note;
      }
    }
    item["message"] = text;
    if (!related.empty()) item["relatedInformation"] = related;
    if (d.id == DiagId::UnusedSource || d.id == DiagId::UnusedParam) item["tags"] = json::array({1});  // unnecessary
    item["data"] = data;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace clue::lsp
