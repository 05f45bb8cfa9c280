#include "compiler/sema/typed_dump.h"

namespace clue {
namespace {
const char* join_word(ast::JoinKind k) {
  switch (k) {
    case ast::JoinKind::Left: return "left join";
    case ast::JoinKind::Semi: return "semi join";
    case ast::JoinKind::Anti: return "anti join";
    case ast::JoinKind::Cross: return "cross join";
    default: return "join";
  }
}
}  // namespace

std::string dump_typed_expr(const typed::Model& m, const typed::Relation* rel, const typed::Expr& e) {
  auto arg = [&](size_t i) { return dump_typed_expr(m, rel, *e.args[i]); };
  std::string t = ":" + type_name(e.type);
  switch (e.kind) {
    case typed::ExprKind::Literal:
      return (e.literal.kind == typed::LiteralKind::Text ? "\"" + e.literal.text + "\"" : e.type.is(TypeKind::Null) ? std::string("null") : e.literal.text) + t;
    case typed::ExprKind::List: {
      std::string s = "[";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + arg(i);
      return s + "]" + t;
    }
    case typed::ExprKind::Param: return "$" + m.params[size_t(e.param)].name + t;
    case typed::ExprKind::Column: {
      if (!rel) return "?col" + t;
      const auto& b = rel->bindings[size_t(e.binding)];
      const auto* schema = b.source >= 0 ? m.sources[size_t(b.source)].schema : nullptr;
      return b.alias + "." + (schema ? schema->fields[size_t(e.field)].name : "?") + t;
    }
    case typed::ExprKind::Derived: {
      if (!rel) return "#?" + t;
      // A joined relation's column is shown with its alias: #g.name.
      const typed::Derived& d = rel->derived[size_t(e.derived)];
      return "#" + (d.via >= 0 ? rel->joined[size_t(d.via)].alias + "." : std::string()) + d.name + t;
    }
    case typed::ExprKind::Call: case typed::ExprKind::Aggregate: {
      std::string s = std::string(e.kind == typed::ExprKind::Aggregate ? "agg " : "") + plan::fn_name(e.fn) + "(";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + arg(i);
      return s + ")" + t;
    }
    case typed::ExprKind::Unary: return std::string("(") + plan::op_text(e.op) + " " + arg(0) + ")" + t;
    case typed::ExprKind::Binary: return "(" + arg(0) + " " + plan::op_text(e.op) + " " + arg(1) + ")" + t;
    case typed::ExprKind::In: return "(" + arg(0) + (e.negated ? " not in " : " in ") + arg(1) + ")" + t;
    case typed::ExprKind::Between:
      return "(" + arg(0) + (e.negated ? " not between " : " between ") + arg(1) + " and " + arg(2) + ")" + t;
    case typed::ExprKind::IsNull: return "(" + arg(0) + (e.negated ? " is not null" : " is null") + ")" + t;
    case typed::ExprKind::If: return "(if " + arg(0) + " then " + arg(1) + " else " + arg(2) + ")" + t;
  }
  return "?";
}

std::string dump_typed(const typed::Model& m) {
  std::string out = "model " + m.meta.id + "\n";
  for (const auto& [k, vs] : m.meta.entries)
    for (const auto& v : vs) out += "  " + k + ": " + v + "\n";
  for (const auto& s : m.schemas) {
    out += "schema " + s->name + " (file " + s->file_name + ")\n";
    for (const auto& f : s->fields) {
      out += "  " + f.name + ": " + type_name(f.type) + (f.optional ? " optional" : "") + (f.required ? " required" : "");
      out += " from";
      for (const auto& h : f.headers) out += " \"" + h + "\"";
      if (!f.datum.empty()) out += " datum " + f.datum;
      if (f.allow_wan) out += " unit 万";
      out += "\n";
    }
  }
  for (const auto& p : m.params) {
    out += "param " + p.name + ": " + type_name(p.type);
    if (p.default_value) out += " = " + p.default_value->text;
    if (!p.default_list.empty()) {
      out += " = [";
      for (size_t i = 0; i < p.default_list.size(); ++i) out += (i ? ", " : "") + p.default_list[i].text;
      out += "]";
    }
    out += "\n";
  }
  for (const auto& s : m.sources) {
    out += "source " + s.name + ": " + (s.schema ? s.schema->name : "?") + (s.distinct ? " distinct" : "") + "\n";
    // An inline table: its rows as the checker normalised them ("" = null), with their lines.
    for (size_t r = 0; r < s.table_cells.size(); ++r) {
      out += "  row " + std::to_string(s.table_lines[r]) + ":";
      for (const auto& c : s.table_cells[r]) out += c.empty() ? " null" : " \"" + c + "\"";
      out += "\n";
    }
  }
  for (const auto& r : m.relations) {
    std::string parts;  // a union: its inputs
    for (const auto& u : r.union_parts)
      parts += std::string(parts.empty() ? "" : " union ") +
               (u.relation >= 0 ? "relation " + m.relations[size_t(u.relation)].name : "source " + m.sources[size_t(u.source)].name);
    out += "relation " + r.name + " from " +
           (r.input_source >= 0     ? "source " + m.sources[size_t(r.input_source)].name
            : r.input_relation >= 0 ? "relation " + m.relations[size_t(r.input_relation)].name
            : !parts.empty()        ? parts
                                    : "?") +
           "\n";
    for (const auto& st : r.steps) {
      switch (st.kind) {
        case typed::StepKind::Where: out += "  where " + (st.condition ? dump_typed_expr(m, &r, *st.condition) : "?") + "\n"; break;
        case typed::StepKind::Having: out += "  having " + (st.condition ? dump_typed_expr(m, &r, *st.condition) : "?") + "\n"; break;
        case typed::StepKind::Join:
          out += std::string("  ") + join_word(st.how) + " " +
                 (st.joined >= 0 ? r.joined[size_t(st.joined)].alias + " (relation " +
                                       m.relations[size_t(r.joined[size_t(st.joined)].relation)].name + ")"
                  : st.binding >= 0 ? r.bindings[size_t(st.binding)].alias
                                    : "?") +
                 "\n";
          for (const auto& k : st.keys)
            out += "    key " + dump_typed_expr(m, &r, *k.left) + " = " + dump_typed_expr(m, &r, *k.right) + "\n";
          if (st.distance)
            out += "    within " + dump_typed_expr(m, &r, *st.distance->radius_m) + " metres: " +
                   dump_typed_expr(m, &r, *st.distance->left) + " ~ " + dump_typed_expr(m, &r, *st.distance->right) + "\n";
          if (st.condition) out += "    and " + dump_typed_expr(m, &r, *st.condition) + "\n";
          break;
        case typed::StepKind::Derive: case typed::StepKind::Group:
          out += st.kind == typed::StepKind::Group ? "  group\n" : "  derive\n";
          for (size_t i = 0; i < st.derived.size() && i < st.values.size(); ++i)
            out += std::string("    ") + (st.kind == typed::StepKind::Group && i < st.group_key_count ? "key " : "") +
                   r.derived[size_t(st.derived[i])].name + " = " + dump_typed_expr(m, &r, *st.values[i]) + "\n";
          break;
      }
    }
  }
  for (const auto& o : m.outputs) {
    const typed::Relation* r = o.relation >= 0 ? &m.relations[size_t(o.relation)] : nullptr;
    out += "output " + o.name + " from " + (r ? r->name : "?") + (o.distinct ? " distinct" : "") + "\n";
    for (const auto& c : o.columns) out += "  " + c.name + " = " + (c.value ? dump_typed_expr(m, r, *c.value) : "?") + "\n";
    for (const auto& k : o.order) out += "  order " + dump_typed_expr(m, r, *k.value) + (k.descending ? " desc" : "") + "\n";
  }
  return out;
}

}  // namespace clue
