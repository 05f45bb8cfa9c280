// Formatting: the one place `clue fmt` is wired into the editor. It is being built elsewhere
// (the trivia-keeping syntax tree of the sharing issue); until it lands, a format request is
// answered with E0704 so the editor says why nothing happened, rather than silently leaving
// the text as it is. To wire it: call the formatter on a.sm.text(a.main_file()) here and
// return one TextEdit replacing the whole document with its output.
#include "compiler/lsp/features.h"

namespace clue::lsp {

json format_document(const Analysis& a, const Context& ctx, RequestError& error) {
  (void)a;
  (void)ctx;
  error = {DiagId::FormatUnavailable, {}};
  return nullptr;
}

}  // namespace clue::lsp
