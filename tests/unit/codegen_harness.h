// The codegen tests' shared harness (codegen_harness.cpp): check a model given as text, its
// params' default values, and a run with the interpreter and with the JIT compared.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/exec/engine.h"

namespace clue::cgtest {

std::unique_ptr<typed::Model> check_model(const std::string& text, std::string* errors);
exec::ParamValues default_params(const typed::Model& m);
// Runs `m` over `tables` with both engines (the JIT through `jit`, in batches of batch_rows)
// and returns "" when every output agrees, else both outputs.
std::string run_both(const typed::Model& m, const std::vector<rt::Table>& tables, const exec::ParamValues& params,
                     exec::FilterBackend& jit, size_t batch_rows, uint64_t* jit_batches);

}  // namespace clue::cgtest
