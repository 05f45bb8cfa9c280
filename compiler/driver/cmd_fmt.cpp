// `clue fmt [--check] [--keywords zh|en] FILE/DIR...`: rewrites models in the canonical layout
// (compiler/format/format.h), or with --check only says which ones are not (E0620, exit 1).
// A model with syntax errors is reported and left as it is.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "compiler/driver/commands.h"
#include "compiler/format/format.h"
#include "runtime/io/files.h"

namespace clue::cli {
namespace fs = std::filesystem;

int cmd_fmt(const FmtArgs& a, const Common& c) {
  if (a.paths.empty()) return usage_error(c, DiagId::NoLintPaths);
  const std::vector<std::string> files = model_files(a.paths);
  if (files.empty()) return usage_error(c, DiagId::NoModelFiles);
  format::Options options;
  if (a.keywords == "en") options.keywords = format::Keywords::English;
  else if (a.keywords == "zh") options.keywords = format::Keywords::Chinese;
  SourceManager sm;
  DiagnosticSink sink;
  size_t changed = 0;
  for (const auto& f : files) {
    std::string text, formatted;
    if (!read_text_file(f, text)) return model_unreadable(c, f);
    if (!format::format_model(f, text, options, formatted, sm, sink)) continue;
    if (formatted == text) continue;
    ++changed;
    if (a.check) {
      // The first line that differs, for the message.
      size_t line = 1;
      for (size_t i = 0; i < std::min(text.size(), formatted.size()) && text[i] == formatted[i]; ++i)
        if (text[i] == '\n') ++line;
      sink.report(DiagId::NotFormatted, Span{}, {f, std::to_string(line)});
      continue;
    }
    if (std::string err = io::write_atomic(f, formatted); !err.empty()) {
      sink.report(DiagId::OutputWriteFailed, Span{}, {f, err});
      continue;
    }
  }
  const int code = finish(sink, sm, c, sink.error_count() > 0);
  if (c.format == "text" && sink.error_count() == 0) {
    const Lang lang = resolve_lang(c.lang);
    if (a.check) std::cout << ui_text(TextId::FmtCheckClean, lang, {std::to_string(files.size())}) << "\n";
    else std::cout << ui_text(TextId::FmtSummary, lang, {std::to_string(files.size()), std::to_string(changed)}) << "\n";
  }
  return code;
}

}  // namespace clue::cli
