// The syntax tree of one .model file: what the user wrote, with exact places, and nothing
// resolved yet. It owns its data (no ANTLR types survive the parser), so later stages and
// tools (checker, linter, formatter, explain) never depend on the parser's runtime.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/source/source_manager.h"

namespace clue::ast {

struct Name {
  std::string text;
  Span span;
};

enum class ExprKind {
  Int,       // text = digits; unit = "m"/"km" when a distance
  Decimal,   // text = digits with '.'; unit as for Int
  String,    // text = the value, escapes resolved
  Bool,      // text = "true"/"false"
  Null,
  Date,      // text = YYYY-MM-DD
  Month,     // text = YYYY-MM
  DateTime,  // text = YYYY-MM-DDTHH:MM[:SS]
  List,      // args = elements
  Name,      // text = identifier
  Field,     // args[0] = base, text = field name (name_span)
  Call,      // text = function name (name_span), ns = `ns` in ns.f(x), args, distinct = count(distinct x)
  Star,      // '*' argument of count(*)
  Unary,     // op = "-" | "not", args[0]
  Binary,    // op = "+ - * / % == != < <= > >= and or", args[0], args[1]
  In,        // args[0] in args[1]; negated = not in
  Between,   // args[0] between args[1] and args[2]; negated = not between
  IsNull,    // args[0] is null; negated = is not null
  If,        // if args[0] then args[1] else args[2]
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind;
  Span span;
  std::string text;
  std::string op;
  std::string unit;
  std::string ns;
  bool negated = false;  // a call with `order by k desc`: descending
  bool distinct = false;
  // string_agg(x, sep order by k): the call's last argument is the order key `k`.
  bool ordered = false;
  Span name_span;
  std::vector<ExprPtr> args;
};

struct QualifiedName {
  std::vector<Name> parts;
  Span span;
  std::string joined() const;
};

struct TypeRef {
  Name name;
  std::unique_ptr<TypeRef> element;  // list<T>
  Span span;
};

struct MetaEntry {
  Name key;
  std::vector<std::string> values;
  Span value_span;
};

struct ModelDecl {
  Name name;
  std::vector<MetaEntry> entries;
  Span span;
};

struct ImportDecl {
  std::string path;
  Span path_span;
  std::optional<Name> alias;
  Span span;
};

struct FieldOption {
  Name key;
  ExprPtr value;  // null for a flag such as `required`
};

struct FieldDecl {
  Name name;
  TypeRef type;
  bool optional = false;
  std::vector<std::string> headers;  // empty: header is the field name; two for geo
  Span header_span;
  std::vector<FieldOption> options;
  Span span;
};

struct SchemaDecl {
  Name name;
  std::optional<std::string> file_name;
  Span file_span;
  std::vector<FieldDecl> fields;
  Span span;
};

struct ParamDecl {
  Name name;
  TypeRef type;
  ExprPtr default_value;  // may be null: the param must then be given at run time
  Span span;
};

struct ConstDecl {
  Name name;
  std::optional<TypeRef> type;
  ExprPtr value;
  Span span;
};

struct FuncParam {
  Name name;
  TypeRef type;
};

struct FuncDecl {
  Name name;
  std::vector<FuncParam> params;
  std::optional<TypeRef> result;
  ExprPtr body;
  Span span;
};

struct SourceDecl {
  Name name;
  QualifiedName schema;
  bool distinct = false;  // `source t: S distinct`: a row repeated byte for byte is read once
  // `source t: S from "tables/t.csv"`: a file shipped beside the model (a lookup table).
  std::optional<std::string> file;
  Span file_span;
  Span span;
};

// `table T { col: type, ... } rows { (v, ...), ... }`: a lookup table written in the model,
// used like a source (docs/language.md, "Inline tables"). Cells are kept as expressions; the
// checker takes literals, negated numbers and consts.
struct TableColumn {
  Name name;
  TypeRef type;
  bool optional = false;
  Span span;
};
struct TableRow {
  std::vector<ExprPtr> cells;
  Span span;  // from '(' to ')': its line is the row's provenance
};
struct TableDecl {
  Name name;
  std::vector<TableColumn> columns;
  std::vector<TableRow> rows;
  Span rows_span;  // the `rows { ... }` part (where an empty table is reported)
  Span span;
};

enum class JoinKind { Inner, Left, Semi, Anti, Cross };
enum class StepKind { Where, Join, Derive, Group, Having };

struct Derivation {
  Name name;
  ExprPtr value;
};

struct GroupKey {
  ExprPtr value;
  std::optional<Name> alias;
};

struct Step {
  StepKind kind;
  Span span;
  Span keyword_span;
  ExprPtr condition;  // where, having, join's on
  JoinKind join_kind = JoinKind::Inner;
  QualifiedName join_target;
  std::optional<Name> join_alias;
  std::vector<Derivation> derivations;  // derive, and group's compute
  std::vector<GroupKey> group_keys;
};

struct RelationDecl {
  Name name;
  QualifiedName input;
  // `input union b union c`: the further inputs whose rows are appended (UNION ALL).
  std::vector<QualifiedName> union_inputs;
  std::vector<Step> steps;
  Span span;
};

struct OutputColumn {
  ExprPtr value;
  std::optional<Name> alias;
  Span span;
};

struct OrderKey {
  ExprPtr value;
  bool descending = false;
};

struct OutputDecl {
  Name name;
  std::optional<QualifiedName> from;
  std::vector<OutputColumn> columns;
  std::vector<OrderKey> order;
  bool distinct = false;
  Span span;
};

using Decl = std::variant<ModelDecl, ImportDecl, SchemaDecl, ParamDecl, ConstDecl, FuncDecl,
                          SourceDecl, RelationDecl, OutputDecl, TableDecl>;

// `# lint:allow(W0401) reason` in a comment: silences those codes on one line.
struct Suppression {
  std::vector<std::string> codes;
  std::string reason;
  uint32_t target_line = 0;  // the line it applies to
  Span span;                 // the comment itself
};

struct Module {
  FileId file = kNoFile;
  std::vector<Decl> decls;  // in source order
  std::vector<Suppression> suppressions;
  // Declarations left out because a syntax error fell inside them. Their names are known, so
  // later stages stay silent about references to them instead of cascading.
  std::vector<std::string> broken_names;
  bool has_syntax_errors = false;
};

// Names a declaration kind for messages ("source", "param", ...).
const char* decl_kind_name(const Decl& d);
const Name& decl_name(const Decl& d);  // ImportDecl has none: returns an empty name

}  // namespace clue::ast
