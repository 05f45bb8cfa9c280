#include "compiler/lint/lint.h"
#include "compiler/share/semver.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <set>

namespace clue {
namespace {

using typed::Expr;
using typed::ExprKind;

const typed::Field* column_field(const typed::Model& m, const typed::Relation& rel, const Expr& e) {
  if (e.kind != ExprKind::Column || e.binding < 0 || size_t(e.binding) >= rel.bindings.size()) return nullptr;
  int src = rel.bindings[size_t(e.binding)].source;
  if (src < 0 || !m.sources[size_t(src)].schema) return nullptr;
  return &m.sources[size_t(src)].schema->fields[size_t(e.field)];
}

bool is_text_literal(const Expr& e) { return e.kind == ExprKind::Literal && e.literal.kind == typed::LiteralKind::Text; }

void walk(const Expr& e, const std::function<void(const Expr&)>& f) {
  f(e);
  for (const auto& a : e.args) walk(*a, f);
}

void walk_ast(const ast::Expr* e, const std::function<void(const ast::Expr&)>& f) {
  if (!e) return;
  f(*e);
  for (const auto& a : e->args) walk_ast(a.get(), f);
}

// Every expression of the main module's relations and outputs (not params or metadata).
void for_each_body_expr(const ast::Module& m, const std::function<void(const ast::Expr&)>& f) {
  for (const auto& decl : m.decls) {
    if (const auto* r = std::get_if<ast::RelationDecl>(&decl)) {
      for (const auto& s : r->steps) {
        walk_ast(s.condition.get(), f);
        for (const auto& d : s.derivations) walk_ast(d.value.get(), f);
        for (const auto& k : s.group_keys) walk_ast(k.value.get(), f);
      }
    } else if (const auto* o = std::get_if<ast::OutputDecl>(&decl)) {
      for (const auto& c : o->columns) walk_ast(c.value.get(), f);
    } else if (const auto* c = std::get_if<ast::ConstDecl>(&decl)) {
      (void)c;  // constants are the right place for shared values
    } else if (const auto* fn = std::get_if<ast::FuncDecl>(&decl)) {
      walk_ast(fn->body.get(), f);
    }
  }
}

// ---- unused things --------------------------------------------------------------------------

void lint_unused(const FrontEndResult& fe, DiagnosticSink& sink) {
  const ast::Module& m = fe.modules[0].ast;
  // A library (no model block) defines params, constants and functions for others to use.
  bool library = std::none_of(m.decls.begin(), m.decls.end(),
                              [](const ast::Decl& d) { return std::holds_alternative<ast::ModelDecl>(d); });
  auto uses = [&](const void* d) {
    auto it = fe.usage.decls.find(d);
    return it == fe.usage.decls.end() ? 0 : it->second;
  };
  size_t import_pos = 0;
  for (const auto& decl : m.decls) {
    if (const auto* s = std::get_if<ast::SourceDecl>(&decl)) {
      if (!uses(s)) sink.report(DiagId::UnusedSource, s->name.span, {s->name.text});
    } else if (const auto* t = std::get_if<ast::TableDecl>(&decl)) {
      if (!uses(t)) sink.report(DiagId::UnusedSource, t->name.span, {t->name.text});
    } else if (const auto* p = std::get_if<ast::ParamDecl>(&decl)) {
      if (!uses(p) && !library) sink.report(DiagId::UnusedParam, p->name.span, {p->name.text});
    } else if (const auto* c = std::get_if<ast::ConstDecl>(&decl)) {
      if (!uses(c) && !library) sink.report(DiagId::UnusedDefinition, c->name.span, {bilingual("const", "常量"), c->name.text});
    } else if (const auto* f = std::get_if<ast::FuncDecl>(&decl)) {
      if (!uses(f) && !library) sink.report(DiagId::UnusedDefinition, f->name.span, {bilingual("func", "函数"), f->name.text});
    } else if (const auto* i = std::get_if<ast::ImportDecl>(&decl)) {
      size_t pos = import_pos++;
      bool loaded = pos < fe.modules[0].imports.size() && fe.modules[0].imports[pos] >= 0;
      auto it = fe.usage.imports.find({0, pos});
      if (loaded && (it == fe.usage.imports.end() || it->second == 0))
        sink.report(DiagId::UnusedImport, i->path_span, {i->path});
    }
  }
  if (!fe.model) return;
  const auto& rels = fe.model->relations;
  // A derived column of relation r is used when r, or a relation built on r, refers to it.
  auto descends_from = [&](size_t child, size_t ancestor) {
    for (int cur = int(child); cur >= 0; cur = rels[size_t(cur)].input_relation)
      if (size_t(cur) == ancestor) return true;
    return false;
  };
  for (size_t r = 0; r < rels.size(); ++r) {
    auto rit = fe.usage.relations.find(int(r));
    if ((rit == fe.usage.relations.end() || rit->second == 0) && !rels[r].name.empty())
      sink.report(DiagId::UnusedRelation, rels[r].span, {rels[r].name});
    for (const auto& step : rels[r].steps) {
      if (step.kind != typed::StepKind::Derive && step.kind != typed::StepKind::Group) continue;
      size_t first = step.kind == typed::StepKind::Group ? step.group_key_count : 0;
      for (size_t k = first; k < step.derived.size(); ++k) {
        int idx = step.derived[k];
        int total = 0;
        for (size_t other = 0; other < rels.size(); ++other)
          if (descends_from(other, r)) {
            auto it = fe.usage.derived.find({int(other), idx});
            if (it != fe.usage.derived.end()) total += it->second;
          }
        if (total == 0)
          sink.report(DiagId::UnusedDerived, rels[r].derived[size_t(idx)].span, {rels[r].derived[size_t(idx)].name});
      }
    }
  }
}

// ---- suspicious conditions ------------------------------------------------------------------

struct Bound {
  const Expr* column;
  plan::Op op;  // column op value: Lt, Le, Gt, Ge or Eq
  double value;
  std::string shown;
};

// Numbers and ISO dates compare correctly as doubles of their digits (dates as YYYYMMDD).
bool literal_number(const Expr& e, double& out) {
  if (e.kind != ExprKind::Literal) return false;
  std::string t = e.literal.text;
  if (e.literal.kind == typed::LiteralKind::Date || e.literal.kind == typed::LiteralKind::Month) {
    t.erase(std::remove(t.begin(), t.end(), '-'), t.end());
  } else if (e.literal.kind != typed::LiteralKind::Int && e.literal.kind != typed::LiteralKind::Decimal) {
    return false;
  }
  try {
    out = std::stod(t);
  } catch (...) {
    return false;
  }
  return true;
}

bool same_column(const Expr& a, const Expr& b) {
  return a.kind == b.kind && a.binding == b.binding && a.field == b.field && a.derived == b.derived &&
         (a.kind == ExprKind::Column || a.kind == ExprKind::Derived);
}

void collect_bounds(const Expr& e, std::vector<Bound>& out) {
  if (e.kind == ExprKind::Binary && e.op == plan::Op::And) {
    collect_bounds(*e.args[0], out);
    collect_bounds(*e.args[1], out);
    return;
  }
  if (e.kind != ExprKind::Binary) return;
  if (!plan::is_comparison(e.op) || e.op == plan::Op::Ne) return;
  double v;
  if ((e.args[0]->kind == ExprKind::Column || e.args[0]->kind == ExprKind::Derived) && literal_number(*e.args[1], v)) {
    out.push_back({e.args[0].get(), e.op, v, e.args[1]->literal.text});
  } else if ((e.args[1]->kind == ExprKind::Column || e.args[1]->kind == ExprKind::Derived) &&
             literal_number(*e.args[0], v)) {
    out.push_back({e.args[1].get(), plan::swap_comparison(e.op), v, e.args[0]->literal.text});
  }
}

void lint_condition(const typed::Model& m, const typed::Relation& rel, const Expr& cond, DiagnosticSink& sink) {
  walk(cond, [&](const Expr& e) {
    // x == null / x != null
    if (e.kind == ExprKind::Binary && (e.op == plan::Op::Eq || e.op == plan::Op::Ne) &&
        (e.args[0]->type.is(TypeKind::Null) || e.args[1]->type.is(TypeKind::Null))) {
      sink.report(DiagId::CompareWithNull, e.span);
    }
    // a required field is never null
    if (e.kind == ExprKind::IsNull) {
      if (const typed::Field* f = column_field(m, rel, *e.args[0]); f && f->required)
        sink.report(DiagId::ConstantCondition, e.span,
                    {e.negated ? bilingual("true", "真") : bilingual("false", "假"),
                     bilingual("'" + f->name + "' is required, so it is never null", "“" + f->name + "”为必填，不会为空")});
    }
    // between with bounds the wrong way round
    if (e.kind == ExprKind::Between && !e.negated) {
      double lo, hi;
      if (literal_number(*e.args[1], lo) && literal_number(*e.args[2], hi) && lo > hi)
        sink.report(DiagId::ConstantCondition, e.span,
                    {bilingual("false", "假"), bilingual("the lower bound " + e.args[1]->literal.text + " is above the upper bound " +
                                                             e.args[2]->literal.text,
                                                         "下限 " + e.args[1]->literal.text + " 大于上限 " + e.args[2]->literal.text)});
    }
    // literal compared with literal
    if (e.kind == ExprKind::Binary && e.args.size() == 2 && e.args[0]->kind == ExprKind::Literal &&
        e.args[1]->kind == ExprKind::Literal && !plan::is_logic(e.op) && e.type.is(TypeKind::Bool) &&
        !e.args[0]->type.is(TypeKind::Null) && !e.args[1]->type.is(TypeKind::Null) &&
        !e.args[0]->type.is_error() && !e.args[1]->type.is_error()) {
      bool eq = e.args[0]->literal.text == e.args[1]->literal.text;
      bool value = e.op == plan::Op::Eq ? eq : e.op == plan::Op::Ne ? !eq : true;
      if (e.op == plan::Op::Eq || e.op == plan::Op::Ne)
        sink.report(DiagId::ConstantCondition, e.span,
                    {value ? bilingual("true", "真") : bilingual("false", "假"),
                     bilingual("it compares two constants", "比较的两侧都是常量")});
    }
    // text column compared with an ID-like or date-like literal
    if ((e.kind == ExprKind::Binary && (e.op == plan::Op::Eq || e.op == plan::Op::Ne)) || e.kind == ExprKind::In) {
      const Expr* col = e.args[0].get();
      std::vector<const Expr*> lits;
      if (e.kind == ExprKind::In) {
        for (const auto& a : e.args[1]->args) lits.push_back(a.get());
      } else if (col->kind == ExprKind::Column) {
        lits.push_back(e.args[1].get());
      } else {
        col = e.args[1].get();
        lits.push_back(e.args[0].get());
      }
      const typed::Field* f = column_field(m, rel, *col);
      if (f && f->type.is(TypeKind::Text)) {
        static const RE2 kId("^[0-9]{6}(19|20)?[0-9]{6}[0-9]{3}[0-9Xx]?$");
        static const RE2 kDate("^[0-9]{4}(-|/|年)[0-9]{1,2}((-|/|月)[0-9]{1,2}日?)?$");
        for (const Expr* lit : lits) {
          if (!lit || !is_text_literal(*lit)) continue;
          const std::string& v = lit->literal.text;
          if ((v.size() == 15 || v.size() == 18) && RE2::FullMatch(v, kId)) {
            sink.report(DiagId::TextLooksTyped, lit->span, {f->name, "idcard"});
            break;
          }
          if (RE2::FullMatch(v, kDate)) {
            sink.report(DiagId::TextLooksTyped, lit->span, {f->name, "date"});
            break;
          }
        }
      }
    }
  });
  // contradictory ranges on one column within one conjunction
  std::vector<Bound> bounds;
  collect_bounds(cond, bounds);
  for (size_t i = 0; i < bounds.size(); ++i) {
    for (size_t j = i + 1; j < bounds.size(); ++j) {
      const Bound &a = bounds[i], &b = bounds[j];
      if (!same_column(*a.column, *b.column)) continue;
      auto lower = [](const Bound& x) { return x.op == plan::Op::Gt || x.op == plan::Op::Ge || x.op == plan::Op::Eq; };
      auto upper = [](const Bound& x) { return x.op == plan::Op::Lt || x.op == plan::Op::Le || x.op == plan::Op::Eq; };
      const Bound* lo = nullptr;
      const Bound* hi = nullptr;
      if (lower(a) && upper(b)) { lo = &a; hi = &b; }
      else if (lower(b) && upper(a)) { lo = &b; hi = &a; }
      if (!lo || !hi) continue;
      bool strict = lo->op == plan::Op::Gt || hi->op == plan::Op::Lt;
      if (lo->value > hi->value || (strict && lo->value == hi->value)) {
        std::string desc = std::string(plan::op_text(lo->op)) + " " + lo->shown + " / " + plan::op_text(hi->op) + " " + hi->shown;
        sink.report(DiagId::ConstantCondition, cond.span,
                    {bilingual("false", "假"), bilingual("the ranges " + desc + " do not overlap", "范围 " + desc + " 没有交集")});
        return;
      }
    }
  }
}

void lint_fanned_out(const typed::Model& m, const typed::Relation& rel, DiagnosticSink& sink);

void lint_relations(const typed::Model& m, DiagnosticSink& sink) {
  static const RE2 kKeyName("(身份证|证件号|案号|信用代码|idcard|id_no|case_no|uscc)");
  for (const auto& rel : m.relations) {
    lint_fanned_out(m, rel, sink);
    for (const auto& step : rel.steps) {
      if (step.condition) lint_condition(m, rel, *step.condition, sink);
      for (const auto& k : step.keys) {
        for (const auto* side : {k.left.get(), k.right.get()}) {
          const typed::Field* f = column_field(m, rel, *side);
          if (f && f->type.is(TypeKind::Text) && RE2::PartialMatch(f->name, kKeyName)) {
            sink.report(DiagId::NullableJoinKeyText, side->span, {f->name});
            break;
          }
        }
      }
    }
  }
}

// ---- aggregates over rows a join repeated (W0307) --------------------------------------------

// The plain column under `e` (through person_id/org_id, which a partyid key is wrapped in).
const Expr* key_column(const Expr& e) {
  if (e.kind == ExprKind::Column) return &e;
  if (e.kind == ExprKind::Call && e.args.size() == 1 && (e.fn == plan::Fn::PersonId || e.fn == plan::Fn::OrgId))
    return key_column(*e.args[0]);
  return nullptr;
}

// `sum(b.x)` or `count(b.x)` in a group after a join: when another binding of the group has
// several rows that match one row of b, the join repeats that row and the aggregate counts it
// again each time (issue 15: a 1,234.50 balance summed to 2,469.00 for a debtor with two
// cases). A binding does not repeat others when the group keys pin one of its rows: a group
// key that is one of its columns other than its join keys (provident_fund groups by zb.案号).
// Grouped relations joined afterwards are one row per group key already: the fix this warning
// suggests, never its subject. `count(distinct …)`, `min` and `max` do not change with repeats.
void lint_fanned_out(const typed::Model& m, const typed::Relation& rel, DiagnosticSink& sink) {
  std::set<std::pair<int, int>> join_key_columns;  // (binding, field) used as a join key
  std::vector<int> rows_from;                       // bindings that contribute rows, since the last group
  bool joined = false;
  auto is_row_binding = [&](size_t b) {
    auto how = rel.bindings[b].how;
    return how != ast::JoinKind::Semi && how != ast::JoinKind::Anti;
  };
  if (!rel.bindings.empty() && rel.input_relation < 0) rows_from.push_back(0);
  if (rel.input_relation >= 0) {
    // Continuing a relation: its ungrouped bindings still contribute rows.
    const typed::Relation& base = m.relations[size_t(rel.input_relation)];
    if (!base.grouped)
      for (size_t b = 0; b < base.bindings.size() && b < rel.bindings.size(); ++b)
        if (is_row_binding(b)) rows_from.push_back(int(b));
    for (const auto& st : base.steps)
      if (st.kind == typed::StepKind::Join && !base.grouped) joined = true;
  }
  for (const auto& st : rel.steps) {
    if (st.kind == typed::StepKind::Join) {
      if (st.binding >= 0 && size_t(st.binding) < rel.bindings.size() && is_row_binding(size_t(st.binding))) {
        rows_from.push_back(st.binding);
        joined = true;
      }
      for (const auto& k : st.keys)
        for (const auto* side : {k.left.get(), k.right.get()})
          if (const Expr* c = side ? key_column(*side) : nullptr) join_key_columns.insert({c->binding, c->field});
      continue;
    }
    if (st.kind != typed::StepKind::Group) continue;
    if (joined && rows_from.size() >= 2) {
      std::set<int> pinned;
      for (size_t k = 0; k < st.group_key_count && k < st.values.size(); ++k) {
        const Expr& key = *st.values[k];
        if (key.kind == ExprKind::Column && !join_key_columns.count({key.binding, key.field})) pinned.insert(key.binding);
      }
      for (size_t v = st.group_key_count; v < st.values.size(); ++v) {
        walk(*st.values[v], [&](const Expr& agg) {
          if (agg.kind != ExprKind::Aggregate || (agg.fn != plan::Fn::Sum && agg.fn != plan::Fn::Count) ||
              agg.args.empty())
            return;
          std::set<int> read;
          walk(*agg.args[0], [&](const Expr& x) {
            if (x.kind == ExprKind::Column) read.insert(x.binding);
          });
          for (int b : read) {
            for (int other : rows_from) {
              if (other == b || pinned.count(other)) continue;
              sink.report(DiagId::FannedOutAggregate, agg.span,
                          {std::string(plan::fn_name(agg.fn)) + "(…)", rel.bindings[size_t(b)].alias,
                           rel.bindings[size_t(other)].alias});
              return;
            }
          }
        });
      }
    }
    // After a group its rows are the groups: one row per key, repeated by nothing before.
    rows_from.clear();
    join_key_columns.clear();
    joined = false;
  }
}

// ---- sharing and privacy --------------------------------------------------------------------

void lint_outputs(const typed::Model& m, DiagnosticSink& sink) {
  for (const auto& o : m.outputs) {
    if (o.relation < 0) continue;
    // An ID column anywhere in the column's expression, unless under mask(): text(id) and
    // id-derived strings expose the number just the same.
    std::function<bool(const Expr&)> exposes = [&](const Expr& e) {
      if (e.kind == ExprKind::Call && e.fn == plan::Fn::Mask) return false;
      if ((e.type.is(TypeKind::IdCard) || e.type.is(TypeKind::PartyId)) && (e.kind == ExprKind::Column || e.kind == ExprKind::Derived)) return true;
      for (const auto& a : e.args)
        if (exposes(*a)) return true;
      return false;
    };
    for (const auto& c : o.columns)
      if (c.value && exposes(*c.value)) sink.report(DiagId::RawIdcardOutput, c.span, {o.name, c.name});
  }
}

void lint_metadata(const FrontEndResult& fe, DiagnosticSink& sink) {
  if (!fe.model || !fe.model->meta.span.valid()) return;
  const auto& e = fe.model->meta.entries;
  Span at = fe.model->meta.span;  // the model's name
  struct Need {
    const char* key;
    const char* en;
    const char* zh;
  };
  for (const Need& n : {Need{"version", "version", "版本号（version）"},
                        Need{"jurisdiction", "jurisdiction", "适用辖区（jurisdiction）"},
                        Need{"basis", "legal basis", "法律依据（basis）"}}) {
    auto it = e.find(n.key);
    if (it == e.end() || it->second.empty() || it->second[0].empty())
      sink.report(DiagId::MissingMetadata, at, {bilingual(n.en, n.zh)});
  }
}

}  // namespace

namespace {

void lint_literals(const FrontEndResult& fe, DiagnosticSink& sink) {
  static const RE2 kPath(R"((^/|^[A-Za-z]:\\|\\|/).*\.(csv|xlsx|xls|txt|et)$|^[A-Za-z]:\\)");
  static const RE2 kPlace(R"(^.{1,20}(法院|检察院|公安局|派出所|省|自治区|市|县|区|镇|乡|街道)$)");
  static const RE2 kCourtCode(R"(^\p{Han}\d{2,4}$)");
  for_each_body_expr(fe.modules[0].ast, [&](const ast::Expr& e) {
    if (e.kind != ast::ExprKind::String) return;
    if (RE2::PartialMatch(e.text, kPath)) sink.report(DiagId::LiteralLooksLikePath, e.span, {e.text});
    else if (RE2::FullMatch(e.text, kPlace) || RE2::FullMatch(e.text, kCourtCode))
      sink.report(DiagId::JurisdictionLiteral, e.span, {e.text});
  });
  for (const auto& decl : fe.modules[0].ast.decls)
    if (const auto* s = std::get_if<ast::SchemaDecl>(&decl))
      if (s->file_name && (s->file_name->find('/') != std::string::npos || s->file_name->find('\\') != std::string::npos))
        sink.report(DiagId::LiteralLooksLikePath, s->file_span, {*s->file_name});
}

}  // namespace

void run_lint(const FrontEndResult& fe, DiagnosticSink& sink) {
  if (fe.modules.empty()) return;
  // With a declaration missing, "unused" findings would be guesses: report them once it parses.
  // Any error can hide a use (a broken relation's references are never resolved).
  if (!sink.has_errors()) lint_unused(fe, sink);
  lint_metadata(fe, sink);
  lint_literals(fe, sink);
  if (fe.model) {
    lint_relations(*fe.model, sink);
    lint_outputs(*fe.model, sink);
  }
}

// ---- clue lint --profile share ----------------------------------------------------------------

namespace {

// A line with its string literals blanked out, so a '#' inside "…" is not taken for a comment.
std::string without_strings(std::string_view line) {
  std::string out(line);
  bool in = false;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '"') in = !in;
    else if (in) out[i] = ' ';
  }
  return out;
}

