#include <iostream>

#include "compiler/codegen/jit.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/plan_text.h"
#include "compiler/driver/run_inputs.h"
#include "compiler/driver/run_session.h"
#include "compiler/sema/fold.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/typed_dump.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parser.h"

namespace clue::cli {

int cmd_explain(const ExplainArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  std::string text;
  if (!read_text_file(a.path, text)) {
    std::cerr << (lang == Lang::Zh ? "错误：无法读取 " : "error: cannot read ") << a.path << "\n";
    return kExitUsage;
  }
  SourceManager sm;
  DiagnosticSink sink;
  if (a.emit == "tokens") {
    FileId f = sm.add(a.path, std::move(text));
    for (const Token& t : tokenize(sm, f))
      std::cout << t.span.line << ":" << t.span.col << "\t" << t.kind << "\t" << t.text << "\n";
    return kExitOk;
  }
  if (a.emit == "ast") {
    FileId f = sm.add(a.path, std::move(text));
    ast::Module m = parse_module(sm, f, sink);
    std::cout << dump_ast(m);
  } else if (a.emit == "llvm") {
    FrontEndResult fe = run_front_end_text(sm, a.path, std::move(text), sink);
    if (!sink.has_errors() && fe.model) std::cout << codegen::dump_llvm(*fe.model);
  } else if (a.emit == "plan") {
    FrontEndResult fe = run_front_end_text(sm, a.path, std::move(text), sink);
    if (!sink.has_errors() && fe.model) {
      fold_constants(*fe.model);
      const typed::Model& model = *fe.model;
      std::vector<uint64_t> input_rows(model.sources.size(), 0);
      RunSession session;
      bool ran = false;
      if (!a.data.empty() || !a.data_dir.empty()) {
        RunArgs ra;
        ra.path = a.path;
        ra.data = a.data;
        ra.data_dir = a.data_dir;
        ra.params = a.params;
        ran = load_and_execute(model, ra, sm, sink, session, lang == Lang::Zh);
        if (ran)
          for (size_t i = 0; i < model.sources.size(); ++i)
            if (session.tables[i]) input_rows[i] = session.tables[i]->rows();
      }
      if (!sink.has_errors() && ran && !session.engine_note.empty())
        std::cout << (lang == Lang::Zh ? "引擎：" : "engine: ") << session.engine_note << "\n\n";
      if (!sink.has_errors())
        std::cout << describe_plan(model, ran ? session.fields : used_fields(model), input_rows,
                                   ran ? &session.result : nullptr);
    }
  } else if (a.emit == "typed") {
    FrontEndResult fe = run_front_end_text(sm, a.path, std::move(text), sink);
    if (!sink.has_errors() && fe.model) std::cout << dump_typed(*fe.model);
  } else {
    std::cerr << "error: --emit must be tokens, ast or typed\n";
    return kExitUsage;
  }
  if (sink.all().empty()) return kExitOk;
  sink.sort_by_location();
  std::cerr << render_text(sink.all(), sm, lang);
  return sink.has_errors() ? kExitUserErrors : kExitOk;
}

}  // namespace clue::cli
