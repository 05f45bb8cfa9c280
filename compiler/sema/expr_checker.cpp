// Typing of expressions: name lookup in the relation's scope, literal coercion, operator and
// function signatures. An expression with an error gets the Error type, which every rule
// accepts silently, so one mistake yields one diagnostic.
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "compiler/sema/builtins.h"
#include "compiler/sema/checker.h"
#include "compiler/sema/type_arg.h"
#include "compiler/syntax/limits.h"
#include "runtime/plan/arith.h"
#include "runtime/values/case_no.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/idcard.h"
#include "runtime/values/integer.h"
#include "runtime/values/party_id.h"
#include "runtime/values/uscc.h"

namespace clue {
namespace {
using K = TypeKind;

using typed::make_expr;

struct TreeSize {
  size_t nodes = 0, depth = 0;
};
TreeSize tree_size(const typed::Expr& root) {
  TreeSize t;
  std::vector<std::pair<const typed::Expr*, size_t>> todo{{&root, 1}};
  while (!todo.empty()) {
    auto [e, d] = todo.back();
    todo.pop_back();
    ++t.nodes;
    t.depth = std::max(t.depth, d);
    for (const auto& a : e->args) todo.push_back({a.get(), d + 1});
  }
  return t;
}
// Without recursion: a tree refused for its depth is too deep for unique_ptr's destructor.
void dismantle(typed::ExprPtr root) {
  std::vector<typed::ExprPtr> todo;
  todo.push_back(std::move(root));
  while (!todo.empty()) {
    typed::ExprPtr e = std::move(todo.back());
    todo.pop_back();
    if (e)
      for (auto& a : e->args) todo.push_back(std::move(a));
  }
}

bool is_text_literal(const typed::Expr& e) {
  return e.kind == typed::ExprKind::Literal && e.literal.kind == typed::LiteralKind::Text;
}

// The types a text literal may stand for: they have no literal syntax of their own.
bool is_text_domain(Type t) { return t.is(K::IdCard) || t.is(K::Uscc) || t.is(K::CaseNo) || t.is(K::PartyId); }

// A text literal read by the parser of `t` (idcard, uscc, case_no), as the loader reads a cell
// of such a column: its normal form, or why it is not a value of `t`.
struct DomainLiteral {
  bool ok = false;
  bool empty = false;  // only whitespace: the parser's null
  std::string canonical;
  values::ValueError error = values::ValueError::None;
};
DomainLiteral read_domain_literal(std::string_view text, Type t) {
  DomainLiteral out;
  auto take = [&](const auto& p, auto&& spell) {
    if (p.ok()) {
      out.ok = true;
      out.canonical = spell(p.value());
    } else if (p.is_null()) {
      out.empty = true;
    } else {
      out.error = p.error();
    }
  };
  if (t.is(K::IdCard)) take(values::parse_idcard(text), [](values::IdCard v) { return values::to_string(v); });
  else if (t.is(K::Uscc)) take(values::parse_uscc(text), [](const values::Uscc& v) { return values::to_string(v); });
  else if (t.is(K::CaseNo)) take(values::parse_case_no(text), [](const values::CaseNo& v) { return values::canonical(v); });
  else if (t.is(K::PartyId)) take(values::parse_party_id(text), [](const values::PartyId& v) { return values::to_string(v); });
  return out;
}

// How a text literal that means a value of `t` (a date, month, datetime or number) is written
// as a literal of that type, when it parses as one: for the note on E0301 / E0308.
std::optional<std::string> unquoted_spelling(std::string_view text, Type t) {
  switch (t.kind) {
    case K::Date:
      if (auto p = values::parse_date(text); p.ok()) return values::date_to_string(p.value());
      break;
    case K::Month:
      if (auto p = values::parse_month(text); p.ok()) return values::month_to_string(p.value());
      break;
    case K::DateTime:
      if (auto p = values::parse_datetime(text); p.ok()) {
        std::string s = values::datetime_to_string(p.value());
        if (auto sp = s.find(' '); sp != std::string::npos) s[sp] = 'T';
        return s;
      }
      break;
    case K::Int:
      if (auto p = values::parse_int(text); p.ok()) return std::to_string(p.value());
      break;
    case K::Decimal: case K::Money:
      if (auto p = values::parse_decimal(text); p.ok()) {
        std::string s = values::to_string(p.value(), 4);
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
        return s;
      }
      break;
    case K::Bool: {
      // == "否" on a bool column: the words a spreadsheet shows are not the bool's literals.
      static const std::set<std::string_view> kTrue = {"是", "真", "true", "True", "TRUE", "Y", "y", "yes", "1", "对"};
      static const std::set<std::string_view> kFalse = {"否", "假", "false", "False", "FALSE", "N", "n", "no", "0", "错"};
      if (kTrue.count(text)) return bilingual("true (or 真)", "true（或 真）");
      if (kFalse.count(text)) return bilingual("false (or 假)", "false（或 假）");
      break;
    }
    default: break;
  }
  return std::nullopt;
}

// The operator the AST spells: the parser writes the language's spellings ("<>" arrives as
// "!="), so nothing else is expected; anything else could only come from a tree the parser
// recovered after reporting a syntax error.
std::optional<plan::Op> op_of(const ast::Expr& e) {
  return plan::op_from_text(e.op, e.kind == ast::ExprKind::Unary);
}
}  // namespace

typed::ExprPtr Checker::clone(const typed::Expr& e) {
  auto c = std::make_unique<typed::Expr>();
  c->kind = e.kind;
  c->type = e.type;
  c->span = e.span;
  c->literal = e.literal;
  c->param = e.param;
  c->binding = e.binding;
  c->field = e.field;
  c->derived = e.derived;
  c->fn = e.fn;
  c->op = e.op;
  c->negated = e.negated;
  for (const auto& a : e.args) c->args.push_back(clone(*a));
  return c;
}

bool Checker::normalize_domain_literal(typed::Expr& lit, Type domain) {
  if (!is_text_literal(lit) || !is_text_domain(domain)) return true;
  DomainLiteral r = read_domain_literal(lit.literal.text, domain);
  if (r.ok) {
    // The literal is compared in its normal form: the engines read it with the same parser,
    // and a uscc (kept as its canonical text) is compared byte for byte.
    lit.literal.text = std::move(r.canonical);
    return true;
  }
  // A literal inside a function is checked at each call: report it once.
  for (const auto& d : sink_.all())
    if (d.id == DiagId::InvalidDomainLiteral && d.span.file == lit.span.file && d.span.line == lit.span.line &&
        d.span.col == lit.span.col && d.span.end_col == lit.span.end_col)
      return false;
  std::string reason;
  if (r.empty) {
    reason = bilingual("it is empty; a missing value is found with 'is null'", "取值为空；查找缺失值请写 is null");
  } else {
    const std::string code = values::code(r.error);
    reason = bilingual(std::string(values::message_en(r.error)) + " (" + code + ")",
                       std::string(values::message_zh(r.error)) + "（" + code + "）");
  }
  auto& d = sink_.report(DiagId::InvalidDomainLiteral, lit.span, {lit.literal.text, type_arg(domain), reason});
  if (!r.empty) d.data_code = values::registry_code(r.error);
  return false;
}

void Checker::note_unquoted(Diagnostic& d, const typed::Expr& a, const typed::Expr& b) {
  for (const auto& [lit, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    if (!is_text_literal(*lit)) continue;
    if (auto s = unquoted_spelling(lit->literal.text, other->type)) {
      // Pointing at the literal, unless the diagnostic already does.
      const Span& at = lit->span;
      bool same = at.file == d.span.file && at.line == d.span.line && at.col == d.span.col &&
                  at.end_line == d.span.end_line && at.end_col == d.span.end_col;
      d.notes.push_back({NoteId::WriteWithoutQuotes, same ? Span{} : at, {type_arg(other->type), *s}});
      return;
    }
  }
}

typed::ExprPtr Checker::error_expr(Span span) { return make_expr(typed::ExprKind::Literal, Type{}, span); }

typed::ExprPtr Checker::check_condition(const ast::Expr& e, Scope& scope) {
  auto t = check_expr(e, scope);
  if (!t->type.is_error() && !t->type.is(K::Bool) && !t->type.is(K::Null))
    sink_.report(DiagId::ConditionNotBool, e.span, {type_arg(t->type)});
  return t;
}

typed::ExprPtr Checker::literal_expr(const ast::Expr& e) {
  typed::LiteralKind lk = typed::LiteralKind::Null;
  Type t = Type::of(K::Null);
  std::string text = e.text;
  switch (e.kind) {
    case ast::ExprKind::Int: lk = typed::LiteralKind::Int; t = Type::of(K::Int); break;
    case ast::ExprKind::Decimal: lk = typed::LiteralKind::Decimal; t = Type::of(K::Decimal); break;
    case ast::ExprKind::String: lk = typed::LiteralKind::Text; t = Type::of(K::Text); break;
    case ast::ExprKind::Bool: lk = typed::LiteralKind::Bool; t = Type::of(K::Bool); break;
    case ast::ExprKind::Date: lk = typed::LiteralKind::Date; t = Type::of(K::Date); break;
    case ast::ExprKind::Month: lk = typed::LiteralKind::Month; t = Type::of(K::Month); break;
    case ast::ExprKind::DateTime: lk = typed::LiteralKind::DateTime; t = Type::of(K::DateTime); break;
    default: break;
  }
  // A distance: the value is kept in metres.
  if (e.unit == "km") {
    lk = typed::LiteralKind::Decimal;
    t = Type::of(K::Decimal);
    // Multiply by 1000 exactly in decimal text.
    std::string intpart = text, frac;
    if (auto dot = text.find('.'); dot != std::string::npos) {
      intpart = text.substr(0, dot);
      frac = text.substr(dot + 1);
    }
    while (frac.size() < 3) frac += '0';
    text = intpart + frac.substr(0, 3) + (frac.size() > 3 ? "." + frac.substr(3) : "");
    while (text.size() > 1 && text[0] == '0') text.erase(0, 1);
  }
  auto out = make_expr(typed::ExprKind::Literal, t, e.span);
  out->literal = {lk, text};
  return out;
}

void Checker::note_declared_type(Diagnostic& d, const typed::Relation& rel, const typed::Expr& e) {
  // Point at where a column's type was declared, so the user sees why it has that type.
  if (e.kind != typed::ExprKind::Column) return;
  const auto& b = rel.bindings[size_t(e.binding)];
  if (b.source < 0 || !model_->sources[size_t(b.source)].schema) return;
  const auto& f = model_->sources[size_t(b.source)].schema->fields[size_t(e.field)];
  d.notes.push_back({NoteId::DeclaredAsType, f.span, {f.name, type_arg(f.type)}});
}

std::vector<std::string> Checker::visible_names(Scope& scope) {
  std::vector<std::string> names;
  if (scope.relation) {
    for (const auto& dv : scope.relation->derived) names.push_back(dv.name);
    for (const auto& b : scope.relation->bindings) {
      names.push_back(b.alias);
      if (!b.fields_visible || b.source < 0 || !model_->sources[size_t(b.source)].schema) continue;
      for (const auto& f : model_->sources[size_t(b.source)].schema->fields) names.push_back(f.name);
    }
  }
  for (const auto& [n, sym] : scopes_[size_t(scope.module)])
    if (sym.kind == Symbol::Param || sym.kind == Symbol::Const) names.push_back(n);
  for (const auto& [n, v] : scope.func_args) names.push_back(n);
  return names;
}

typed::ExprPtr Checker::column_ref(Scope& scope, int binding, int field, Span span, Span name_span) {
  const typed::Binding& b = scope.relation->bindings[size_t(binding)];
  const typed::Field& f = model_->sources[size_t(b.source)].schema->fields[size_t(field)];
  note_ref(name_span.valid() ? name_span : span, f.span);
  auto e = make_expr(typed::ExprKind::Column, f.type, span);
  e->binding = binding;
  e->field = field;
  return e;
}

typed::ExprPtr Checker::check_name(const ast::Expr& e, Scope& scope) {
  const std::string& n = e.text;
  // 1. parameters of the user function being inlined
  for (auto it = scope.func_args.rbegin(); it != scope.func_args.rend(); ++it)
    if (it->first == n) {
      // Each use of a parameter is a copy of the argument: counted before it is made.
      const TreeSize arg = tree_size(*it->second);
      if (!within_expansion_limits(arg.nodes, arg.depth)) return error_expr(e.span);
      auto c = clone(*it->second);
      c->span = e.span;
      return c;
    }
  // 2. columns of the relation: derived columns, then fields of the joined sources
  if (scope.relation) {
    typed::Relation& rel = *scope.relation;
    // The relation's own columns first (they have no qualifier to write); a joined relation's
    // column by its bare name only when no own column has it, and when one joined relation
    // alone has it (else E0209: write g.name).
    auto visible = [&](size_t i) { return rel.derived[i].name == n && !rel.derived[i].hidden; };
    for (size_t i = rel.derived.size(); i-- > 0;)
      if (visible(i) && rel.derived[i].via < 0) return derived_ref(scope, int(i), e.span);
    for (size_t i = rel.derived.size(); i-- > 0;) {
      if (!visible(i)) continue;
      std::string list = rel.joined[size_t(rel.derived[i].via)].alias;
      bool ambiguous = false;
      for (size_t j = i; j-- > 0;)
        if (visible(j) && rel.derived[j].via != rel.derived[i].via) {
          list += ", " + rel.joined[size_t(rel.derived[j].via)].alias;
          ambiguous = true;
        }
      if (ambiguous) {
        sink_.report(DiagId::AmbiguousField, e.span, {n, list});
        return error_expr(e.span);
      }
      return derived_ref(scope, int(i), e.span);
    }
    int found_b = -1, found_f = -1;
    std::vector<std::string> owners;
    for (size_t b = 0; b < rel.bindings.size(); ++b) {
      const auto& bind = rel.bindings[b];
      if (!bind.fields_visible || bind.source < 0 || !model_->sources[size_t(bind.source)].schema) continue;
      int f = model_->sources[size_t(bind.source)].schema->field_index(n);
      if (f < 0) continue;
      if (found_b < 0) { found_b = int(b); found_f = f; }
      owners.push_back(bind.alias);
    }
    if (owners.size() > 1) {
      std::string list;
      for (size_t i = 0; i < owners.size(); ++i) list += (i ? ", " : "") + owners[i];
      sink_.report(DiagId::AmbiguousField, e.span, {n, list});
      return error_expr(e.span);
    }
    if (found_b >= 0) return column_ref(scope, found_b, found_f, e.span);
  }
  // 3. params and constants at file scope
  if (const Symbol* sym = lookup_global(n, scope.module)) {
    if (sym->kind == Symbol::Param) {
      mark_used(*sym, e.span);
      // Params are checked in order, so a param's default that names itself or a later param
      // finds no typed param yet (fuzz_frontend found the out-of-bounds read). A default must
      // be a constant anyway: the same E0316 as for an earlier param, once.
      if (size_t(index_of(*sym)) >= model_->params.size()) {
        sink_.report(DiagId::NotConstant, e.span, {bilingual("a param's default", "参数的默认值")});
        return error_expr(e.span);
      }
      const typed::Param& p = model_->params[size_t(index_of(*sym))];
      auto out = make_expr(typed::ExprKind::Param, p.type, e.span);
      out->param = index_of(*sym);
      return out;
    }
    if (sym->kind == Symbol::Const) {
      mark_used(*sym, e.span);
      const auto* c = static_cast<const ast::ConstDecl*>(sym->decl);
      if (!inlining_.insert(c).second) {
        sink_.report(DiagId::RelationCycle, c->name.span, {c->name.text, bilingual("const", "常量")});
        return error_expr(e.span);
      }
      Scope inner;
      inner.module = sym->module;
      auto v = c->value ? check_expr(*c->value, inner) : error_expr(e.span);
      inlining_.erase(c);
      if (c->type) {
        auto t = resolve_type(*c->type);
        if (t && !v->type.is_error() && !(v->type == *t) &&
            !(is_numeric(t->kind) && is_numeric(v->type.kind)))
          sink_.report(DiagId::ValueTypeMismatch, c->value->span, {c->name.text, type_arg(*t), type_arg(v->type)});
      }
      v->span = e.span;
      return v;
    }
    if (sym->kind == Symbol::Source && scope.relation) {
      sink_.report(DiagId::SourceNotInRelation, e.span, {n});
      return error_expr(e.span);
    }
    const char* kinds[] = {"schema", "param", "const", "func", "source", "relation", "output", "namespace"};
    sink_.report(DiagId::NotARelation, e.span, {n, kinds[sym->kind]});
    return error_expr(e.span);
  }
  if (poisoned(n)) return error_expr(e.span);
  if (scope.relation && scope.relation->grouped) {
    for (const auto& b : scope.relation->bindings) {
      if (b.source >= 0 && model_->sources[size_t(b.source)].schema &&
          model_->sources[size_t(b.source)].schema->field_index(n) >= 0) {
        sink_.report(DiagId::FieldsAfterGroup, e.span, {b.alias});
        return error_expr(e.span);
      }
    }
  }
  auto& d = sink_.report(DiagId::UnknownName, e.span, {n});
  if (auto s = closest_match(n, visible_names(scope))) d.notes.push_back({NoteId::DidYouMean, {}, {*s}});
  return error_expr(e.span);
}

typed::ExprPtr Checker::derived_ref(Scope& scope, int i, Span span) {
  typed::Relation& rel = *scope.relation;
  usage_.derived[{scope.relation_index, i}]++;
  const typed::Derived& d = rel.derived[size_t(i)];
  note_ref(span, d.span);  // for the editor's definition and references (clue lsp)
  // A joined relation's column is a use of that relation's column too (W0203).
  if (d.via >= 0) {
    const typed::JoinedRelation& jr = rel.joined[size_t(d.via)];
    usage_.derived[{jr.relation, i - jr.first_derived}]++;
  }
  auto x = make_expr(typed::ExprKind::Derived, d.type, span);
  x->derived = i;
  return x;
}

// `g.name` where g is a relation joined by name: one of its derived columns (group keys,
// computed and derived columns), else a field of one of its sources.
typed::ExprPtr Checker::joined_column(const ast::Expr& e, Scope& scope, int j) {
  typed::Relation& rel = *scope.relation;
  const typed::JoinedRelation& jr = rel.joined[size_t(j)];
  if (!jr.fields_visible) {
    if (rel.grouped)
      sink_.report(DiagId::FieldsAfterGroup, e.span, {jr.alias});
    else
      sink_.report(DiagId::FieldsOfSemiJoin, e.span,
                   {jr.alias, jr.how == ast::JoinKind::Semi ? bilingual("semi join", "存在关联") : bilingual("anti join", "不存在关联")});
    return error_expr(e.span);
  }
  for (int d = jr.first_derived + jr.derived_count; d-- > jr.first_derived;)
    if (rel.derived[size_t(d)].name == e.text) return derived_ref(scope, d, e.span);
  int found_b = -1, found_f = -1;
  std::vector<std::string> owners;
  std::vector<std::string> names;
  for (int b = jr.first_binding; b < jr.first_binding + jr.binding_count; ++b) {
    const auto& bind = rel.bindings[size_t(b)];
    if (!bind.fields_visible || bind.source < 0 || !model_->sources[size_t(bind.source)].schema) continue;
    const typed::Schema& sch = *model_->sources[size_t(bind.source)].schema;
    for (const auto& f : sch.fields) names.push_back(f.name);
    int f = sch.field_index(e.text);
    if (f < 0) continue;
    if (found_b < 0) {
      found_b = b;
      found_f = f;
    }
    owners.push_back(bind.alias);
  }
  if (owners.size() > 1) {
    std::string list;
    for (size_t i = 0; i < owners.size(); ++i) list += (i ? ", " : "") + owners[i];
    sink_.report(DiagId::AmbiguousField, e.span, {e.text, list});
    return error_expr(e.span);
  }
  if (found_b >= 0) return column_ref(scope, found_b, found_f, e.span);
  for (int d = jr.first_derived; d < jr.first_derived + jr.derived_count; ++d) names.push_back(rel.derived[size_t(d)].name);
  auto& diag = sink_.report(DiagId::UnknownField, e.name_span, {e.text, jr.alias});
  if (auto sug = closest_match(e.text, names)) diag.notes.push_back({NoteId::DidYouMean, {}, {*sug}});
  return error_expr(e.span);
}

typed::ExprPtr Checker::check_field(const ast::Expr& e, Scope& scope) {
  const ast::Expr& base = *e.args[0];
  // g.zb.field: a field of source zb inside the joined relation g (its binding is "g.zb").
  if (scope.relation && base.kind == ast::ExprKind::Field && base.args[0]->kind == ast::ExprKind::Name) {
    typed::Relation& rel = *scope.relation;
    const std::string inner = base.args[0]->text + "." + base.text;
    for (size_t b = 0; b < rel.bindings.size(); ++b) {
      const auto& bind = rel.bindings[b];
      if (bind.alias != inner || bind.via < 0) continue;
      if (!bind.fields_visible) {
        if (rel.grouped)
          sink_.report(DiagId::FieldsAfterGroup, e.span, {bind.alias});
        else
          sink_.report(DiagId::FieldsOfSemiJoin, e.span,
                       {bind.alias, bind.how == ast::JoinKind::Semi ? bilingual("semi join", "存在关联") : bilingual("anti join", "不存在关联")});
        return error_expr(e.span);
      }
      if (bind.source < 0 || !model_->sources[size_t(bind.source)].schema) return error_expr(e.span);
      const typed::Schema& sch = *model_->sources[size_t(bind.source)].schema;
      int f = sch.field_index(e.text);
      if (f < 0) {
        auto& d = sink_.report(DiagId::UnknownField, e.name_span, {e.text, bind.alias});
        std::vector<std::string> names;
        for (const auto& fld : sch.fields) names.push_back(fld.name);
        if (auto sug = closest_match(e.text, names)) d.notes.push_back({NoteId::DidYouMean, {}, {*sug}});
        return error_expr(e.span);
      }
      return column_ref(scope, int(b), f, e.span);
    }
  }
  if (base.kind == ast::ExprKind::Name) {
    // alias.field
    if (scope.relation) {
      typed::Relation& rel = *scope.relation;
      for (size_t j = rel.joined.size(); j-- > 0;)
        if (rel.joined[j].alias == base.text) return joined_column(e, scope, int(j));
      for (size_t b = 0; b < rel.bindings.size(); ++b) {
        const auto& bind = rel.bindings[b];
        if (bind.alias != base.text) continue;
        if (bind.source < 0 || !model_->sources[size_t(bind.source)].schema) return error_expr(e.span);
        const typed::Schema& s = *model_->sources[size_t(bind.source)].schema;
        if (!bind.fields_visible) {
          if (scope.relation->grouped)
            sink_.report(DiagId::FieldsAfterGroup, e.span, {bind.alias});
          else
            sink_.report(DiagId::FieldsOfSemiJoin, e.span,
                         {bind.alias, bind.how == ast::JoinKind::Semi ? bilingual("semi join", "存在关联") : bilingual("anti join", "不存在关联")});
          return error_expr(e.span);
        }
        int f = s.field_index(e.text);
        if (f < 0) {
          auto& d = sink_.report(DiagId::UnknownField, e.name_span, {e.text, bind.alias});
          std::vector<std::string> names;
          for (const auto& fld : s.fields) names.push_back(fld.name);
          if (auto sug = closest_match(e.text, names)) d.notes.push_back({NoteId::DidYouMean, {}, {*sug}});
          d.notes.push_back({NoteId::DeclaredHere, s.span, {s.name}});
          return error_expr(e.span);
        }
        // The alias names the source itself unless the join gave it one (`join s as a`).
        const typed::Source& src = model_->sources[size_t(bind.source)];
        note_ref(base.span, src.name == bind.alias ? src.span : bind.span);
        return column_ref(scope, int(b), f, e.span, e.name_span);
      }
    }
    // namespace.name (import "x" as ns)
    auto ns = namespaces_[size_t(scope.module)].find(base.text);
    if (ns != namespaces_[size_t(scope.module)].end()) {
      if (scope.module == 0) {
        size_t pos = 0;
        for (const auto& decl : modules_[0].ast.decls)
          if (const auto* imp = std::get_if<ast::ImportDecl>(&decl)) {
            if (imp->alias && imp->alias->text == base.text) usage_.imports[{0, pos}]++;
            ++pos;
          }
      }
      Scope inner = scope;
      inner.module = ns->second;
      inner.relation = nullptr;
      ast::Expr name_expr;
      name_expr.kind = ast::ExprKind::Name;
      name_expr.text = e.text;
      name_expr.span = e.span;
      return check_name(name_expr, inner);
    }
    if (const Symbol* sym = lookup_global(base.text, scope.module); sym && sym->kind == Symbol::Source) {
      sink_.report(DiagId::SourceNotInRelation, base.span, {base.text});
      return error_expr(e.span);
    }
    if (poisoned(base.text)) return error_expr(e.span);
    auto& d = sink_.report(DiagId::UnknownName, base.span, {base.text});
    if (auto s = closest_match(base.text, visible_names(scope))) d.notes.push_back({NoteId::DidYouMean, {}, {*s}});
    return error_expr(e.span);
  }
  auto inner = check_expr(base, scope);
  if (!inner->type.is_error())
    sink_.report(DiagId::OperatorTypeMismatch, e.name_span, {".", type_arg(inner->type)});
  return error_expr(e.span);
}

bool Checker::comparable(const typed::Expr& a, const typed::Expr& b) {
  Type x = a.type, y = b.type;
  if (x.is_error() || y.is_error() || x.is(K::Null) || y.is(K::Null)) return true;
  if (x == y) return true;
  if (is_numeric(x.kind) && is_numeric(y.kind)) return true;
  // A text literal may stand for a value of a domain type; the engine parses it once.
  auto literal_fits = [](const typed::Expr& lit, Type other) {
    return is_text_literal(lit) && is_text_domain(other);
  };
  if (literal_fits(a, y) || literal_fits(b, x)) return true;
  // A party ID against a person's ID or an organisation's code: only that kind can be equal.
  auto party_vs = [](Type p, Type o) { return p.is(K::PartyId) && (o.is(K::IdCard) || o.is(K::Uscc)); };
  if (party_vs(x, y) || party_vs(y, x)) return true;
  // A date literal against a datetime column means midnight of that day.
  if ((x.is(K::Date) && y.is(K::DateTime)) || (x.is(K::DateTime) && y.is(K::Date))) return true;
  return false;
}

typed::ExprPtr Checker::check_comparison(const ast::Expr& e, plan::Op op, typed::ExprPtr l, typed::ExprPtr r) {
  if (!comparable(*l, *r)) {
    auto& d = sink_.report(DiagId::CompareTypeMismatch, e.span, {type_arg(l->type), type_arg(r->type)});
    note_unquoted(d, *l, *r);
    auto date_like = [](Type t) { return t.is(K::Date) || t.is(K::DateTime); };
    if ((l->type.is(K::Month) && date_like(r->type)) || (date_like(l->type) && r->type.is(K::Month)))
      d.notes.push_back({NoteId::UseToMonth, {}, {}});
    if (scope_relation_for_notes_)
      for (const auto* side : {l.get(), r.get()}) note_declared_type(d, *scope_relation_for_notes_, *side);
  } else {
    normalize_domain_literal(*l, r->type);
    normalize_domain_literal(*r, l->type);
    // A text literal standing for an idcard or uscc is ordered as one: not at all.
    Type t = is_text_literal(*l) && is_text_domain(r->type) ? r->type : l->type;
    if (op != plan::Op::Eq && op != plan::Op::Ne && !l->type.is_error() && !r->type.is_error() &&
        !l->type.is(K::Null) && !r->type.is(K::Null) && !is_orderable(t.kind))
      sink_.report(DiagId::OperatorTypeMismatch, e.span, {plan::op_text(op), type_arg(t)});
  }
  auto out = make_expr(typed::ExprKind::Binary, Type::of(K::Bool), e.span);
  out->op = op;
  out->args.push_back(std::move(l));
  out->args.push_back(std::move(r));
  return out;
}

namespace {
// The value of a constant number — literals, unary minus and + - * / % of constants — with
// its scale (4 for money and decimals), computed as the engines compute it (exact_arith), so
// that a constant that overflows is E0120 here rather than E0560 on every row of a run.
struct ConstNumber {
  int64_t value;
  int scale;
};
int scale_of_type(const Type& t) { return t.is(TypeKind::Decimal) || t.is(TypeKind::Money) ? 4 : 0; }
std::optional<ConstNumber> constant_number(const typed::Expr& e) {
  if (e.kind == typed::ExprKind::Literal) {
    if (e.literal.kind == plan::LiteralKind::Int) {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(e.literal.text.data(), e.literal.text.data() + e.literal.text.size(), v);
      if (ec != std::errc() || p != e.literal.text.data() + e.literal.text.size()) return std::nullopt;
      return ConstNumber{v, 0};
    }
    if (e.literal.kind == plan::LiteralKind::Decimal) {
      auto d = values::parse_decimal(e.literal.text);
      if (!d.ok()) return std::nullopt;
      return ConstNumber{d.value().raw, 4};
    }
    return std::nullopt;
  }
  if (e.kind == typed::ExprKind::Unary && e.op == plan::Op::Neg && e.args.size() == 1) {
    auto v = constant_number(*e.args[0]);
    if (!v || v->value == INT64_MIN) return std::nullopt;
    return ConstNumber{-v->value, v->scale};
  }
  if (e.kind == typed::ExprKind::Binary && e.args.size() == 2 && !plan::is_logic(e.op) && !plan::is_comparison(e.op)) {
    auto x = constant_number(*e.args[0]), y = constant_number(*e.args[1]);
    if (!x || !y) return std::nullopt;
    int64_t r = 0;
    bool is_null = false;
    const int out = scale_of_type(e.type);
    if (!plan::exact_arith(e.op, x->value, x->scale, y->value, y->scale, out, &r, &is_null) || is_null) return std::nullopt;
    return ConstNumber{r, out};
  }
  return std::nullopt;
}
std::string constant_text(const ConstNumber& c) {
  if (c.scale == 0) return std::to_string(c.value);
  return values::to_string(values::Decimal::from_raw(c.value));
}
}  // namespace

// E0120 for + - * / % or unary minus whose operands are constants and whose result does not fit.
void Checker::check_constant_overflow(const typed::Expr& e) {
  if (e.type.is_error()) return;
  if (e.kind == typed::ExprKind::Unary && e.op == plan::Op::Neg) {
    auto v = constant_number(*e.args[0]);
    if (v && v->value == INT64_MIN) sink_.report(DiagId::ConstantOverflow, e.span, {"-(" + constant_text(*v) + ")"});
    return;
  }
  if (e.kind != typed::ExprKind::Binary || plan::is_logic(e.op) || plan::is_comparison(e.op)) return;
  if (!is_numeric(e.type.kind)) return;
  auto x = constant_number(*e.args[0]), y = constant_number(*e.args[1]);
  if (!x || !y) return;
  int64_t r = 0;
  bool is_null = false;
  if (!plan::exact_arith(e.op, x->value, x->scale, y->value, y->scale, scale_of_type(e.type), &r, &is_null))
    sink_.report(DiagId::ConstantOverflow, e.span,
                 {constant_text(*x) + " " + plan::op_text(e.op) + " " + constant_text(*y)});
}

typed::ExprPtr Checker::check_binary(const ast::Expr& e, Scope& scope) {
  auto l = check_expr(*e.args[0], scope);
  auto r = check_expr(*e.args[1], scope);
  const std::optional<plan::Op> known = op_of(e);
  if (!known) {
    // Only a tree recovered after a reported syntax error can hold another spelling; without
    // one it is a bug in the parser, and must not pass silently as an error expression.
    if (!sink_.has_errors()) internal_error("the parser produced the operator '" + e.op + "'");
    return error_expr(e.span);
  }
  const plan::Op op = *known;
  if (plan::is_comparison(op)) return check_comparison(e, op, std::move(l), std::move(r));
  Type result;
  bool bad = false;
  if (plan::is_logic(op)) {
    for (const auto* side : {l.get(), r.get()})
      if (!side->type.is_error() && !side->type.is(K::Bool) && !side->type.is(K::Null)) {
        sink_.report(DiagId::ConditionNotBool, side->span, {type_arg(side->type)});
      }
    result = Type::of(K::Bool);
  } else {  // + - * / %
    Type a = l->type, b = r->type;
    if (a.is_error() || b.is_error()) {
      result = Type{};
    } else if (op == plan::Op::Add && a.is(K::Text) && b.is(K::Text)) {
      result = Type::of(K::Text);  // concatenation
    } else if (is_numeric(a.kind) && is_numeric(b.kind)) {
      result = Type::of(op == plan::Op::Div && a.is(K::Int) && b.is(K::Int) ? K::Decimal : numeric_result(a.kind, b.kind));
      if (op == plan::Op::Mod && !(a.is(K::Int) && b.is(K::Int))) bad = true;
    } else {
      bad = true;
    }
    if (bad) {
      Type shown = is_numeric(a.kind) || a.is(K::Null) ? b : a;
      auto& d = sink_.report(DiagId::OperatorTypeMismatch, e.span, {plan::op_text(op), type_arg(shown)});
      // date - date: a spreadsheet's day count; here a function says which count is meant.
      auto date_like = [](Type t) { return t.is(K::Date) || t.is(K::DateTime) || t.is(K::Month); };
      if (op == plan::Op::Sub && date_like(a) && date_like(b)) d.notes.push_back({NoteId::UseDaysBetween, {}, {}});
      else if ((op == plan::Op::Add || op == plan::Op::Sub) && date_like(a) && b.is(K::Int))
        d.notes.push_back({NoteId::Because, {},
                           {bilingual("add days with add_days(d, n), months with add_months(d, n)",
                                      "加天数请写 add_days(d, n)，加月数请写 add_months(d, n)")}});
      result = Type{};
    }
  }
  auto out = make_expr(typed::ExprKind::Binary, result, e.span);
  out->op = op;
  out->args.push_back(std::move(l));
  out->args.push_back(std::move(r));
  check_constant_overflow(*out);
  return out;
}

typed::ExprPtr Checker::check_user_func(const ast::Expr& e, const ast::FuncDecl& f, Scope& scope) {
  if (e.args.size() != f.params.size()) {
    sink_.report(DiagId::WrongArgumentCount, e.span,
                 {e.text, std::to_string(f.params.size()), std::to_string(e.args.size())});
    return error_expr(e.span);
  }
  if (!inlining_.insert(&f).second) {
    sink_.report(DiagId::RelationCycle, f.name.span, {f.name.text, bilingual("func", "函数")});
    return error_expr(e.span);
  }
  std::vector<typed::ExprPtr> args;
  for (size_t i = 0; i < e.args.size(); ++i) {
    auto a = check_expr(*e.args[i], scope);
    auto t = resolve_type(f.params[i].type);
    if (t && !a->type.is_error() && !a->type.is(K::Null) && !(a->type == *t) &&
        !(is_numeric(t->kind) && is_numeric(a->type.kind))) {
      sink_.report(DiagId::WrongArgumentType, e.args[i]->span,
                   {std::to_string(i + 1), e.text, type_arg(*t), type_arg(a->type)});
    }
    args.push_back(std::move(a));
  }
  // Inline the body: the function's own file decides what its free names mean, and the
  // caller's relation supplies the columns its arguments refer to.
  Scope inner;
  inner.module = 0;
  for (size_t m = 0; m < modules_.size(); ++m)
    for (const auto& d : modules_[m].ast.decls)
      if (std::get_if<ast::FuncDecl>(&d) == &f) inner.module = int(m);
  inner.allow_aggregates = scope.allow_aggregates;
  for (size_t i = 0; i < args.size(); ++i) inner.func_args.push_back({f.params[i].name.text, args[i].get()});
  auto body = f.body ? check_expr(*f.body, inner) : error_expr(e.span);
  inlining_.erase(&f);
  if (f.result) {
    auto t = resolve_type(*f.result);
    if (t && !body->type.is_error() && !body->type.is(K::Null) && !(body->type == *t) &&
        !(is_numeric(t->kind) && is_numeric(body->type.kind)))
      sink_.report(DiagId::ValueTypeMismatch, f.body->span, {f.name.text, type_arg(*t), type_arg(body->type)});
  }
  body->span = e.span;
  return body;
}

typed::ExprPtr Checker::check_call(const ast::Expr& e, Scope& scope) {
  // ns.f(x): a function of a file imported with `as ns`.
  if (!e.ns.empty()) {
    auto ns = namespaces_[size_t(scope.module)].find(e.ns);
    if (ns == namespaces_[size_t(scope.module)].end()) {
      if (!poisoned(e.ns)) sink_.report(DiagId::UnknownName, e.span, {e.ns});
      return error_expr(e.span);
    }
    if (scope.module == 0) {
      size_t pos = 0;
      for (const auto& decl : modules_[0].ast.decls)
        if (const auto* imp = std::get_if<ast::ImportDecl>(&decl)) {
          if (imp->alias && imp->alias->text == e.ns) usage_.imports[{0, pos}]++;
          ++pos;
        }
    }
    const Symbol* sym = lookup_global(e.text, ns->second);
    if (!sym || sym->kind != Symbol::Func || sym->module != ns->second) {
      auto& d = sink_.report(DiagId::UnknownFunction, e.name_span, {e.ns + "." + e.text});
      std::vector<std::string> names;
      for (const auto& [n, s2] : scopes_[size_t(ns->second)])
        if (s2.kind == Symbol::Func && s2.module == ns->second) names.push_back(n);
      if (auto s = closest_match(e.text, names)) d.notes.push_back({NoteId::DidYouMean, {}, {e.ns + "." + *s}});
      return error_expr(e.span);
    }
    mark_used(*sym, e.name_span);
    return check_user_func(e, *static_cast<const ast::FuncDecl*>(sym->decl), scope);
  }
  // User functions first: a model may define its own helper with a builtin's name.
  if (const Symbol* sym = lookup_global(e.text, scope.module); sym && sym->kind == Symbol::Func) {
    mark_used(*sym, e.name_span);
    return check_user_func(e, *static_cast<const ast::FuncDecl*>(sym->decl), scope);
  }
  const Builtin* b = find_builtin(e.text);
  if (!b) {
    auto& d = sink_.report(DiagId::UnknownFunction, e.name_span, {e.text});
    std::vector<std::string> names;
    for (const auto& f : all_builtins()) {
      names.push_back(f.name());
      names.push_back(f.name_zh());
    }
    for (const auto& [n, sym] : scopes_[size_t(scope.module)])
      if (sym.kind == Symbol::Func) names.push_back(n);
    if (auto s = closest_match(e.text, names)) d.notes.push_back({NoteId::DidYouMean, {}, {*s}});
    return error_expr(e.span);
  }
  if (b->aggregate() && !scope.allow_aggregates) {
    sink_.report(DiagId::AggregateOutsideCompute, e.span, {e.text});
    return error_expr(e.span);
  }
  std::vector<typed::ExprPtr> args;
  Scope arg_scope = scope;
  arg_scope.allow_aggregates = false;  // no aggregate inside an aggregate
  for (const auto& a : e.args) {
    if (a->kind == ast::ExprKind::Star) continue;  // count(*)
    args.push_back(check_expr(*a, arg_scope));
  }
  // string_agg(x, sep order by k): the key is checked here and goes back after the others.
  typed::ExprPtr order_key;
  if (e.ordered) {
    order_key = std::move(args.back());
    args.pop_back();
    if (b->fn != plan::Fn::StringAgg) {
      sink_.report(DiagId::OrderByOnlyInStringAgg, order_key->span, {e.text});
      return error_expr(e.span);
    }
    if (!arg_accepts(ArgRule::Orderable, order_key->type, Type{})) {
      sink_.report(DiagId::WrongArgumentType, order_key->span,
                   {bilingual("'order by'", "order by"), e.text, arg_rule_name(ArgRule::Orderable),
                    type_arg(order_key->type)});
      return error_expr(e.span);
    }
  }
  plan::Fn fn = b->fn;
  size_t expected = b->args.size();
  if (e.distinct && fn != plan::Fn::Count && fn != plan::Fn::Sum) {
    sink_.report(DiagId::DistinctOnlyForCount, e.span, {e.text});
    return error_expr(e.span);
  }
  if (fn == plan::Fn::Count) {
    if (args.size() > 1) {
      sink_.report(DiagId::WrongArgumentCount, e.span, {e.text, "0-1", std::to_string(args.size())});
      return error_expr(e.span);
    }
    if (e.distinct) fn = plan::Fn::CountDistinct;
  } else if (b->variadic ? args.size() < expected : args.size() != expected) {
    if (b->variadic) {
      sink_.report(DiagId::WrongArgumentCount, e.span,
                   {e.text, bilingual(std::to_string(expected) + " or more", std::to_string(expected) + " 个或更多"),
                    std::to_string(args.size())});
      return error_expr(e.span);
    }
    sink_.report(DiagId::WrongArgumentCount, e.span,
                 {e.text, std::to_string(expected), std::to_string(args.size())});
    return error_expr(e.span);
  }
  if (fn == plan::Fn::Distance && args.size() == 2 && !args[0]->type.is_error() && !args[1]->type.is_error() &&
      !(args[0]->type.is(K::Geo) && args[1]->type.is(K::Geo))) {
    sink_.report(DiagId::DistanceNeedsGeo, e.span, {type_arg(args[0]->type), type_arg(args[1]->type)});
    return error_expr(e.span);
  }
  if (fn == plan::Fn::Sum && e.distinct) fn = plan::Fn::SumDistinct;
  bool ok = true;
  // count(x) has no rule for its optional argument; a variadic builtin's last rule repeats.
  for (size_t i = 0; i < args.size() && (i < b->args.size() || (b->variadic && !b->args.empty())); ++i) {
    Type first = args.empty() ? Type{} : args[0]->type;
    const ArgRule rule = b->args[std::min(i, b->args.size() - 1)];
    if (rule == ArgRule::IdCard && args[i]->type.is(K::PartyId)) {
      // Not E0305: a party ID may well be a person's; say how to take the person's ID.
      sink_.report(DiagId::PersonFunctionOnPartyId, args[i]->span, {e.text});
      ok = false;
    } else if (!arg_accepts(rule, args[i]->type, first)) {
      sink_.report(DiagId::WrongArgumentType, args[i]->span,
                   {std::to_string(i + 1), e.text, arg_rule_name(rule), type_arg(args[i]->type)});
      ok = false;
    } else if (fn == plan::Fn::MonthsBetween && i == 1 && !first.is_error() && !args[1]->type.is_error() &&
               first.is(K::Month) != args[1]->type.is(K::Month)) {
      // A month against a date has no whole-month answer without a day: say which to convert.
      sink_.report(DiagId::WrongArgumentType, args[i]->span,
                   {"2", e.text,
                    first.is(K::Month) ? bilingual("a month, like the first (to_month(x) gives one)",
                                                   "月份，与第一个参数一致（可用 to_month(x) 转换）")
                                       : bilingual("a date, like the first", "日期，与第一个参数一致"),
                    type_arg(args[1]->type)});
      ok = false;
    }
    if (rule == ArgRule::TextConstant && ok && !is_text_literal(*args[i])) {
      sink_.report(DiagId::NotConstant, args[i]->span, {bilingual("the separator", "分隔符")});
      ok = false;
    }
    if (rule == ArgRule::DigitsLiteral && ok && !args[i]->type.is_error()) {
      const bool literal = args[i]->kind == typed::ExprKind::Literal && args[i]->literal.kind == typed::LiteralKind::Int;
      if (!literal || args[i]->literal.text.size() > 1 || args[i]->literal.text > "4") {
        sink_.report(DiagId::RoundDigits, args[i]->span, {e.text});
        ok = false;
      }
    }
    if (rule == ArgRule::StringLiteral && ok) {
      if (!is_text_literal(*args[i])) {
        sink_.report(DiagId::NotConstant, args[i]->span, {bilingual("the pattern", "正则表达式")});
        ok = false;
      } else {
        RE2::Options opts;
        opts.set_log_errors(false);
        RE2 re(args[i]->literal.text, opts);
        if (!re.ok())
          sink_.report(DiagId::WrongArgumentType, args[i]->span,
                       {std::to_string(i + 1), e.text, bilingual("a valid regular expression", "有效的正则表达式"),
                        re.error()});
      }
    }
  }
  Type result = Type::of(b->result);
  if (b->result_from_first) result = args.empty() ? Type{} : args[0]->type;
  if ((fn == plan::Fn::Sum || fn == plan::Fn::SumDistinct) && !args.empty() && args[0]->type.is(K::Int))
    result = Type::of(K::Int);
  if (!ok) result = Type{};
  auto out = make_expr(b->aggregate() ? typed::ExprKind::Aggregate : typed::ExprKind::Call, result, e.span);
  out->fn = fn;
  out->args = std::move(args);
  if (order_key) {
    out->args.push_back(std::move(order_key));
    out->negated = e.negated;  // descending
  }
  return out;
}


bool Checker::within_expansion_limits(size_t more_nodes, size_t depth_below) {
  if (expansion_exceeded_) return false;
  expanded_nodes_ += more_nodes;
  std::string what;
  if (check_depth_ + depth_below > limits::kMaxExprDepth) {
    what = bilingual("is more than " + std::to_string(limits::kMaxExprDepth) + " levels deep",
                     "深度超过 " + std::to_string(limits::kMaxExprDepth) + " 层");
    sink_.report(DiagId::ExpandedTooLarge, outermost_span_, {what, std::to_string(limits::kMaxExprDepth)});
  } else if (expanded_nodes_ > limits::kMaxExpandedNodes) {
    what = bilingual("has more than " + std::to_string(limits::kMaxExpandedNodes) + " parts",
                     "超过 " + std::to_string(limits::kMaxExpandedNodes) + " 个节点");
    sink_.report(DiagId::ExpandedTooLarge, outermost_span_, {what, std::to_string(limits::kMaxExpandedNodes)});
  } else {
    return true;
  }
  expansion_exceeded_ = true;
  return false;
}

// Every expression is checked through here. Funcs and consts are inlined as they are checked,
// so the limits on the expanded tree are kept as it grows: past them, the rest of the
// expression is not expanded (it could take exponential time and memory) and it is an error.
typed::ExprPtr Checker::check_expr(const ast::Expr& e, Scope& scope) {
  const bool outermost = check_depth_ == 0;
  if (outermost) {
    expanded_nodes_ = 0;
    expansion_exceeded_ = false;
    outermost_span_ = e.span;
  }
  if (!within_expansion_limits(1, 1)) return error_expr(e.span);
  ++check_depth_;
  typed::ExprPtr out = check_expr_node(e, scope);
  --check_depth_;
  if (outermost && expansion_exceeded_) {
    dismantle(std::move(out));
    return error_expr(e.span);
  }
  return out;
}

typed::ExprPtr Checker::check_expr_node(const ast::Expr& e, Scope& scope) {
  scope_relation_for_notes_ = scope.relation;
  switch (e.kind) {
    case ast::ExprKind::Int: case ast::ExprKind::Decimal: case ast::ExprKind::String: case ast::ExprKind::Bool:
    case ast::ExprKind::Null: case ast::ExprKind::Date: case ast::ExprKind::Month: case ast::ExprKind::DateTime:
      return literal_expr(e);
    case ast::ExprKind::Star:
      return error_expr(e.span);
    case ast::ExprKind::List: {
      if (e.args.size() > limits::kMaxListItems) {
        sink_.report(DiagId::ListTooLong, e.span,
                     {std::to_string(e.args.size()), std::to_string(limits::kMaxListItems)});
        return error_expr(e.span);
      }
      std::vector<typed::ExprPtr> items;
      Type elem = Type::of(K::Null);
      for (const auto& a : e.args) {
        const bool literal_item = a->kind == ast::ExprKind::Int || a->kind == ast::ExprKind::Decimal ||
                                  a->kind == ast::ExprKind::String || a->kind == ast::ExprKind::Bool ||
                                  a->kind == ast::ExprKind::Null || a->kind == ast::ExprKind::Date ||
                                  a->kind == ast::ExprKind::Month || a->kind == ast::ExprKind::DateTime;
        auto v = check_expr(*a, scope);
        if (literal_item && expanded_nodes_ > 0) --expanded_nodes_;  // counted by kMaxListItems instead
        if (!v->type.is_error() && !v->type.is(K::Null)) {
          if (elem.is(K::Null)) {
            elem = v->type;
          } else if (!(elem == v->type)) {
            if (is_numeric(elem.kind) && is_numeric(v->type.kind)) {
              elem = Type::of(numeric_result(elem.kind, v->type.kind));
            } else {
              sink_.report(DiagId::MixedList, v->span, {type_arg(elem), type_arg(v->type)});
            }
          }
        }
        items.push_back(std::move(v));
      }
      auto out = make_expr(typed::ExprKind::List, Type::list(elem.kind), e.span);
      out->args = std::move(items);
      return out;
    }
    case ast::ExprKind::Name:
      return check_name(e, scope);
    case ast::ExprKind::Field:
      return check_field(e, scope);
    case ast::ExprKind::Call:
      return check_call(e, scope);
    case ast::ExprKind::Unary: {
      auto inner = check_expr(*e.args[0], scope);
      Type t = inner->type;
      const std::optional<plan::Op> known = op_of(e);
      if (!known) {
        // Only a tree recovered after a reported syntax error can hold another spelling; without
        // one it is a bug in the parser, and must not pass silently as an error expression.
        if (!sink_.has_errors()) internal_error("the parser produced the operator '" + e.op + "'");
        return error_expr(e.span);
      }
      const plan::Op op = *known;
      if (op == plan::Op::Not) {
        if (!t.is_error() && !t.is(K::Bool) && !t.is(K::Null)) sink_.report(DiagId::ConditionNotBool, e.args[0]->span, {type_arg(t)});
        t = Type::of(K::Bool);
      } else if (!t.is_error() && !is_numeric(t.kind)) {
        sink_.report(DiagId::OperatorTypeMismatch, e.span, {plan::op_text(op), type_arg(t)});
        t = Type{};
      }
      auto out = make_expr(typed::ExprKind::Unary, t, e.span);
      out->op = op;
      out->args.push_back(std::move(inner));
      check_constant_overflow(*out);
      return out;
    }
    case ast::ExprKind::Binary:
      return check_binary(e, scope);
    case ast::ExprKind::In: {
      auto l = check_expr(*e.args[0], scope);
      auto r = check_expr(*e.args[1], scope);
      if (!r->type.is_error() && !r->type.is(K::List)) {
        sink_.report(DiagId::InNeedsList, e.args[1]->span, {type_arg(r->type)});
      } else if (!r->type.is_error() && !l->type.is_error() && r->type.element != K::Null) {
        typed::Expr probe;
        probe.type = Type::of(r->type.element);
        probe.kind = r->kind == typed::ExprKind::List && !r->args.empty() ? r->args[0]->kind : typed::ExprKind::Param;
        if (!r->args.empty()) probe.literal = r->args[0]->literal;
        if (!comparable(*l, probe)) {
          auto& d = sink_.report(DiagId::CompareTypeMismatch, e.span, {type_arg(l->type), type_arg(Type::of(r->type.element))});
          if (r->kind == typed::ExprKind::List && !r->args.empty()) note_unquoted(d, *l, *r->args[0]);
        } else {
          // Each text literal of the list stands for a value of the left side's type, or the
          // left side, a text literal, for one of the list's.
          if (r->kind == typed::ExprKind::List)
            for (auto& item : r->args) normalize_domain_literal(*item, l->type);
          normalize_domain_literal(*l, Type::of(r->type.element));
        }
      }
      auto out = make_expr(typed::ExprKind::In, Type::of(K::Bool), e.span);
      out->negated = e.negated;
      out->args.push_back(std::move(l));
      out->args.push_back(std::move(r));
      return out;
    }
    case ast::ExprKind::Between: {
      auto v = check_expr(*e.args[0], scope);
      auto lo = check_expr(*e.args[1], scope);
      auto hi = check_expr(*e.args[2], scope);
      bool bounds_ok = true;
      for (auto* bound : {lo.get(), hi.get()}) {
        if (!comparable(*v, *bound)) {
          auto& d = sink_.report(DiagId::CompareTypeMismatch, bound->span, {type_arg(v->type), type_arg(bound->type)});
          note_unquoted(d, *v, *bound);
          bounds_ok = false;
          break;
        }
      }
      Type vt = v->type;
      if (bounds_ok) {
        for (auto* bound : {lo.get(), hi.get()}) {
          normalize_domain_literal(*bound, v->type);
          if (is_text_literal(*v) && is_text_domain(bound->type)) vt = bound->type;
        }
        normalize_domain_literal(*v, vt);
      }
      if (!vt.is_error() && !vt.is(K::Null) && !is_orderable(vt.kind))
        sink_.report(DiagId::OperatorTypeMismatch, e.span, {"between", type_arg(vt)});
      auto out = make_expr(typed::ExprKind::Between, Type::of(K::Bool), e.span);
      out->negated = e.negated;
      out->args.push_back(std::move(v));
      out->args.push_back(std::move(lo));
      out->args.push_back(std::move(hi));
      return out;
    }
    case ast::ExprKind::IsNull: {
      auto v = check_expr(*e.args[0], scope);
      auto out = make_expr(typed::ExprKind::IsNull, Type::of(K::Bool), e.span);
      out->negated = e.negated;
      out->args.push_back(std::move(v));
      return out;
    }
    case ast::ExprKind::If: {
      auto c = check_condition(*e.args[0], scope);
      auto a = check_expr(*e.args[1], scope);
      auto b = check_expr(*e.args[2], scope);
      Type t = a->type.is(K::Null) ? b->type : a->type;
      if (!a->type.is_error() && !b->type.is_error() && !a->type.is(K::Null) && !b->type.is(K::Null) &&
          !(a->type == b->type)) {
        if (is_numeric(a->type.kind) && is_numeric(b->type.kind)) {
          t = Type::of(numeric_result(a->type.kind, b->type.kind));
        } else {
          sink_.report(DiagId::BranchTypeMismatch, e.span, {type_arg(a->type), type_arg(b->type)});
          t = Type{};
        }
      }
      if (a->type.is_error() || b->type.is_error()) t = Type{};
      auto out = make_expr(typed::ExprKind::If, t, e.span);
      out->args.push_back(std::move(c));
      out->args.push_back(std::move(a));
      out->args.push_back(std::move(b));
      return out;
    }
  }
  return error_expr(e.span);
}

}  // namespace clue
