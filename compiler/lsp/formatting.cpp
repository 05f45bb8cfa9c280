// Formatting: the editor formats through `clue fmt`'s own function (compiler/format), so a
// document formatted in the editor is byte for byte what `clue fmt` writes. A model with
// syntax errors is not formatted (the formatter would have to guess): E0704 says so, rather
// than leaving the text as it is in silence.
#include "compiler/format/format.h"
#include "compiler/lsp/features.h"

namespace clue::lsp {

json format_document(const Analysis& a, const Context& ctx, RequestError& error) {
  const FileId f = a.main_file();
  if (f == kNoFile) {
    error = {DiagId::FormatUnavailable, {a.path()}};
    return nullptr;
  }
  const std::string& text = a.sm.text(f);
  std::string out;
  SourceManager sm;
  DiagnosticSink sink;
  if (!format::format_model(a.path(), text, format::Options{}, out, sm, sink)) {
    error = {DiagId::FormatUnavailable, {a.path()}};
    return nullptr;
  }
  json edits = json::array();
  if (out == text) return edits;  // already in the canonical layout
  // One edit replacing the whole document: from its start to past its last line.
  const json end{{"line", a.sm.line_count(f) + 1}, {"character", 0}};
  edits.push_back(json{{"range", json{{"start", json{{"line", 0}, {"character", 0}}}, {"end", end}}}, {"newText", out}});
  (void)ctx;
  return edits;
}

}  // namespace clue::lsp
