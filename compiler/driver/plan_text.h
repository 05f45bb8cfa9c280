#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/sema/typed_model.h"
#include "runtime/exec/engine.h"

namespace clue::cli {

// The plan as text. `input_rows[i]`: rows of source i when known (0 = unknown); `run`:
// actual counts from an execution, or null.
std::string describe_plan(const typed::Model& m, const std::vector<std::vector<bool>>& used_fields,
                          const std::vector<uint64_t>& input_rows, const exec::RunResult* run);

}  // namespace clue::cli
