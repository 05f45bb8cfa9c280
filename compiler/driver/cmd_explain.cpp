// `clue explain`: print one stage of the compiler's work, from the tokens to the physical
// plan (with data: the plan as it ran, rows and decisions per node) and the LLVM IR.
#include <iostream>

#include "compiler/codegen/jit.h"
#include "compiler/driver/commands.h"
#include "compiler/session/run.h"
#include "compiler/plan/print.h"
#include "compiler/session/session.h"
#include "compiler/sema/typed_dump.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parser.h"

namespace clue::cli {

int cmd_explain(const ExplainArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  if (a.list_passes) {
    for (const auto& p : planner::pass_list()) std::cout << p.name << "\n";
    return kExitOk;
  }
  // explain prints its stage on stdout and its diagnostics on stderr, as text.
  Common diag_c = c;
  diag_c.format = "text";
  if (a.path.empty()) return usage_error(diag_c, std::cerr, DiagId::NoExplainModel);
  if (a.emit == "sql") return print_sql(a.path, a.dialect, a.params, a.disabled_passes, diag_c, "clue explain --emit=sql");
  std::string text;
  if (!read_text_file(a.path, text)) return model_unreadable(diag_c, std::cerr, a.path);
  session::Compiled cm;
  SourceManager& sm = cm.sm;
  DiagnosticSink& sink = cm.sink;
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
  } else if (a.emit == "typed") {
    cm.fe = run_front_end_text(sm, a.path, std::move(text), sink);
    if (cm.ok()) std::cout << dump_typed(*cm.fe.model);
  } else if (session::compile_text(a.path, std::move(text), plan_options(a.disabled_passes), cm) ==
             session::CompileStatus::Ok) {
    const planner::Plans& plans = cm.plans;
    if (a.emit == "llvm") {
      std::cout << codegen::dump_llvm(plans.physical);
    } else if (a.emit == "logical") {
      std::cout << planner::print_plan(plans.logical);
    } else {  // physical (plan)
      RunSession run;
      bool ran = false;
      if (!a.data.empty() || !a.data_dir.empty()) {
        RunArgs ra;
        ra.path = a.path;
        ra.data = a.data;
        ra.data_dir = a.data_dir;
        ra.params = a.params;
        ra.disabled_passes = a.disabled_passes;
        // The budget only (no address-space limit: explain prints, it writes no run).
        if (!a.max_memory.empty()) {
          ra.memory_budget = parse_size(a.max_memory);
          if (ra.memory_budget == 0) return usage_error(c, DiagId::BadMaxMemory, {a.max_memory});
        }
        ran = load_and_execute(*cm.fe.model, plans.physical, ra, sm, sink, run, lang);
      }
      if (!sink.has_errors()) {
        if (ran && !run.engine_note.empty())
          std::cout << ui_text(TextId::ExplainEngine, lang, {run.engine_note}) << "\n\n";
        std::cout << planner::print_plan(plans.physical, ran ? &run.result : nullptr);
      }
    }
  }
  if (sink.all().empty()) return kExitOk;
  sink.sort_by_location();
  return finish(sink, sm, diag_c, false, std::cerr);
}

}  // namespace clue::cli
