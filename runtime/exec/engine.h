// Runs a checked model over loaded tables: relations step by step (filters, joins, derived
// columns, grouping), then outputs (columns, order, distinct) with provenance. The result is
// deterministic: the same inputs give the same rows in the same order, whatever the engine
// or the number of threads.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/sema/typed_model.h"
#include "runtime/exec/eval.h"
#include "runtime/exec/frame.h"

namespace clue::exec {

// A compiled predicate over a batch: the JIT plugs in here. Given a condition and a context,
// it may take over the evaluation (return true) or decline (return false: the interpreter runs).
class FilterBackend {
 public:
  virtual ~FilterBackend() = default;
  virtual bool filter(const typed::Expr& cond, const EvalContext& ctx, size_t begin, size_t end,
                      std::vector<uint32_t>& out) = 0;
};

struct RunOptions {
  int threads = 1;
  bool provenance = true;
  size_t batch_rows = 2048;
  FilterBackend* filters = nullptr;  // null: the interpreter evaluates every condition
};

// Rows in and out of each step, for `explain --emit=plan` after a run.
struct StepStats {
  std::string relation;
  std::string step;  // e.g. "where", "join civil (hash, build 1200 rows)"
  uint64_t rows_in = 0, rows_out = 0;
  double seconds = 0;
};

struct OutputTable {
  std::string name;
  std::vector<std::string> columns;           // output columns, then provenance columns
  size_t value_columns = 0;                   // how many of `columns` are values
  std::vector<std::vector<std::string>> rows; // cells in their normal text form
};

struct RunResult {
  std::vector<OutputTable> outputs;
  std::vector<StepStats> steps;
  uint64_t jit_batches = 0, interpreted_batches = 0;
};

// `tables[i]` is the loaded table of model.sources[i] (null if the source is unused).
RunResult execute(const typed::Model& model, const std::vector<const rt::Table*>& tables, const ParamValues& params,
                  const RunOptions& options);

}  // namespace clue::exec
