// The JIT engine's filters: conditions (where, having, join residuals, filters pushed down to a
// join's build side), projections (derived columns, group keys, join keys, output columns of
// a fixed-width type) and the int64-key hash-join probe loop, compiled to native code with LLVM ORC LLJIT, with exactly the
// interpreter's semantics (runtime/exec/eval.cpp). Conditions outside the compiled subset, and
// batches whose inputs do not match what the code was compiled for, are declined so the
// interpreter evaluates them.
//
// Compiled: comparisons, and/or/not, between, in (literal lists or list params), is [not]
// null, if-then-else, unary minus, + - * / % over fixed-width values: int, money, decimal,
// date, month, datetime, bool, idcard (columns, derived columns, literals, scalar params; a
// text literal compared with an idcard/date column is parsed once at compile time), and
// `is [not] null` on any column. Text (columns, literals, text params) in comparisons
// (== != < <= > >=, between) and `in` (literal lists, list<text> params): lengths first, then
// the bytes (inline loads, or libc bcmp/memcmp), ordered as the interpreter's
// std::string_view::compare. Declined: text elsewhere (if branches, `+`, derived text
// columns), case_no, uscc, partyid and geo values, function calls, aggregates.
//
// Param values are read at call time, so a compiled predicate serves runs with different
// --param values. Compiled code is cached per Expr address: keep the plan alive while the
// backend is used with it (or clear() before reusing the backend with another plan).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/exec/engine.h"
#include "runtime/plan/plan.h"

namespace clue::codegen {

struct JitOptions {
  // A frame with fewer rows runs interpreted without compiling (small inputs: compiling
  // costs more than it saves). 0: always compile.
  size_t min_rows = 0;
  // Read columns directly when a batch's row indexes are contiguous (vectorises).
  bool direct_fast_path = true;
  // Keep each predicate's IR before and after optimisation (for explain / tests).
  bool keep_ir = false;
  // Compile projections (derive, group keys, join keys, outputs) of fixed-width values.
  bool projections = true;
  // Also compile projections that are a plain column / derived / param / literal reference
  // (off by default: nothing to compute, compiling only costs time; tests turn it on).
  bool plain_projections = false;
  // Probe int64-key hash joins with the compiled loop.
  bool probes = true;
  // Keep machine code between runs in this directory (object_cache.h); "" = compile every run.
  std::string cache_dir;
};

struct JitStats {
  uint64_t compiled = 0;         // predicates the JIT runs
  uint64_t declined = 0;         // predicates left to the interpreter
  uint64_t variants = 0;         // machine-code functions built (direct and/or gather per predicate)
  double compile_seconds = 0;    // planning + IR generation + O3 + machine code, all predicates (wall)
  double compile_cpu_seconds = 0;  // the same in CPU time of the compiling threads
  double max_compile_seconds = 0;  // the slowest predicate
  uint64_t batches_direct = 0;   // batches run by the contiguous-rows variant
  uint64_t batches_gather = 0;   // batches run by the row-index variant
  uint64_t batches_guarded = 0;  // batches declined at call time (inputs not as compiled)
  uint64_t batches_overflowed = 0;  // batches whose arithmetic overflowed: left to the interpreter
  // Projections (not counted above, except in the compile times).
  uint64_t projections = 0;           // projections the JIT runs
  uint64_t projections_declined = 0;  // left to the interpreter
  uint64_t projection_variants = 0;
  uint64_t batches_projected = 0;     // batches computed by compiled projections
  // The int64-key probe loop.
  bool probe_compiled = false;
  uint64_t probes = 0;  // joins probed by it (counted by the engine's calls to int64_probe())
  // Modules whose machine code came from the cache (JitOptions::cache_dir), and those compiled.
  uint64_t cache_hits = 0, cache_misses = 0;
  // Cached objects whose keyed hash did not match (altered on disk): discarded and recompiled.
  uint64_t cache_rejected = 0;
};

// One predicate the backend has seen.
struct PredicateInfo {
  const plan::Expr* expr = nullptr;
  std::string name;  // LLVM function name prefix
  bool compiled = false;  // the JIT runs it (each variant is compiled when first needed)
  std::string why;        // when not compiled
  double compile_seconds = 0;
  std::string ir_before, ir_after;  // with JitOptions::keep_ir
};

class JitFilterBackend final : public exec::FilterBackend {
 public:
  explicit JitFilterBackend(JitOptions options = {});
  ~JitFilterBackend() override;
  JitFilterBackend(const JitFilterBackend&) = delete;
  JitFilterBackend& operator=(const JitFilterBackend&) = delete;

  // FilterBackend: compiles `cond` on first use (thread-safe), then runs it over the batch.
  bool filter(const plan::Expr& cond, const exec::EvalContext& ctx, size_t begin, size_t end,
              std::vector<uint32_t>& out) override;
  // FilterBackend: computes a fixed-width projection over the batch (compiled on first use).
  bool project(const plan::Expr& e, const exec::EvalContext& ctx, size_t begin, size_t end,
               exec::Vec& out) override;
  // FilterBackend: the compiled int64-key probe loop (compiled on first use), or null.
  exec::Int64ProbeFn int64_probe() override;

  // Compiles every condition of the physical plan now (filters, join residuals and the filters
  // pushed down to a join's joined source), its projections (derived columns, group keys, hash
  // join keys, output columns and order keys) and, if it has a one-key hash join, the probe
  // loop, so that a run can report compile time separately from execution. Returns the seconds
  // spent.
  double precompile(const plan::Plan& physical);

  JitStats stats() const;
  std::vector<PredicateInfo> predicates() const;
  std::vector<PredicateInfo> projections() const;
  // Whether the JIT is usable at all (false if the host target could not be set up; every
  // filter() then declines). error() says why.
  bool available() const;
  std::string error() const;
  // Drops every compiled predicate (and its machine code).
  void clear();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// For `clue explain --emit=llvm`: every condition (filter, join residual, filter pushed down
// to a join) and every projection (derived column, group key and aggregate, hash join key,
// output column, order key) of the physical plan, node by node, with its IR before and after
// optimisation, or why it stays interpreted; and the probe loop when the plan has a one-key
// hash join.
std::string dump_llvm(const plan::Plan& physical);

// For tests and explain: the optimised IR of one condition over frames of `layout` ("" with
// `why` set when it is not compiled).
std::string optimized_ir(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& cond,
                         std::string* why = nullptr);
// The same for a projection (plain references included).
std::string optimized_projection_ir(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& e,
                                    std::string* why = nullptr);

}  // namespace clue::codegen