// The text after '#' or "//", trimmed.
std::string comment_text(std::string_view comment) {
  comment.remove_prefix(comment[0] == '#' ? 1 : 2);
  const size_t a = comment.find_first_not_of(" \t");
  const size_t b = comment.find_last_not_of(" \t\r");
  return a == std::string_view::npos ? std::string() : std::string(comment.substr(a, b - a + 1));
}

}  // namespace

std::string declaration_comment(const SourceManager& sm, const Span& span) {
  if (!span.valid()) return {};
  // After it on its first or last line (`param x: int = 3  # what it means`).
  for (uint32_t line : {span.line, span.end_line}) {
    const std::string_view text = sm.line_text(span.file, line);
    const std::string code = without_strings(text);
    const size_t at = std::min(code.find('#'), code.find("//"));
    if (at != std::string::npos) return comment_text(text.substr(at));
  }
  // Or on the line above it.
  if (span.line > 1) {
    const std::string_view above = sm.line_text(span.file, span.line - 1);
    const size_t at = above.find_first_not_of(" \t");
    if (at != std::string_view::npos && (above[at] == '#' || above.substr(at, 2) == "//")) return comment_text(above.substr(at));
  }
  return {};
}

namespace {

bool has_comment(const SourceManager& sm, const Span& span) { return !declaration_comment(sm, span).empty(); }

// A path another office will not have: absolute (/…, C:\…, \\server) or going up with "..".
bool not_portable(const std::string& path) {
  if (path.empty()) return false;
  if (path[0] == '/' || path[0] == '\\' || (path.size() > 2 && path[1] == ':' && (path[2] == '\\' || path[2] == '/')))
    return true;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i)
    if (i == path.size() || path[i] == '/' || path[i] == '\\') {
      if (path.compare(start, i - start, "..") == 0 && i - start == 2) return true;
      start = i + 1;
    }
  return false;
}

