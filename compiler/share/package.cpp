#include "compiler/share/package.h"
#include "compiler/share/library.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "compiler/lint/lint.h"
#include "compiler/sema/types.h"
#include "compiler/session/inputs.h"
#include "runtime/fs/regular_file.h"
#include "runtime/io/files.h"

namespace clue::share {
namespace fs = std::filesystem;
namespace {

using Json = nlohmann::ordered_json;

bool safe_path(const std::string& p) {
  if (p.empty() || p.front() == '/' || p.find('\\') != std::string::npos) return false;
  for (unsigned char c : p)
    if (c < 0x20 || c == 0x7f) return false;
  size_t start = 0;
  for (size_t i = 0; i <= p.size(); ++i)
    if (i == p.size() || p[i] == '/') {
      const std::string part = p.substr(start, i - start);
      if (part.empty() || part == "." || part == "..") return false;
      start = i + 1;
    }
  return true;
}

// Reads "WORD..." up to the next '\n' at `pos`.
bool line_at(const std::string& s, size_t& pos, std::string& line) {
  const size_t nl = s.find('\n', pos);
  if (nl == std::string::npos) return false;
  line = s.substr(pos, nl - pos);
  pos = nl + 1;
  return true;
}

}  // namespace

std::string write_archive(const Package& p) {
  std::string out = "clue-package 1\n";
  auto entry = [&](const std::string& path, const std::string& bytes) {
    out += "entry " + std::to_string(bytes.size()) + " " + path + "\n";
    out += bytes;
    out += "\n";
  };
  entry("package.json", p.meta);
  for (const auto& f : p.files) entry(f.path, f.bytes);
  if (!p.signature_hex.empty()) out += "signature ed25519 " + p.public_hex + " " + p.signature_hex + "\n";
  return out;
}

std::string read_archive(const std::string& bytes, Package& out) {
  out = Package{};
  size_t pos = 0;
  std::string line;
  if (!line_at(bytes, pos, line) || line != "clue-package 1") return "it does not start with 'clue-package 1'";
  bool first = true;
  std::set<std::string> seen;
  while (pos < bytes.size()) {
    if (!line_at(bytes, pos, line)) return "it ends inside an entry's header";
    if (line.rfind("signature ", 0) == 0) {
      const std::string rest = line.substr(10);
      if (rest.rfind("ed25519 ", 0) != 0) return "its signature is not Ed25519";
      const size_t sp = rest.find(' ', 8);
      if (sp == std::string::npos) return "its signature line is incomplete";
      out.public_hex = rest.substr(8, sp - 8);
      out.signature_hex = rest.substr(sp + 1);
      if (pos != bytes.size()) return "there are bytes after its signature";
      break;
    }
    if (line.rfind("entry ", 0) != 0) return "an entry's header is not 'entry SIZE PATH'";
    const size_t sp = line.find(' ', 6);
    if (sp == std::string::npos) return "an entry's header is not 'entry SIZE PATH'";
    const std::string size_text = line.substr(6, sp - 6), path = line.substr(sp + 1);
    if (size_text.empty() || size_text.size() > 12 || size_text.find_first_not_of("0123456789") != std::string::npos)
      return "an entry's size is not a number";
    const size_t size = std::stoull(size_text);
    if (!safe_path(path)) return "an entry's path is not a plain relative path: '" + path + "'";
    if (size > bytes.size() - pos || bytes.size() - pos - size < 1 || bytes[pos + size] != '\n')
      return "the entry '" + path + "' is cut short";
    std::string content = bytes.substr(pos, size);
    pos += size + 1;
    if (!seen.insert(path).second) return "the entry '" + path + "' appears twice";
    if (first) {
      if (path != "package.json") return "its first entry is not package.json";
      out.meta = std::move(content);
      first = false;
    } else {
      out.files.push_back({path, std::move(content)});
    }
  }
  if (first) return "it has no package.json";
  Json meta;
  try {
    meta = Json::parse(out.meta);
  } catch (const Json::exception& e) {
    return std::string("its package.json is not valid JSON: ") + e.what();
  }
  if (!meta.is_object() || !meta.contains("clue_package") || !meta["clue_package"].is_number_integer() ||
      !meta.contains("name") || !meta["name"].is_string() || !meta.contains("version") || !meta["version"].is_string() ||
      !meta.contains("model") || !meta["model"].is_string() || !meta.contains("files") || !meta["files"].is_array())
    return "its package.json lacks clue_package, name, version, model or files";
  out.name = meta["name"].get<std::string>();
  out.version = meta["version"].get<std::string>();
  out.model = meta["model"].get<std::string>();
  std::set<std::string> listed;
  for (const auto& f : meta["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") || !f["sha256"].is_string())
      return "an entry of package.json's files lacks path or sha256";
    listed.insert(f["path"].get<std::string>());
  }
  if (!safe_path(out.name) || out.name.find('/') != std::string::npos || !safe_path(out.version) ||
      out.version.find('/') != std::string::npos)
    return "its name or version is not a plain name";
  std::set<std::string> present;
  for (const auto& f : out.files) present.insert(f.path);
  for (const auto& p : listed)
    if (!present.count(p)) return "package.json lists '" + p + "', which is not in it";
  for (const auto& p : present)
    if (!listed.count(p)) return "it holds '" + p + "', which package.json does not list";
  if (!present.count(out.model)) return "its model '" + out.model + "' is not in it";
  return {};
}

