// Inline tables (`table T { col: type, ... } rows { (v, ...), ... }`, docs/language.md "Inline
// tables"): a lookup table written in the model and used like a source. The checker gives it a
// schema of its own and checks every cell here, at its place in the model, so that the run
// never meets a bad cell: the loader then reads the cells with the same parsers as a CSV file's
// (compiler/session/inline_table.cpp), and a table row's provenance is its line in the model.
#include <map>

#include "compiler/sema/checker.h"
#include "compiler/sema/type_arg.h"
#include "runtime/values/text.h"
#include "runtime/values/unicode_fold.h"

namespace clue {
namespace {

// The types a text literal stands for (they have no literal syntax of their own).
bool text_domain(TypeKind k) {
  return k == TypeKind::IdCard || k == TypeKind::Uscc || k == TypeKind::CaseNo || k == TypeKind::PartyId;
}

// The rule for a param's default (checker.cpp), for one cell: the column's own type, a
// narrower number (an int in a decimal or money column) or a text for a domain type.
bool fits(Type column, const typed::Expr& v) {
  if (v.type == column) return true;
  if (is_numeric(column.kind) && is_numeric(v.type.kind)) return !(column.is(TypeKind::Int) && !v.type.is(TypeKind::Int));
  return v.type.is(TypeKind::Text) && v.kind == typed::ExprKind::Literal && text_domain(column.kind);
}

}  // namespace

bool Checker::table_cell(const ast::TableDecl& d, const typed::Field& col, const ast::Expr& cell, std::string& text) {
  Scope scope;  // file scope: consts are visible, columns are not
  typed::ExprPtr v = check_expr(cell, scope);
  if (v->type.is_error()) return false;
  const bool literal = v->kind == typed::ExprKind::Literal;
  const bool negative = v->kind == typed::ExprKind::Unary && v->op == plan::Op::Neg && v->args.size() == 1 &&
                        v->args[0]->kind == typed::ExprKind::Literal;
  if (!literal && !negative) {
    sink_.report(DiagId::TableCellNotConstant, cell.span, {d.name.text});
    return false;
  }
  // A text cell goes through the loader's text rule (compiler/session/inline_table.cpp reads
  // the cells as a CSV): trimmed, full-width letters and digits folded. The value a join sees
  // is that form, so it is the cell's value here too (for the duplicate check), and a cell it
  // changes is a warning: the author wrote something else.
  std::string stored;
  const bool text_cell = literal && v->literal.kind == typed::LiteralKind::Text && col.type.is(TypeKind::Text);
  if (text_cell) {
    stored = values::normalize_text(values::trim(v->literal.text));
    if (!stored.empty() && stored != v->literal.text) sink_.report(DiagId::TableCellNormalised, cell.span, {d.name.text, stored});
  }
  // null, and "" or only spaces (which a CSV cell cannot tell from null), only where the
  // column says '?'.
  const bool null = v->type.is(TypeKind::Null) ||
                    (literal && v->literal.kind == typed::LiteralKind::Text &&
                     (v->literal.text.empty() || (text_cell && stored.empty())));
  if (null) {
    if (!col.optional) {
      sink_.report(DiagId::TableNullInRequired, cell.span, {col.name, d.name.text});
      return false;
    }
    text.clear();
    return true;
  }
  if (col.type.is_error()) return false;
  if (!fits(col.type, *v)) {
    auto& diag = sink_.report(DiagId::TableCellTypeMismatch, cell.span,
                              {col.name, d.name.text, type_arg(col.type), type_arg(v->type)});
    typed::Expr want;
    want.kind = typed::ExprKind::Param;
    want.type = col.type;
    note_unquoted(diag, *v, want);
    return false;
  }
  // An idcard, uscc, case_no or party_id written as text is read by its type's parser now
  // (E0319 with the parser's reason), and kept in its normal form.
  if (literal && !normalize_domain_literal(*v, col.type)) return false;
  text = negative ? "-" + v->args[0]->literal.text : text_cell ? stored : v->literal.text;
  return true;
}

void Checker::check_table(const ast::TableDecl& d) {
  auto schema = std::make_unique<typed::Schema>();
  schema->name = d.name.text;
  // Never matched by --data-dir (session/inputs.cpp skips tables), but named for messages.
  schema->file_name = d.name.text;
  schema->span = d.name.span;
  bool columns_ok = true;
  for (const auto& c : d.columns) {
    typed::Field f;
    f.name = c.name.text;
    f.span = c.name.span;
    f.optional = c.optional;
    f.headers = {c.name.text};
    auto t = resolve_type(c.type);
    f.type = t.value_or(Type{});
    columns_ok &= t.has_value();
    if (schema->field_index(f.name) >= 0) {
      auto& diag = sink_.report(DiagId::DuplicateDefinition, c.name.span, {f.name});
      diag.notes.push_back({NoteId::FirstDefinedHere, schema->fields[size_t(schema->field_index(f.name))].span, {f.name}});
      columns_ok = false;
      continue;
    }
    if (t && (t->is(TypeKind::List) || t->is(TypeKind::Geo))) {
      sink_.report(DiagId::TableColumnType, c.type.span, {f.name, d.name.text, type_arg(*t)});
      f.type = Type{};
      columns_ok = false;
    }
    schema->fields.push_back(std::move(f));
  }

  typed::Source s;
  s.name = d.name.text;
  s.span = d.name.span;
  s.is_table = true;
  s.table_path = modules_[0].path;
  if (d.rows.empty()) sink_.report(DiagId::EmptyTable, d.rows_span.valid() ? d.rows_span : d.name.span, {d.name.text});
  std::map<std::vector<std::string>, size_t> seen;  // a row's cells → its number (1-based)
  for (size_t r = 0; r < d.rows.size(); ++r) {
    const ast::TableRow& row = d.rows[r];
    if (row.cells.size() != d.columns.size()) {
      sink_.report(DiagId::TableRowArity, row.span,
                   {d.name.text, std::to_string(d.columns.size()), std::to_string(row.cells.size())});
      continue;
    }
    std::vector<std::string> cells(row.cells.size());
    bool ok = columns_ok;
    for (size_t c = 0; c < row.cells.size() && c < schema->fields.size(); ++c)
      ok &= table_cell(d, schema->fields[c], *row.cells[c], cells[c]);
    if (!ok) continue;
    // A repeated row is never what a lookup table means: a join would match it twice.
    auto [at, fresh] = seen.emplace(cells, r + 1);
    if (!fresh) sink_.report(DiagId::TableDuplicateRow, row.span, {d.name.text, std::to_string(at->second)});
    s.table_cells.push_back(std::move(cells));
    s.table_lines.push_back(row.span.line);
  }
  s.schema = schema.get();
  model_->schemas.push_back(std::move(schema));
  typed_index_[&d] = int(model_->sources.size());
  model_->sources.push_back(std::move(s));
}

}  // namespace clue
