// The session API every command uses: compile a model file (front end, logical plan with its
// passes, physical plan) once, then run the physical plan (compiler/driver/run_session.h) or
// print any stage. The commands parse flags and print; what a model means and how it runs is
// decided here and below, once.
#pragma once
#include "runtime/fs/regular_file.h"
#include <functional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/pipeline.h"
#include "compiler/session/fingerprint.h"
#include "compiler/sema/frontend.h"
#include "compiler/source/source_manager.h"

namespace clue::session {

struct Compiled {
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe;       // the syntax trees and the typed model
  planner::Plans plans;    // logical (after its passes) and physical; empty when !ok()
  std::string model_sha;   // SHA-256 of the model file's bytes
  std::vector<FileHash> imports;  // every imported file with its SHA-256 (fingerprint.h)
  double compile_s = 0;    // front end and planning, seconds
  fsafe::PathKind path_kind = fsafe::PathKind::Regular;  // what the model's path is (NotAFile)
  bool ok() const { return fe.model && !sink.has_errors(); }
};

// NotAFile: the path is a folder, a device or a pipe (out.path_kind says which).
enum class CompileStatus { Ok, Unreadable, NotAFile, Errors };

// Reads, checks and plans the model at `path` into `out` (diagnostics in out.sink).
CompileStatus compile(const std::string& path, const planner::PlanOptions& options, Compiled& out);
// The same for a model's text already in memory (imports resolve against its folder).
CompileStatus compile_text(const std::string& path, std::string text, const planner::PlanOptions& options,
                           Compiled& out);

// What `clue lint` reports on one model's text: the front end, the lint rules and the
// `# lint:allow` comments, sorted by place, in `sink`. Editors (clue lsp) call it with their
// unsaved buffers as `overlay`, so they show exactly what `clue lint` would.
FrontEndResult lint_text(SourceManager& sm, const std::string& path, std::string text, DiagnosticSink& sink,
                         const SourceOverlay* overlay = nullptr,
                         const std::function<void(FrontEndResult&, DiagnosticSink&)>& extra_rules = {});

}  // namespace clue::session
