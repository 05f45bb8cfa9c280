#include "compiler/share/library.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "runtime/fs/regular_file.h"

namespace clue::share {
namespace fs = std::filesystem;
namespace {

std::string home() {
  if (const char* h = std::getenv("CLUE_HOME"); h && *h) return h;
  const char* data = std::getenv("XDG_DATA_HOME");
  if (data && *data) return (fs::path(data) / "clue").string();
  const char* user = std::getenv("HOME");
  return (fs::path(user && *user ? user : ".") / ".local/share/clue").string();
}

// The JSON object in `path`, or a discarded value.
nlohmann::json read_json(const fs::path& path) {
  std::string text, error;
  if (!fsafe::read_regular(path.string(), text, nullptr, &error)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace

std::string default_trust_store() { return (fs::path(home()) / "trust").string(); }
std::string default_library() { return (fs::path(home()) / "library").string(); }

std::optional<PackageImport> package_import(std::string_view text) {
  const size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  const std::string_view name = text.substr(0, at);
  // A path names a folder or ends in a file name with a dot; a package name has neither.
  if (name.find_first_of("/\\. \t") != std::string_view::npos) return std::nullopt;
  if (text.size() >= 6 && text.substr(text.size() - 6) == ".model") return std::nullopt;  // a@b.model is a file
  return PackageImport{std::string(name), std::string(text.substr(at + 1))};
}

Resolved resolve(const std::string& library, const PackageImport& import) {
  Resolved r;
  std::string why;
  const auto range = parse_range(import.range, &why);
  if (!range) {
    r.how = Resolution::BadRange;
    r.detail = why;
    return r;
  }
  std::vector<std::pair<SemVer, std::string>> versions;  // every installed version, with its folder name
  std::error_code ec;
  const fs::path folder = fs::path(library) / import.name;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (!e.is_directory(ec)) continue;
    const std::string v = e.path().filename().string();
    if (auto sv = parse_semver(v)) versions.push_back({*sv, v});
  }
  if (versions.empty()) {
    r.how = Resolution::NotInstalled;
    return r;
  }
  std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) { return compare(a.first, b.first) < 0; });
  const std::pair<SemVer, std::string>* best = nullptr;
  for (const auto& v : versions)
    if (satisfies(v.first, *range)) best = &v;
  if (!best) {
    r.how = Resolution::NoMatch;
    for (const auto& v : versions) r.detail += (r.detail.empty() ? "" : ", ") + v.second;
    return r;
  }
  InstalledPackage& p = r.package;
  p.name = import.name;
  p.version = best->second;
  p.folder = (folder / best->second).string();
  const nlohmann::json meta = read_json(fs::path(p.folder) / "package.json");
  if (meta.is_discarded() || !meta.is_object() || !meta.contains("model") || !meta["model"].is_string() ||
      meta.value("name", std::string()) != import.name || meta.value("version", std::string()) != p.version) {
    r.how = Resolution::Broken;
    r.detail = p.version;
    return r;
  }
  const std::string model = meta["model"].get<std::string>();
  p.model = (fs::path(p.folder) / model).string();
  // The install record beside the main model (cmd_package.cpp writes it): no record, or one
  // that does not say trusted, is untrusted.
  const nlohmann::json record = read_json(fs::path(p.model).parent_path() / "clue-install.json");
  if (record.is_object()) {
    p.trusted = record.value("trusted", false);
    if (record.contains("package_sha256") && record["package_sha256"].is_string())
      p.package_sha256 = record["package_sha256"].get<std::string>();
  }
  r.how = Resolution::Found;
  return r;
}

}  // namespace clue::share
