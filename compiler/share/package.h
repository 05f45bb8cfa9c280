// Model packages (docs/sharing.md): one file holding a model, the schemas it imports, its
// fixtures and notes, with package.json (metadata, params, the exports it needs, and every
// file's SHA-256) signed with Ed25519 (signing.h).
//
// The archive is written and read by Clue itself: text framing around raw bytes, so it needs no
// archive library and can be inspected with a text editor:
//
//   clue-package 1\n
//   entry <bytes> package.json\n <the bytes>\n     (always first; what the signature covers)
//   entry <bytes> <relative path>\n <the bytes>\n   (each file, in path order)
//   signature ed25519 <public key hex> <signature hex>\n   (last; absent when unsigned)
//
// A path is relative, '/'-separated, without "..", "." or empty parts, backslashes or control
// characters: extracting a package can write nowhere but below its folder.
#pragma once
#include <string>
#include <vector>

#include "compiler/sema/frontend.h"
#include "compiler/source/source_manager.h"

namespace clue::share {

struct PackageFile {
  std::string path;
  std::string bytes;
};

struct Package {
  std::string meta;                 // package.json, as signed
  std::vector<PackageFile> files;   // every other file, in path order
  std::string public_hex, signature_hex;  // empty when unsigned
  // From package.json:
  std::string name, version, model;  // model: the main model's path in the package
};

// The archive's bytes.
std::string write_archive(const Package& p);
// Parses an archive; "" on success, else what is wrong (for E0631). Checks the framing, the
// paths, package.json's shape, and that the files are exactly those package.json lists.
std::string read_archive(const std::string& bytes, Package& out);
// The first file whose bytes do not match package.json's SHA-256 ("" when all do).
std::string first_changed_file(const Package& p);

// Gathers a model for packing: the model file, every file it imports, its fixtures
// (tests/<model>/ beside it) and <model>.md beside it if there is one, with package.json.
// `fe` is the model's checked front end. "" on success, else why not (for E0638).
std::string collect_package(const std::string& model_path, const FrontEndResult& fe, const SourceManager& sm,
                            Package& out);

// Writes the package's files below `folder` (made if needed). "" on success.
std::string extract(const Package& p, const std::string& folder);

// The record an install leaves beside the model (clue-install.json), read by every run.
inline constexpr const char* kInstallRecord = "clue-install.json";

}  // namespace clue::share
