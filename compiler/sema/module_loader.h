// Loads a model file and, transitively, the files it imports. Each file is parsed once even
// when imported from several places; a cycle of imports is reported with the whole chain.
// Imports resolve only inside the main model's folder tree (E0214), to regular files (E0215)
// that look like models (E0113: never shown when they do not).
#pragma once
#include <map>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/sema/frontend.h"

namespace clue {

class ModuleLoader {
 public:
  // `overlay`: unsaved editor buffers read instead of the files on disk (may be null).
  ModuleLoader(SourceManager& sm, DiagnosticSink& sink, const SourceOverlay* overlay = nullptr)
      : sm_(sm), sink_(sink), overlay_(overlay) {}
  // Loads `text` as the main module under `path`, then its imports. Returns the modules.
  std::vector<LoadedModule> load(const std::string& path, std::string text);

 private:
  int load_file(const std::string& canonical, std::string text);
  void load_imports(int index);

  SourceManager& sm_;
  DiagnosticSink& sink_;
  const SourceOverlay* overlay_;
  std::vector<LoadedModule> modules_;
  std::vector<int> stack_;  // modules being loaded, for cycle detection
  // Each module's canonical path, looked up once per import: comparing every import with
  // every loaded file was quadratic (a 3,000-wide import graph took a minute).
  std::map<std::string, int> by_key_;
  std::filesystem::path root_;  // the library root: the main model's folder, canonical
  std::string root_display_;    // the same as the user wrote it, for messages
};

}  // namespace clue