// What makes a text literal one office's own, beyond what W0404 reports in every lint: an
// administrative division code (330803: 浙江省衢州市衢江区), a case number that names its court
// ((2023)浙0803执123号), and in a const (which a receiving office cannot set) any of them or
// a place or court name. Empty when the literal is none of these.
std::string jurisdiction_kind(const std::string& text, bool in_const) {
  static const RE2 kDivision(R"(^[1-8][0-9](0[0-9]|[1-9][0-9])([0-9]{2})$)");
  static const RE2 kCaseNo(R"([（(][0-9]{4}[)）]\p{Han}[0-9]{2,4}\p{Han})");
  static const RE2 kPlace(R"(^.{1,20}(法院|检察院|公安局|派出所|省|自治区|市|县|区|镇|乡|街道)$)");
  static const RE2 kCourtCode(R"(^\p{Han}[0-9]{2,4}$)");
  if (RE2::FullMatch(text, kDivision)) return bilingual("an administrative division code", "行政区划代码");
  if (RE2::PartialMatch(text, kCaseNo)) return bilingual("a case number naming its court", "含法院代码的案号");
  if (in_const && RE2::FullMatch(text, kPlace)) return bilingual("a place or an office", "地名或机关名称");
  if (in_const && RE2::FullMatch(text, kCourtCode)) return bilingual("a court code", "法院代码");
  return {};
}

