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
    if (!parse_binding(arg, b)) return usage_error(c, DiagId::BadDataOption, {arg});
    bindings.push_back(b);
  }
  std::string text;
  if (!read_text_file(a.path, text)) return model_unreadable(c, a.path);
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
      std::cout << ui_text(TextId::CheckFile, lang,
                           {f.source, f.path, f.encoding, delim, std::to_string(f.header_line),
                            std::to_string(f.rows_sampled)})
                << "\n";
    }
  }
  return code;
}

}  // namespace clue::cli
