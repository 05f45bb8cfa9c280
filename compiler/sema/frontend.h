// The whole front end for one model: load the file and its imports, resolve names, check
// types, build the typed model. Its result keeps the syntax trees and the record of which
// declarations were used, which the linter reads.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/typed_model.h"
#include "compiler/syntax/ast.h"

namespace clue {

struct LoadedModule {
  std::string path;
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
};

struct FrontEndResult {
  std::vector<LoadedModule> modules;  // [0] is the file that was asked for
  std::unique_ptr<typed::Model> model;
  Usage usage;
};

FrontEndResult run_front_end(SourceManager& sm, const std::string& path, DiagnosticSink& sink);
// As above for text already in memory (tests, fuzzing); imports resolve against `base_dir`.
FrontEndResult run_front_end_text(SourceManager& sm, const std::string& display_path, std::string text,
                                  DiagnosticSink& sink);

// The checked model of `text`, or null with the errors ("E0301 message" lines, in English) in
// *errors: for tests and benchmarks that build a model from source text.
std::unique_ptr<typed::Model> check_model_text(const std::string& display_path, const std::string& text,
                                               std::string* errors);

}  // namespace clue
