// The whole front end for one model: load the file and its imports, resolve names, check
// types, build the typed model. Its result keeps the syntax trees and the record of which
// declarations were used, which the linter reads.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/typed_model.h"
#include "compiler/syntax/ast.h"

namespace clue {

// The installed package a module was read from (import "NAME@RANGE", compiler/share/library.h).
struct PackageOrigin {
  std::string name, version;
  std::string folder;          // LIBRARY/NAME/VERSION: the module's path is below it
  std::string package_sha256;  // the installed .cluepkg's SHA-256 ("" when not recorded)
  bool trusted = false;
};

struct LoadedModule {
  std::string path;
  std::optional<PackageOrigin> package;  // set for every file read from an installed package
  FileId file = kNoFile;
  ast::Module ast;
  // For each import declaration of this module (in order), the index of the module it loaded,
  // or -1 when it could not be loaded.
  std::vector<int> imports;
};

// What the checker saw used, for the unused-thing lint rules.
struct Usage {
  std::map<const void*, int> decls;               // ast declaration → number of references
  std::map<std::pair<int, int>, int> derived;     // (relation, derived column) → references
  std::map<std::pair<int, size_t>, int> imports;  // (module, import position) → names used
  std::map<int, int> relations;                   // relation index → times used as an input
  // Every name the checker resolved: where it is used and the name of the declaration it
  // denotes (a schema, field, param, const, func, source, join alias, relation, derived
  // column), across imports. Editors read it (clue lsp: definition, references, rename);
  // an inlined const or func body may add the same pair more than once.
  struct Ref {
    Span use;
    Span target;
  };
  std::vector<Ref> refs;
};

struct FrontEndResult {
  std::vector<LoadedModule> modules;  // [0] is the file that was asked for
  std::unique_ptr<typed::Model> model;
  Usage usage;
};

// Files whose text replaces what is on disk: an editor's unsaved buffers (clue lsp), keyed by
// the file's absolute, canonical path. An import of such a file reads the buffer instead.
using SourceOverlay = std::map<std::string, std::string>;

FrontEndResult run_front_end(SourceManager& sm, const std::string& path, DiagnosticSink& sink);
// As above for text already in memory (tests, fuzzing, editors); imports resolve against the
// folder of `display_path`, through `overlay` first when one is given.
FrontEndResult run_front_end_text(SourceManager& sm, const std::string& display_path, std::string text,
                                  DiagnosticSink& sink, const SourceOverlay* overlay = nullptr);

// The checked model of `text`, or null with the errors ("E0301 message" lines, in English) in
// *errors: for tests and benchmarks that build a model from source text.
std::unique_ptr<typed::Model> check_model_text(const std::string& display_path, const std::string& text,
                                               std::string* errors);

}  // namespace clue
