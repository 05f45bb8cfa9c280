// The codegen tests' shared harness (codegen_harness.cpp): check a model given as text and plan
// it, its params' default values, and a run of its physical plan with the interpreter and with
// the JIT compared.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/plan/pipeline.h"
#include "runtime/exec/engine.h"

namespace clue::cgtest {

// A checked model and its plans (the typed model holds the params' defaults).
struct Checked {
  std::unique_ptr<typed::Model> model;
  planner::Plans plans;
};

// Null (with `errors`) when the model does not check.
std::unique_ptr<Checked> check_model(const std::string& text, std::string* errors);
exec::ParamValues default_params(const Checked& c);
// Runs `physical` over `tables` with both engines (the JIT through `jit`, in batches of
// batch_rows) and returns "" when every output agrees, else both outputs.
std::string run_both(const plan::Plan& physical, const std::vector<rt::Table>& tables, const exec::ParamValues& params,
                     exec::FilterBackend& jit, size_t batch_rows, uint64_t* jit_batches);
// One engine's outputs (format of run_both), or "overflow at LINE:COL: VALUES on ROWS" when it
// stopped at an arithmetic overflow (E0560).
std::string run_one(const plan::Plan& physical, const std::vector<const rt::Table*>& by_source,
                    const exec::ParamValues& params, const exec::RunOptions& o, uint64_t* jit_batches);
// The k-th node (from 0, in id order) of `kind` in `p`, or null.
const plan::Node* find_node(const plan::Plan& p, plan::NodeKind kind, size_t k = 0);

}  // namespace clue::cgtest
