#include "compiler/sema/module_loader.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "compiler/share/library.h"
#include "compiler/syntax/limits.h"
#include "compiler/sema/model_text.h"
#include "compiler/syntax/parser.h"
#include "runtime/fs/regular_file.h"

namespace clue {
namespace fs = std::filesystem;

namespace {
// Whether `p` is `root` or inside it (both canonical: symbolic links and ".." resolved).
bool is_within(const fs::path& p, const fs::path& root) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end() || (std::next(r) == root.end() && r->empty());  // "root/" ends in ""
}

std::string canonical_key(const std::string& path) {
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? path : canon.string();
}
}  // namespace

std::vector<LoadedModule> ModuleLoader::load(const std::string& path, std::string text) {
  modules_.clear();
  by_key_.clear();
  roots_.clear();
  packages_.clear();
  library_ = share::default_library();
  // The library root: the main model's folder. A shared model may import only from its own
  // folder tree, never /etc/shadow or ../../elsewhere (docs/security.md).
  const fs::path folder = fs::path(path).parent_path();
  root_display_ = folder.empty() ? std::string(".") : folder.string();
  std::error_code ec;
  root_ = fs::weakly_canonical(fs::absolute(root_display_, ec), ec);
  // A binary main model is refused without being shown (E0113).
  if (NotAModel why = check_model_text(text, false); why.refused()) {
    sink_.report(DiagId::NotAModelFile, Span{}, {path, bilingual(why.en, why.zh)});
    LoadedModule m;
    m.path = path;
    m.file = sm_.add(path, std::string());
    m.ast = parse_module(sm_, m.file, sink_);
    modules_.push_back(std::move(m));
    return std::move(modules_);
  }
  int main = load_file(path, std::move(text));
  roots_.resize(modules_.size(), root_);
  load_imports(main);
  check_schema_versions();
  return std::move(modules_);
}

int ModuleLoader::load_file(const std::string& canonical, std::string text) {
  LoadedModule m;
  m.path = canonical;
  by_key_.emplace(canonical_key(canonical), int(modules_.size()));
  if (text.size() > limits::kMaxModelFile) {
    // Not even lexed: ANTLR holds a file as 4 bytes a character, and its tokens besides.
    const size_t bytes = text.size();
    m.file = sm_.add(canonical, std::string());
    sink_.report(DiagId::LiteralTooLarge, Span{m.file, 1, 1, 1, 2},
                 {bilingual("this model file", "此模型文件"), std::to_string(bytes), std::to_string(limits::kMaxModelFile)});
    m.ast.file = m.file;
    m.ast.has_syntax_errors = true;
    modules_.push_back(std::move(m));
    roots_.push_back(roots_.empty() ? root_ : roots_.back());
    return int(modules_.size() - 1);
  }
  // Report the first invalid byte where it is, then go on with the bytes replaced so the
  // rest of the file is still checked.
  size_t bad = first_invalid_utf8(text);
  if (bad != std::string::npos) {
    uint32_t line = 1 + uint32_t(std::count(text.begin(), text.begin() + long(bad), '\n'));
    size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    line_start = (line_start == std::string::npos || bad == 0) ? 0 : line_start + 1;
    std::string sanitized = sanitize_utf8(text);
    m.file = sm_.add(canonical, std::move(sanitized));
    uint32_t col = 1 + uint32_t(utf8_char_count(sanitize_utf8(std::string_view(text).substr(line_start, bad - line_start))));
    sink_.report(DiagId::InvalidUtf8, Span{m.file, line, col, line, col + 1});
  } else {
    m.file = sm_.add(canonical, std::move(text));
  }
  m.ast = parse_module(sm_, m.file, sink_);
  modules_.push_back(std::move(m));
  // A module's root is its importer's (load_imports and load_package set a package's).
  roots_.push_back(roots_.empty() ? root_ : roots_.back());
  return int(modules_.size() - 1);
}

