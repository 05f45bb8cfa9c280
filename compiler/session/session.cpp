#include "compiler/session/session.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "compiler/lint/lint.h"
#include "runtime/io/files.h"

namespace clue::session {

CompileStatus compile_text(const std::string& path, std::string text, const planner::PlanOptions& options,
                           Compiled& out) {
  auto t0 = std::chrono::steady_clock::now();
  out.model_sha = io::sha256_text(text);
  out.fe = run_front_end_text(out.sm, path, std::move(text), out.sink);
  out.imports = imported_file_hashes(out.fe, out.sm);
  if (!out.ok()) return CompileStatus::Errors;
  out.plans = planner::plan_model(*out.fe.model, options);
  out.compile_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return CompileStatus::Ok;
}

FrontEndResult lint_text(SourceManager& sm, const std::string& path, std::string text, DiagnosticSink& sink,
                         const SourceOverlay* overlay,
                         const std::function<void(FrontEndResult&, DiagnosticSink&)>& extra_rules) {
  FrontEndResult fe = run_front_end_text(sm, path, std::move(text), sink, overlay);
  run_lint(fe, sink);
  if (extra_rules) extra_rules(fe, sink);  // e.g. `clue lint --profile share`
  apply_suppressions(fe, sink);
  sink.sort_by_location();
  return fe;
}

CompileStatus compile(const std::string& path, const planner::PlanOptions& options, Compiled& out) {
  // Regular files only: `clue run DIR` or a model that is /dev/zero or a FIFO is refused.
  std::string text, error;
  if (!fsafe::read_regular(path, text, &out.path_kind, &error))
    return out.path_kind == fsafe::PathKind::Missing || out.path_kind == fsafe::PathKind::Regular ? CompileStatus::Unreadable
                                                                                           : CompileStatus::NotAFile;
  return compile_text(path, std::move(text), options, out);
}

}  // namespace clue::session
