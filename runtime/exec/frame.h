// The intermediate result of a relation: for each binding (a source used in the relation), the
// index of the source row behind each result row (-1 where a left join found nothing), plus
// the derived columns computed so far. Joins only produce index vectors; values are read from
// the loaded tables when an expression needs them (late materialisation), and the indexes are
// exactly the provenance of each lead.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/table/table.h"

namespace clue::exec {

// A vector of values of one logical type: the unit the interpreter computes with.
// Fixed-width values share one int64 lane (dates, months, money ×10^4, ID keys, bools);
// geo points use x/y; text uses string views into the tables or into `arena`.
struct Vec {
  enum Lane : uint8_t { I, G, S } lane = I;
  rt::Logical type = rt::Logical::Int;
  bool is_null_type = false;  // the literal null
  int scale = 0;              // 4 for money/decimal: i holds value × 10^4
  std::vector<int64_t> i;
  std::vector<double> x, y;
  std::vector<std::string_view> s;
  std::vector<uint8_t> valid;
  // Owners of computed strings that `s` points into (shared between copies: a deque never
  // moves its elements when it grows, so views stay valid).
  std::vector<std::shared_ptr<std::deque<std::string>>> owners;

  size_t size() const { return valid.size(); }
  void resize(size_t n);
  std::string_view keep(std::string str);  // stores a computed string, returns a stable view
  void append(const Vec& o);               // same type
  void adopt(const Vec& o) { owners.insert(owners.end(), o.owners.begin(), o.owners.end()); }
};

struct Frame {
  std::vector<const rt::Table*> tables;    // per binding; null when the binding is not loaded
  std::vector<std::vector<int64_t>> rows;  // per binding: source row per frame row, -1 = none
  std::vector<Vec> derived;                // per derived column of the relation (full length)
  std::vector<bool> has_derived;
  // After group by: the source rows that formed each group, per binding (provenance).
  std::vector<std::vector<std::vector<int64_t>>> members;
  size_t size = 0;

  // Keeps only the rows whose index is in `keep` (ascending), in every vector.
  void select(const std::vector<uint32_t>& keep);
};

}  // namespace clue::exec