void ModuleLoader::load_imports(int index) {
  stack_.push_back(index);
  size_t n = modules_[size_t(index)].ast.decls.size();
  for (size_t i = 0; i < n; ++i) {
    const auto* imp = std::get_if<ast::ImportDecl>(&modules_[size_t(index)].ast.decls[i]);
    if (!imp) continue;
    if (share::package_import(imp->path)) {
      const int loaded = load_package(index, *imp);
      modules_[size_t(index)].imports.push_back(loaded);
      continue;
    }
    fs::path base = fs::path(modules_[size_t(index)].path).parent_path();
    fs::path target = (base / imp->path).lexically_normal();
    std::error_code ec;
    // absolute: a path with no existing prefix stays relative otherwise
    fs::path canon = fs::weakly_canonical(fs::absolute(target, ec), ec);
    const std::string key = ec ? target.string() : canon.string();
    auto known = by_key_.find(key);
    int found = known == by_key_.end() ? -1 : known->second;
    if (found < 0 && (stack_.size() >= limits::kMaxImportDepth || modules_.size() >= limits::kMaxImportedFiles)) {
      // Each level of imports is a level of recursion here and in the checker.
      const bool deep = stack_.size() >= limits::kMaxImportDepth;
      sink_.report(DiagId::TooManyImports, imp->path_span,
                   {deep ? bilingual("imports nested", "层层导入") : bilingual("files imported", "导入的文件"),
                    std::to_string(deep ? limits::kMaxImportDepth : limits::kMaxImportedFiles)});
      modules_[size_t(index)].imports.push_back(-1);
      continue;
    }
    if (found >= 0) {
      for (int s : stack_) {
        if (s == found) {
          std::string chain;
          bool on = false;
          for (int t : stack_) {
            if (t == found) on = true;
            if (on) chain += fs::path(modules_[size_t(t)].path).filename().string() + " → ";
          }
          chain += fs::path(modules_[size_t(found)].path).filename().string();
          sink_.report(DiagId::CircularImport, imp->path_span, {chain});
          found = -2;
          break;
        }
      }
      modules_[size_t(index)].imports.push_back(found >= 0 ? found : -1);
      continue;
    }
    // Inside the library root only, judged on the real path (symbolic links resolved): the
    // main model's folder, or for a file of an installed package that package's folder.
    const fs::path root = roots_[size_t(index)];
    if (ec || !is_within(canon, root)) {
      sink_.report(DiagId::ImportOutsideRoot, imp->path_span,
                   {imp->path, root == root_ ? root_display_ : root.string()});
      modules_[size_t(index)].imports.push_back(-1);
      continue;
    }
    std::string text;
    if (!read_import(canon, *imp, text)) {
      modules_[size_t(index)].imports.push_back(-1);
      continue;
    }
    // Keep the path as the user would write it relative to the main file's folder.
    const std::optional<PackageOrigin> origin = modules_[size_t(index)].package;
    const fs::path importer_root = root;
    int loaded = load_file(target.string(), std::move(text));
    roots_[size_t(loaded)] = importer_root;
    modules_[size_t(loaded)].package = origin;
    modules_[size_t(index)].imports.push_back(loaded);
    load_imports(loaded);
  }
  stack_.pop_back();
}

bool ModuleLoader::read_import(const fs::path& canon, const ast::ImportDecl& imp_decl, std::string& text) {
  const ast::ImportDecl* imp = &imp_decl;
  {
    std::string error;
    fsafe::PathKind kind = fsafe::PathKind::Missing;
    // An open editor buffer wins over the file on disk (it may not even be saved yet).
    const auto open_buffer = overlay_ ? overlay_->find(canon.string()) : SourceOverlay::const_iterator{};
    if (overlay_ && open_buffer != overlay_->end()) {
      text = open_buffer->second;
    } else if (!fsafe::read_regular(canon.string(), text, &kind, &error)) {
      if (kind == fsafe::PathKind::Missing || kind == fsafe::PathKind::Regular)
        sink_.report(DiagId::ImportNotFound, imp->path_span, {imp->path});
      else
        sink_.report(DiagId::ImportNotAFile, imp->path_span,
                     {imp->path, bilingual(fsafe::kind_text_en(kind), fsafe::kind_text_zh(kind))});
      return false;
    }
    // Not a model (a data file, a key, a binary): said so, and none of it is shown.
    if (NotAModel why = check_model_text(text, true); why.refused()) {
      sink_.report(DiagId::NotAModelFile, imp->path_span, {imp->path, bilingual(why.en, why.zh)});
      return false;
    }
  }
  return true;
}

