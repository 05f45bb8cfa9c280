// clue lsp: the language server an editor starts (editors/vscode, docs/editor.md). It speaks
// LSP on stdin and stdout; stderr is for the server's own failures only.
#include <unistd.h>

#include "compiler/driver/commands.h"
#include "compiler/lsp/server.h"

namespace clue::cli {

int cmd_lsp(const LspArgs& a, const Common& c) {
  lsp::Transport transport(STDIN_FILENO, STDOUT_FILENO);
  lsp::ServerOptions options;
  options.lang = c.lang;
  if (a.debounce_ms >= 0) options.debounce_ms = a.debounce_ms;
  options.trace = a.trace;
  lsp::Server server(transport, options);
  return server.run();
}

}  // namespace clue::cli
