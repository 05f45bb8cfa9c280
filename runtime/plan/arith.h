// The numeric meaning of the plan's arithmetic operators, defined once: exact
// in 128 bits, with a result outside int64 reported rather than wrapped
// (runtime/exec/overflow.h says what the engines do with it; the checker uses
// it for constants, E0120). Here in the plan layer, next to the operators, so
// that the front end and the engines share it.
#pragma once
#include <cstdint>

#include "runtime/plan/expr.h"

namespace clue::plan {

// The result of exact arithmetic, if it fits in 64 bits.
inline bool fits_int64(__int128 r) { return r >= INT64_MIN && r <= INT64_MAX; }

inline __int128 pow10_128(int k) {
  __int128 p = 1;
  while (k-- > 0) p *= 10;
  return p;
}

// The one definition of `x op y` for + - * / % (x at scale sx, y at scale sy,
// money and decimals at scale 4; the result at scale `out`): the interpreter's
// per-row arithmetic and the checker's constants (E0120) both call it, and the
// JIT computes the same in LLVM IR. Division and % by zero give null
// (*is_null); a result outside int64 gives false.
inline bool exact_arith(Op op, int64_t x0, int sx, int64_t y0, int sy, int out, int64_t *result, bool *is_null) {
  __int128 x = x0, y = y0, r = 0;
  *is_null = false;
  bool ok = true;
  auto up = [&](__int128 v, int k) {  // v · 10^k, checked
    __int128 s = 0;
    if (__builtin_mul_overflow(v, pow10_128(k), &s)) ok = false;
    return s;
  };
  if (op == Op::Add || op == Op::Sub) {
    const int s = sx > sy ? sx : sy;
    x *= pow10_128(s - sx);
    y *= pow10_128(s - sy);
    r = up(op == Op::Add ? x + y : x - y, out - s);
  } else if (op == Op::Mul) {
    r = x * y;  // at scale sx + sy; |r| <= 2^126
    const int s = sx + sy;
    if (s > out)
      r /= pow10_128(s - out);
    else
      r = up(r, out - s);
  } else if (op == Op::Div) {
    if (y == 0) return *is_null = true;
    // x/10^sx ÷ y/10^sy = (x·10^(sy+out)) / (y·10^sx)
    r = (x * pow10_128(sy + out)) / (y * pow10_128(sx));
  } else if (op == Op::Mod) {
    if (y == 0) return *is_null = true;
    r = x % y;
  }
  if (!ok || !fits_int64(r)) return false;
  *result = int64_t(r);
  return true;
}

}  // namespace clue::plan
