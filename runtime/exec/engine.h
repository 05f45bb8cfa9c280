// Runs a physical plan (runtime/plan/plan.h) over loaded tables: each node on frames (scans,
// filters, joins, derived columns, grouping), then each output (columns with provenance,
// order with its tie-break, distinct). The result is deterministic: the same inputs give the
// same rows in the same order, whatever the engine or the number of threads. What each node
// did (rows in and out, and the decisions taken at run time) is reported per node id.
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/exec/eval.h"
#include "runtime/exec/frame.h"
#include "runtime/exec/hash_join.h"
#include "runtime/exec/memory_budget.h"
#include "runtime/exec/stream_plan.h"
#include "runtime/plan/plan.h"

namespace clue::exec {

// Compiled code over a batch: the JIT plugs in here. Given an expression and a context, it
// may take over the evaluation (return true) or decline (return false: the interpreter runs).
class FilterBackend {
 public:
  virtual ~FilterBackend() = default;
  // Appends the frame rows in [begin, end) where `cond` is true (as eval_filter).
  virtual bool filter(const plan::Expr& cond, const EvalContext& ctx, size_t begin, size_t end,
                      std::vector<uint32_t>& out) = 0;
  // Sets `out` to the values of `e` for frame rows [begin, end) (end - begin rows, never a
  // broadcast constant), with the type, scale and validity eval() gives; the values of null
  // rows are unspecified. Used for derived columns, group keys, join keys and outputs.
  virtual bool project(const plan::Expr& e, const EvalContext& ctx, size_t begin, size_t end, Vec& out) {
    (void)e, (void)ctx, (void)begin, (void)end, (void)out;
    return false;
  }
  // A compiled probe loop for equi-joins on one int64 key, or null (the C++ loop runs).
  virtual Int64ProbeFn int64_probe() { return nullptr; }
};

struct RunOptions {
  int threads = 1;
  bool provenance = true;
  size_t batch_rows = 2048;
  FilterBackend* filters = nullptr;  // null: the interpreter evaluates every condition
  // Streamed probe sides (stream_plan.h): the joins that stream one, and how a streamed source
  // is loaded when its join runs (its table is null in `tables` until then): the loader with
  // rt::LoadSpec::keep_rows set to `keep`. Returns the table of the rows kept (null: the load
  // failed and was reported; execution stops with StreamLoadFailed).
  std::vector<StreamChoice> streams;
  using KeepRows = std::function<std::vector<uint32_t>(const rt::Table& piece, size_t index)>;
  std::function<const rt::Table*(int source, const KeepRows& keep)> load_streamed;
  // The run's memory budget (--max-memory), or null: key sets, hash tables and join pairs are
  // accounted in it.
  MemoryBudget* budget = nullptr;
  // Spilling (grace_join.h): a hash join on one int64 key whose table would not fit the budget
  // writes both sides' keys to partition files in a folder of its own under this one (none
  // given: never spills). force_spill_partitions > 0 spills every such join in that many
  // partitions (tests: CLUE_SPILL_PARTITIONS).
  std::string spill_dir;
  size_t force_spill_partitions = 0;
};

// A streamed source's load failed (reported by RunOptions::load_streamed): no result.
struct StreamLoadFailed : std::runtime_error {
  StreamLoadFailed() : std::runtime_error("a streamed source could not be loaded") {}
};

// What one plan node did: rows in and out, time, and the decisions taken at run time (e.g.
// "build left: 812 rows; key in place; 1 filter after the join"), for `explain` after a run
// and for the manifest.
struct NodeStats {
  int node = -1;
  uint64_t rows_in = 0, rows_out = 0;
  double seconds = 0;
  std::string taken;
  // Rows dropped because a value was null rather than because a condition was false: a where
  // or having that is null (unknown) for them; for a join, relation rows with a null key
  // (inner, semi), joined-source rows a pushed-down filter dropped for a null, and candidate
  // pairs the residual dropped for a null. Leads possibly lost to missing data.
  uint64_t null_dropped = 0;
};

struct OutputTable {
  std::string name;
  std::vector<std::string> columns;           // output columns, then provenance columns
  size_t value_columns = 0;                   // how many of `columns` are values
  // The plan type of each value column (value_columns of them; provenance columns are text):
  // what lets the writers type cells (money as a number in xlsx, an ID always as text) and
  // leave numeric columns alone when guarding text against spreadsheet formulas.
  std::vector<TypeKind> types;
  std::vector<std::vector<std::string>> rows; // cells in their normal text form
};

struct RunResult {
  std::vector<OutputTable> outputs;
  std::vector<NodeStats> nodes;  // in the order the nodes ran
  uint64_t jit_batches = 0, interpreted_batches = 0;  // filter batches
  uint64_t jit_projected_batches = 0;                 // projection batches computed by the backend
  uint64_t jit_probes = 0;                            // hash joins probed by the backend's loop
  uint64_t deferred_rows_parsed = 0;  // rows whose deferred columns were parsed (per table copy)
  // Per streamed probe side: its source, the join, the source's rows (used rows of the file),
  // the rows that passed its where steps (left side), the rows kept, and the pieces.
  struct Streamed {
    int source = -1, join = -1;
    bool left = false;
    uint64_t rows = 0, filtered = 0, kept = 0, pieces = 0;
  };
  std::vector<Streamed> streamed;
  // Per join spilled to disk: the join, its partitions and the bytes of keys written.
  struct Spilled {
    int join = -1;
    uint64_t partitions = 0, bytes = 0, largest_partition = 0;
  };
  std::vector<Spilled> spilled;
};

// `tables[i]` is the loaded table of plan.sources[i] (null if the source is unused). The
// plan must be physical (compiler/plan's plan_physical) and outlive the backend's use of it.
RunResult execute(const plan::Plan& plan, const std::vector<const rt::Table*>& tables, const ParamValues& params,
                  const RunOptions& options);

}  // namespace clue::exec
