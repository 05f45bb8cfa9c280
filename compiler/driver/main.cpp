// The `clue` command line: one executable with a subcommand per task.
#include <CLI/CLI.hpp>
#include <execinfo.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <system_error>

#include "compiler/codegen/llvm_memory.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/driver/commands.h"
#include "compiler/plan/pipeline.h"
#include "runtime/io/run_dir.h"

namespace {
// glibc loads the unwinder (libgcc_s) with dlopen the first time it needs it (a thread's
// exit or cancellation, backtrace()). Under an address-space limit (--max-memory, or ulimit -v
// set outside) that load can fail, and the process then aborts ("libgcc_s.so.1 must be
// installed for unwinding to work", exit 134) instead of reporting E0514: so it is loaded at
// start, while memory is plentiful (backtrace() loads and keeps it), and one exception is
// thrown for the C++ side's first-use setup.
void load_the_unwinder() {
  void* frame[1];
  backtrace(frame, 1);
  try {
    throw 0;
  } catch (int) {
  }
}

// The address-space limit in force, as a size ("1.5G"), or "" when there is none.
std::string address_space_limit() {
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return {};
  const double mib = double(rl.rlim_cur) / (1024.0 * 1024.0);
  char buf[32];
  if (mib >= 1024) std::snprintf(buf, sizeof buf, "%.1fG", mib / 1024);
  else std::snprintf(buf, sizeof buf, "%.0fM", mib);
  return buf;
}
// Only reachable in practice under an address-space limit; say which limit plainly, after
// lifting it so that the report itself can allocate.
int report_out_of_memory(const std::string& max_memory, const clue::cli::Common& common) {
  const std::string outside = address_space_limit();
  struct rlimit rl;
  getrlimit(RLIMIT_AS, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_AS, &rl);
  clue::SourceManager sm;
  clue::DiagnosticSink sink;
  if (!max_memory.empty()) sink.report(clue::DiagId::OutOfMemory, clue::Span{}, {max_memory});
  else if (!outside.empty()) sink.report(clue::DiagId::OutOfMemoryOutsideLimit, clue::Span{}, {outside});
  else sink.report(clue::DiagId::OutOfMemoryOutsideLimit, clue::Span{}, {clue::bilingual("none set: the machine's own memory", "未设置：本机内存")});
  return clue::cli::finish(sink, sm, common, false);
}

// Memory ran out inside LLVM (compiler/codegen/llvm_memory.h): nothing may unwind through it,
// so this thread reports E0514 and ends the process here. The run's staging folder goes first,
// so --out keeps the previous run whole; a second thread that runs out meanwhile waits for
// the first to end the process.
const std::string* g_max_memory = nullptr;
const clue::cli::Common* g_common = nullptr;

[[noreturn]] void die_out_of_memory(const char*) {
  static std::atomic<bool> dying{false};
  if (dying.exchange(true))
    for (;;) pause();
  clue::io::remove_staging_now();
  static const std::string none;
  static const clue::cli::Common defaults;
  const int code = report_out_of_memory(g_max_memory ? *g_max_memory : none, g_common ? *g_common : defaults);
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  _exit(code);
}
}  // namespace