void share_metadata(const FrontEndResult& fe, DiagnosticSink& sink) {
  const auto& e = fe.model->meta.entries;
  // version, jurisdiction and basis are W0402's in every lint; these two a receiving office
  // needs as well: what the model is called and whom to ask about it.
  struct Need {
    const char* key;
    const char* en;
    const char* zh;
  };
  for (const Need& n : {Need{"title", "a title (title)", "标题（title）"}, Need{"author", "an author (author): the office to ask", "作者（author）：可联系的单位"}}) {
    auto it = e.find(n.key);
    if (it == e.end() || it->second.empty() || it->second[0].empty())
      sink.report(DiagId::ShareMetadataMissing, fe.model->meta.span, {bilingual(n.en, n.zh)});
  }
}

void share_params_and_paths(const FrontEndResult& fe, const SourceManager& sm, DiagnosticSink& sink) {
  for (const LoadedModule& m : fe.modules) {
    if (m.package) continue;  // an installed package was checked where it was packed
    const bool main = &m == &fe.modules[0];
    for (const auto& decl : m.ast.decls) {
      if (const auto* p = std::get_if<ast::ParamDecl>(&decl)) {
        if (main && !has_comment(sm, p->span)) sink.report(DiagId::ShareParamNoMeaning, p->name.span, {p->name.text});
      } else if (const auto* i = std::get_if<ast::ImportDecl>(&decl)) {
        if (not_portable(i->path)) sink.report(DiagId::SharePathNotPortable, i->path_span, {i->path});
      } else if (const auto* s = std::get_if<ast::SourceDecl>(&decl)) {
        if (s->file && not_portable(*s->file)) sink.report(DiagId::SharePathNotPortable, s->file_span, {*s->file});
      }
    }
  }
}

