// Arithmetic that does not fit stops the run instead of wrapping around.
//
// Values are 64-bit integers (money and decimals in units of 10^-4, dates in
// days, datetimes in seconds). `+ - * / %`, unary minus, date arithmetic and
// `sum` are computed exactly (in 128 bits) and a result outside the 64-bit
// range is an error, E0560, naming the operation, its operands and the row: a
// wrapped amount (3 × 9223372036854775807 = 9223372036854775805) would be a
// silent wrong lead. The rule is strict: every row an expression is computed on
// counts, also the branch of an `if` the row does not take — both engines
// compute every branch — so rows are kept out with a `where` before the
// expression, not with an `if`. The JIT flags an overflow in a batch and leaves
// the batch to the interpreter, which throws this with the details; constant
// folding leaves an overflowing constant to the checker (E0120). See
// docs/language.md, "Numbers".
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/plan/arith.h"
#include "runtime/plan/expr.h"

namespace clue::exec {

using plan::exact_arith;
using plan::fits_int64;

struct ArithmeticOverflow : std::runtime_error {
  ArithmeticOverflow(const plan::Expr *e, std::string v, std::vector<std::string> r)
      : std::runtime_error("arithmetic overflow: " + v), expr(e), values(std::move(v)), rows(std::move(r)) {}
  const plan::Expr *expr;         // the operation (its place in the model: expr->loc)
  std::string values;             // the operands as computed: "3 * 9223372036854775807"
  std::vector<std::string> rows;  // the row's sources, "s ov.csv:4" (empty for a constant)
};

}  // namespace clue::exec
