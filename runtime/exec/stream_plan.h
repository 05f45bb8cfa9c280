// Which joins stream their probe side (docs/engine.md, "A streamed probe side"), decided
// before any input is loaded, from the physical plan and the inputs' sizes: a source that a
// hash join probes is then never loaded whole; the engine parses it in pieces when the join
// runs, each piece filtered and its keys looked up in the build side's keys, and keeps only
// the rows that can still matter.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"

namespace clue::exec {

struct StreamChoice {
  int join = -1;        // the Join node
  int source = -1;      // the source parsed in pieces
  bool left = false;    // true: the relation's scan (and its where steps) is streamed; false: the joined source
  int scan = -1;        // the streamed source's Scan node
  std::vector<int> filters;  // left: the Filter nodes between the scan and the join, bottom up
};

struct StreamInputs {
  std::vector<uint64_t> rows;     // per source: estimated rows (0: unknown or not read)
  std::vector<bool> streamable;   // per source: one UTF-8/CSV file, not declared distinct, …
  bool always = false;            // stream every join that can (tests: CLUE_STREAM_PIECE_BYTES)
  // Stream a probe source of at least this many estimated rows (0: only with `always`).
  uint64_t min_rows = 0;
};

// The joins whose probe side is streamed, at most one per source, in node order.
std::vector<StreamChoice> plan_streams(const plan::Plan& p, const StreamInputs& in);

// The choice for join node `id`, or null.
const StreamChoice* stream_choice(const std::vector<StreamChoice>& choices, int id);

}  // namespace clue::exec