std::string first_changed_file(const Package& p) {
  Json meta = Json::parse(p.meta);
  for (const auto& f : meta["files"]) {
    const std::string path = f["path"].get<std::string>();
    for (const auto& file : p.files)
      if (file.path == path && io::sha256_text(file.bytes) != f["sha256"].get<std::string>()) return path;
  }
  return {};
}

std::string collect_package(const std::string& model_path, const FrontEndResult& fe, const SourceManager& sm,
                            Package& out) {
  out = Package{};
  if (!fe.model) return "it does not check";
  const typed::Model& model = *fe.model;
  const auto& meta_entries = model.meta.entries;
  auto first_of = [&](const char* key) {
    auto it = meta_entries.find(key);
    return it == meta_entries.end() || it->second.empty() ? std::string() : it->second[0];
  };
  if (model.meta.id.empty()) return "it has no model block (model NAME { version \"1.0.0\" ... })";
  const std::string version = first_of("version");
  if (version.empty()) return "its model block has no version";
  const fs::path folder = fs::path(model_path).parent_path();
  const fs::path root = folder.empty() ? fs::path(".") : folder;
  // The files: the model, its imports (as the front end loaded them), fixtures and notes.
  std::map<std::string, std::string> files;
  // An installed package the model imports (import "NAME@RANGE") is not copied in: the
  // receiving office installs it itself, and package.json says which (`requires`).
  Json required = Json::array();
  for (const LoadedModule& m : fe.modules) {
    if (!m.package) continue;
    for (const auto& decl : fe.modules[0].ast.decls)
      if (const auto* imp = std::get_if<ast::ImportDecl>(&decl))
        if (auto want = package_import(imp->path); want && want->name == m.package->name) {
          Json r = {{"name", want->name}, {"range", want->range}, {"packed_with", m.package->version}};
          if (std::find(required.begin(), required.end(), r) == required.end()) required.push_back(r);
        }
  }
  for (const LoadedModule& m : fe.modules) {
    if (m.package) continue;
    const std::string rel = fs::path(m.path).lexically_normal().lexically_relative(root).generic_string();
    if (!safe_path(rel)) return "it imports '" + m.path + "', outside its folder";
    files[rel] = sm.text(m.file);
  }
  const std::string stem = fs::path(model_path).stem().string();
  const fs::path fixtures = root / "tests" / stem;
  std::error_code ec;
  if (fs::is_directory(fixtures, ec))
    for (const auto& e : fs::recursive_directory_iterator(fixtures, ec)) {
      if (!e.is_regular_file()) continue;
      std::string bytes, error;
      if (!fsafe::read_regular(e.path().string(), bytes, nullptr, &error)) return "cannot read " + e.path().string();
      files[e.path().lexically_relative(root).generic_string()] = std::move(bytes);
    }
  for (const std::string& notes : std::vector<std::string>{stem + ".md", "README.md"}) {
    std::string bytes, error;
    if (fs::is_regular_file(root / notes, ec) && fsafe::read_regular((root / notes).string(), bytes, nullptr, &error))
      files[notes] = std::move(bytes);
  }
  Json m;
  m["clue_package"] = 1;
  m["name"] = model.meta.id;
  m["version"] = version;
  for (const char* key : {"title", "jurisdiction", "author", "description", "limits"})
    if (!first_of(key).empty()) m[key] = first_of(key);
  if (auto it = meta_entries.find("basis"); it != meta_entries.end()) m["basis"] = it->second;
  m["model"] = fs::path(model_path).filename().string();
  if (!required.empty()) m["requires"] = required;
  m["params"] = Json::array();
  for (const auto& p : session::describe_params(model, {})) {
    Json param = {{"name", p.name}, {"type", p.type}, {"default", p.is_default ? Json(p.value) : Json(nullptr)}};
    // What it means, from the comment beside its declaration (lint --profile share, W0605).
    for (const auto& decl : fe.modules[0].ast.decls)
      if (const auto* d = std::get_if<ast::ParamDecl>(&decl); d && d->name.text == p.name)
        if (std::string meaning = declaration_comment(sm, d->span); !meaning.empty()) param["meaning"] = meaning;
    m["params"].push_back(std::move(param));
  }
  m["sources"] = Json::array();
  for (const auto& s : model.sources) {
    if (!s.schema || s.is_table) continue;  // an inline table is model text: nothing to export
    Json src = {{"name", s.name}, {"schema", s.schema->name}, {"export", s.schema->file_name}, {"fields", Json::array()}};
    for (const auto& f : s.schema->fields)
      src["fields"].push_back({{"name", f.name}, {"type", type_name(f.type)}, {"headers", f.headers}, {"optional", f.optional}});
    m["sources"].push_back(std::move(src));
  }
  m["files"] = Json::array();
  for (const auto& [path, bytes] : files) {
    m["files"].push_back({{"path", path}, {"sha256", io::sha256_text(bytes)}, {"bytes", bytes.size()}});
    out.files.push_back({path, bytes});
  }
  out.meta = m.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  out.name = model.meta.id;
  out.version = version;
  out.model = m["model"].get<std::string>();
  return {};
}

std::string extract(const Package& p, const std::string& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return "cannot make " + folder + ": " + ec.message();
  for (const auto& f : p.files) {
    const fs::path target = fs::path(folder) / f.path;  // safe_path() checked at reading
    fs::create_directories(target.parent_path(), ec);
    if (ec) return "cannot make " + target.parent_path().string() + ": " + ec.message();
    if (std::string err = io::write_atomic(target.string(), f.bytes); !err.empty()) return err;
  }
  return io::write_atomic((fs::path(folder) / "package.json").string(), p.meta);
}

}  // namespace clue::share