int ModuleLoader::load_package(int index, const ast::ImportDecl& imp) {
  const share::PackageImport want = *share::package_import(imp.path);
  const share::Resolved r = share::resolve(library_, want);
  switch (r.how) {
    case share::Resolution::BadRange:
      sink_.report(DiagId::PackageRangeInvalid, imp.path_span, {want.range, r.detail});
      return -1;
    case share::Resolution::NotInstalled:
      sink_.report(DiagId::PackageNotInstalled, imp.path_span, {want.name, library_});
      return -1;
    case share::Resolution::NoMatch:
      sink_.report(DiagId::PackageNoMatchingVersion, imp.path_span, {want.name, want.range, r.detail});
      return -1;
    case share::Resolution::Broken:
      sink_.report(DiagId::PackageInstallBroken, imp.path_span, {want.name, r.detail});
      return -1;
    case share::Resolution::Found:
      break;
  }
  const share::InstalledPackage& p = r.package;
  // One version of a package per model: two would define the same schemas twice, and which
  // one a field reads would depend on the order of imports.
  auto [first, fresh] = packages_.emplace(p.name, FirstVersion{p.version, imp.path_span});
  if (!fresh && first->second.version != p.version) {
    Diagnostic& d = sink_.report(DiagId::PackageTwoVersions, imp.path_span,
                                 {p.name, p.version + " (" + imp.path + ")", first->second.version});
    d.notes.push_back({NoteId::ImportedHere, first->second.at, {}});
    return -1;
  }
  std::error_code ec;
  const fs::path canon = fs::weakly_canonical(fs::absolute(p.model, ec), ec);
  const std::string key = ec ? p.model : canon.string();
  if (auto known = by_key_.find(key); known != by_key_.end()) {
    for (int s : stack_)
      if (s == known->second) {
        sink_.report(DiagId::CircularImport, imp.path_span,
                     {fs::path(modules_[size_t(index)].path).filename().string() + " → " + imp.path});
        return -1;
      }
    return known->second;
  }
  if (stack_.size() >= limits::kMaxImportDepth || modules_.size() >= limits::kMaxImportedFiles) {
    const bool deep = stack_.size() >= limits::kMaxImportDepth;
    sink_.report(DiagId::TooManyImports, imp.path_span,
                 {deep ? bilingual("imports nested", "层层导入") : bilingual("files imported", "导入的文件"),
                  std::to_string(deep ? limits::kMaxImportDepth : limits::kMaxImportedFiles)});
    return -1;
  }
  const fs::path folder = fs::weakly_canonical(fs::absolute(p.folder, ec), ec);
  // The package's model must be inside its own folder (package.json's "model" is a plain
  // relative path when `clue install` wrote it; a hand-edited one may not be).
  if (ec || !is_within(canon, folder)) {
    sink_.report(DiagId::PackageInstallBroken, imp.path_span, {p.name, p.version});
    return -1;
  }
  std::string text;
  if (!read_import(canon, imp, text)) return -1;
  const int loaded = load_file(p.model, std::move(text));
  roots_[size_t(loaded)] = folder;
  modules_[size_t(loaded)].package = PackageOrigin{p.name, p.version, folder.string(), p.package_sha256, p.trusted};
  load_imports(loaded);
  return loaded;
}

// The same schema name defined by two different texts in two files of one model: a field
// could read either definition's header, and a mapping (keyed by schema name) could not tell
// them apart. The same text twice (a copy) is one schema.
void ModuleLoader::check_schema_versions() {
  struct First {
    std::string text;
    Span at;
    int module;
  };
  std::map<std::string, First> seen;
  for (size_t i = 0; i < modules_.size(); ++i) {
    for (const auto& decl : modules_[i].ast.decls) {
      const auto* s = std::get_if<ast::SchemaDecl>(&decl);
      if (!s || !s->span.valid()) continue;
      std::string text;
      for (uint32_t line = s->span.line; line <= s->span.end_line && line <= sm_.line_count(s->span.file); ++line)
        text += std::string(sm_.line_text(s->span.file, line)) + "\n";
      auto [it, fresh] = seen.emplace(s->name.text, First{text, s->name.span, int(i)});
      if (fresh || it->second.module == int(i) || it->second.text == text) continue;
      Diagnostic& d = sink_.report(DiagId::SchemaTwoVersions, s->name.span, {s->name.text});
      d.notes.push_back({NoteId::FirstDefinedHere, it->second.at, {s->name.text}});
    }
  }
}

}  // namespace clue
