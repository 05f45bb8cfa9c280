// A builtin whose result cannot be represented (a date past year 9999, abs of the smallest
// int64, an Excel serial that is no date) stops the run with this, reported as E0422 with the
// call's place: the engines never wrap such a value silently, nor turn it into a null that
// would read as "no value in the data". The JIT compiles no builtin call, so only the
// interpreter's kernels throw it.
#pragma once
#include <stdexcept>
#include <string>

#include "runtime/plan/expr.h"

namespace clue::exec {

struct ValueOutOfRange : std::runtime_error {
  ValueOutOfRange(std::string function, std::string value, plan::Loc loc)
      : std::runtime_error(function + ": out of range for " + value),
        function(std::move(function)), value(std::move(value)), loc(loc) {}
  std::string function;  // the builtin's English name
  std::string value;     // the argument(s) as written in the leads
  plan::Loc loc;         // the call
};

}  // namespace clue::exec