void share_literals(const FrontEndResult& fe, DiagnosticSink& sink) {
  auto check = [&](const ast::Expr* root, bool in_const) {
    walk_ast(root, [&](const ast::Expr& e) {
      if (e.kind != ast::ExprKind::String) return;
      if (std::string kind = jurisdiction_kind(e.text, in_const); !kind.empty())
        sink.report(DiagId::ShareJurisdictionLiteral, e.span, {e.text, kind});
    });
  };
  for_each_body_expr(fe.modules[0].ast, [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::String) check(&e, false);
  });
  for (const auto& decl : fe.modules[0].ast.decls)
    if (const auto* c = std::get_if<ast::ConstDecl>(&decl)) check(c->value.get(), true);
}

// An output column that shows, unmasked, a text field whose name says it holds ID numbers:
// W0401 sees the idcard and partyid types, this sees an export read as plain text.
void share_id_columns(const typed::Model& m, DiagnosticSink& sink) {
  static const RE2 kIdName("(身份证|证件号|公民身份号码|统一社会信用代码|信用代码)");
  for (const auto& o : m.outputs) {
    if (o.relation < 0) continue;
    const typed::Relation& rel = m.relations[size_t(o.relation)];
    for (const auto& c : o.columns) {
      if (!c.value) continue;
      std::function<const typed::Field*(const Expr&)> exposed = [&](const Expr& e) -> const typed::Field* {
        if (e.kind == ExprKind::Call && e.fn == plan::Fn::Mask) return nullptr;
        if (const typed::Field* f = column_field(m, rel, e); f && f->type.is(TypeKind::Text) && RE2::PartialMatch(f->name, kIdName))
          return f;
        for (const auto& a : e.args)
          if (const typed::Field* f = exposed(*a)) return f;
        return nullptr;
      };
      if (const typed::Field* f = exposed(*c.value)) sink.report(DiagId::ShareIdColumnUnmasked, c.span, {o.name, c.name, f->name});
    }
  }
}

}  // namespace

