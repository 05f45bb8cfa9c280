// The documents the editor has open: their text as typed (saved or not) and version, by URI.
// Their text is the overlay the front end reads instead of the disk (SourceOverlay), so an
// import resolves to the open buffer first.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "compiler/lsp/text_positions.h"
#include "compiler/lsp/transport.h"
#include "compiler/sema/frontend.h"

namespace clue::lsp {

// file:///a/b%20c.model <-> /a/b c.model (other schemes are not files: nullopt).
std::optional<std::string> uri_to_path(const std::string& uri);
std::string path_to_uri(const std::string& path);
// The absolute, canonical form of a path (symbolic links resolved when they exist): the
// key of the overlay, as the module loader computes it.
std::string canonical_path(const std::string& path);

struct Document {
  std::string uri;
  std::string path;  // absolute, canonical
  std::string text;
  int64_t version = 0;
};

class Documents {
 public:
  Document& open(const std::string& uri, std::string text, int64_t version);
  void close(const std::string& uri);
  Document* find(const std::string& uri);
  // Applies an LSP didChange content change: a whole new text, or a range replaced.
  static void apply_change(std::string& text, const json& change, Encoding enc);
  const SourceOverlay& overlay() const { return overlay_; }
  const std::map<std::string, Document>& all() const { return docs_; }
  void sync_overlay(const Document& d) { overlay_[d.path] = d.text; }

 private:
  std::map<std::string, Document> docs_;
  SourceOverlay overlay_;
};

}  // namespace clue::lsp
