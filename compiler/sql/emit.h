// The SQL back end of the plan: each output of a model's LOGICAL plan (runtime/plan/plan.h, as
// compiler/session's compile() builds it: never the model's text) becomes one readable SELECT
// in a dialect, reading the tables of the layout (compiler/sql/layout.h). The statement returns
// the output's value columns as the engine formats them (exec::format_value) and one
// provenance column per binding ("file:line", or a group's "file:l1;l2"), ordered as the
// engine's Sort node orders them: the model's keys (nulls as the largest value), then every
// value column's text, then provenance, byte-wise. So a server's rows are the local run's.
//
// What a dialect cannot say with the engine's meaning is an error, never other semantics:
// E0800 (a builtin with no SQL form there), E0801 (a plan construct not supported in SQL yet).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sql/layout.h"
#include "runtime/exec/eval.h"
#include "runtime/plan/plan.h"

namespace clue::sql {

struct ModelInfo {
  std::string name, version, fingerprint;
};

struct ResultColumn {
  std::string name;
  TypeKind type = TypeKind::Text;  // the value's type (provenance: Text)
  bool provenance = false;         // "来源:alias"
};

struct Statement {
  std::string output;  // the output's name
  std::string sql;     // one statement, without a trailing semicolon
  std::vector<ResultColumn> columns;
  std::vector<std::string> tables;  // the tables (schemas) it reads
};

// How a ClickHouse cluster's tables are sharded (docs/scale-out.md, "Co-located joins"): each
// table listed is a Distributed table over `<table>_local` tables in `database`, its rows
// sharded by cityHash64 of the column named (as `clue ingest` creates them). With it, a join
// whose key on both sides is exactly the column its side is sharded by is written as a local
// join (or IN) run by each shard on its own rows; every other join stays GLOBAL.
struct Sharding {
  std::string database;
  std::map<std::string, std::string> column_of_table;
};

// The statements of every output, in the model's order. On an error (reported to `sink` with
// the place in the model) the result is empty. `sharding`: ClickHouse only, see above.
std::vector<Statement> emit_sql(const plan::Plan& plan, const exec::ParamValues& params, Dialect dialect,
                                DiagnosticSink& sink, const Sharding* sharding = nullptr);

// The whole script `clue emit-sql` prints: a leading comment with the model's name, version
// and fingerprint, then each statement with a comment naming its output, each ending in ';'.
std::string render_script(const ModelInfo& info, Dialect dialect, const std::vector<Statement>& statements);

}  // namespace clue::sql
