// One function per subcommand; main.cpp wires them to CLI11.
#pragma once
#include <string>
#include <vector>

#include "compiler/driver/cli_common.h"
#include "compiler/plan/pipeline.h"

namespace clue::cli {

struct LintArgs {
  std::vector<std::string> paths;  // files, or directories searched for *.model
  bool list_rules = false;
};
int cmd_lint(const LintArgs& a, const Common& c);

struct ExplainArgs {
  std::string path;
  std::string emit = "typed";  // tokens | ast | typed | logical | physical (plan) | llvm
  bool list_passes = false;    // print the plan passes in the order they run
  std::vector<std::string> disabled_passes;
  // For --emit=plan with data: run the model and show actual row counts.
  std::vector<std::string> data;
  std::string data_dir;
  std::vector<std::string> params;
};
int cmd_explain(const ExplainArgs& a, const Common& c);

// The plan options of a command line (--disable-pass).
planner::PlanOptions plan_options(const std::vector<std::string>& disabled);

struct CheckArgs {
  std::string path;
  std::vector<std::string> data;  // NAME=PATH
  size_t sample_rows = 1000;
};
int cmd_check(const CheckArgs& a, const Common& c);

struct RunArgs {
  std::string path;
  std::vector<std::string> data;    // NAME=PATH
  std::string data_dir;
  std::vector<std::string> params;  // NAME=VALUE
  std::string out = "out";
  std::string format = "csv";       // csv | json
  std::string engine = "jit";       // jit | interp
  // With --engine jit, inputs whose largest file has fewer rows run interpreted. Measured on
  // due_claims (bench/results/2026-11-28-*.md): compiling a model takes 30-70 ms, and the
  // compiled code saves about 15 ns per input row in execution (46 ms at 1 M 终本 + 2 M 民事
  // rows), so compiling pays from about a million rows in the largest file; at 100 k (largest
  // file 200 k rows) the interpreter's whole run was 20-30 % shorter. Half a million is where
  // the two are about even.
  uint64_t jit_threshold = 500000;
  // Where the JIT keeps machine code between runs; "" = the default (ObjectCache::default_dir),
  // "none" = compile every run.
  std::string jit_cache;
  int threads = 0;                  // 0: all cores
  bool provenance = true;
  bool strict = false;
  int preview = 0;                  // print the first N leads of each output
  std::string max_memory;           // e.g. 8G, 512M: beyond it the run stops with E0514
  // Fields the model only prints are parsed for the leads' rows only (see late_fields);
  // --eager parses every used field of every row at load (slower; for comparison).
  bool eager = false;
  // SHA-256 of every input in the manifest (the evidence that these files gave these leads).
  // "none" skips it: 0.25 s of one core per 0.5 GB of input.
  std::string input_hash = "sha256";  // sha256 | none
  std::vector<std::string> disabled_passes;  // plan passes switched off (--disable-pass)
};
int cmd_run(const RunArgs& a, const Common& c);

struct WhyArgs {
  std::string dir;   // a run's --out folder
  std::string lead;  // OUTPUT:ROW or ROW
};
int cmd_why(const WhyArgs& a, const Common& c);

struct TestArgs {
  std::vector<std::string> paths;  // model files or folders (default: models)
  bool verbose = false;
  std::vector<std::string> disabled_passes;
};
int cmd_test(const TestArgs& a, const Common& c);

}  // namespace clue::cli
