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
  if (lang == Lang::Zh) return trusted ? "受信任" : "未受信任";
  return trusted ? "trusted" : "UNTRUSTED";
}

}  // namespace

int cmd_library(const LibraryArgs& a, const Common& c) {
  const Lang lang = resolve_lang(c.lang);
  const std::string library = a.library.empty() ? share::default_library() : a.library;
  const auto all = installed(library);
  if (a.action == "list") {
    for (const auto& i : all)
      std::cout << i.name << " " << i.version << "  " << i.meta.value("title", std::string()) << "  ["
                << i.meta.value("jurisdiction", std::string()) << "; " << trust_word(i, lang) << "]\n";
    if (all.empty()) std::cout << (lang == Lang::Zh ? "（模型库为空：" : "(no models installed in ") << library
                               << (lang == Lang::Zh ? "）" : ")") << "\n";
    return kExitOk;
  }
  // show NAME [VERSION]: the newest version unless one is named.
  const Installed* pick = nullptr;
  for (const auto& i : all)
    if (i.name == a.name && (a.version.empty() || i.version == a.version)) pick = &i;
  if (!pick) return usage_error(c, DiagId::ModelFileUnreadable, {library + "/" + a.name + (a.version.empty() ? "" : "/" + a.version)});
  const Json& m = pick->meta;
  const bool zh = lang == Lang::Zh;
  std::cout << m.value("name", std::string()) << " " << m.value("version", std::string()) << "  "
            << m.value("title", std::string()) << "\n";
  for (const char* key : {"jurisdiction", "author", "description", "limits"})
    if (m.contains(key) && m[key].is_string()) std::cout << "  " << key << ": " << m[key].get<std::string>() << "\n";
  if (m.contains("basis") && m["basis"].is_array())
    for (const auto& b : m["basis"])
      if (b.is_string()) std::cout << "  basis: " << b.get<std::string>() << "\n";
  std::cout << "  " << (zh ? "签名：" : "signature: ") << trust_word(*pick, lang);
  if (pick->record.is_object() && pick->record.contains("key") && pick->record["key"].is_string())
    std::cout << " (" << pick->record["key"].get<std::string>() << " " << pick->record.value("owner", std::string()) << ")";
  std::cout << "\n  " << (zh ? "模型：" : "model: ") << (pick->folder / m.value("model", std::string())).string() << "\n";
  std::cout << "  " << (zh ? "参数：" : "params:") << "\n";
  if (m.contains("params"))
    for (const auto& p : m["params"])
      std::cout << "    " << p.value("name", std::string()) << ": " << p.value("type", std::string()) << " = "
                << (p.contains("default") && p["default"].is_string() ? p["default"].get<std::string>() : std::string("-"))
                << "\n";
  std::cout << "  " << (zh ? "所需导出文件：" : "exports needed:") << "\n";
  if (m.contains("sources"))
    for (const auto& s : m["sources"]) {
      std::cout << "    " << s.value("name", std::string()) << " ← " << s.value("export", std::string()) << " ("
                << (zh ? "模式 " : "schema ") << s.value("schema", std::string()) << "):";
      if (s.contains("fields"))
        for (const auto& f : s["fields"]) {
          std::string headers;
          if (f.contains("headers"))
            for (const auto& h : f["headers"]) headers += (headers.empty() ? "" : "/") + h.get<std::string>();
          std::cout << " " << headers << (f.value("optional", false) ? "?" : "");
        }
      std::cout << "\n";
    }
  return kExitOk;
}

}  // namespace clue::cli
