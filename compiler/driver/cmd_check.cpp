#include <iostream>

#include "compiler/data/data_check.h"
#include "compiler/driver/commands.h"
#include "compiler/sema/frontend.h"

namespace clue::cli {

int cmd_check(const CheckArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  std::vector<DataBinding> bindings;
  for (const auto& arg : a.data) {
    DataBinding b;
    if (!parse_binding(arg, b)) {
      std::cerr << (lang == Lang::Zh ? "错误：--data 应写作 名称=路径，而不是 " : "error: --data takes NAME=PATH, not ") << arg
                << "\n";
      return kExitUsage;
    }
    bindings.push_back(b);
  }
  std::string text;
  if (!read_text_file(a.path, text)) {
    std::cerr << (lang == Lang::Zh ? "错误：无法读取 " : "error: cannot read ") << a.path << "\n";
    return kExitUsage;
  }
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe = run_front_end_text(sm, a.path, std::move(text), sink);
  std::vector<DataFileSummary> files;
  // Data can only be checked against a model that is itself correct.
  if (!sink.has_errors() && fe.model) files = check_data_files(*fe.model, bindings, a.sample_rows, sm, sink);
  int code = finish(sink, sm, c, true);
  if (c.format == "text") {
    for (const auto& f : files) {
      std::string delim = f.delimiter == '\t' ? "tab" : std::string(1, f.delimiter);
      if (lang == Lang::Zh)
        std::cout << f.source << ": " << f.path << "（" << f.encoding << "，分隔符 " << delim << "，表头在第 "
                  << f.header_line << " 行，抽样 " << f.rows_sampled << " 行）\n";
      else
        std::cout << f.source << ": " << f.path << " (" << f.encoding << ", '" << delim << "' delimited, header on line "
                  << f.header_line << ", rows sampled: " << f.rows_sampled << ")\n";
    }
  }
  return code;
}

}  // namespace clue::cli
