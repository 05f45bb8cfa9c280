// A run's fingerprint: what the leads depend on besides the data. The model file alone is not
// enough (an edited imported schema changes what a field reads, and a mapping changes which
// column it reads), so the fingerprint hashes the model, every file it imports and the local
// mapping (compiler/share/mapping.h) together. The manifest records it with each part's
// SHA-256; `clue why` refuses to explain a lead when any part changed, and a rerun into the
// same --out says which parts differ from the run it replaces.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/frontend.h"
#include "compiler/source/source_manager.h"

namespace clue::session {

// One imported file: its path relative to the main model's folder (as the manifest shows
// it, independent of the directory clue was started in) and the SHA-256 of its bytes.
// A file read from an installed package (import "NAME@RANGE") is shown as
// NAME@VERSION/PATH-IN-PACKAGE, wherever the library is, with the package it came from.
struct FileHash {
  std::string path;
  std::string sha256;
  std::optional<PackageOrigin> package;
};

// Every file the model imports, directly or not, in path order (the main model excluded).
std::vector<FileHash> imported_file_hashes(const FrontEndResult& fe, const SourceManager& sm);

// SHA-256 over the model's SHA-256, each import's path and SHA-256 (in path order; for a
// package's file also the installed package's SHA-256 and whether it is trusted) and the
// mapping's SHA-256 ("" when the run has no mapping): a change to any of them changes it.
std::string fingerprint(const std::string& model_sha, const std::vector<FileHash>& imports,
                        const std::string& mapping_sha);

// What differs between two recorded sets of parts, for messages: "model", an import's
// path, "mapping". Empty when they are the same.
std::vector<std::string> changed_parts(const std::string& model_sha_a, const std::vector<FileHash>& imports_a,
                                       const std::string& mapping_sha_a, const std::string& model_sha_b,
                                       const std::vector<FileHash>& imports_b, const std::string& mapping_sha_b);

}  // namespace clue::session
