// The bytes a loaded table holds (its vectors' sizes): what the memory budget of a run
// (--max-memory, runtime/exec/memory_budget.h) accounts for a table or a piece of one. Sizes,
// not capacities: the loader reserves address space for a whole file's rows in its first
// chunk, which costs no memory until it is written (at 5 M 终本 rows, capacities said 432 MiB
// for about 150 MiB in use).
#pragma once
#include <cstddef>

#include "runtime/table/table.h"

namespace clue::rt {

inline size_t column_bytes(const Column& c) {
  return c.i64.size() * 8 + c.i32.size() * 4 + c.u8.size() + (c.x.size() + c.y.size()) * 8 + c.str.offsets.size() * 8 +
         c.str.codes.size() * 2 + c.str.bytes.size() + c.valid.size();
}

inline size_t table_bytes(const Table& t) {
  size_t n = t.line.size() * 8 + t.offset.size() * 8 + t.part.size() * 2;
  for (const Column& c : t.columns) n += column_bytes(c);
  return n;
}

}  // namespace clue::rt
