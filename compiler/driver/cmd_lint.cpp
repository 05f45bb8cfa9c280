#include <algorithm>
#include <filesystem>
#include <iostream>

#include "compiler/driver/commands.h"
#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"

namespace clue::cli {
namespace fs = std::filesystem;

namespace {
int list_rules(Lang lang) {
  for (size_t i = 0; i < diag_count(); ++i) {
    const DiagInfo& info = diag_info(diag_at(i));
    const char* sev = info.severity == Severity::Error ? "error  " : "warning";
    std::cout << info.code << "  " << sev << "  " << info.name << "  " << (lang == Lang::Zh ? info.zh : info.en) << "\n";
  }
  return kExitOk;
}
}  // namespace

int cmd_lint(const LintArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  if (a.list_rules) return list_rules(lang);
  std::vector<std::string> files;
  for (const auto& p : a.paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(p, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".model") files.push_back(entry.path().string());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << (lang == Lang::Zh ? "错误：没有要检查的 .model 文件\n" : "error: no .model files to lint\n");
    return kExitUsage;
  }
  SourceManager sm;
  DiagnosticSink all;
  for (const auto& f : files) {
    std::string text;
    if (!read_text_file(f, text)) {
      std::cerr << (lang == Lang::Zh ? "错误：无法读取 " : "error: cannot read ") << f << "\n";
      return kExitUsage;
    }
    DiagnosticSink sink;
    FrontEndResult fe = run_front_end_text(sm, f, std::move(text), sink);
    run_lint(fe, sink);
    apply_suppressions(fe, sink);
    sink.sort_by_location();
    for (auto& d : sink.mutable_all()) all.mutable_all().push_back(std::move(d));
  }
  return finish(all, sm, c, true);
}

}  // namespace clue::cli