int main(int argc, char** argv) {
  using namespace clue::cli;
  load_the_unwinder();
  CLI::App app{"Clue: compile and run screening models (大数据法律监督模型)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("clue ") + CLUE_VERSION);
  Common common;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--lang", common.lang, "Message language: en or zh (default: from LANG)")
        ->check(CLI::IsMember({"en", "zh"}));
    sub->add_option("--format", common.format, "Diagnostics format: text, json or sarif")
        ->check(CLI::IsMember({"text", "json", "sarif"}));
  };

  LintArgs lint;
  auto* lint_cmd = app.add_subcommand("lint", "Check models and apply the lint rules");
  lint_cmd->add_option("paths", lint.paths, "Model files, or folders searched for *.model");
  lint_cmd->add_flag("--list-rules", lint.list_rules, "List every diagnostic code and exit");
  lint_cmd->add_option("--deny", common.deny, "Treat a class of findings as errors: warnings")
      ->check(CLI::IsMember({"warnings"}));
  add_common(lint_cmd);

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "Check a model against real data files' headers and values");
  check_cmd->add_option("model", check.path, "The model file")->required();
  check_cmd->add_option("--data", check.data, "Bind a source to a file: NAME=PATH (repeatable)");
  check_cmd->add_option("--sample", check.sample_rows, "Rows sampled per file for value checks");
  check_cmd->add_option("--deny", common.deny, "Treat a class of findings as errors: warnings")
      ->check(CLI::IsMember({"warnings"}));
  add_common(check_cmd);

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run a model over data files and write its leads");
  run_cmd->add_option("model", run.path, "The model file")->required();
  run_cmd->add_option("--data", run.data, "Bind a source to a file: NAME=PATH (repeatable)");
  run_cmd->add_option("--data-dir", run.data_dir, "Folder with exports named after the schemas (终本案件.csv ...)");
  run_cmd->add_option("--param", run.params, "Set a param: NAME=VALUE (repeatable)");
  run_cmd->add_option("--out", run.out, "Output folder (default: out)");
  run_cmd->add_option("--format", run.format,
                      "Lead format: csv (UTF-8 with BOM, with a typed NAME.xlsx beside it), xlsx or json (JSON lines)")
      ->check(CLI::IsMember({"csv", "xlsx", "json"}));
  run_cmd->add_flag("!--no-xlsx", run.xlsx_beside, "With --format csv: do not write the typed NAME.xlsx beside each NAME.csv");
  run_cmd->add_option("--engine", run.engine, "Execution engine: jit (default) or interp")->check(CLI::IsMember({"interp", "jit"}));
  run_cmd->add_option("--threads", run.threads, "Threads (default: all cores)");
  run_cmd->add_option("--jit-threshold", run.jit_threshold,
                      "With the JIT: inputs whose largest file has fewer rows than this run interpreted (default 500000; 0: always compile)");
  run_cmd->add_option("--jit-cache", run.jit_cache,
                      "Directory where the JIT keeps machine code between runs (default $XDG_CACHE_HOME/clue/jit or "
                      "~/.cache/clue/jit); none: compile on every run");
  run_cmd->add_flag("!--no-provenance", run.provenance, "Leave out the source file:line columns");
  run_cmd->add_option("--input-hash", run.input_hash,
                      "Fingerprint of each input in manifest.json: sha256 (default) or none (skips hashing, "
                      "about 0.25 s per 0.5 GB per core)")
      ->check(CLI::IsMember({"sha256", "none"}));
  run_cmd->add_flag("--eager", run.eager,
                    "Parse every field the model reads at load, including those it only prints "
                    "(by default those are parsed for the leads' rows only)");
  run_cmd->add_flag("--strict", run.strict, "Fail when any row or value is rejected");
  run_cmd->add_option("--preview", run.preview, "Print the first N leads of each output as a table");
  run_cmd->add_option("--max-memory", run.max_memory, "Stop with a clear error past this much memory (e.g. 8G, 512M)");
  run_cmd->add_option("--lang", common.lang, "Message language: en or zh (default: from LANG)")
      ->check(CLI::IsMember({"en", "zh"}));

  // --disable-pass NAME (run, test, explain): a plan pass switched off; the names are checked.
  std::vector<std::string> pass_names;
  for (const auto& p : clue::planner::pass_list()) pass_names.push_back(p.name);
  auto add_disable_pass = [&](CLI::App* cmd, std::vector<std::string>& into) {
    cmd->add_option("--disable-pass", into, "Switch a plan pass off (repeatable; see explain --list-passes)")
        ->check(CLI::IsMember(pass_names));
  };
  add_disable_pass(run_cmd, run.disabled_passes);

  WhyArgs why;
  auto* why_cmd = app.add_subcommand("why", "Explain one lead of a run: its source rows, matched keys and conditions");
  why_cmd->add_option("dir", why.dir, "The run's --out folder")->required();
  why_cmd->add_option("lead", why.lead, "OUTPUT:ROW (e.g. leads:3), or ROW when there is one output")->required();
  why_cmd->add_option("--lang", common.lang, "Message language: en or zh (default: from LANG)")
      ->check(CLI::IsMember({"en", "zh"}));

  TestArgs test;
  auto* test_cmd = app.add_subcommand("test", "Run the models' fixtures (models/tests/NAME/CASE) with both engines");
  test_cmd->add_option("paths", test.paths, "Model files or folders (default: models)");
  test_cmd->add_flag("-v,--verbose", test.verbose, "Also list the cases that pass");
  test_cmd->add_option("--lang", common.lang, "Message language: en or zh (default: from LANG)")
      ->check(CLI::IsMember({"en", "zh"}));
  add_disable_pass(test_cmd, test.disabled_passes);

  ExplainArgs explain;
  auto* explain_cmd = app.add_subcommand("explain", "Print one stage of the compiler's work");
  explain_cmd->add_option("model", explain.path, "The model file");
  explain_cmd->add_option("--emit", explain.emit,
                          "Stage to print: tokens, ast, typed, logical, physical (or plan), llvm")
      ->check(CLI::IsMember({"tokens", "ast", "typed", "logical", "physical", "plan", "llvm"}));
  explain_cmd->add_flag("--list-passes", explain.list_passes, "Print the plan passes, one a line, in the order they run");
  add_disable_pass(explain_cmd, explain.disabled_passes);
  explain_cmd->add_option("--data", explain.data,
                          "With --emit=physical: run on NAME=PATH and show per node the rows and what it did");
  explain_cmd->add_option("--data-dir", explain.data_dir, "With --emit=physical: run on the exports in this folder");
  explain_cmd->add_option("--param", explain.params, "Set a param: NAME=VALUE (repeatable)");
  add_common(explain_cmd);

  LspArgs lsp;
  auto* lsp_cmd = app.add_subcommand("lsp", "Serve the Language Server Protocol on stdin/stdout (for editors: docs/editor.md)");
  lsp_cmd->add_option("--lang", common.lang, "Message language: en or zh (default: the editor's locale)")
      ->check(CLI::IsMember({"en", "zh"}));
  lsp_cmd->add_option("--debounce-ms", lsp.debounce_ms, "Check a changed document this long after the last change (default 30)")
      ->check(CLI::Range(0, 10000));
  lsp_cmd->add_flag("--trace-checks", lsp.trace, "Print one line on stderr per check: how long it took");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  g_max_memory = &run.max_memory;
  g_common = &common;
  clue::codegen::set_llvm_out_of_memory_exit(die_out_of_memory);
  auto out_of_memory = [&] { return report_out_of_memory(run.max_memory, common); };
  try {
    if (lint_cmd->parsed()) return cmd_lint(lint, common);
    if (check_cmd->parsed()) return cmd_check(check, common);
    if (run_cmd->parsed()) return cmd_run(run, common);
    if (test_cmd->parsed()) return cmd_test(test, common);
    if (why_cmd->parsed()) return cmd_why(why, common);
    if (explain_cmd->parsed()) return cmd_explain(explain, common);
    if (lsp_cmd->parsed()) return cmd_lsp(lsp, common);
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  } catch (const std::system_error& e) {
    // A thread that cannot be started for want of address space (its stack is mapped): under
    // a memory limit, that is running out of memory, not a bug.
    if (!address_space_limit().empty() && (e.code() == std::errc::resource_unavailable_try_again ||
                                            e.code() == std::errc::not_enough_memory))
      return out_of_memory();
    std::cerr << clue::ui_text(clue::TextId::InternalError, resolve_lang(common.lang), {e.what()}) << "\n";
    return kExitInternal;
  } catch (const clue::InternalError& e) {
    const clue::Lang lang = resolve_lang(common.lang);
    std::cerr << clue::ui_text(clue::TextId::InternalError, lang, {e.what}) << "\n"
              << clue::ui_text(clue::TextId::InternalErrorReport, lang) << "\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << clue::ui_text(clue::TextId::InternalError, resolve_lang(common.lang), {e.what()}) << "\n";
    return kExitInternal;
  }
  return kExitUsage;
}
