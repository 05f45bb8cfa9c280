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
  std::string profile;             // "share": also the rules for models sent to other offices
};
int cmd_lint(const LintArgs& a, const Common& c);

struct ExplainArgs {
  std::string path;
  std::string emit = "typed";  // tokens | ast | typed | logical | physical (plan) | llvm | sql
  std::string dialect = "postgres";  // with --emit=sql
  bool list_passes = false;    // print the plan passes in the order they run
  std::vector<std::string> disabled_passes;
  // For --emit=plan with data: run the model and show actual row counts.
  std::vector<std::string> data;
  std::string data_dir;
  std::vector<std::string> params;
  std::string max_memory;  // with data: the run's memory budget (as run's --max-memory)
};
int cmd_explain(const ExplainArgs& a, const Common& c);

// `clue emit-sql` (cmd_emit_sql.cpp): the SQL of every output in a dialect (docs/scale-out.md).
struct EmitSqlArgs {
  std::string path;
  std::string dialect = "postgres";
  std::vector<std::string> params;
  std::vector<std::string> disabled_passes;
};
int cmd_emit_sql(const EmitSqlArgs& a, const Common& c);
// The script of emit-sql (also explain --emit=sql): stdout, diagnostics on stderr.
int print_sql(const std::string& path, const std::string& dialect, const std::vector<std::string>& params,
              const std::vector<std::string>& disabled_passes, const Common& c, const char* command);

// The plan options of a command line (--disable-pass).
inline planner::PlanOptions plan_options(const std::vector<std::string>& disabled) {
  return planner::PlanOptions{{disabled.begin(), disabled.end()}};
}

struct CheckArgs {
  std::string path;
  std::vector<std::string> data;  // NAME=PATH
  std::string data_dir;           // the exports a run would read; with it, how each field binds
  std::string mapping;            // --mapping FILE (else DATA_DIR/clue-mapping.json, if there)
  size_t sample_rows = 1000;
};
int cmd_check(const CheckArgs& a, const Common& c);

// What `clue run` takes: the run itself (session::RunOptions) and what to write and print.
struct RunArgs : session::RunOptions {
  std::string out = "out";
  // --threads as written, read into `threads` by parse_threads: CLI11's own conversion answered
  // "99999999999" or "abc" with an uncoded English line instead of U0318.
  std::string threads_text;
  std::string format = "csv";  // csv | json | xlsx
  bool xlsx_beside = true;     // with csv: also NAME.xlsx, the typed file for people (--no-xlsx: not)
  bool strict = false;
  int preview = 0;             // print the first N leads of each output
  std::string max_memory;      // e.g. 8G, 512M: beyond it the run stops with E0514
  std::string on;              // --on URL: run the model's SQL on that server (cmd_run_on.cpp)
};
int cmd_run(const RunArgs& a, const Common& c);
int cmd_run_on(const RunArgs& a, const Common& c);

// `clue ingest` (cmd_ingest.cpp): load a model's sources into a warehouse's tables.
struct IngestArgs {
  std::string path;               // the model
  std::string to;                 // the server URL
  std::vector<std::string> data;  // NAME=PATH
  std::string data_dir;
  std::string out = "ingest";     // rejects.csv and ingest.json
  bool replace = false;           // drop the tables first
};
int cmd_ingest(const IngestArgs& a, const Common& c);

// `clue map suggest`: a draft local mapping from the exports' headers (docs/sharing.md).
struct MapSuggestArgs {
  std::string path;               // the model
  std::vector<std::string> data;  // NAME=PATH
  std::string data_dir;
  std::string out;                // default DATA_DIR/clue-mapping.draft.json; never overwritten
};
int cmd_map_suggest(const MapSuggestArgs& a, const Common& c);

// `clue fmt`: the canonical layout (compiler/format/format.h).
struct FmtArgs {
  std::vector<std::string> paths;  // files, or folders searched for *.model
  bool check = false;              // only report files not in the layout (E0620)
  std::string keywords;            // "", "en" or "zh": rewrite the keywords in that language
};
int cmd_fmt(const FmtArgs& a, const Common& c);

// Packages (cmd_package.cpp, docs/sharing.md).
struct KeygenArgs {
  std::string out;    // writes OUT.key and OUT.pub
  std::string owner;  // who the key is (free text in the .pub)
};
int cmd_keygen(const KeygenArgs& a, const Common& c);
struct PackArgs {
  std::string path;  // the model
  std::string key;   // the secret key (none: unsigned)
  std::string out;   // default NAME-VERSION.cluepkg
};
int cmd_pack(const PackArgs& a, const Common& c);
struct VerifyArgs {
  std::string path;
  std::string trust;  // the trust store folder (default ~/.local/share/clue/trust)
};
int cmd_verify(const VerifyArgs& a, const Common& c);
struct InstallArgs {
  std::string path;
  std::string trust;
  std::string library;  // default ~/.local/share/clue/library
  bool allow_untrusted = false;
};
int cmd_install(const InstallArgs& a, const Common& c);

struct LibraryArgs {
  std::string action;   // list | show
  std::string name, version;
  std::string library;  // default ~/.local/share/clue/library
};
int cmd_library(const LibraryArgs& a, const Common& c);

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
