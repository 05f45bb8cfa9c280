// `clue library list` and `clue library show NAME [VERSION]`: the models installed with `clue
// install`, from each one's package.json and install record: title, version, jurisdiction,
// whether its signature was trusted, its params with their defaults and the exports it needs.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/share/package.h"
#include "compiler/share/semver.h"
#include "compiler/share/signing.h"
#include "runtime/fs/regular_file.h"

namespace clue::cli {
namespace fs = std::filesystem;
namespace {

using Json = nlohmann::json;

struct Installed {
  std::string name, version;
  fs::path folder;
  Json meta, record;
};

std::vector<Installed> installed(const std::string& library) {
  std::vector<Installed> out;
  std::error_code ec;
  for (const auto& n : fs::directory_iterator(library, ec)) {
    if (!n.is_directory()) continue;
    for (const auto& v : fs::directory_iterator(n.path(), ec)) {
      std::string meta, rec, error;
      if (!fsafe::read_regular((v.path() / "package.json").string(), meta, nullptr, &error)) continue;
      Installed i;
      i.name = n.path().filename().string();
      i.version = v.path().filename().string();
      i.folder = v.path();
      i.meta = Json::parse(meta, nullptr, false);
      if (i.meta.is_discarded() || !i.meta.is_object()) continue;
      const fs::path record = v.path() / fs::path(i.meta.value("model", std::string())).parent_path() / share::kInstallRecord;
      if (fsafe::read_regular(record.string(), rec, nullptr, &error)) i.record = Json::parse(rec, nullptr, false);
      out.push_back(std::move(i));
    }
  }
  std::sort(out.begin(), out.end(), [](const Installed& a, const Installed& b) {
    if (a.name != b.name) return a.name < b.name;
    auto x = share::parse_semver(a.version), y = share::parse_semver(b.version);
    return x && y ? share::compare(*x, *y) < 0 : a.version < b.version;
  });
  return out;
}

std::string trust_word(const Installed& i, Lang lang) {
  const bool trusted = i.record.is_object() && i.record.value("trusted", false);
  return ui_text(trusted ? TextId::LibraryTrusted : TextId::LibraryUntrusted, lang);
}

std::string text_of(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// A param's default as package.json holds it (text, or null when the model has none).
std::string default_of(const Json& p) {
  if (!p.contains("default") || p["default"].is_null()) return "-";
  return p["default"].is_string() ? p["default"].get<std::string>() : p["default"].dump();
}

}  // namespace

int cmd_library(const LibraryArgs& a, const Common& c) {
  const Lang lang = resolve_lang(c.lang);
  const std::string library = a.library.empty() ? share::default_library() : a.library;
  const auto all = installed(library);
  if (a.action == "list") {
    for (const auto& i : all)
      std::cout << i.name << " " << i.version << "  " << text_of(i.meta, "title") << "  [" << text_of(i.meta, "jurisdiction")
                << "; " << trust_word(i, lang) << "]\n";
    if (all.empty()) std::cout << ui_text(TextId::LibraryEmpty, lang, {library}) << "\n";
    return kExitOk;
  }
  // show NAME [VERSION]: the newest version unless one is named.
  const Installed* pick = nullptr;
  std::string versions;
  for (const auto& i : all)
    if (i.name == a.name) {
      versions += (versions.empty() ? "" : ", ") + i.version;
      if (a.version.empty() || i.version == a.version) pick = &i;
    }
  if (!pick)
    return usage_error(c, DiagId::LibraryModelNotInstalled,
                       {a.name + (a.version.empty() ? "" : " " + a.version), library,
                        versions.empty() ? ui_text(TextId::LibraryNoneInstalled, lang) : versions});
  const Json& m = pick->meta;
  std::cout << text_of(m, "name") << " " << text_of(m, "version") << "  " << text_of(m, "title") << "\n";
  const std::pair<const char*, TextId> fields[] = {{"jurisdiction", TextId::LibraryJurisdiction},
                                                   {"author", TextId::LibraryAuthor},
                                                   {"description", TextId::LibraryDescription},
                                                   {"limits", TextId::LibraryLimits}};
  for (const auto& [key, id] : fields)
    if (!text_of(m, key).empty()) std::cout << "  " << ui_text(id, lang, {text_of(m, key)}) << "\n";
  if (m.contains("basis") && m["basis"].is_array())
    for (const auto& b : m["basis"])
      if (b.is_string()) std::cout << "  " << ui_text(TextId::LibraryBasis, lang, {b.get<std::string>()}) << "\n";
  std::string signature = trust_word(*pick, lang);
  if (!text_of(pick->record, "key").empty())
    signature += " (" + text_of(pick->record, "key") + " " + text_of(pick->record, "owner") + ")";
  std::cout << "  " << ui_text(TextId::LibrarySignature, lang, {signature}) << "\n";
  std::cout << "  " << ui_text(TextId::LibraryModel, lang, {(pick->folder / text_of(m, "model")).string()}) << "\n";
  // The packages it imports by range (import "NAME@RANGE"), and which versions this library has.
  if (m.contains("requires") && m["requires"].is_array())
    for (const auto& r : m["requires"]) {
      std::string here;
      for (const auto& i : all)
        if (i.name == text_of(r, "name")) here += (here.empty() ? "" : ", ") + i.version;
      std::cout << "  "
                << ui_text(TextId::LibraryRequires, lang,
                           {text_of(r, "name"), text_of(r, "range"), text_of(r, "packed_with"),
                            here.empty() ? ui_text(TextId::LibraryNoneInstalled, lang) : here})
                << "\n";
    }
  const bool has_params = m.contains("params") && m["params"].is_array() && !m["params"].empty();
  std::cout << "  " << ui_text(has_params ? TextId::LibraryParams : TextId::LibraryNoParams, lang) << "\n";
  if (has_params)
    for (const auto& p : m["params"]) {
      std::cout << "    " << text_of(p, "name") << ": " << text_of(p, "type") << " = " << default_of(p);
      if (!text_of(p, "meaning").empty()) std::cout << "  — " << text_of(p, "meaning");
      std::cout << "\n";
    }
  std::cout << "  " << ui_text(TextId::LibraryExports, lang) << "\n";
  if (m.contains("sources") && m["sources"].is_array())
    for (const auto& src : m["sources"]) {
      std::cout << "    " << text_of(src, "name") << " ← " << text_of(src, "export") << " ("
                << ui_text(TextId::LibrarySchemaOf, lang, {text_of(src, "schema")}) << "):";
      if (src.contains("fields") && src["fields"].is_array())
        for (const auto& f : src["fields"]) {
          std::string headers;
          if (f.contains("headers") && f["headers"].is_array())
            for (const auto& h : f["headers"])
              if (h.is_string()) headers += (headers.empty() ? "" : "/") + h.get<std::string>();
          std::cout << " " << headers << (f.value("optional", false) ? "?" : "");
        }
      std::cout << "\n";
    }
  return kExitOk;
}

}  // namespace clue::cli
