#include "compiler/session/fingerprint.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "runtime/io/files.h"

namespace clue::session {
namespace fs = std::filesystem;

std::vector<FileHash> imported_file_hashes(const FrontEndResult& fe, const SourceManager& sm) {
  std::vector<FileHash> out;
  if (fe.modules.empty()) return out;
  const fs::path folder = fs::path(fe.modules[0].path).parent_path();
  for (size_t i = 1; i < fe.modules.size(); ++i) {
    const LoadedModule& m = fe.modules[i];
    std::string shown;
    if (m.package) {
      std::error_code ec;
      const fs::path canon = fs::weakly_canonical(fs::absolute(m.path, ec), ec);
      const fs::path in_package = (ec ? fs::path(m.path) : canon).lexically_relative(m.package->folder);
      shown = m.package->name + "@" + m.package->version + "/" + in_package.generic_string();
    } else {
      fs::path rel = fs::path(m.path).lexically_normal().lexically_relative(folder.empty() ? fs::path(".") : folder);
      shown = rel.empty() ? m.path : rel.generic_string();
    }
    // The text the loader kept is the file's bytes (a file with invalid UTF-8 is an error,
    // so there is no run to fingerprint).
    out.push_back({shown, m.file == kNoFile ? std::string() : io::sha256_text(sm.text(m.file)), m.package});
  }
  std::sort(out.begin(), out.end(), [](const FileHash& a, const FileHash& b) { return a.path < b.path; });
  return out;
}

std::string fingerprint(const std::string& model_sha, const std::vector<FileHash>& imports,
                        const std::string& mapping_sha) {
  // One line a part: a path cannot hold a line break the manifest would not show.
  std::string text = "clue-fingerprint 1\nmodel " + model_sha + "\n";
  std::vector<FileHash> sorted = imports;
  std::sort(sorted.begin(), sorted.end(), [](const FileHash& a, const FileHash& b) { return a.path < b.path; });
  for (const auto& f : sorted) {
    text += "import " + f.sha256 + " " + f.path + "\n";
    // (Only for a package's file: the fingerprints of runs without packages stay as they were.)
    if (f.package)
      text += "package " + f.package->package_sha256 + (f.package->trusted ? " trusted" : " untrusted") + "\n";
  }
  text += "mapping " + mapping_sha + "\n";
  return io::sha256_text(text);
}

std::vector<std::string> changed_parts(const std::string& model_sha_a, const std::vector<FileHash>& imports_a,
                                       const std::string& mapping_sha_a, const std::string& model_sha_b,
                                       const std::vector<FileHash>& imports_b, const std::string& mapping_sha_b) {
  std::vector<std::string> out;
  if (model_sha_a != model_sha_b) out.push_back("model");
  std::map<std::string, std::string> a, b;
  for (const auto& f : imports_a) a[f.path] = f.sha256;
  for (const auto& f : imports_b) b[f.path] = f.sha256;
  for (const auto& [path, sha] : a) {
    auto it = b.find(path);
    if (it == b.end() || it->second != sha) out.push_back(path);
  }
  for (const auto& [path, sha] : b)
    if (!a.count(path)) out.push_back(path);
  if (mapping_sha_a != mapping_sha_b) out.push_back("mapping");
  return out;
}

}  // namespace clue::session