void run_share_lint(const FrontEndResult& fe, const SourceManager& sm, DiagnosticSink& sink) {
  if (fe.modules.empty()) return;
  share_params_and_paths(fe, sm, sink);
  share_literals(fe, sink);
  if (!fe.model || !fe.model->meta.span.valid()) return;
  const auto& e = fe.model->meta.entries;
  // A version a receiving office can compare: "最新版" or "2024" says nothing about what changed.
  if (auto it = e.find("version"); it != e.end() && !it->second.empty() && !it->second[0].empty() &&
                                   !share::parse_semver(it->second[0]))
    sink.report(DiagId::VersionNotSemver, fe.model->meta.span, {it->second[0]});
  share_metadata(fe, sink);
  share_id_columns(*fe.model, sink);
}

void apply_suppressions(const FrontEndResult& fe, DiagnosticSink& sink) {
  struct Key {
    FileId file;
    uint32_t line;
    std::string code;
    bool operator<(const Key& o) const { return std::tie(file, line, code) < std::tie(o.file, o.line, o.code); }
  };
  std::set<Key> silenced;
  std::vector<Diagnostic> extra;
  for (const auto& mod : fe.modules) {
    for (const auto& s : mod.ast.suppressions) {
      for (const auto& code : s.codes) {
        auto id = diag_by_code(code);
        if (!id || diag_info(*id).severity != Severity::Warning) {
          extra.push_back({DiagId::UnknownSuppressedCode, s.span, {code}, {}});
          continue;
        }
        if (s.reason.empty()) {
          extra.push_back({DiagId::SuppressionNeedsReason, s.span, {code}, {}});
          continue;  // a suppression without a reason does not silence anything
        }
        silenced.insert({mod.file, s.target_line, code});
      }
    }
  }
  auto& all = sink.mutable_all();
  all.erase(std::remove_if(all.begin(), all.end(),
                           [&](const Diagnostic& d) {
                             return d.severity() == Severity::Warning &&
                                    silenced.count({d.span.file, d.span.line, d.code()});
                           }),
            all.end());
  for (auto& d : extra) all.push_back(std::move(d));
}

}  // namespace clue
