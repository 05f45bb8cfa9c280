#include "compiler/sema/frontend.h"

#include <fstream>
#include <sstream>

#include "compiler/sema/checker.h"
#include "compiler/sema/module_loader.h"

namespace clue {

FrontEndResult run_front_end_text(SourceManager& sm, const std::string& display_path, std::string text,
                                  DiagnosticSink& sink) {
  FrontEndResult r;
  ModuleLoader loader(sm, sink);
  r.modules = loader.load(display_path, std::move(text));
  Checker checker(sm, sink, r.modules, r.usage);
  r.model = checker.run();
  return r;
}

FrontEndResult run_front_end(SourceManager& sm, const std::string& path, DiagnosticSink& sink) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return run_front_end_text(sm, path, ss.str(), sink);
}

}  // namespace clue
