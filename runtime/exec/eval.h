// The reference interpreter for expressions: vectorised over a batch of frame rows, with the
// language's three-valued logic (a null never satisfies a comparison). The JIT must agree with
// it on every input; the differential tests compare the two.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/exec/frame.h"
#include "runtime/plan/plan.h"

namespace clue::exec {

rt::Logical to_logical(TypeKind t);

// a × f (f > 0) for bringing a value to a finer scale before comparing it (money ×10^4, days
// to seconds), saturating at the int64 limits as the compiled code does: a value past them is
// beyond every value of the finer scale, so comparisons stay right (an int of 10^15 is
// greater than every money amount; wrapping made it negative). The one inexact case is
// equality with exactly ±922337203685477.5807, the limit itself.
inline int64_t sat_mul(int64_t a, int64_t f) {
  int64_t r;
  if (__builtin_mul_overflow(a, f, &r)) return a < 0 ? INT64_MIN : INT64_MAX;
  return r;
}

// Runtime values of the model's params (defaults, overridden by --param), as constant Vecs:
// one element, or the elements of a list param.
using ParamValues = std::vector<Vec>;

struct EvalContext {
  const plan::Plan& plan;
  const plan::Layout& layout;  // the frame's layout: what bindings and slots mean
  const Frame& frame;
  const ParamValues& params;
  // Per aggregate call in a group's compute: its value for every group (set by the group step).
  const std::map<const plan::Expr*, Vec>* aggregates = nullptr;
};

// Values of `e` for frame rows [begin, end).
Vec eval(const plan::Expr& e, const EvalContext& ctx, size_t begin, size_t end);

// Appends to `out` the frame rows in [begin, end) where the condition is true (not false, not null).
void eval_filter(const plan::Expr& cond, const EvalContext& ctx, size_t begin, size_t end,
                 std::vector<uint32_t>& out);

// Brings an int-lane Vec to `scale` (0 or 4: money and decimal are ×10^4).
void rescale(Vec& v, int scale);
// A literal as a one-element Vec of its own type.
Vec literal_vec(const plan::Literal& lit, TypeKind type);
// Converts a one-element text Vec to an ID / USCC / case number / date Vec by parsing it, so
// that `zb.案号 == "(2023)浙0803执1号"` compares normal forms. Unparseable: null.
Vec coerce_text_to(const Vec& text, rt::Logical target);

// Where frame row `row` comes from, per source behind it ("zb 终本.csv:12"; after a group,
// its first three rows): the places E0560 names (overflow.h).
std::vector<std::string> row_places(const plan::Layout& layout, const Frame& frame, size_t row);

// The value of one row as text in its normal form (outputs, provenance, hashing for distinct).
std::string format_value(const Vec& v, size_t row);

}  // namespace clue::exec
