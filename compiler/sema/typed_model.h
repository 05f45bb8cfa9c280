// The checked model: every name resolved to what it denotes, every expression typed, user
// functions and constants inlined, joins split into keys and residual conditions. This is
// what the planner consumes; it holds no ANTLR or parse-tree types, only spans for messages.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/types.h"
#include "compiler/source/source_manager.h"
#include "compiler/syntax/ast.h"
#include "runtime/plan/expr.h"

namespace clue::typed {

struct Field {
  std::string name;
  Type type;
  bool optional = false;  // `?`: an empty cell is expected and not reported
  bool required = false;  // `with required`: a row whose value is empty or invalid is rejected
  std::vector<std::string> headers;  // one column, or (longitude, latitude) for geo
  std::string datum;                 // geo only: WGS-84, GCJ-02 or BD-09
  bool allow_wan = false;            // money/decimal: accept 1.2万
  std::vector<std::string> true_words, false_words;  // bool: overrides the defaults
  Span span;
};

struct Schema {
  std::string name;
  std::string file_name;  // the export's file name without extension (defaults to the name)
  std::vector<Field> fields;
  Span span;
  int field_index(const std::string& name) const;
};

// Literals and the kinds of expression are the plan's (runtime/plan/expr.h): the typed model
// and the plan spell an expression the same way, and the planner copies, not translates.
using LiteralKind = plan::LiteralKind;
using Literal = plan::Literal;
using ExprKind = plan::ExprKind;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct Expr {
  ExprKind kind;
  Type type;
  Span span;
  Literal literal;
  int param = -1;
  int binding = -1;
  int field = -1;
  int derived = -1;
  // Operators and builtins are the plan's enums, set once by the checker from the AST's
  // spelling (plan::op_text / plan::fn_name give it back for messages and dumps).
  plan::Fn fn = plan::Fn::None;  // Call, Aggregate
  plan::Op op = plan::Op::Eq;    // Unary, Binary
  bool negated = false;
  std::vector<ExprPtr> args;
};

// A new node with its kind, type and place; the caller fills in the rest.
inline ExprPtr make_expr(ExprKind kind, Type type, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->span = span;
  return e;
}

struct Param {
  std::string name;
  Type type;
  std::optional<Literal> default_value;
  std::vector<Literal> default_list;  // for list params
  bool has_default = false;
  Span span;
};

struct Source {
  std::string name;
  const Schema* schema = nullptr;
  // Declared `distinct`: an export row repeated byte for byte is read once (the repeats are
  // reported as rejects, L0203); otherwise repeats are only counted (docs/running.md).
  bool distinct = false;
  // Declared `from "tables/t.csv"`: the file shipped beside the model that the source reads
  // when --data does not name one (the path joined to the model's folder; "" otherwise).
  std::string shipped_file;
  // An inline table (`table T {...} rows {...}`, docs/language.md "Inline tables"): read from
  // the model, not a file. Each cell as a CSV cell of its column would be written ("" = null),
  // checked and normalised by the checker; the loader parses them with the readers' parsers.
  // Provenance names `table_path` (the model file) and each row's line in it.
  bool is_table = false;
  std::vector<std::vector<std::string>> table_cells;
  std::vector<uint32_t> table_lines;
  std::string table_path;
  Span span;
};

// One use of a source inside a relation (the same source can be joined twice under aliases).
struct Binding {
  std::string alias;
  int source = -1;
  ast::JoinKind how = ast::JoinKind::Inner;
  bool fields_visible = true;  // false after a semi or anti join
  Span span;
  int via = -1;  // came in with a joined relation: its index in Relation::joined
};

struct Derived {
  std::string name;
  Type type;
  Span span;
  int via = -1;         // a column of a joined relation: its index in Relation::joined
  bool hidden = false;  // a joined relation's column after a semi/anti join or a group
};

// A relation joined as a whole (`join g on …` where g is a relation): its bindings and derived
// columns are appended to the joining relation's, in the same order, so the plan's frames of
// the two concatenate (runtime/exec/engine.cpp). `alias.column` names a column of it.
struct JoinedRelation {
  std::string alias;
  int relation = -1;
  int first_binding = 0, binding_count = 0;
  int first_derived = 0, derived_count = 0;
  bool fields_visible = true;  // false after a semi or anti join, and after a group
  ast::JoinKind how = ast::JoinKind::Inner;
  Span span;
};

struct JoinKey {
  ExprPtr left;   // over the relation so far
  ExprPtr right;  // over the joined source
};

struct DistanceCondition {
  ExprPtr left, right;  // geo points
  ExprPtr radius_m;     // constant, metres
  bool inclusive = true;
};

// One input of a union (`a union b`): a relation or a source. Its bindings and derived columns
// are appended to the union's (as a joined relation's are to a join's: the plan's frames of
// the part and the union line up), hidden: only the union's own columns are visible after it.
struct UnionPart {
  int relation = -1;  // a relation...
  int source = -1;    // ...or a source
  int first_binding = 0, binding_count = 0;
  int first_derived = 0, derived_count = 0;
  // The value of each union column (Relation::union_columns) in this part, over the union
  // relation's bindings and derived columns (the part's own, moved to where they were placed).
  std::vector<ExprPtr> columns;
  Span span;
};

enum class StepKind { Where, Join, Derive, Group, Having };
struct Step {
  StepKind kind;
  Span span;
  ExprPtr condition;  // where/having; for joins, the residual condition (may be null)
  // join
  int binding = -1;     // the joined binding (of a joined relation: its first)
  int joined = -1;      // a joined relation: its index in Relation::joined
  ast::JoinKind how = ast::JoinKind::Inner;
  std::vector<JoinKey> keys;
  std::optional<DistanceCondition> distance;
  // derive / group
  std::vector<int> derived;        // indexes of columns this step defines
  std::vector<ExprPtr> values;     // their expressions (group: keys first, then aggregates)
  size_t group_key_count = 0;
};

struct Relation {
  std::string name;
  Span span;
  int input_source = -1;    // starts from a source...
  int input_relation = -1;  // ...or from another relation (its steps come first)
  std::vector<Binding> bindings;
  std::vector<Derived> derived;
  std::vector<JoinedRelation> joined;
  std::vector<Step> steps;
  // A union (`a union b ...`): its parts in order (a row's part decides its provenance), and
  // its columns: derived columns [union_first, union_first + union_count), matched by name.
  std::vector<UnionPart> union_parts;
  int union_first = 0, union_count = 0;
  bool grouped = false;  // after a group step only derived columns are visible
};

struct OutputColumn {
  std::string name;
  ExprPtr value;
  Span span;
};
struct OrderKey {
  ExprPtr value;
  bool descending = false;
};
struct Output {
  std::string name;
  int relation = -1;
  std::vector<OutputColumn> columns;
  std::vector<OrderKey> order;
  bool distinct = false;
  Span span;
};

struct Metadata {
  std::string id;
  std::map<std::string, std::vector<std::string>> entries;  // canonical English key → values
  Span span;
};

struct Model {
  Metadata meta;
  std::vector<std::unique_ptr<Schema>> schemas;
  std::vector<Param> params;
  std::vector<Source> sources;
  std::vector<Relation> relations;
  std::vector<Output> outputs;
};

}  // namespace clue::typed
