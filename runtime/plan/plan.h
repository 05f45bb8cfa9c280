// The plan: a graph of relational operators over *frames* (the layout of a relation: its
// bindings, i.e. the sources it reads, and its derived slots), built from the typed model by
// compiler/plan. The logical plan says what a model means; the passes (compiler/plan/passes)
// annotate it with decisions, each stored in the node it concerns; the physical plan adds how
// each operator runs (a hash join's build side, a grid distance join, ...). The runtime
// executes a physical plan and reports per node id what it did (exec::NodeStats).
//
// Nodes are numbered in the order they are built; a node's inputs always have smaller ids.
// A relation used by another relation and by outputs is one sub-plan with several consumers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/plan/expr.h"

namespace clue::plan {

enum class JoinKind : uint8_t { Inner, Left, Semi, Anti, Cross };
const char* join_kind_name(JoinKind k);  // "inner", "left", ...

struct Field {
  std::string name;
  Type type;
};
struct Source {
  std::string name;       // the model's source name
  std::string schema;     // its schema's name
  std::vector<Field> fields;
  // An inline table (docs/language.md, "Inline tables"): its rows as written in the model,
  // each cell's text as its column's parser reads it ("" = null). Empty for a source read
  // from files. The SQL back end writes them as a VALUES relation.
  bool inline_table = false;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint64_t> row_lines;  // each row's line in the model file (its provenance)
  std::string file;                 // the model file's name, as provenance shows it
};
struct Param {
  std::string name;
  Type type;
};
// One use of a source in a relation (a source joined twice has two bindings).
struct Binding {
  std::string alias;
  int source = -1;
  JoinKind how = JoinKind::Inner;  // how it was joined (the first binding: Inner)
  int via = -1;                    // came with a joined relation (Node::right_layout): not scanned here
};
struct Slot {
  std::string name;
  Type type;
};
// The frame layout of one relation. A relation built on another starts with that relation's
// bindings and slots (same numbers), and adds its own after them.
struct Layout {
  std::string relation;
  std::vector<Binding> bindings;
  std::vector<Slot> derived;
};

enum class NodeKind : uint8_t {
  Scan,       // the rows of one binding's source
  Filter,     // where / having
  Join,       // inputs: the relation so far, the joined binding's Scan
  Derive,     // computed slots
  Aggregate,  // group by keys, compute aggregates (having is a Filter after it)
  Project,    // an output's value columns and provenance bindings
  Sort,       // the output's order keys, then every value column, then provenance
  Distinct,   // drops rows whose value columns repeat an earlier row's
  Output,     // names the result (one file per output)
  Union,      // the rows of each input in turn (UNION ALL), its columns matched by name
};
const char* node_kind_name(NodeKind k);

// Physical choices (set by the physical planner; Unplanned in a logical plan).
enum class JoinAlgo : uint8_t { Unplanned, Hash, Grid, NestedLoop };
enum class BuildSide : uint8_t {
  Right,    // the joined source is hashed, the relation probes (left, semi and anti joins)
  Left,     // the relation is hashed, the joined source probes
  Smaller,  // inner joins: whichever side has fewer rows when the join runs
};
// When the filters found pushable are applied to the joined source before it is hashed.
enum class PushPolicy : uint8_t {
  Always,
  // Not in an inner hash join whose relation has no more rows than the joined source (then the
  // relation is the build side whatever the filters leave; after the join they see only pairs).
  UnlessProbed,
};

struct JoinKey {
  ExprPtr left;   // over the relation so far
  ExprPtr right;  // over the joined binding
};
struct Distance {
  ExprPtr left, right;  // geo points over the relation / the joined binding
  ExprPtr radius_m;     // constant, metres
  bool inclusive = true;
};
struct OutColumn {
  std::string name;
  ExprPtr value;
};
struct SortKey {
  ExprPtr value;
  bool descending = false;
};

struct Node {
  int id = -1;
  NodeKind kind = NodeKind::Scan;
  int layout = -1;          // the frame layout its result has
  std::vector<int> inputs;  // node ids
  Loc loc;                  // the model text it comes from
  std::string relation;     // the relation it belongs to ("" for output nodes)

  // Scan: the binding (of `layout`) and its source; the fields read, and among them those
  // parsed late (only printed: parsed for the rows that reach the output). Set by the
  // column-pruning pass; without it (empty vectors) every field is read at load.
  int binding = -1;
  int source = -1;
  std::vector<bool> fields, late;

