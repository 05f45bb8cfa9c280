// Loads a model file and, transitively, the files it imports. Each file is parsed once even
// when imported from several places; a cycle of imports is reported with the whole chain.
// Imports resolve only inside the main model's folder tree (E0214), to regular files (E0215)
// that look like models (E0113: never shown when they do not). An import "NAME@RANGE" reads an
// installed package's model instead (compiler/share/library.h); that file's own imports resolve
// inside its package's folder. One model reads one version of a package (E0644) and one
// definition of a schema name (E0645).
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
  // An import "NAME@RANGE" of module `index`: the module it loaded, or -1 (reported).
  int load_package(int index, const ast::ImportDecl& imp);
  // Reads an import's file at `canon` (E0113/E0115/E0116 when it cannot be); "" is returned
  // in `text` only with `ok` false.
  bool read_import(const std::filesystem::path& canon, const ast::ImportDecl& imp, std::string& text);
  void check_schema_versions();

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
  // Each module's root (its imports stay inside it): root_, or its package's folder.
  std::vector<std::filesystem::path> roots_;
  // Each package read so far: the version and the import that first reached it.
  struct FirstVersion {
    std::string version;
    Span at;
  };
  std::map<std::string, FirstVersion> packages_;
  std::string library_;  // the installed packages' folder (share::default_library())
};

}  // namespace clue
