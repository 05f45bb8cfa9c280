// One function per subcommand; main.cpp wires them to CLI11.
#pragma once
#include <string>
#include <vector>

#include "compiler/driver/cli_common.h"
#include "compiler/plan/pipeline.h"
#include "compiler/session/run.h"

namespace clue::cli {

using session::load_and_execute;
using session::RunSession;

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
inline planner::PlanOptions plan_options(const std::vector<std::string>& disabled) {
  return planner::PlanOptions{{disabled.begin(), disabled.end()}};
}

struct CheckArgs {
  std::string path;
  std::vector<std::string> data;  // NAME=PATH
  size_t sample_rows = 1000;
};
int cmd_check(const CheckArgs& a, const Common& c);

// What `clue run` takes: the run itself (session::RunOptions) and what to write and print.
struct RunArgs : session::RunOptions {
  std::string out = "out";
  std::string format = "csv";  // csv | json | xlsx
  bool xlsx_beside = true;     // with csv: also NAME.xlsx, the typed file for people (--no-xlsx: not)
  bool strict = false;
  int preview = 0;             // print the first N leads of each output
  std::string max_memory;      // e.g. 8G, 512M: beyond it the run stops with E0514
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

struct LspArgs {
  int debounce_ms = -1;  // how long after the last change a document is checked (-1: the server's 30 ms)
  bool trace = false;    // --trace-checks: each check's time on stderr
};
int cmd_lsp(const LspArgs& a, const Common& c);

}  // namespace clue::cli
