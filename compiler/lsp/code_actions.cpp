// Code actions on the diagnostics under the caret: the "did you mean" fix, importing the file
// that declares an unknown schema, const or func, and silencing a warning on its line with
// `# lint:allow(CODE) 理由` (the reason is required: W0406 otherwise).
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "compiler/lsp/documents.h"
#include "compiler/lsp/features.h"

namespace clue::lsp {
namespace {
namespace fs = std::filesystem;

bool before(const json& a, const json& b) {  // LSP position a < b
  return a["line"].get<int>() < b["line"].get<int>() ||
         (a["line"].get<int>() == b["line"].get<int>() && a["character"].get<int>() < b["character"].get<int>());
}
bool overlaps(const json& r, const json& s) { return !before(r["end"], s["start"]) && !before(s["end"], r["start"]); }

json action(const std::string& title, const std::string& uri, json edits, const json& diag, bool preferred) {
  json a{{"title", title}, {"kind", "quickfix"}, {"diagnostics", json::array({diag})}, {"edit", {{"changes", {{uri, edits}}}}}};
  if (preferred) a["isPreferred"] = true;
  return a;
}

// Model files under the document's folder (imports may not leave it) that declare `name` as
// a schema, const or func; paths relative to the document's folder.
std::vector<std::string> files_declaring(const Analysis& a, const Context& ctx, const std::string& name) {
  std::vector<std::string> out;
  const fs::path dir = fs::path(a.path()).parent_path();
  // The name is matched literally: escape regex metacharacters (names are letters, but be safe).
  std::string quoted;
  for (char c : name) quoted += std::string(std::strchr(".^$|()[]{}*+?\\", c) && c ? "\\" : "") + c;
  const std::regex decl("(^|\n)[ \t]*(schema|结构|const|常量|func|函数)[ \t]+" + quoted + "[ \t]*[{(:=]");
  std::error_code ec;
  size_t seen = 0;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator() && seen < 2000; it.increment(ec)) {
    if (ec) break;
    if (it.depth() > 4) it.disable_recursion_pending();
    if (!it->is_regular_file(ec) || it->path().extension() != ".model" || it->path() == fs::path(a.path())) continue;
    ++seen;
    // An open buffer of the file is what the user sees: it wins over the disk.
    std::string text;
    const std::string canon = canonical_path(it->path().string());
    if (ctx.overlay && ctx.overlay->count(canon)) {
      text = ctx.overlay->at(canon);
    } else {
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      text = ss.str();
    }
    if (std::regex_search(text, decl)) out.push_back(fs::relative(it->path(), dir, ec).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Where a new import goes: after the last import, else before the first declaration.
json import_position(const Analysis& a) {
  uint32_t line = 0;  // 0-based line the import is inserted before
  bool have_import = false;
  for (const auto& decl : a.fe.modules[0].ast.decls) {
    if (const auto* i = std::get_if<ast::ImportDecl>(&decl)) {
      line = i->span.end_line;  // the line after it (1-based end == 0-based next)
      have_import = true;
    }
  }
  if (!have_import)
    for (const auto& decl : a.fe.modules[0].ast.decls) {
      Span s = std::visit([](const auto& d) { return d.span; }, decl);
      if (s.valid()) {
        line = s.line - 1;
        break;
      }
    }
  return json{{"line", line}, {"character", 0}};
}

}  // namespace

json code_actions(const Analysis& a, const Context& ctx, const std::string& uri, const json& range) {
  json out = json::array();
  if (a.fe.modules.empty()) return out;
  const bool zh = ctx.lang == Lang::Zh;
  const bool zh_keywords = uses_chinese_keywords(a.sm.text(a.main_file()));
  const json lsp = diagnostics(a, ctx, uri);
  const auto& all = a.sink.all();
  for (size_t i = 0; i < all.size() && i < lsp.size(); ++i) {
    const Diagnostic& d = all[i];
    const json& ld = lsp[i];
    if (!overlaps(ld["range"], range) || (d.span.valid() && d.span.file != a.main_file())) continue;
    // 1. did you mean
    if (ld["data"].contains("suggestion")) {
      std::string word = ld["data"]["suggestion"];
      const std::string written = a.text_of(d.span);
      json r = ld["range"];
      // `ns.f` suggested for `ns.g`, or a qualified schema: replace the last part only.
      if (word.find('.') != std::string::npos && written.find('.') == std::string::npos) word = word.substr(word.rfind('.') + 1);
      if (written.find('.') != std::string::npos && word.find('.') == std::string::npos) {
        const uint32_t dot_chars = uint32_t(utf8_char_count(written.substr(0, written.rfind('.') + 1)));
        r["start"]["character"] = lsp_column(a.sm.line_text(d.span.file, d.span.line), d.span.col - 1 + dot_chars, ctx.enc);
      }
      out.push_back(action(zh ? "改为“" + word + "”" : "Change to '" + word + "'", uri,
                           json::array({{{"range", r}, {"newText", word}}}), ld, true));
    }
    // 2. the import that declares an unknown schema, const or func
    if ((d.id == DiagId::UnknownSchema || d.id == DiagId::UnknownName || d.id == DiagId::UnknownFunction) && !d.args.empty()) {
      std::string name = d.args[0];
      if (name.find('.') != std::string::npos) continue;
      for (const auto& file : files_declaring(a, ctx, name)) {
        const json at = import_position(a);
        const std::string line = std::string(zh_keywords ? "导入" : "import") + " \"" + file + "\"\n";
        out.push_back(action(zh ? "导入 \"" + file + "\"（其中声明了“" + name + "”）" : "Import \"" + file + "\" (declares '" + name + "')",
                             uri, json::array({{{"range", {{"start", at}, {"end", at}}}, {"newText", line}}}), ld, false));
      }
    }
    // 3. silence a warning on its line, with a reason to fill in
    if (d.severity() == Severity::Warning && d.span.valid()) {
      std::string_view text = a.sm.line_text(d.span.file, d.span.line);
      const std::string indent(text.substr(0, text.find_first_not_of(" \t") == std::string_view::npos ? 0 : text.find_first_not_of(" \t")));
      const json at{{"line", d.span.line - 1}, {"character", 0}};
      const std::string comment = indent + "# lint:allow(" + d.code() + ") " + (zh || zh_keywords ? "理由" : "reason") + "\n";
      out.push_back(action(zh ? std::string("用 lint:allow 屏蔽本行的 ") + d.code() + "（请写明理由）"
                              : std::string("Silence ") + d.code() + " on this line with # lint:allow (give the reason)",
                           uri, json::array({{{"range", {{"start", at}, {"end", at}}}, {"newText", comment}}}), ld, false));
    }
  }
  return out;
}

}  // namespace clue::lsp
