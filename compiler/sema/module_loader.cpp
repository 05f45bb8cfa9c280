#include "compiler/sema/module_loader.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

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
  load_imports(main);
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
  return int(modules_.size() - 1);
}

void ModuleLoader::load_imports(int index) {
  stack_.push_back(index);
  size_t n = modules_[size_t(index)].ast.decls.size();
  for (size_t i = 0; i < n; ++i) {
    const auto* imp = std::get_if<ast::ImportDecl>(&modules_[size_t(index)].ast.decls[i]);
    if (!imp) continue;
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
    // Inside the library root only, judged on the real path (symbolic links resolved).
    if (ec || !is_within(canon, root_)) {
      sink_.report(DiagId::ImportOutsideRoot, imp->path_span, {imp->path, root_display_});
      modules_[size_t(index)].imports.push_back(-1);
      continue;
    }
    std::string text, error;
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
      modules_[size_t(index)].imports.push_back(-1);
      continue;
    }
    // Not a model (a data file, a key, a binary): said so, and none of it is shown.
    if (NotAModel why = check_model_text(text, true); why.refused()) {
      sink_.report(DiagId::NotAModelFile, imp->path_span, {imp->path, bilingual(why.en, why.zh)});
      modules_[size_t(index)].imports.push_back(-1);
      continue;
    }
    // Keep the path as the user would write it relative to the main file's folder.
    int loaded = load_file(target.string(), std::move(text));
    modules_[size_t(index)].imports.push_back(loaded);
    load_imports(loaded);
  }
  stack_.pop_back();
}

}  // namespace clue
