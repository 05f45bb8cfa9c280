#include "compiler/syntax/ast_dump.h"

namespace clue {
namespace {

std::string at(const Span& s) { return "@" + std::to_string(s.line) + ":" + std::to_string(s.col); }

std::string type_str(const ast::TypeRef& t) {
  return t.element ? t.name.text + "<" + type_str(*t.element) + ">" : t.name.text;
}

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

std::string dump_ast_expr(const ast::Expr& e) {
  auto arg = [&](size_t i) { return i < e.args.size() && e.args[i] ? dump_ast_expr(*e.args[i]) : std::string("?"); };
  switch (e.kind) {
    case ast::ExprKind::Int: case ast::ExprKind::Decimal: return e.text + (e.unit.empty() ? "" : " " + e.unit);
    case ast::ExprKind::String: return "\"" + e.text + "\"";
    case ast::ExprKind::Bool: return e.text;
    case ast::ExprKind::Null: return "null";
    case ast::ExprKind::Date: return "date(" + e.text + ")";
    case ast::ExprKind::Month: return "month(" + e.text + ")";
    case ast::ExprKind::DateTime: return "datetime(" + e.text + ")";
    case ast::ExprKind::Star: return "*";
    case ast::ExprKind::Name: return e.text;
    case ast::ExprKind::Field: return "(. " + arg(0) + " " + e.text + ")";
    case ast::ExprKind::List: {
      std::string s = "[";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + arg(i);
      return s + "]";
    }
    case ast::ExprKind::Call: {
      std::string s = "(call " + e.text + (e.distinct ? " distinct" : "");
      for (size_t i = 0; i < e.args.size(); ++i) s += " " + arg(i);
      return s + ")";
    }
    case ast::ExprKind::Unary: return "(" + e.op + " " + arg(0) + ")";
    case ast::ExprKind::Binary: return "(" + e.op + " " + arg(0) + " " + arg(1) + ")";
    case ast::ExprKind::In: return std::string("(") + (e.negated ? "not in " : "in ") + arg(0) + " " + arg(1) + ")";
    case ast::ExprKind::Between:
      return std::string("(") + (e.negated ? "not between " : "between ") + arg(0) + " " + arg(1) + " " + arg(2) + ")";
    case ast::ExprKind::IsNull: return std::string("(") + (e.negated ? "is-not-null " : "is-null ") + arg(0) + ")";
    case ast::ExprKind::If: return "(if " + arg(0) + " " + arg(1) + " " + arg(2) + ")";
  }
  return "?";
}

std::string dump_ast(const ast::Module& m) {
  std::string out;
  auto ex = [](const ast::ExprPtr& e) { return e ? dump_ast_expr(*e) : std::string("<missing>"); };
  for (const auto& decl : m.decls) {
    if (const auto* d = std::get_if<ast::ModelDecl>(&decl)) {
      out += "model " + d->name.text + " " + at(d->span) + "\n";
      for (const auto& e : d->entries) {
        out += "  " + e.key.text + ":";
        for (const auto& v : e.values) out += " \"" + v + "\"";
        out += "\n";
      }
    } else if (const auto* d = std::get_if<ast::ImportDecl>(&decl)) {
      out += "import \"" + d->path + "\"" + (d->alias ? " as " + d->alias->text : "") + " " + at(d->span) + "\n";
    } else if (const auto* d = std::get_if<ast::SchemaDecl>(&decl)) {
      out += "schema " + d->name.text + (d->file_name ? " file \"" + *d->file_name + "\"" : "") + " " + at(d->span) + "\n";
      for (const auto& f : d->fields) {
        out += "  field " + f.name.text + ": " + type_str(f.type) + (f.optional ? "?" : "");
        for (const auto& h : f.headers) out += " from \"" + h + "\"";
        for (const auto& o : f.options) out += " with " + o.key.text + (o.value ? "=" + ex(o.value) : "");
        out += " " + at(f.span) + "\n";
      }
    } else if (const auto* d = std::get_if<ast::ParamDecl>(&decl)) {
      out += "param " + d->name.text + ": " + type_str(d->type) + (d->default_value ? " = " + ex(d->default_value) : "") +
             " " + at(d->span) + "\n";
    } else if (const auto* d = std::get_if<ast::ConstDecl>(&decl)) {
      out += "const " + d->name.text + (d->type ? ": " + type_str(*d->type) : "") + " = " + ex(d->value) + " " +
             at(d->span) + "\n";
    } else if (const auto* d = std::get_if<ast::FuncDecl>(&decl)) {
      out += "func " + d->name.text + "(";
      for (size_t i = 0; i < d->params.size(); ++i)
        out += (i ? ", " : "") + d->params[i].name.text + ": " + type_str(d->params[i].type);
      out += ")" + (d->result ? ": " + type_str(*d->result) : "") + " = " + ex(d->body) + " " + at(d->span) + "\n";
    } else if (const auto* d = std::get_if<ast::SourceDecl>(&decl)) {
      out += "source " + d->name.text + ": " + d->schema.joined() + (d->distinct ? " distinct" : "") + " " + at(d->span) + "\n";
    } else if (const auto* d = std::get_if<ast::RelationDecl>(&decl)) {
      out += "relation " + d->name.text + " = " + d->input.joined();
      for (const auto& u : d->union_inputs) out += " union " + u.joined();
      out += " " + at(d->span) + "\n";
      for (const auto& s : d->steps) {
        switch (s.kind) {
          case ast::StepKind::Where: out += "  where " + ex(s.condition); break;
          case ast::StepKind::Having: out += "  having " + ex(s.condition); break;
          case ast::StepKind::Join:
            out += std::string("  ") + join_word(s.join_kind) + " " + s.join_target.joined() +
                   (s.join_alias ? " as " + s.join_alias->text : "") + (s.condition ? " on " + ex(s.condition) : "");
            break;
          case ast::StepKind::Derive:
            out += "  derive";
            for (const auto& dv : s.derivations) out += " " + dv.name.text + " = " + ex(dv.value) + ";";
            break;
          case ast::StepKind::Group:
            out += "  group by";
            for (const auto& k : s.group_keys) out += " " + ex(k.value) + (k.alias ? " as " + k.alias->text : "") + ";";
            if (!s.derivations.empty()) out += " compute";
            for (const auto& dv : s.derivations) out += " " + dv.name.text + " = " + ex(dv.value) + ";";
            break;
        }
        out += " " + at(s.span) + "\n";
      }
    } else if (const auto* d = std::get_if<ast::OutputDecl>(&decl)) {
      out += "output " + d->name.text + (d->from ? " from " + d->from->joined() : "") + (d->distinct ? " distinct" : "") +
             " " + at(d->span) + "\n";
      for (const auto& c : d->columns) out += "  column " + ex(c.value) + (c.alias ? " as " + c.alias->text : "") + "\n";
      for (const auto& k : d->order) out += "  order " + ex(k.value) + (k.descending ? " desc" : "") + "\n";
    } else if (const auto* d = std::get_if<ast::TableDecl>(&decl)) {
      out += "table " + d->name.text + " " + at(d->span) + "\n";
      for (const auto& c : d->columns) out += "  column " + c.name.text + ": " + type_str(c.type) + (c.optional ? "?" : "") + "\n";
      for (const auto& r : d->rows) {
        out += "  row";
        for (const auto& c : r.cells) out += " " + ex(c) + ";";
        out += " " + at(r.span) + "\n";
      }
    }
  }
  for (const auto& s : m.suppressions) {
    out += "suppress";
    for (const auto& c : s.codes) out += " " + c;
    out += " on line " + std::to_string(s.target_line) + ": " + s.reason + "\n";
  }
  return out;
}

}  // namespace clue
