#include "compiler/sema/frontend.h"

#include <fstream>
#include <sstream>

#include "compiler/sema/checker.h"
#include "compiler/sema/module_loader.h"

namespace clue {

FrontEndResult run_front_end_text(SourceManager& sm, const std::string& display_path, std::string text,
                                  DiagnosticSink& sink, const SourceOverlay* overlay) {
  FrontEndResult r;
  ModuleLoader loader(sm, sink, overlay);
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

std::unique_ptr<typed::Model> check_model_text(const std::string& display_path, const std::string& text,
                                               std::string* errors) {
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult r = run_front_end_text(sm, display_path, text, sink);
  if (!sink.has_errors() && r.model) return std::move(r.model);
  if (errors) {
    std::ostringstream os;
    for (const auto& d : sink.all())
      if (d.severity() == Severity::Error) os << d.code() << " " << message(d, Lang::En) << "\n";
    *errors = os.str();
  }
  return nullptr;
}

}  // namespace clue
