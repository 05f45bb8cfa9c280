#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "compiler/driver/commands.h"
#include "compiler/lint/lint.h"
#include "compiler/session/session.h"

namespace clue::cli {
namespace fs = std::filesystem;

namespace {

// `--profile share`: a model is sent with fixtures (tests/<model>/ beside it, docs/testing.md)
// that pass, so the receiving office can see it work on data before its own (W0607, E0647).
// A schema library (no output) has nothing to test.
void share_fixtures(const std::string& path, const FrontEndResult& fe, const Common& c, DiagnosticSink& sink) {
  if (!fe.model || !fe.model->meta.span.valid() || fe.model->outputs.empty() || sink.has_errors()) return;
  const fs::path p(path);
  const std::string stem = p.stem().string();
  const fs::path cases = p.parent_path() / "tests" / stem;
  std::error_code ec;
  bool any = false;
  for (const auto& e : fs::directory_iterator(cases, ec))
    if (e.is_directory()) any = true;
  if (!any) {
    sink.report(DiagId::ShareNoFixtures, fe.model->meta.span, {path, stem});
    return;
  }
  // cmd_test's own report (each case, the totals) is not lint's: only whether they pass.
  std::ostringstream quiet;
  std::streambuf* out = std::cout.rdbuf(quiet.rdbuf());
  TestArgs t;
  t.paths = {path};
  const int code = cmd_test(t, c);
  std::cout.rdbuf(out);
  if (code != kExitOk) sink.report(DiagId::ShareFixturesFail, fe.model->meta.span, {path});
}

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
    if (a.profile == "share")
      profile = [&sm, &c, &f](FrontEndResult& fe, DiagnosticSink& s) {
        run_share_lint(fe, sm, s);
        share_fixtures(f, fe, c, s);
      };
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
