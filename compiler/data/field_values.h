// Parses one cell (two for geo) as a schema field's declared type, with the field's options
// (datum, 万 units, custom bool words). `clue check` samples values with it; the loader
// uses the same rules, so what check accepts is what run reads.
#pragma once
#include <string_view>

#include "compiler/sema/typed_model.h"
#include "runtime/values/value_errors.h"

namespace clue {

enum class CellStatus { Value, Empty, Invalid };

struct CellCheck {
  CellStatus status = CellStatus::Value;
  values::ValueError error = values::ValueError::None;
};

CellCheck check_cell(const typed::Field& field, std::string_view cell, std::string_view second_cell = {});

}  // namespace clue
