// Feeds arbitrary bytes to the whole front end (parse, resolve, type check, lint, render).
// It must never crash, hang, leak or report an internal error, whatever the input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/diag/render.h"
#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  clue::SourceManager sm;
  clue::DiagnosticSink sink;
  std::string text(reinterpret_cast<const char*>(data), size);
  // A path under a folder that has no .model files: imports in fuzz input resolve to nothing.
  clue::FrontEndResult fe = clue::run_front_end_text(sm, "/nonexistent/fuzz.model", std::move(text), sink);
  clue::run_lint(fe, sink);
  clue::apply_suppressions(fe, sink);
  sink.sort_by_location();
  std::string out = clue::render_text(sink.all(), sm, clue::Lang::En);
  out += clue::render_sarif(sink.all(), sm, clue::Lang::Zh);
  return 0;
}
