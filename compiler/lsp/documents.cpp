#include "compiler/lsp/documents.h"

#include <filesystem>

namespace clue::lsp {
namespace fs = std::filesystem;

std::optional<std::string> uri_to_path(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.rfind(scheme, 0) != 0) return std::nullopt;
  std::string out;
  for (size_t i = scheme.size(); i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      out += char(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string path_to_uri(const std::string& path) {
  std::string abs = path;
  std::error_code ec;
  if (!path.empty() && path[0] != '/') abs = fs::absolute(path, ec).lexically_normal().string();
  std::string out = "file://";
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : abs) {
    // Unreserved characters and '/' stay; everything else (spaces, Chinese file names) is
    // percent-encoded, as VS Code writes URIs.
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? path : canon.string();
}

Document& Documents::open(const std::string& uri, std::string text, int64_t version) {
  Document& d = docs_[uri];
  d.uri = uri;
  d.path = canonical_path(uri_to_path(uri).value_or(uri));
  d.text = std::move(text);
  d.version = version;
  sync_overlay(d);
  return d;
}

void Documents::close(const std::string& uri) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  overlay_.erase(it->second.path);
  docs_.erase(it);
}

Document* Documents::find(const std::string& uri) {
  auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : &it->second;
}

void Documents::apply_change(std::string& text, const json& change, Encoding enc) {
  const std::string replacement = change.value("text", "");
  if (!change.contains("range")) {
    text = replacement;
    return;
  }
  const json& r = change["range"];
  size_t from = byte_offset(text, r["start"]["line"].get<uint32_t>(), r["start"]["character"].get<uint32_t>(), enc);
  size_t to = byte_offset(text, r["end"]["line"].get<uint32_t>(), r["end"]["character"].get<uint32_t>(), enc);
  if (to < from) std::swap(from, to);
  text.replace(from, to - from, replacement);
}

}  // namespace clue::lsp
