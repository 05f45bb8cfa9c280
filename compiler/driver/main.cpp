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
#include "compiler/driver/cli_localize.h"
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
  // The help and CLI11's errors are printed while parsing, before --lang is known: read it
  // (or LANG) from the arguments first.
  //
  // Every help text is a CLUE_TEXT row of runtime/diag/codes.def (English and Chinese), passed
  // as T(TextId::...): a new subcommand adds its rows there (next to HelpLsp) and needs nothing
  // else — localize_subcommands() puts it in the localized "Subcommands" group and its help
  // flag under the localized "Options" title, and CliHelp.EverySubcommandHasChineseHelp
  // (tests/unit/golden_cli_help_test.cpp) fails if a line of its zh help is left English.
  const clue::Lang help_lang = lang_of_arguments(argc, argv);
  auto T = [&](clue::TextId id) { return clue::ui_text(id, help_lang); };
  using clue::TextId;
  CLI::App app{T(TextId::HelpApp)};
  localize_cli(app, help_lang);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("clue ") + CLUE_VERSION, T(TextId::HelpVersion));
  Common common;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--lang", common.lang, T(TextId::HelpLang))
        ->check(CLI::IsMember({"en", "zh"}));
    sub->add_option("--format", common.format, T(TextId::HelpFormat))
        ->check(CLI::IsMember({"text", "json", "sarif"}));
  };

  LintArgs lint;
  auto* lint_cmd = app.add_subcommand("lint", T(TextId::HelpLint))->group(T(TextId::CliSubcommandsGroup));
  lint_cmd->add_option("paths", lint.paths, T(TextId::HelpLintPaths));
  lint_cmd->add_flag("--list-rules", lint.list_rules, T(TextId::HelpListRules));
  lint_cmd->add_option("--profile", lint.profile, T(TextId::HelpLintProfile))
      ->check(CLI::IsMember({"share"}));
  lint_cmd->add_option("--deny", common.deny, T(TextId::HelpDeny))
      ->check(CLI::IsMember({"warnings"}));
  add_common(lint_cmd);

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", T(TextId::HelpCheck))->group(T(TextId::CliSubcommandsGroup));
  check_cmd->add_option("model", check.path, T(TextId::HelpModelFile))->required();
  check_cmd->add_option("--data", check.data, T(TextId::HelpData));
  check_cmd->add_option("--data-dir", check.data_dir, T(TextId::HelpCheckDataDir));
  check_cmd->add_option("--mapping", check.mapping, T(TextId::HelpCheckMapping));
  check_cmd->add_option("--sample", check.sample_rows, T(TextId::HelpSample));
  check_cmd->add_option("--deny", common.deny, T(TextId::HelpDeny))
      ->check(CLI::IsMember({"warnings"}));
  add_common(check_cmd);

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", T(TextId::HelpRun))->group(T(TextId::CliSubcommandsGroup));
  run_cmd->add_option("model", run.path, T(TextId::HelpModelFile))->required();
  run_cmd->add_option("--data", run.data, T(TextId::HelpData));
  run_cmd->add_option("--data-dir", run.data_dir, T(TextId::HelpDataDir));
  run_cmd->add_option("--mapping", run.mapping, T(TextId::HelpRunMapping));
  run_cmd->add_option("--param", run.params, T(TextId::HelpParam));
  run_cmd->add_option("--out", run.out, T(TextId::HelpOut));
  run_cmd->add_option("--format", run.format,
                      T(TextId::HelpRunFormat))
      ->check(CLI::IsMember({"csv", "xlsx", "json"}));
  run_cmd->add_flag("!--no-xlsx", run.xlsx_beside, T(TextId::HelpNoXlsx));
  run_cmd->add_option("--engine", run.engine, T(TextId::HelpEngine))->check(CLI::IsMember({"interp", "jit"}));
  run_cmd->add_option("--threads", run.threads_text, T(TextId::HelpThreads));
  run_cmd->add_option("--jit-threshold", run.jit_threshold,
                      T(TextId::HelpJitThreshold));
  run_cmd->add_option("--jit-cache", run.jit_cache,
                      T(TextId::HelpJitCache));
  run_cmd->add_flag("!--no-provenance", run.provenance, T(TextId::HelpNoProvenance));
  run_cmd->add_option("--input-hash", run.input_hash,
                      T(TextId::HelpInputHash))
      ->check(CLI::IsMember({"sha256", "none"}));
  run_cmd->add_option("--hash-cache", run.hash_cache, T(TextId::HelpHashCache));
  run_cmd->add_flag("--rehash", run.rehash, T(TextId::HelpRehash));
  run_cmd->add_flag("--eager", run.eager,
                    T(TextId::HelpEager));
  run_cmd->add_flag("--strict", run.strict, T(TextId::HelpStrict));
  run_cmd->add_option("--preview", run.preview, T(TextId::HelpPreview));
  run_cmd->add_option("--max-memory", run.max_memory, T(TextId::HelpMaxMemory));
  run_cmd->add_option("--on", run.on, T(TextId::HelpRunOn));
  run_cmd->add_option("--lang", common.lang, T(TextId::HelpLang))
      ->check(CLI::IsMember({"en", "zh"}));

  // --disable-pass NAME (run, test, explain): a plan pass switched off; the names are checked.
  std::vector<std::string> pass_names;
  for (const auto& p : clue::planner::pass_list()) pass_names.push_back(p.name);
  auto add_disable_pass = [&](CLI::App* cmd, std::vector<std::string>& into) {
    cmd->add_option("--disable-pass", into, T(TextId::HelpDisablePass))
        ->check(CLI::IsMember(pass_names));
  };
  add_disable_pass(run_cmd, run.disabled_passes);

  WhyArgs why;
  auto* why_cmd = app.add_subcommand("why", T(TextId::HelpWhy))->group(T(TextId::CliSubcommandsGroup));
  why_cmd->add_option("dir", why.dir, T(TextId::HelpWhyDir))->required();
  why_cmd->add_option("lead", why.lead, T(TextId::HelpWhyLead))->required();
  why_cmd->add_option("--lang", common.lang, T(TextId::HelpLang))
      ->check(CLI::IsMember({"en", "zh"}));

  TestArgs test;
  auto* test_cmd = app.add_subcommand("test", T(TextId::HelpTest))->group(T(TextId::CliSubcommandsGroup));
  test_cmd->add_option("paths", test.paths, T(TextId::HelpTestPaths));
  test_cmd->add_flag("-v,--verbose", test.verbose, T(TextId::HelpVerbose));
  test_cmd->add_option("--lang", common.lang, T(TextId::HelpLang))
      ->check(CLI::IsMember({"en", "zh"}));
  add_disable_pass(test_cmd, test.disabled_passes);

  ExplainArgs explain;
  auto* explain_cmd = app.add_subcommand("explain", T(TextId::HelpExplain))->group(T(TextId::CliSubcommandsGroup));
  explain_cmd->add_option("model", explain.path, T(TextId::HelpModelFile));
  explain_cmd->add_option("--emit", explain.emit,
                          T(TextId::HelpEmit))
      ->check(CLI::IsMember({"tokens", "ast", "typed", "logical", "physical", "plan", "llvm", "sql"}));
  explain_cmd->add_option("--dialect", explain.dialect, T(TextId::HelpExplainDialect));
  explain_cmd->add_flag("--list-passes", explain.list_passes, T(TextId::HelpListPasses));
  add_disable_pass(explain_cmd, explain.disabled_passes);
  explain_cmd->add_option("--data", explain.data,
                          T(TextId::HelpExplainData));
  explain_cmd->add_option("--data-dir", explain.data_dir, T(TextId::HelpExplainDataDir));
  explain_cmd->add_option("--param", explain.params, T(TextId::HelpParam));
  explain_cmd->add_option("--max-memory", explain.max_memory, T(TextId::HelpMaxMemory));
  add_common(explain_cmd);

  EmitSqlArgs emit_sql;
  auto* emit_sql_cmd = app.add_subcommand("emit-sql", T(TextId::HelpEmitSql))->group(T(TextId::CliSubcommandsGroup));
  emit_sql_cmd->add_option("model", emit_sql.path, T(TextId::HelpModelFile));
  emit_sql_cmd->add_option("--dialect", emit_sql.dialect, T(TextId::HelpDialect));
  emit_sql_cmd->add_option("--param", emit_sql.params, T(TextId::HelpParam));
  add_disable_pass(emit_sql_cmd, emit_sql.disabled_passes);
  add_common(emit_sql_cmd);

  IngestArgs ingest;
  auto* ingest_cmd = app.add_subcommand("ingest", T(TextId::HelpIngest))->group(T(TextId::CliSubcommandsGroup));
  ingest_cmd->add_option("model", ingest.path, T(TextId::HelpModelFile));
  ingest_cmd->add_option("--to", ingest.to, T(TextId::HelpIngestTo))->required();
  ingest_cmd->add_option("--data", ingest.data, T(TextId::HelpData));
  ingest_cmd->add_option("--data-dir", ingest.data_dir, T(TextId::HelpDataDir));
  ingest_cmd->add_option("--out", ingest.out, T(TextId::HelpIngestOut));
  ingest_cmd->add_flag("--replace", ingest.replace, T(TextId::HelpIngestReplace));
  add_common(ingest_cmd);

  FmtArgs fmt;
  auto* fmt_cmd = app.add_subcommand("fmt", T(TextId::HelpFmt));
  fmt_cmd->add_option("paths", fmt.paths, T(TextId::HelpLintPaths));
  fmt_cmd->add_flag("--check", fmt.check, T(TextId::HelpFmtCheck));
  fmt_cmd->add_option("--keywords", fmt.keywords, T(TextId::HelpFmtKeywords))
      ->check(CLI::IsMember({"en", "zh"}));
  add_common(fmt_cmd);

  KeygenArgs keygen;
  auto* keygen_cmd = app.add_subcommand("keygen", T(TextId::HelpKeygen));
  keygen_cmd->add_option("--out", keygen.out, T(TextId::HelpKeygenOut))->required();
  keygen_cmd->add_option("--owner", keygen.owner, T(TextId::HelpKeygenOwner));
  add_common(keygen_cmd);
  PackArgs pack;
  auto* pack_cmd = app.add_subcommand("pack", T(TextId::HelpPack));
  pack_cmd->add_option("model", pack.path, T(TextId::HelpModelFile))->required();
  pack_cmd->add_option("--key", pack.key, T(TextId::HelpPackKey));
  pack_cmd->add_option("--out", pack.out, T(TextId::HelpPackOut));
  add_common(pack_cmd);
  VerifyArgs verify;
  auto* verify_cmd = app.add_subcommand("verify", T(TextId::HelpVerify));
  verify_cmd->add_option("package", verify.path, T(TextId::HelpPackageFile))->required();
  verify_cmd->add_option("--trust", verify.trust, T(TextId::HelpVerifyTrust));
  add_common(verify_cmd);
  InstallArgs install;
  auto* install_cmd = app.add_subcommand("install", T(TextId::HelpInstall));
  install_cmd->add_option("package", install.path, T(TextId::HelpPackageFile))->required();
  install_cmd->add_option("--trust", install.trust, T(TextId::HelpInstallTrust));
  install_cmd->add_option("--library", install.library, T(TextId::HelpLibraryFolder));
  install_cmd->add_flag("--allow-untrusted", install.allow_untrusted, T(TextId::HelpAllowUntrusted));
  add_common(install_cmd);

  LibraryArgs library;
  auto* library_cmd = app.add_subcommand("library", T(TextId::HelpLibrary));
  library_cmd->require_subcommand(1);
  auto* library_list = library_cmd->add_subcommand("list", T(TextId::HelpLibraryList));
  auto* library_show = library_cmd->add_subcommand("show", T(TextId::HelpLibraryShow));
  library_show->add_option("name", library.name, T(TextId::HelpLibraryName))->required();
  library_show->add_option("version", library.version, T(TextId::HelpLibraryVersion));
  for (auto* sub : {library_list, library_show}) {
    sub->add_option("--library", library.library, T(TextId::HelpLibraryFolder));
    sub->add_option("--lang", common.lang, T(TextId::HelpLang))->check(CLI::IsMember({"en", "zh"}));
  }

  MapSuggestArgs map_suggest;
  auto* map_cmd = app.add_subcommand("map", T(TextId::HelpMap));
  map_cmd->require_subcommand(1);
  auto* map_suggest_cmd = map_cmd->add_subcommand("suggest", T(TextId::HelpMapSuggest));
  map_suggest_cmd->add_option("model", map_suggest.path, T(TextId::HelpModelFile))->required();
  map_suggest_cmd->add_option("--data", map_suggest.data, T(TextId::HelpData));
  map_suggest_cmd->add_option("--data-dir", map_suggest.data_dir, T(TextId::HelpMapDataDir));
  map_suggest_cmd->add_option("--out", map_suggest.out, T(TextId::HelpMapOut));
  add_common(map_suggest_cmd);

  LspArgs lsp;
  auto* lsp_cmd = app.add_subcommand("lsp", T(TextId::HelpLsp));
  lsp_cmd->add_option("--lang", common.lang, T(TextId::HelpLspLang))->check(CLI::IsMember({"en", "zh"}));
  lsp_cmd->add_option("--debounce-ms", lsp.debounce_ms, T(TextId::HelpLspDebounce))->check(CLI::Range(0, 10000));
  lsp_cmd->add_flag("--trace-checks", lsp.trace, T(TextId::HelpLspTrace));

  localize_subcommands(app, help_lang);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end the parse with code 0; anything else is a usage error with
    // its U035x code, in the help's language (compiler/driver/cli_localize.h).
    if (e.get_exit_code() == 0) return app.exit(e, std::cout, std::cerr) == 0 ? kExitOk : kExitUsage;
    return report_cli_error(app, e, help_lang);
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
    if (emit_sql_cmd->parsed()) return cmd_emit_sql(emit_sql, common);
    if (ingest_cmd->parsed()) return cmd_ingest(ingest, common);
    if (map_suggest_cmd->parsed()) return cmd_map_suggest(map_suggest, common);
    if (fmt_cmd->parsed()) return cmd_fmt(fmt, common);
    if (keygen_cmd->parsed()) return cmd_keygen(keygen, common);
    if (library_list->parsed() || library_show->parsed()) {
      library.action = library_list->parsed() ? "list" : "show";
      return cmd_library(library, common);
    }
    if (pack_cmd->parsed()) return cmd_pack(pack, common);
    if (verify_cmd->parsed()) return cmd_verify(verify, common);
    if (install_cmd->parsed()) return cmd_install(install, common);
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
