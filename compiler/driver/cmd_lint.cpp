#include <algorithm>
#include <filesystem>
#include <iostream>

#include "compiler/driver/commands.h"
#include "compiler/lint/lint.h"
#include "compiler/session/session.h"

namespace clue::cli {
namespace fs = std::filesystem;

namespace {
// Every code a user can see (runtime/diag/codes.def), in --lang and --format.
int list_rules(const Common& c) {
  DiagFormat f = DiagFormat::Text;
  parse_format(c.format, f);
  std::cout << render_code_list(f, resolve_lang(c.lang));
  return kExitOk;
}
}  // namespace

int cmd_lint(const LintArgs& a, const Common& c) {
  if (a.list_rules) return list_rules(c);
  if (a.paths.empty()) return usage_error(c, DiagId::NoLintPaths);
  const std::vector<std::string> files = model_files(a.paths);
  if (files.empty()) return usage_error(c, DiagId::NoModelFiles);
  SourceManager sm;
  DiagnosticSink all;
  for (const auto& f : files) {
    std::string text;
    if (!read_text_file(f, text)) return model_unreadable(c, f);
    DiagnosticSink sink;
    std::function<void(FrontEndResult&, DiagnosticSink&)> profile;
    if (a.profile == "share") profile = [](FrontEndResult& fe, DiagnosticSink& s) { run_share_lint(fe, s); };
    session::lint_text(sm, f, std::move(text), sink, nullptr, profile);
    for (auto& d : sink.mutable_all()) all.mutable_all().push_back(std::move(d));
  }
  int code = finish(all, sm, c, true);
  // Nothing found: say so in one line, in text only (JSON and SARIF are for tools and stay as
  // they are). With findings, finish() has printed the count of errors and warnings.
  DiagFormat f = DiagFormat::Text;
  parse_format(c.format, f);
  if (f == DiagFormat::Text && all.error_count() == 0 && all.warning_count() == 0) {
    const std::string n = std::to_string(files.size());
    std::cout << ui_text(files.size() == 1 ? TextId::LintCleanOne : TextId::LintClean, resolve_lang(c.lang), {n})
              << "\n";
  }
  return code;
}

}  // namespace clue::cli