  // Filter: the condition (`having` when after a group). Physical, for a filter and for a
  // join's residual: `condition is null`, which the engine runs when the condition dropped rows
  // to count those dropped for a missing value (exec::NodeStats::null_dropped). It is in the
  // plan, not made by the engine, so that the JIT compiles it with the rest and every
  // expression the JIT caches lives as long as the plan.
  ExprPtr condition;
  bool having = false;
  ExprPtr null_check;

  // Join (binding: the joined one). `condition` holds the whole `on` until the join-key pass
  // splits it into keys, a distance condition and the residual (what stays in `condition`).
  JoinKind how = JoinKind::Inner;
  std::vector<JoinKey> keys;
  std::optional<Distance> distance;
  // Conjuncts of the residual and (inner joins) of the where steps right after it that read
  // only the joined binding: the push-down pass copies them here, and the join applies them to
  // the joined source before hashing it (they stay where they were too, which is cheap and
  // keeps the meaning plain).
  std::vector<ExprPtr> pushed;
  std::vector<ExprPtr> pushed_null_checks;  // physical: `p is null` for each pushed filter p
  PushPolicy push = PushPolicy::UnlessProbed;
  BuildSide build = BuildSide::Right;  // set by the build-side pass
  JoinAlgo algo = JoinAlgo::Unplanned;
  // A relation joined by name (`join g on …`, g a relation): inputs[1] is that relation's last
  // node, whose frame (in its own layout, `right_layout`) becomes bindings [binding, binding +
  // binding_count) and slots [slot_first, slot_first + slot_count) of this layout; `alias` is
  // g. For a source: right_layout -1, one binding, no slots.
  int right_layout = -1;
  int binding_count = 1;
  int slot_first = 0, slot_count = 0;
  std::string alias;
  // Physical: the single int64 key is a plain column of the joined source, read in place
  // when nothing is pushed down and the column is loaded (no key vector, no row index).
  bool key_in_place = false;

  // Derive / Aggregate: the slots defined and their expressions (Aggregate: keys first).
  std::vector<int> slots;
  std::vector<ExprPtr> values;
  size_t key_count = 0;

  // Union: one input per part, in order. Part k's frame is placed at bindings
  // [parts[k].first_binding, + binding_count) and slots [slot_first, + slot_count) of this
  // layout (a relation's last node, in its own layout `right_layout`; a source: a Scan in this
  // layout, right_layout -1); then the union's columns (`slots`) are computed on it from
  // values[k * slots.size() + c], and the parts' rows are appended one after the other.
  struct UnionPart {
    int first_binding = 0, binding_count = 0;
    int slot_first = 0, slot_count = 0;
    int right_layout = -1;
  };
  std::vector<UnionPart> parts;

  // Project / Sort / Distinct / Output.
  std::string name;                // the output's name
  std::vector<OutColumn> columns;  // Project
  std::vector<int> provenance;     // Project: bindings whose rows are shown as file:line
  std::vector<SortKey> order;      // Sort
};

struct Plan {
  bool physical = false;
  std::vector<Source> sources;
  std::vector<Param> params;
  std::vector<Layout> layouts;
  std::vector<Node> nodes;            // index = id
  std::vector<int> outputs;           // Output node ids, in the model's order
  std::vector<std::string> passes;    // the passes run, in order
};

Plan clone(const Plan& p);
// The Scan node ids below `node` (through every input), in id order.
std::vector<int> scans_below(const Plan& p, int node);
// How many nodes read each node's result (Output nodes: 0).
std::vector<int> consumer_counts(const Plan& p);
// True when `n` joins a relation (not a source).
inline bool joins_relation(const Node& n) { return n.kind == NodeKind::Join && n.right_layout >= 0; }
// True when `e` reads only the joined side of join `n`: its bindings and (a relation) its slots.
bool reads_only_joined(const Node& n, const Expr& e);
// Per source: the union of its scans' fields read / parsed late (a field is late only if
// every scan that reads it reads it late). Sources no output reads: all false.
std::vector<std::vector<bool>> fields_read(const Plan& p);
std::vector<std::vector<bool>> fields_late(const Plan& p);
std::vector<bool> sources_read(const Plan& p);

}  // namespace clue::plan
