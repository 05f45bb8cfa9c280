#include "compiler/sql/emit.h"
#include "compiler/sql/inline_table.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"
#include "runtime/values/idcard.h"

namespace clue::sql {
namespace {

using plan::Expr;
using plan::ExprKind;
using plan::Fn;
using plan::Layout;
using plan::Node;
using plan::NodeKind;
using plan::Op;

int scale_of(TypeKind t) { return t == TypeKind::Money || t == TypeKind::Decimal ? 4 : 0; }
std::string pow10(int k) { return "1" + std::string(size_t(k), '0'); }
bool is_textual(TypeKind t) {
  return t == TypeKind::Text || t == TypeKind::CaseNo || t == TypeKind::Uscc || t == TypeKind::PartyId ||
         t == TypeKind::IdCard;
}

struct Failed {};  // thrown after the diagnostic is reported

// One relation's SQL and where its columns are: every column name is unique in the relation
// (bindings by alias, slots by name), so expressions refer to them unqualified.
// A column a relation's SQL carries, by what it holds (its name follows from the layout).
struct Col {
  enum Kind { Field, Lon, Lat, File, Line, GroupFile, Prov, Slot } kind = Field;
  int binding = -1, field = -1, slot = -1;
  TypeKind type = TypeKind::Text;  // the value's type (File, Prov: Text; Line: Int)
};
struct Rel {
  std::string sql;
  std::vector<bool> grouped;  // per binding: its provenance is a group's text column
  std::vector<Col> cols;      // the columns the SQL returns (besides join keys of its own)
};

class Emitter {
 public:
  Emitter(const plan::Plan& p, const exec::ParamValues& pv, Dialect d, DiagnosticSink& s, const Sharding* sh)
      : p_(p), params_(pv), d_(d), sink_(s), sh_(d == Dialect::ClickHouse ? sh : nullptr) {}

  Statement output(int out_id);

 private:
  const plan::Plan& p_;
  const exec::ParamValues& params_;
  Dialect d_;
  DiagnosticSink& sink_;
  const Sharding* sh_ = nullptr;  // ClickHouse cluster: co-located joins (emit.h)
  std::vector<std::string> tables_;
  std::vector<bool> group_input_grouped_;  // the aggregated relation's grouped bindings

  bool ch() const { return d_ == Dialect::ClickHouse; }
  bool pg() const { return d_ == Dialect::Postgres; }

  [[noreturn]] void fail(DiagId id, const plan::Loc& loc, std::vector<std::string> args) {
    sink_.report(id, Span{FileId(loc.file), loc.line, loc.col, loc.end_line, loc.end_col}, std::move(args));
    throw Failed{};
  }
  [[noreturn]] void no_form(Fn f, const plan::Loc& loc) {
    fail(DiagId::SqlNoBuiltinForm, loc, {plan::fn_name(f), std::string(dialect_name(d_))});
  }
  [[noreturn]] void unsupported(const std::string& what, const plan::Loc& loc) {
    fail(DiagId::SqlNotSupported, loc, {what, std::string(dialect_name(d_))});
  }

  std::string q(const std::string& name) const { return quote_ident(d_, name); }
  std::string lit(std::string_view s) const { return quote_text(d_, s); }

  // ---- column names ----
  std::string alias(const Layout& L, int b) const {
    std::string a = L.bindings[size_t(b)].alias;
    std::replace(a.begin(), a.end(), '.', '_');
    return a;
  }
  std::string bcol(const Layout& L, int b, int f) const {
    const auto& src = p_.sources[size_t(L.bindings[size_t(b)].source)];
    return alias(L, b) + "__" + src.fields[size_t(f)].name;
  }
  std::string file_col(const Layout& L, int b) const { return alias(L, b) + "___clue_file"; }
  std::string line_col(const Layout& L, int b) const { return alias(L, b) + "___clue_line"; }
  std::string prov_col(const Layout& L, int b) const { return alias(L, b) + "___clue_prov"; }
  // A group's smallest file label (not the rows' own name: ClickHouse would read the alias).
  std::string gfile_col(const Layout& L, int b) const { return alias(L, b) + "___clue_gfile"; }
  std::string slot_col(const Layout& L, int s) const {
    const std::string& n = L.derived[size_t(s)].name;
    for (int k = 0; k < s; ++k)
      if (L.derived[size_t(k)].name == n) return n + "_" + std::to_string(s);
    return n;
  }

  // ---- expressions ----
  std::string scaled(const Expr& e, const Layout& L, TypeKind to, const Node* n) {
    std::string s = ex(e, L, n);
    if (e.kind == ExprKind::Literal && e.literal.kind == plan::LiteralKind::Null) return s;
    TypeKind from = e.type.kind;
    if (from == TypeKind::Date && to == TypeKind::DateTime) return "(" + s + " * 86400)";
    int k = scale_of(to) - scale_of(from);
    if (k > 0 && (from == TypeKind::Int || from == TypeKind::Null)) return "(" + s + " * " + pow10(k) + ")";
    return s;
  }
  // The common type two operands are compared in.
  static TypeKind common(TypeKind a, TypeKind b) {
    if (a == TypeKind::DateTime || b == TypeKind::DateTime) return TypeKind::DateTime;
    if (scale_of(a) || scale_of(b)) return TypeKind::Money;
    return a == TypeKind::Null ? b : a;
  }
  std::string collate(const std::string& s, TypeKind t) const {
    return pg() && is_textual(t) ? s + " COLLATE \"C\"" : s;
  }
  std::string truth(const Expr& e, const Layout& L, const Node* n) {
    std::string s = ex(e, L, n);
    return ch() ? "ifNull(" + s + ", 0)" : s;
  }
  std::string boolean(bool v) const { return ch() ? (v ? "1" : "0") : (v ? "TRUE" : "FALSE"); }
  std::string text_of_int(const std::string& s) const {
    switch (d_) {
      case Dialect::ClickHouse: return "toString(" + s + ")";
      case Dialect::Postgres: return "CAST(" + s + " AS TEXT)";
      case Dialect::Trino: return "CAST(" + s + " AS VARCHAR)";
      case Dialect::Spark: return "CAST(" + s + " AS STRING)";
    }
    return s;
  }
  std::string concat(const std::vector<std::string>& parts) const {
    if (ch() || d_ == Dialect::Spark || d_ == Dialect::Trino) {
      std::string s = "concat(";
      for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
      return s + ")";
    }
    std::string s = "(";
    for (size_t i = 0; i < parts.size(); ++i) s += (i ? " || " : "") + parts[i];
    return s + ")";
  }
  std::string idiv(const std::string& a, const std::string& b) const {  // truncating, integers
    if (ch()) return "intDiv(" + a + ", " + b + ")";
    // Spark's `/` divides doubles (and dt-sql-parser's grammar has no DIV): the cast truncates
    // toward zero, exact below 2^53.
    if (d_ == Dialect::Spark) return "CAST(" + a + " / " + b + " AS BIGINT)";
    return "(" + a + " / " + b + ")";
  }
  // Floor division by a positive constant.
  std::string fdiv(const std::string& a, const std::string& b) const {
    return idiv("(" + a + " - ((" + a + " % " + b + ") + " + b + ") % " + b + ")", b);
  }
  std::string pad(const std::string& v, int digits) const {  // a non-negative int, zero-padded
    return "substr(" + text_of_int("(" + v + " + " + pow10(digits) + ")") + ", 2)";
  }
  // A day number as a calendar date (for dialects without a date type covering 1–9999:
  // ClickHouse). Howard Hinnant's civil_from_days in integer arithmetic.
  struct Civil {
    std::string y, m, d;
  };
  // ClickHouse only (the others have date functions): every intermediate value is named once
  // with an expression alias (`(…) AS _c3z`), which 18.16 resolves anywhere in the SELECT, and
  // identical definitions may repeat. Written out instead, a few nested add_months() grew to
  // 260 kB of SQL, past what its parser takes.
  mutable int alias_counter_ = 0;
  std::string name(const std::string& tag) const { return "_c" + std::to_string(alias_counter_) + tag; }
  static std::string def(const std::string& expr, const std::string& alias) { return "((" + expr + ") AS " + alias + ")"; }
  Civil civil(const std::string& day) const {
    ++alias_counter_;
    const std::string z = name("z"), era = name("e"), doe = name("d"), yoe = name("y"), doy = name("o"), mp = name("p"),
                      mm = name("m");
    std::string Z = def(day + " + 719468", z);
    std::string ERA = def(idiv("(" + Z + " - if(" + z + " >= 0, 0, 146096))", "146097"), era);
    std::string DOE = def(z + " - " + ERA + " * 146097", doe);
    std::string YOE = def(idiv("(" + DOE + " - " + idiv(doe, "1460") + " + " + idiv(doe, "36524") + " - " + idiv(doe, "146096") + ")",
                               "365"),
                          yoe);
    std::string DOY = def(doe + " - (365 * " + YOE + " + " + idiv(yoe, "4") + " - " + idiv(yoe, "100") + ")", doy);
    std::string MP = def(idiv("(5 * " + DOY + " + 2)", "153"), mp);
    Civil c;
    c.d = "(" + DOY + " - " + idiv("(153 * " + MP + " + 2)", "5") + " + 1)";
    c.m = def("if(" + MP + " < 10, " + mp + " + 3, " + mp + " - 9)", mm);
    c.y = "(" + YOE + " + " + ERA + " * 400 + if(" + c.m + " <= 2, 1, 0))";
    return c;
  }
  std::string days_from_civil(const std::string& y0, const std::string& m0, const std::string& d) const {
    ++alias_counter_;
    const std::string m = name("M"), y = name("Y"), era = name("E"), yoe = name("Q");
    std::string M = def(m0, m);
    std::string Y = def(y0 + " - if(" + M + " <= 2, 1, 0)", y);
    std::string ERA = def(idiv("(" + Y + " - if(" + y + " >= 0, 0, 399))", "400"), era);
    std::string YOE = def(y + " - " + ERA + " * 400", yoe);
    std::string doy = "(" + idiv("(153 * (" + m + " + if(" + m + " > 2, -3, 9)) + 2)", "5") + " + " + d + " - 1)";
    std::string doe = "(" + YOE + " * 365 + " + idiv(yoe, "4") + " - " + idiv(yoe, "100") + " + " + doy + ")";
    return "(" + era + " * 146097 + " + doe + " - 719468)";
  }
  std::string date_expr(const std::string& day) const {  // day number → the dialect's date
    if (pg()) return "(DATE '1970-01-01' + CAST(" + day + " AS INTEGER))";
    if (d_ == Dialect::Trino) return "date_add('day', " + day + ", DATE '1970-01-01')";
    return "date_add(DATE '1970-01-01', CAST(" + day + " AS INT))";
  }
  std::string year_month(const Expr& a, const Layout& L, const Node* n, bool year) {
    std::string s = ex(a, L, n);
    if (a.type.kind == TypeKind::Month) return year ? idiv(s, "12") : "(" + s + " % 12 + 1)";
    if (a.type.kind == TypeKind::DateTime) s = fdiv(s, "86400");
    if (ch()) {
      Civil c = civil(s);
      return year ? c.y : c.m;
    }
    if (pg()) return "CAST(EXTRACT(" + std::string(year ? "YEAR" : "MONTH") + " FROM " + date_expr(s) + ") AS BIGINT)";
    return std::string(year ? "year(" : "month(") + date_expr(s) + ")";
  }

  // The text the engine shows for a value (exec::format_value); NULL stays NULL.
  std::string format(const std::string& s, TypeKind t) {
    switch (t) {
      case TypeKind::Int: return text_of_int(s);
      case TypeKind::Money: case TypeKind::Decimal: {
        const bool money = t == TypeKind::Money;
        std::string mag = "abs(" + s + ")";
        std::string r = money ? idiv("(" + mag + " + 50)", "100") : mag;
        std::string unit = money ? "100" : "10000";
        std::string body = concat({"(CASE WHEN " + s + " < 0 THEN '-' ELSE '' END)", text_of_int(idiv(r, unit)), "'.'",
                                   pad("(" + r + " % " + unit + ")", money ? 2 : 4)});
        if (money) return body;
        if (pg()) return "rtrim(rtrim(" + body + ", '0'), '.')";
        if (ch()) return "replaceRegexpOne(" + body + ", '\\\\.?0+$', '')";
        return "regexp_replace(" + body + ", " + lit("\\.?0+$") + ", '')";
      }
      case TypeKind::Bool:
        if (ch()) return "if(isNull(" + s + "), NULL, if(assumeNotNull(" + s + ") = 1, '是', '否'))";
        return "(CASE WHEN " + s + " THEN '是' WHEN NOT " + s + " THEN '否' END)";
      case TypeKind::Date:
        if (ch()) {
          Civil c = civil(s);
          return "if(isNull(" + s + "), NULL, " + concat({pad(c.y, 4), "'-'", pad(c.m, 2), "'-'", pad(c.d, 2)}) + ")";
        }
        if (pg()) return "to_char(" + date_expr(s) + ", 'YYYY-MM-DD')";
        return "CAST(" + date_expr(s) + " AS " + (d_ == Dialect::Trino ? "VARCHAR" : "STRING") + ")";
      case TypeKind::Month:
        return concat({pad(idiv(s, "12"), 4), "'-'", pad("(" + s + " % 12 + 1)", 2)});
      case TypeKind::DateTime: {
        std::string day = fdiv(s, "86400"), sec = "(((" + s + " % 86400) + 86400) % 86400)";
        std::string date = format(day, TypeKind::Date);
        return concat({date, "' '", pad(idiv(sec, "3600"), 2), "':'", pad(idiv("(" + sec + " % 3600)", "60"), 2), "':'",
                       pad("(" + sec + " % 60)", 2)});
      }
      default: return s;  // text and IDs: their normal form
    }
  }

  std::string param(const Expr& e, size_t item) {
    const exec::Vec& v = params_[size_t(e.param)];
    if (item >= v.size() || !v.valid[item] || v.is_null_type) return "NULL";
    TypeKind t = p_.params[size_t(e.param)].type.kind;
    if (t == TypeKind::List) t = p_.params[size_t(e.param)].type.element;
    if (v.lane == exec::Vec::S) return lit(v.s[item]);
    if (v.lane == exec::Vec::G) unsupported("a geo param", e.loc);
    switch (t) {
      case TypeKind::Bool: return boolean(v.i[item] != 0);
      case TypeKind::IdCard: return lit(values::to_string(values::IdCard{uint64_t(v.i[item])}));
      case TypeKind::Money: case TypeKind::Decimal: {
        __int128 raw = v.i[item];
        for (int k = v.scale; k < 4; ++k) raw *= 10;
        return std::to_string(int64_t(raw));
      }
      default: return std::to_string(v.i[item]);
    }
  }

  std::string literal(const Expr& e) {
    const plan::Literal& l = e.literal;
    switch (l.kind) {
      case plan::LiteralKind::Null: return "NULL";
      case plan::LiteralKind::Bool: return boolean(l.text == "true");
      case plan::LiteralKind::Int: return l.text;
      case plan::LiteralKind::Decimal: {
        auto p = values::parse_decimal(l.text);
        if (!p.ok()) unsupported("the literal " + l.text, e.loc);
        return std::to_string(p.value().raw);
      }
      case plan::LiteralKind::Text: return lit(l.text);
      case plan::LiteralKind::Date: {
        auto p = values::parse_date(l.text);
        if (!p.ok()) unsupported("the literal " + l.text, e.loc);
        return std::to_string(int64_t(p.value()));
      }
      case plan::LiteralKind::Month: {
        int y = std::stoi(l.text.substr(0, 4)), m = std::stoi(l.text.substr(5, 2));
        return std::to_string(int64_t(y) * 12 + m - 1);
      }
      case plan::LiteralKind::DateTime: unsupported("a datetime literal", e.loc);
    }
    return "NULL";
  }

  // The items of an `in` list (a list expression or a list param).
  std::vector<std::string> list_items(const Expr& list, const Layout& L, TypeKind to, const Node* n) {
    std::vector<std::string> out;
    if (list.kind == ExprKind::List) {
      for (const auto& a : list.args) out.push_back(scaled(*a, L, to, n));
    } else if (list.kind == ExprKind::Param) {
      const exec::Vec& v = params_[size_t(list.param)];
      for (size_t i = 0; i < v.size(); ++i) {
        std::string s = param(list, i);
        int k = scale_of(to) - scale_of(p_.params[size_t(list.param)].type.element);
        out.push_back(k > 0 ? "(" + s + " * " + pow10(k) + ")" : s);
      }
    } else {
      unsupported("an `in` over a computed list", list.loc);
    }
    return out;
  }

  std::string arith(const Expr& e, const Layout& L, const Node* n) {
    const Expr& a = *e.args[0];
    const Expr& b = *e.args[1];
    std::string x = ex(a, L, n), y = ex(b, L, n);
    if (e.type.kind == TypeKind::Text) return concat({x, y});
    const int sx = scale_of(a.type.kind), sy = scale_of(b.type.kind), out = scale_of(e.type.kind);
    auto up = [&](const std::string& v, int k) { return k > 0 ? "(" + v + " * " + pow10(k) + ")" : v; };
    // Exact like plan::exact_arith (128 bits): PostgreSQL computes in numeric, ClickHouse in
    // Decimal128; the conversion back to a 64-bit integer fails on overflow (both servers stop
    // the statement), as the engine stops (E0560) rather than wrap.
    auto num = [&](const std::string& v) {
      return pg() ? "CAST(" + v + " AS NUMERIC)" : ch() ? "toDecimal128(" + v + ", 0)" : v;
    };
    auto back = [&](const std::string& v) {
      return pg() ? "CAST(trunc(" + v + ") AS BIGINT)" : ch() ? "toInt64(" + v + ")" : v;
    };
    const bool exact = pg() || ch();
    switch (e.op) {
      case Op::Add: case Op::Sub: {
        const int s = std::max(sx, sy);
        std::string r = "(" + up(ch() ? num(x) : x, s - sx) + (e.op == Op::Add ? " + " : " - ") + up(y, s - sy) + ")";
        return ch() ? back(up(r, out - s)) : up(r, out - s);
      }
      case Op::Mul: {
        const int s = sx + sy;
        std::string prod = "(" + num(x) + " * " + y + ")";
        if (s > out) return exact ? back("(" + prod + " / " + pow10(s - out) + ")") : idiv(prod, pow10(s - out));
        return ch() ? back(up(prod, out - s)) : up(prod, out - s);
      }
      case Op::Div: {
        const std::string den = up(y, sx);
        std::string numr = up(num(x), sy + out);
        // ClickHouse computes every branch: the divisor is never 0 where it is used.
        if (ch()) return "if(" + den + " = 0, NULL, " + back("(" + numr + " / toDecimal128(if(" + den + " = 0, 1, " + den + "), 0))") + ")";
        if (pg()) return back("(" + numr + " / NULLIF(" + den + ", 0))");
        return idiv(numr, "NULLIF(" + den + ", 0)");
      }
      case Op::Mod:
        if (ch()) return "if(" + y + " = 0, NULL, " + x + " % if(" + y + " = 0, 1, " + y + "))";
        return "(" + x + " % NULLIF(" + y + ", 0))";
      default: break;
    }
    unsupported(std::string("the operator ") + plan::op_text(e.op), e.loc);
  }

  std::string ex(const Expr& e, const Layout& L, const Node* n) {
    switch (e.kind) {
      case ExprKind::Literal: return literal(e);
      case ExprKind::Param: {
        if (p_.params[size_t(e.param)].type.kind == TypeKind::List) unsupported("a list param outside `in`", e.loc);
        return param(e, 0);
      }
      case ExprKind::Column: {
        const auto& src = p_.sources[size_t(L.bindings[size_t(e.binding)].source)];
        if (src.fields[size_t(e.field)].type.kind == TypeKind::Geo) unsupported("a geo value outside distance()", e.loc);
        return q(bcol(L, e.binding, e.field));
      }
      case ExprKind::Derived: return q(slot_col(L, e.derived));
      case ExprKind::Unary:
        if (e.op == Op::Not) return "(NOT " + ex(*e.args[0], L, n) + ")";
        return "(-" + ex(*e.args[0], L, n) + ")";
      case ExprKind::Binary: {
        if (plan::is_comparison(e.op)) {
          const TypeKind t = common(e.args[0]->type.kind, e.args[1]->type.kind);
          static const char* kCmp[] = {" = ", " <> ", " < ", " <= ", " > ", " >= "};
          std::string a = scaled(*e.args[0], L, t, n), b = scaled(*e.args[1], L, t, n);
          if (e.op != Op::Eq && e.op != Op::Ne) a = collate(a, t);
          return "(" + a + kCmp[size_t(e.op)] + b + ")";
        }
        if (plan::is_logic(e.op)) {
          std::string a = ex(*e.args[0], L, n), b = ex(*e.args[1], L, n);
          if (!ch()) return "(" + a + (e.op == Op::And ? " AND " : " OR ") + b + ")";
          // ClickHouse 18.16's and/or give NULL when either side is NULL: three-valued logic
          // written out (false and NULL is false; true or NULL is true).
          if (e.op == Op::And)
            return "multiIf(ifNull(" + a + ", 1) = 0 OR ifNull(" + b + ", 1) = 0, 0, isNull(" + a + ") OR isNull(" + b +
                   "), NULL, 1)";
          return "multiIf(ifNull(" + a + ", 0) = 1 OR ifNull(" + b + ", 0) = 1, 1, isNull(" + a + ") OR isNull(" + b +
                 "), NULL, 0)";
        }
        return arith(e, L, n);
      }
      case ExprKind::In: {
        const Expr& x = *e.args[0];
        const Expr& list = *e.args[1];
        TypeKind t = x.type.kind;
        std::string xs = ex(x, L, n);
        auto items = list_items(list, L, t, n);
        if (items.empty()) return "(CASE WHEN " + xs + " IS NULL THEN NULL ELSE " + boolean(e.negated) + " END)";
        std::string in;
        for (size_t i = 0; i < items.size(); ++i) in += (i ? ", " : "") + items[i];
        std::string s = "(" + xs + (e.negated ? " NOT IN (" : " IN (") + in + "))";
        // ClickHouse answers NULL IN (…) with 0 (and NOT IN with 1): a missing value stays missing.
        if (ch()) return "if(isNull(" + xs + "), NULL, " + s + ")";
        return s;
      }
      case ExprKind::Between: {
        const TypeKind t = common(common(e.args[0]->type.kind, e.args[1]->type.kind), e.args[2]->type.kind);
        std::string s = "(" + collate(scaled(*e.args[0], L, t, n), t) + (e.negated ? " NOT BETWEEN " : " BETWEEN ") +
                        scaled(*e.args[1], L, t, n) + " AND " + scaled(*e.args[2], L, t, n) + ")";
        return s;
      }
      case ExprKind::IsNull: {
        std::string s = ex(*e.args[0], L, n);
        if (ch()) return e.negated ? "isNotNull(" + s + ")" : "isNull(" + s + ")";
        return "(" + s + (e.negated ? " IS NOT NULL)" : " IS NULL)");
      }
      case ExprKind::If: {
        const TypeKind t = e.type.kind;
        return "(CASE WHEN " + truth(*e.args[0], L, n) + " THEN " + scaled(*e.args[1], L, t, n) + " ELSE " +
               scaled(*e.args[2], L, t, n) + " END)";
      }
      case ExprKind::Call: return call(e, L, n);
      case ExprKind::Aggregate: return aggregate(e, L, n);
      case ExprKind::List: unsupported("a list value", e.loc);
    }
    unsupported("this expression", e.loc);
  }

  // A regular expression (RE2 syntax, the engine's) as the dialect's engine reads it with the
  // same meaning: (?i:…) groups become [xX] classes (PostgreSQL has no inline groups,
  // ClickHouse 18.16 matches nothing with them); PostgreSQL's word boundary is \y.
  std::string regex(const std::string& re, const plan::Loc& loc) {
    if (d_ == Dialect::Trino || d_ == Dialect::Spark) return re;
    std::string out;
    int ci_depth = 0;  // inside (?i: … ): the nesting level of its parentheses
    std::vector<bool> ci_stack;
    bool in_class = false;
    for (size_t i = 0; i < re.size(); ++i) {
      char c = re[i];
      if (c == '\\' && i + 1 < re.size()) {
        char nx = re[i + 1];
        if (pg() && nx == 'b') out += "\\y";
        else if (pg() && nx == 'B') out += "\\Y";
        else out += re.substr(i, 2);
        ++i;
        continue;
      }
      if (in_class) {
        if (c == ']') in_class = false;
        if (ci_depth > 0 && std::isalpha(static_cast<unsigned char>(c))) {
          out += char(std::tolower(c));
          out += char(std::toupper(c));
        } else {
          out += c;
        }
        continue;
      }
      if (c == '[') {
        in_class = true;
        out += c;
        if (i + 1 < re.size() && re[i + 1] == '^') out += re[++i];
        continue;
      }
      if (c == '(') {
        if (re.compare(i, 4, "(?i:") == 0) {
          ci_stack.push_back(true);
          ++ci_depth;
          out += "(?:";
          i += 3;
          continue;
        }
        if (re.compare(i, 2, "(?") == 0 && re.compare(i, 3, "(?:") != 0) unsupported("the regex flag group in " + re, loc);
        ci_stack.push_back(false);
        out += c;
        continue;
      }
      if (c == ')') {
        if (!ci_stack.empty()) {
          if (ci_stack.back()) --ci_depth;
          ci_stack.pop_back();
        }
        out += c;
        continue;
      }
      if (ci_depth > 0 && std::isalpha(static_cast<unsigned char>(c))) {
        out += "[";
        out += char(std::tolower(c));
        out += char(std::toupper(c));
        out += "]";
        continue;
      }
      out += c;
    }
    return out;
  }

  // translate() for ClickHouse 18.16, which has none: one replaceAll per character of `from`
  // (UTF-8; `to` has one character for each, ASCII or UTF-8).
  std::string replace_chars(const std::string& s, const std::string& from, const std::string& to) {
    auto next = [](const std::string& t, size_t& i) {
      size_t n = (static_cast<unsigned char>(t[i]) < 0x80) ? 1 : (static_cast<unsigned char>(t[i]) < 0xE0) ? 2
                 : (static_cast<unsigned char>(t[i]) < 0xF0) ? 3 : 4;
      std::string c = t.substr(i, n);
      i += n;
      return c;
    };
    std::string out = s;
    for (size_t i = 0, j = 0; i < from.size() && j < to.size();) {
      std::string a = next(from, i), b = next(to, j);
      out = "replaceAll(" + out + ", " + lit(a) + ", " + lit(b) + ")";
    }
    return out;
  }

  // The characters trim() and normalize_punct() strip: ASCII white space, NBSP, U+3000, BOM.
  std::string trimmed(const std::string& s) {
    const std::string cls = "( |\t|\r|\n|\xC2\xA0|\xE3\x80\x80|\xEF\xBB\xBF)";
    std::string re = "^" + cls + "+|" + cls + "+$";
    if (pg()) return "regexp_replace(" + s + ", " + lit(re) + ", '', 'g')";
    if (ch()) return "replaceRegexpAll(" + s + ", " + lit(re) + ", '')";
    return "regexp_replace(" + s + ", " + lit(re) + ", '')";
  }

  std::string is_null(const std::string& s) const { return ch() ? "isNull(" + s + ")" : "(" + s + " IS NULL)"; }
  // An integer written in ASCII digits (NULL stays NULL; ClickHouse computes every CASE
  // branch, so its conversion cannot fail).
  std::string int_of(const std::string& s) const {
    return ch() ? "toInt64OrZero(" + s + ")" : "CAST(" + s + " AS BIGINT)";
  }
  // Characters [from, from + count) of an ASCII text (ClickHouse's substring counts bytes).
  std::string ascii_part(const std::string& s, int from, int count) const {
    return std::string(ch() ? "substring(" : "substr(") + s + ", " + std::to_string(from) + ", " + std::to_string(count) + ")";
  }
  // The day number (days since 1970-01-01) of a valid calendar date; NULL when `null_if` is.
  std::string days_of(const std::string& y, const std::string& m, const std::string& d, const std::string& null_if) const {
    if (ch()) return "if(" + is_null(null_if) + ", NULL, " + days_from_civil(y, m, d) + ")";
    if (pg())
      return "(make_date(CAST(" + y + " AS INTEGER), CAST(" + m + " AS INTEGER), CAST(" + d + " AS INTEGER)) - DATE '1970-01-01')";
    if (d_ == Dialect::Trino)
      return "date_diff('day', DATE '1970-01-01', date_add('day', " + d + " - 1, date_add('month', " + m +
             " - 1, date_add('year', " + y + " - 1970, DATE '1970-01-01'))))";
    return "datediff(make_date(CAST(" + y + " AS INT), CAST(" + m + " AS INT), CAST(" + d + " AS INT)), DATE '1970-01-01')";
  }
  // The day of a date or datetime expression.
  std::string day_of(const Expr& a, const Layout& L, const Node* n) {
    std::string s = ex(a, L, n);
    return a.type.kind == TypeKind::DateTime ? fdiv(s, "86400") : s;
  }
  // Year, month and day of a day number.
  Civil ymd(const std::string& day) const {
    if (ch()) return civil(day);
    const std::string d = date_expr(day);
    if (pg())
      return {"CAST(EXTRACT(YEAR FROM " + d + ") AS BIGINT)", "CAST(EXTRACT(MONTH FROM " + d + ") AS BIGINT)",
              "CAST(EXTRACT(DAY FROM " + d + ") AS BIGINT)"};
    return {"year(" + d + ")", "month(" + d + ")", std::string(d_ == Dialect::Trino ? "day(" : "dayofmonth(") + d + ")"};
  }
  // The first group of `re` in `s`, NULL when `re` does not match (every dialect's extract
  // gives '' or NULL then); `re` is written in the subset all four read alike.
  std::string extract_group(const std::string& s, const std::string& re, bool has_group) {
    const std::string r = lit(re);
    if (pg()) return "(regexp_match(" + s + ", " + r + "))[1]";
    if (ch()) return "if(match(" + s + ", " + r + "), extract(" + s + ", " + r + "), NULL)";
    if (d_ == Dialect::Trino)
      return "(CASE WHEN regexp_like(" + s + ", " + r + ") THEN regexp_extract(" + s + ", " + r + (has_group ? ", 1" : "") + ") END)";
    return "(CASE WHEN " + s + " RLIKE " + r + " THEN regexp_extract(" + s + ", " + r + ", " + (has_group ? "1" : "0") + ") END)";
  }
  // 法院代字 or 类型代字 of a canonical case number, split as values::parse_case_no splits
  // it. New form （2023）浙0803执1234号: the court ends with the 2-4 digits. CJK only
  // （2023）京民终12号: the type is the longest tail of type characters that starts with a type
  // head, leaving the court one character at least; said as a regular expression whose split
  // is unique (the court's own tail of type characters after its first character holds no
  // head), so POSIX (PostgreSQL) and leftmost-first (RE2, Java) matching give the same groups.
  std::string case_part(const std::string& s, bool court) {
    static const std::string kHeads = "民刑行执赔知财破司委经商海认协请强";
    static const std::string kOthers = "（）初终申再监抗核辖他更医没恢异复外催督特撤审保惩救调清送台港澳减假一二三四五六七八九十";
    const std::string all = kHeads + kOthers;
    const std::string year = "^（[0-9]{4}）";
    std::string fresh = court ? year + "([^0-9]+[0-9]{2,4})[^0-9]+[0-9]+号$" : year + "[^0-9]+[0-9]{2,4}([^0-9]+)[0-9]+号$";
    const std::string c = ".(?:[^0-9]*[^0-9" + all + "])?[" + kOthers + "]*", t = "[" + kHeads + "][" + all + "]*";
    std::string old = court ? year + "(" + c + ")" + t + "[0-9]+号$" : year + c + "(" + t + ")[0-9]+号$";
    return "coalesce(" + extract_group(s, fresh, true) + ", " + extract_group(s, old, true) + ")";
  }
  // regex_extract(text, 're'): RE2's leftmost-first match, its first group if it has one.
  // ClickHouse runs RE2 itself; Trino and Spark Java-style backtracking with the same
  // preferences. PostgreSQL's regular expressions prefer the longest match (POSIX) and can
  // give another group: refused there. A first group that may take no part in a match (under
  // `?`, `*`, `{0,…}`, `|`, or inside another group) would be NULL to the engine but '' to
  // ClickHouse, Trino and Spark: refused.
  std::string regex_extract(const Expr& e, const Layout& L, const Node* n) {
    if (pg() || e.args[1]->kind != ExprKind::Literal || e.args[1]->literal.kind == plan::LiteralKind::Null) no_form(e.fn, e.loc);
    const std::string& re = e.args[1]->literal.text;
    int groups = 0, depth = 0, first_depth = -1;
    bool in_class = false, optional = false;
    size_t first_close = std::string::npos;
    std::vector<bool> capturing;
    for (size_t i = 0; i < re.size(); ++i) {
      const char c = re[i];
      if (c == '\\') { ++i; continue; }
      if (in_class) { if (c == ']') in_class = false; continue; }
      if (c == '[') { in_class = true; if (i + 1 < re.size() && re[i + 1] == ']') ++i; continue; }
      if (c == '(') {
        // Named groups capture too: (?P<name>…), (?<name>…) (not a look-behind, which RE2 lacks).
        const bool cap = re.compare(i, 2, "(?") != 0 || re.compare(i, 4, "(?P<") == 0 ||
                         (re.compare(i, 3, "(?<") == 0 && re.compare(i, 4, "(?<=") != 0 && re.compare(i, 4, "(?<!") != 0);
        capturing.push_back(cap);
        if (cap && ++groups == 1) first_depth = depth;
        ++depth;
      } else if (c == ')') {
        --depth;
        if (!capturing.empty()) {
          const bool cap = capturing.back();
          capturing.pop_back();
          if (cap && groups == 1 && first_close == std::string::npos && depth == first_depth) {
            first_close = i;
            if (i + 1 < re.size() && (re[i + 1] == '?' || re[i + 1] == '*' || re.compare(i + 1, 2, "{0") == 0)) optional = true;
          }
        }
      } else if (c == '|' && (groups == 0 || first_close != std::string::npos || depth <= first_depth)) {
        optional = true;  // an alternative outside the first group
      }
    }
    if (groups > 0 && (optional || first_depth != 0)) no_form(e.fn, e.loc);
    return extract_group(ex(*e.args[0], L, n), regex(re, e.loc), groups > 0);
  }

  std::string call(const Expr& e, const Layout& L, const Node* n) {
    auto A = [&](size_t i) { return ex(*e.args[i], L, n); };
    const Fn f = e.fn;
    switch (f) {
      case Fn::Contains:
        if (ch()) return "(position(" + A(0) + ", " + A(1) + ") > 0)";
        if (d_ == Dialect::Spark) return "(instr(" + A(0) + ", " + A(1) + ") > 0)";
        return "(strpos(" + A(0) + ", " + A(1) + ") > 0)";
      case Fn::StartsWith:
        if (ch()) return "startsWith(" + A(0) + ", " + A(1) + ")";
        if (d_ == Dialect::Spark) return "startswith(" + A(0) + ", " + A(1) + ")";
        return "starts_with(" + A(0) + ", " + A(1) + ")";
      case Fn::EndsWith:
        if (ch()) return "endsWith(" + A(0) + ", " + A(1) + ")";
        if (d_ == Dialect::Spark) return "endswith(" + A(0) + ", " + A(1) + ")";
        if (pg()) return "(right(" + A(0) + ", char_length(" + A(1) + ")) = " + A(1) + ")";
        return "(length(" + A(0) + ") >= length(" + A(1) + ") AND substr(" + A(0) + ", length(" + A(0) + ") - length(" +
               A(1) + ") + 1) = " + A(1) + ")";
      case Fn::Matches: {
        if (e.args[1]->kind != ExprKind::Literal) no_form(f, e.loc);  // a pattern must be translated once
        std::string re = lit(regex(e.args[1]->literal.text, e.loc));
        if (pg()) return "(" + A(0) + " ~ " + re + ")";
        if (ch()) return "match(" + A(0) + ", " + re + ")";
        if (d_ == Dialect::Trino) return "regexp_like(" + A(0) + ", " + re + ")";
        return "(" + A(0) + " RLIKE " + re + ")";
      }
      case Fn::Length:
        if (ch()) return "lengthUTF8(" + A(0) + ")";
        return (d_ == Dialect::Trino ? "length(" : "char_length(") + A(0) + ")";
      case Fn::ToText: return format(A(0), e.args[0]->type.kind);
      case Fn::NormalizePunct: {
        // fold_width (U+FF01..U+FF5E → ASCII, U+3000 → space), 〔〕【】 → ()[], “”‘’ → "" '', trimmed.
        std::string from, to;
        for (char32_t c = 0xFF01; c <= 0xFF5E; ++c) {
          from += char(0xE0 | (c >> 12));
          from += char(0x80 | ((c >> 6) & 0x3F));
          from += char(0x80 | (c & 0x3F));
          to += char(c - 0xFF01 + 0x21);
        }
        from += "\xE3\x80\x80\xE3\x80\x94\xE3\x80\x95\xE3\x80\x90\xE3\x80\x91\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\x98\xE2\x80\x99";
        to += " ()[]\"\"''";
        if (ch()) return trimmed(replace_chars(trimmed(A(0)), from, to));  // 18.16 has no translate()
        return trimmed("translate(" + trimmed(A(0)) + ", " + lit(from) + ", " + lit(to) + ")");
      }
      case Fn::Coalesce: {
        const TypeKind t = e.type.kind;
        return "coalesce(" + scaled(*e.args[0], L, t, n) + ", " + scaled(*e.args[1], L, t, n) + ")";
      }
      case Fn::AddDays: {
        if (e.args[0]->type.kind == TypeKind::DateTime) return "(" + A(0) + " + " + A(1) + " * 86400)";
        return "(" + A(0) + " + " + A(1) + ")";
      }
      case Fn::AddMonths: {
        if (e.args[0]->type.kind == TypeKind::Month) return "(" + A(0) + " + " + A(1) + ")";
        if (e.args[0]->type.kind == TypeKind::DateTime) no_form(f, e.loc);
        std::string d = A(0), k = A(1);
        if (pg())
          return "((" + date_expr(d) + " + make_interval(months => CAST(" + k + " AS INTEGER)))::date - DATE '1970-01-01')";
        if (d_ == Dialect::Trino) return "date_diff('day', DATE '1970-01-01', date_add('month', " + k + ", " + date_expr(d) + "))";
        if (d_ == Dialect::Spark) return "datediff(add_months(" + date_expr(d) + ", CAST(" + k + " AS INT)), DATE '1970-01-01')";
        Civil c = civil(d);
        std::string total = def(c.y + " * 12 + " + c.m + " - 1 + " + k, name("t"));
        std::string y = idiv(total, "12"), m = "(" + total + " % 12 + 1)";
        std::string last = "(" + days_from_civil(idiv("(" + total + " + 1)", "12"), "((" + total + " + 1) % 12 + 1)", "1") +
                           " - " + days_from_civil(y, m, "1") + ")";
        return days_from_civil(y, m, "least(" + c.d + ", " + last + ")");
      }
      case Fn::DaysBetween: return "(" + A(1) + " - " + A(0) + ")";
      case Fn::Year: return year_month(*e.args[0], L, n, true);
      case Fn::MonthOf: return year_month(*e.args[0], L, n, false);
      case Fn::ToMonth: {
        if (e.args[0]->type.kind == TypeKind::Month) return A(0);
        return "(" + year_month(*e.args[0], L, n, true) + " * 12 + " + year_month(*e.args[0], L, n, false) + " - 1)";
      }
      case Fn::ToDate:
        if (e.args[0]->type.kind == TypeKind::DateTime) return fdiv(A(0), "86400");
        return A(0);
      case Fn::Mask: {
        // Persons: the first 6 and last 4 characters kept; an organisation's code (a party ID
        // that is not a person's) is public and shown whole.
        std::string s = A(0);
        std::string masked = concat({"substr(" + s + ", 1, 6)", "'********'", "substr(" + s + ", 15, 4)"});
        if (e.args[0]->type.kind != TypeKind::PartyId) return masked;
        return "(CASE WHEN " + person_test(s) + " THEN " + masked + " ELSE " + s + " END)";
      }
      case Fn::PersonId: {
        std::string s = A(0);
        return "(CASE WHEN " + person_test(s) + " THEN " + s + " END)";
      }
      case Fn::IsPerson: return person_test(A(0));
      case Fn::IsOrg: return "(NOT " + person_test(A(0)) + ")";
      case Fn::OrgId: return "(CASE WHEN NOT " + person_test(A(0)) + " THEN " + A(0) + " END)";
      case Fn::Distance: {
        const Expr& a = *e.args[0];
        const Expr& b = *e.args[1];
        if (a.kind != ExprKind::Column || b.kind != ExprKind::Column) no_form(f, e.loc);
        return "CAST(" + distance_m(a, b, L) + " AS BIGINT)";
      }
      case Fn::Upper: case Fn::Lower: {
        // ASCII and full-width Latin letters only, as the engine (Chinese has no case).
        std::string from, to;
        for (char c = 'a'; c <= 'z'; ++c) {
          from += f == Fn::Upper ? c : char(c - 32);
          to += f == Fn::Upper ? char(c - 32) : c;
        }
        for (char32_t c = 0xFF41; c <= 0xFF5A; ++c) {
          char32_t lo = c, up = c - 0x20;
          char32_t x = f == Fn::Upper ? lo : up, y = f == Fn::Upper ? up : lo;
          from += {char(0xE0 | (x >> 12)), char(0x80 | ((x >> 6) & 0x3F)), char(0x80 | (x & 0x3F))};
          to += {char(0xE0 | (y >> 12)), char(0x80 | ((y >> 6) & 0x3F)), char(0x80 | (y & 0x3F))};
        }
        if (ch()) return replace_chars(std::string(f == Fn::Upper ? "upper(" : "lower(") + A(0) + ")", from.substr(26), to.substr(26));
        return "translate(" + A(0) + ", " + lit(from) + ", " + lit(to) + ")";
      }
      case Fn::Trim: return trimmed(A(0));
      case Fn::Replace:
        if (ch()) return "replaceAll(" + A(0) + ", " + A(1) + ", " + A(2) + ")";
        return "replace(" + A(0) + ", " + A(1) + ", " + A(2) + ")";
      case Fn::Abs: return "abs(" + A(0) + ")";
      case Fn::Round: {
        // Half away from zero to `digits` (0–4) decimals, on the value ×10^4 (kernel_Round).
        if (scale_of(e.args[0]->type.kind) == 0) return A(0);
        if (e.args[1]->kind != ExprKind::Literal) no_form(f, e.loc);
        const int digits = std::clamp(std::stoi(e.args[1]->literal.text), 0, 4);
        if (digits >= 4) return A(0);
        const std::string u = pow10(4 - digits), h = "5" + std::string(size_t(3 - digits), '0');  // half of u
        std::string x = A(0);
        return "(CASE WHEN " + x + " < 0 THEN -1 ELSE 1 END * " + idiv("(abs(" + x + ") + " + h + ")", u) + " * " + u + ")";
      }
      case Fn::Floor: case Fn::Ceil: {
        if (scale_of(e.args[0]->type.kind) == 0) return A(0);
        if (f == Fn::Floor) return fdiv(A(0), "10000");
        return "(-" + fdiv("(-" + A(0) + ")", "10000") + ")";
      }
      case Fn::Substr: {
        // Characters [start, start + count) (kernel_Substr): positions before the first are
        // nothing. Every dialect reads a start below 1 otherwise (from the end, or as 1), so the
        // start is moved to 1 and the count shortened; an empty range is ''. A missing argument
        // gives NULL, as the engine's kernel is not called then.
        std::string s = A(0), st = A(1), cnt = A(2);
        std::string first = "greatest(" + st + ", 1)", len = "(" + st + " + " + cnt + " - " + first + ")";
        std::string part;
        if (ch()) part = "substringUTF8(" + s + ", toUInt64(" + first + "), toUInt64(greatest(" + len + ", 0)))";
        else if (d_ == Dialect::Trino) part = "substr(" + s + ", " + first + ", " + len + ")";
        else part = "substr(" + s + ", CAST(" + first + " AS INTEGER), CAST(" + len + " AS INTEGER))";
        return "(CASE WHEN " + is_null(s) + " OR " + is_null(st) + " OR " + is_null(cnt) + " THEN NULL WHEN " + len +
               " <= 0 THEN '' ELSE " + part + " END)";
      }
      case Fn::ConcatWs: {
        // Missing values are left out; a missing separator gives NULL (as concat_ws).
        if (ch()) {
          // 18.16 has no concat_ws: the present values' array joined. arrayStringConcat wants a
          // constant separator.
          if (e.args[0]->kind != ExprKind::Literal || e.args[0]->literal.kind == plan::LiteralKind::Null) no_form(f, e.loc);
          std::string arr = "[";
          for (size_t i = 1; i < e.args.size(); ++i)
            arr += (i > 1 ? ", " : "") + std::string("toNullable(") + format(A(i), e.args[i]->type.kind) + ")";
          arr += "]";
          return "arrayStringConcat(arrayMap(x -> assumeNotNull(x), arrayFilter(x -> isNotNull(x), " + arr + ")), " + A(0) + ")";
        }
        std::string s2 = "concat_ws(" + A(0);
        for (size_t i = 1; i < e.args.size(); ++i) s2 += ", " + format(A(i), e.args[i]->type.kind);
        return s2 + ")";
      }
      // ---- ID numbers: the column is the 18-character normal form (digits, X last), whose
      // birth date ingest has checked (values::parse_idcard): the parts are its characters.
      case Fn::BirthDate: {
        const std::string s = A(0);
        return days_of(int_of(ascii_part(s, 7, 4)), int_of(ascii_part(s, 11, 2)), int_of(ascii_part(s, 13, 2)), s);
      }
      case Fn::Age: {
        // Whole years; the age goes up on the birthday itself (values::age_at). A 02-29
        // birthday is reached on 03-01 in other years: 0301 > 0229 compares so.
        const std::string s = A(0);
        Civil t = ymd(day_of(*e.args[1], L, n));
        return "(" + t.y + " - " + int_of(ascii_part(s, 7, 4)) + " - (CASE WHEN " + t.m + " * 100 + " + t.d + " < " +
               int_of(ascii_part(s, 11, 4)) + " THEN 1 ELSE 0 END))";
      }
      case Fn::Gender: {
        const std::string s = A(0);
        return "(CASE WHEN " + is_null(s) + " THEN NULL WHEN " + ascii_part(s, 17, 1) +
               " IN ('1', '3', '5', '7', '9') THEN '男' ELSE '女' END)";
      }
      case Fn::Region: return text_of_int(int_of(ascii_part(A(0), 1, 6)));  // the number's text, as region_code
      // ---- case numbers: the column is the canonical form （2023）浙0803执1234号
      // (values::canonical), which the engine's parser reads back into the same parts.
      case Fn::CaseYear: return int_of(ch() ? "substring(" + A(0) + ", 4, 4)" : "substr(" + A(0) + ", 2, 4)");
      case Fn::CourtCode: case Fn::CaseType: return case_part(A(0), f == Fn::CourtCode);
      case Fn::MonthsBetween: {
        if (e.args[0]->type.kind == TypeKind::Month || e.args[1]->type.kind == TypeKind::Month) {
          if (e.args[0]->type.kind != e.args[1]->type.kind) no_form(f, e.loc);
          return "(" + A(1) + " - " + A(0) + ")";
        }
        // kernel_MonthsBetween: the calendar months between, less one when add_months(from, m)
        // passes `to` (from's day after to's, unless to is its month's last day, where
        // add_months clamps), plus one the other way when from's day is before to's.
        const std::string from = day_of(*e.args[0], L, n), to = day_of(*e.args[1], L, n);
        Civil x = ymd(from), y = ymd(to), z = ymd("(" + to + " + 1)");
        return "((" + y.y + " - " + x.y + ") * 12 + (" + y.m + " - " + x.m + ") - (CASE WHEN " + to + " >= " + from +
               " AND " + x.d + " > " + y.d + " AND " + z.d + " <> 1 THEN 1 ELSE 0 END) + (CASE WHEN " + to + " < " + from +
               " AND " + x.d + " < " + y.d + " THEN 1 ELSE 0 END))";
      }
      case Fn::RegexExtract: return regex_extract(e, L, n);
      case Fn::FromExcelSerial: {
        // values::date_from_excel_serial: the whole days of the serial, 1 = 1900-01-01, its
        // 60 (the 1900-02-29 Excel counts) having no date, up to 2200-12-31 (109939); any
        // other serial stops the run as the engine stops (E0422): here the statement fails.
        // A text serial is read with the money parser first (not written in SQL: refused).
        const TypeKind t = e.args[0]->type.kind;
        if (t != TypeKind::Int && t != TypeKind::Decimal && t != TypeKind::Money) no_form(f, e.loc);
        const std::string day = scale_of(t) ? fdiv(A(0), "10000") : A(0);
        const std::string bad = "(" + day + " < 1 OR " + day + " > 109939 OR " + day + " = 60)";
        const std::string date = "(" + day + " - 25569 + (CASE WHEN " + day + " < 60 THEN 1 ELSE 0 END))";
        if (ch()) return "if(throwIf(ifNull(" + bad + ", 0)) = 0, " + date + ", NULL)";
        std::string stop;
        if (pg()) stop = "CAST(concat('from_excel_serial: no date for the serial ', " + A(0) + ") AS BIGINT)";
        else if (d_ == Dialect::Trino) stop = "CAST(fail('from_excel_serial: no date for a serial') AS BIGINT)";
        else stop = "CAST(raise_error('from_excel_serial: no date for a serial') AS BIGINT)";
        return "(CASE WHEN " + bad + " THEN " + stop + " ELSE " + date + " END)";
      }
      default: break;
    }
    no_form(f, e.loc);
  }

  // An 18-character party ID that is a person's ID card number: 17 digits, a check character
  // that matches (ISO 7064 MOD 11-2) and a birth month and day in range.
  std::string person_test(const std::string& s) {
    static const int kW[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    std::string sum;
    for (int i = 0; i < 17; ++i) {
      std::string digit = "CAST(substr(" + s + ", " + std::to_string(i + 1) + ", 1) AS " +
                          (ch() ? "Int64" : d_ == Dialect::Spark ? "INT" : "INTEGER") + ")";
      // ClickHouse computes every CASE branch for every row: a cast that cannot fail.
      if (ch()) digit = "toInt64OrZero(substr(" + s + ", " + std::to_string(i + 1) + ", 1))";
      sum += (i ? " + " : "") + digit + " * " + std::to_string(kW[i]);
    }
    std::string shape = ch() ? "match(" + s + ", '^[0-9]{17}[0-9X]$')"
                        : pg()                   ? "(" + s + " ~ '^[0-9]{17}[0-9X]$')"
                        : d_ == Dialect::Trino ? "regexp_like(" + s + ", '^[0-9]{17}[0-9X]$')"
                                               : "(" + s + " RLIKE '^[0-9]{17}[0-9X]$')";
    std::string check = "(substr('10X98765432', ((" + sum + ") % 11) + 1, 1) = substr(" + s + ", 18, 1))";
    std::string month = "substr(" + s + ", 11, 2) BETWEEN '01' AND '12'";
    std::string day = "substr(" + s + ", 13, 2) BETWEEN '01' AND '31'";
    // The digits are only read when the shape holds: CASE keeps the casts from seeing letters.
    return "(CASE WHEN " + shape + " THEN " + check + " AND " + month + " AND " + day + " ELSE " + boolean(false) + " END)";
  }

  // The engine's haversine (values::haversine_m) in double precision, ×10^4 rounded as the
  // engine rounds a decimal distance: int64(d · 10^4 + 0.5).
  std::string distance_m(const Expr& a, const Expr& b, const Layout& L) {
    std::string lon1 = q(bcol(L, a.binding, a.field) + "__lon"), lat1 = q(bcol(L, a.binding, a.field) + "__lat");
    std::string lon2 = q(bcol(L, b.binding, b.field) + "__lon"), lat2 = q(bcol(L, b.binding, b.field) + "__lat");
    const std::string rad = ch() ? "0.017453292519943295" : "CAST(0.017453292519943295 AS DOUBLE" +
                                                                std::string(pg() ? " PRECISION" : "") + ")";
    std::string s1 = "sin((" + lat2 + " - " + lat1 + ") * " + rad + " / 2)";
    std::string s2 = "sin((" + lon2 + " - " + lon1 + ") * " + rad + " / 2)";
    std::string h = "(" + s1 + " * " + s1 + " + cos(" + lat1 + " * " + rad + ") * cos(" + lat2 + " * " + rad + ") * " + s2 +
                    " * " + s2 + ")";
    std::string hc = "least(" + h + ", 1)";
    std::string d = "(2 * 6371008.8 * asin(sqrt(" + hc + ")))";
    return ch() ? "toInt64(" + d + " * 10000 + 0.5)" : "trunc(" + d + " * 10000 + 0.5)";
  }

  std::string aggregate(const Expr& e, const Layout& L, const Node* n) {
    auto A = [&](size_t i) { return ex(*e.args[i], L, n); };
    switch (e.fn) {
      case Fn::Count:
        if (e.args.empty()) return ch() ? "toInt64(count())" : "count(*)";
        return ch() ? "toInt64(count(" + A(0) + "))" : "count(" + A(0) + ")";
      case Fn::CountDistinct: return ch() ? "toInt64(uniqExact(" + A(0) + "))" : "count(DISTINCT " + A(0) + ")";
      case Fn::Sum:
        // An overflowing sum stops the statement, as the engine stops (E0560), never wraps.
        if (pg()) return "CAST(sum(" + A(0) + ") AS BIGINT)";
        if (ch()) return "toInt64(sum(toDecimal128(" + A(0) + ", 0)))";
        return "sum(" + A(0) + ")";
      case Fn::SumDistinct:
        if (ch()) return "toInt64(sumDistinct(toDecimal128(" + A(0) + ", 0)))";
        if (pg()) return "CAST(sum(DISTINCT " + A(0) + ") AS BIGINT)";
        return "sum(DISTINCT " + A(0) + ")";
      case Fn::Min: case Fn::Max:
        return std::string(e.fn == Fn::Min ? "min(" : "max(") + collate(A(0), e.args[0]->type.kind) + ")";
      case Fn::StringAgg: return string_agg(e, L, n);
      case Fn::MinBy: case Fn::MaxBy: return min_max_by(e, L, n);
      default: break;
    }
    no_form(e.fn, e.loc);
  }

  // The rows' order inside a group as the engine's relation order: each scanned binding's
  // file and line, in binding order (a scan reads a file's rows in line order).
  std::vector<std::string> row_order(const Layout& L) const {
    std::vector<std::string> out;
    for (size_t b = 0; b < L.bindings.size(); ++b) {
      if (L.bindings[b].source < 0 || L.bindings[b].how == plan::JoinKind::Semi || L.bindings[b].how == plan::JoinKind::Anti)
        continue;
      if (b < group_input_grouped_.size() && group_input_grouped_[b]) continue;
      out.push_back(collate(q(file_col(L, int(b))), TypeKind::Text));
      out.push_back(q(line_col(L, int(b))));
    }
    return out;
  }

  // min_by / max_by (engine.cpp): the value on the row whose key is smallest (largest),
  // rows with a missing key left out, a tie going to the first row in the relation's order;
  // the value itself may be missing.
  std::string min_max_by(const Expr& e, const Layout& L, const Node* n) {
    const bool is_min = e.fn == Fn::MinBy;
    const TypeKind kt = e.args[1]->type.kind;
    std::string v = ex(*e.args[0], L, n), k = ex(*e.args[1], L, n);
    std::vector<std::string> order = row_order(L);
    if (ch()) {
      // argMin over a tuple (one whose element is NULL is still a value: a missing value
      // is not skipped). A largest key is the smallest negated one, so the tie still goes
      // to the first row: text keys cannot be negated there.
      if (!is_min && (is_textual(kt) || kt == TypeKind::Null)) no_form(e.fn, e.loc);
      std::string key = is_min ? "assumeNotNull(" + k + ")" : "(-toInt64(assumeNotNull(" + k + ")))";
      for (const auto& o : order) key += ", " + o;
      return "tupleElement(argMinIf(tuple(" + v + "), tuple(" + key + "), isNotNull(" + k + ")), 1)";
    }
    std::string ob = collate(k, kt) + (is_min ? "" : " DESC");
    for (const auto& o : order) ob += ", " + o;
    if (pg()) return "(array_agg(" + v + " ORDER BY " + ob + ") FILTER (WHERE " + k + " IS NOT NULL))[1]";
    if (d_ == Dialect::Trino)
      return "element_at(array_agg(" + v + " ORDER BY " + ob + ") FILTER (WHERE " + k + " IS NOT NULL), 1)";
    // Spark's own min_by/max_by break ties arbitrarily and it has no ordered collect_list: the
    // rows' (key, row order, value) structs sorted, the first taken; a largest key is the
    // smallest negated one (a text key cannot be negated: refused).
    if (!is_min && (is_textual(kt) || kt == TypeKind::Null || kt == TypeKind::Bool)) no_form(e.fn, e.loc);
    std::string fields = (is_min ? k : "-" + k) + " AS k";
    for (size_t i = 0; i < order.size(); ++i) fields += ", " + order[i] + " AS o" + std::to_string(i);
    return "element_at(array_sort(collect_list(CASE WHEN " + k + " IS NOT NULL THEN struct(" + fields + ", " + v +
           " AS v) END)), 1).v";
  }

  // string_agg(value, 'sep' [order by key [desc]]) (engine.cpp): each distinct text of a
  // value once, in value order (text byte-wise, numbers and dates by value), or in the key's
  // order (a missing key last, ties in value order), where it first comes; missing values
  // left out; no value at all gives NULL. The value's text is monotonic in its value, so
  // "in value order, first occurrence" is each text ordered by its smallest value, and "in
  // key order" orders each text by its best key.
  std::string string_agg(const Expr& e, const Layout& L, const Node* n) {
    const TypeKind vt = e.args[0]->type.kind;
    const bool keyed = e.args.size() > 2, desc = e.negated;
    if (vt == TypeKind::Null || vt == TypeKind::Geo) no_form(e.fn, e.loc);
    std::string v = ex(*e.args[0], L, n), sep = "coalesce(" + ex(*e.args[1], L, n) + ", '')";
    // The value as a number or text that orders as the engine orders it (bool as 0/1).
    auto orderable = [&](const std::string& x) {
      if (vt == TypeKind::Bool) return ch() ? x : "CAST(" + x + " AS INTEGER)";
      return collate(x, vt);
    };
    if (pg()) {
      std::string f = format("u.x", vt);
      if (!keyed)
        return "(SELECT string_agg(s.f, " + sep + " ORDER BY " + orderable("s.m") + ") FROM (SELECT " + f + " AS f, min(" + orderable("u.x") +
               ") AS m FROM unnest(array_agg(" + v + ")) AS u(x) WHERE u.x IS NOT NULL GROUP BY 1) AS s)";
      const TypeKind kt = e.args[2]->type.kind;
      std::string k = ex(*e.args[2], L, n);
      // Two arrays in one order of (key, value): rows equal in both are interchangeable.
      std::string ord = " ORDER BY " + collate(k, kt) + " NULLS LAST, " + orderable(v);
      return "(SELECT string_agg(s.f, " + sep + " ORDER BY " + collate("s.b", kt) + (desc ? " DESC" : "") + " NULLS LAST, " + collate("s.m", vt) + ") FROM (SELECT " + f +
             " AS f, min(" + orderable("u.x") + ") AS m, " + (desc ? "max(" : "min(") + collate("u.k", kt) +
             ") AS b FROM unnest(array_agg(" + v + ord + "), array_agg(" + k + ord +
             ")) AS u(x, k) WHERE u.x IS NOT NULL GROUP BY 1) AS s)";
    }
    if (ch() && !keyed) {
      // The distinct values sorted; money first rounded to the cent its text shows, so equal
      // texts are equal values. arrayStringConcat wants a constant separator: a literal.
      if (e.args[1]->kind != ExprKind::Literal) no_form(e.fn, e.loc);
      std::string x = v;
      if (vt == TypeKind::Money)
        x = "(if(" + v + " < 0, -1, 1) * " + idiv("(abs(" + v + ") + 50)", "100") + " * 100)";
      std::string texts = "arrayMap(y -> assumeNotNull(" + format("y", vt) + "), arraySort(groupUniqArray(" + x + ")))";
      return "if(count(" + v + ") = 0, NULL, arrayStringConcat(" + texts + ", " + sep + "))";
    }
    if (ch()) {
      // With `order by`: (key missing, key, value) tuples sorted, then each text kept where it
      // first comes (indexOf finds the first). Descending: the tuples reverse-sorted with the
      // value negated, so ties stay in value order (a text value cannot be negated: refused).
      if (e.args[1]->kind != ExprKind::Literal) no_form(e.fn, e.loc);
      const TypeKind kt = e.args[2]->type.kind;
      if (kt == TypeKind::Null || (desc && (is_textual(vt) || vt == TypeKind::Bool))) no_form(e.fn, e.loc);
      std::string k = ex(*e.args[2], L, n);
      std::string kd = "ifNull(" + k + ", " + (is_textual(kt) ? "''" : "0") + ")";
      std::string val = desc ? "(-assumeNotNull(" + v + "))" : "assumeNotNull(" + v + ")";
      std::string tuple = "tuple(" + std::string(desc ? "isNotNull(" : "isNull(") + k + "), " + kd + ", " + val + ")";
      std::string back = desc ? "(-tupleElement(t, 3))" : "tupleElement(t, 3)";
      const std::string T = "_T" + std::to_string(++alias_counter_);
      std::string texts = "(arrayMap(t -> assumeNotNull(" + format(back, vt) + "), " + (desc ? "arrayReverseSort(" : "arraySort(") +
                          "groupArrayIf(" + tuple + ", isNotNull(" + v + ")))) AS " + T + ")";
      return "if(count(" + v + ") = 0, NULL, arrayStringConcat(arrayFilter((x, i) -> indexOf(" + T + ", x) = i, " + texts +
             ", arrayEnumerate(" + T + ")), " + sep + "))";
    }
    // Trino and Spark: the values in the engine's order, formatted, array_distinct keeping each
    // text's first place.
    const bool trino = d_ == Dialect::Trino;
    std::string sorted;
    if (trino) {
      std::string ob = orderable(v);
      if (keyed) ob = collate(ex(*e.args[2], L, n), e.args[2]->type.kind) + (desc ? " DESC" : "") + " NULLS LAST, " + ob;
      sorted = "array_agg(" + v + " ORDER BY " + ob + ") FILTER (WHERE " + v + " IS NOT NULL)";
    } else if (!keyed) {
      sorted = "array_sort(collect_list(" + v + "))";
    } else {
      // Spark has no ordered collect_list: (key missing, key, value) structs sorted; a key
      // in descending order negated (a text key cannot be).
      const TypeKind kt = e.args[2]->type.kind;
      if (kt == TypeKind::Null || (desc && (is_textual(kt) || kt == TypeKind::Bool))) no_form(e.fn, e.loc);
      std::string k = ex(*e.args[2], L, n);
      sorted = "transform(array_sort(collect_list(CASE WHEN " + v + " IS NOT NULL THEN struct(" + k + " IS NULL AS kn, " +
               (desc ? "-" + k : k) + " AS k, " + v + " AS v) END)), t -> t.v)";
    }
    return "(CASE WHEN count(" + v + ") = 0 THEN NULL ELSE array_join(array_distinct(transform(" + sorted + ", x -> " +
           format("x", vt) + ")), " + sep + ") END)";
  }

  // ---- relations ----
  std::string sub(const std::string& sql, const std::string& name) const {
    std::string indented;
    for (size_t i = 0; i < sql.size(); ++i) {
      indented += sql[i];
      if (sql[i] == '\n') indented += "  ";
    }
    return "(\n  " + indented + "\n) AS " + q(name);
  }

  Rel rel(int id) {
    const Node& n = p_.nodes[size_t(id)];
    const Layout& L = p_.layouts[size_t(n.layout)];
    switch (n.kind) {
      case NodeKind::Scan: return scan(n, L);
      case NodeKind::Filter: {
        Rel in = rel(n.inputs[0]);
        in.sql = "SELECT * FROM " + sub(in.sql, "t" + std::to_string(id)) + "\nWHERE " + where(*n.condition, L, &n);
        return in;
      }
      case NodeKind::Derive: {
        // A slot that reads another slot of this derive is computed one SELECT further out
        // (inlining it would repeat its expression at every use).
        Rel in = rel(n.inputs[0]);
        std::vector<int> level_slots;
        std::string cols;
        int level = 0;
        for (size_t i = 0; i < n.slots.size(); ++i) {
          const bool reads_level = plan::any_of(*n.values[i], [&](const Expr& x) {
            return x.kind == ExprKind::Derived &&
                   std::find(level_slots.begin(), level_slots.end(), x.derived) != level_slots.end();
          });
          if (reads_level) {
            in.sql = "SELECT *" + cols + "\nFROM " + sub(in.sql, "t" + std::to_string(id) + "_" + std::to_string(level++));
            cols.clear();
            level_slots.clear();
          }
          cols += ",\n  " + ex(*n.values[i], L, &n) + " AS " + q(slot_col(L, n.slots[i]));
          in.cols.push_back({Col::Slot, -1, -1, n.slots[i], L.derived[size_t(n.slots[i])].type.kind});
          level_slots.push_back(n.slots[i]);
        }
        in.sql = "SELECT *" + cols + "\nFROM " + sub(in.sql, "t" + std::to_string(id));
        return in;
      }
      case NodeKind::Aggregate: return group(n, L);
      case NodeKind::Join: return join(n, L);
      case NodeKind::Union: return unite(n, L);
      default: unsupported(std::string("the plan node ") + plan::node_kind_name(n.kind), n.loc);
    }
  }

  // A condition in WHERE: only true keeps a row, so NULL and false need not be told apart.
  std::string where(const Expr& e, const Layout& L, const Node* n) {
    std::vector<const Expr*> cs;
    plan::conjuncts(e, cs);
    std::string s;
    for (size_t i = 0; i < cs.size(); ++i) s += (i ? "\n  AND " : "") + truth(*cs[i], L, n);
    return s;
  }

  // `local`: read the shard's own table (`db`.`<table>_local`), in a query each shard runs.
  Rel scan(const Node& n, const Layout& L, bool local = false) {
    const plan::Source& src = p_.sources[size_t(n.source)];
    if (src.inline_table) return inline_scan(n, L, src);
    Rel r;
    const std::string cols = scan_columns(n, L, r);
    r.sql = "SELECT " + cols + "\nFROM " +
            (local ? q(sh_->database) + "." + q(src.schema + "_local") : q(src.schema));
    return r;
  }
  // A scan's select list (fields as <alias>__<field>, provenance), its columns into r.
  std::string scan_columns(const Node& n, const Layout& L, Rel& r) {
    const plan::Source& src = p_.sources[size_t(n.source)];
    if (std::find(tables_.begin(), tables_.end(), src.schema) == tables_.end()) tables_.push_back(src.schema);
    std::string cols;
    for (size_t f = 0; f < src.fields.size(); ++f) {
      if (!n.fields.empty() && (f >= n.fields.size() || !n.fields[f])) continue;
      const plan::Field& fd = src.fields[f];
      std::string name = bcol(L, n.binding, int(f));
      if (fd.type.kind == TypeKind::Geo) {
        cols += q(lon_column(fd.name)) + " AS " + q(name + "__lon") + ", ";
        cols += q(lat_column(fd.name)) + " AS " + q(name + "__lat") + ", ";
        r.cols.push_back({Col::Lon, n.binding, int(f), -1, TypeKind::Geo});
        r.cols.push_back({Col::Lat, n.binding, int(f), -1, TypeKind::Geo});
      } else {
        cols += q(fd.name) + " AS " + q(name) + ", ";
        r.cols.push_back({Col::Field, n.binding, int(f), -1, fd.type.kind});
      }
    }
    cols += q(kFileColumn) + " AS " + q(file_col(L, n.binding)) + ", " + q(kLineColumn) + " AS " + q(line_col(L, n.binding));
    r.cols.push_back({Col::File, n.binding, -1, -1, TypeKind::Text});
    r.cols.push_back({Col::Line, n.binding, -1, -1, TypeKind::Int});
    r.grouped.assign(L.bindings.size(), false);
    return cols;
  }

  // An inline table: its rows in the statement (compiler/sql/inline_table.h), no warehouse table.
  Rel inline_scan(const Node& n, const Layout& L, const plan::Source& src) {
    std::vector<InlineColumn> cols;
    for (size_t f = 0; f < src.fields.size(); ++f)
      if (n.fields.empty() || (f < n.fields.size() && n.fields[f])) cols.push_back({int(f), bcol(L, n.binding, int(f))});
    std::string what;
    auto sql = inline_table_sql(d_, src, cols, file_col(L, n.binding), line_col(L, n.binding), what);
    if (!sql) unsupported(what, n.loc);
    Rel r;
    r.grouped.assign(L.bindings.size(), false);
    r.sql = *sql;
    return r;
  }

  Rel group(const Node& n, const Layout& L) {
    Rel in = rel(n.inputs[0]);
    group_input_grouped_ = in.grouped;
    std::string cols, keys;
    std::vector<Col> out_cols;
    for (size_t i = 0; i < n.slots.size(); ++i) {
      std::string v = ex(*n.values[i], L, &n);
      cols += (i ? ",\n  " : "  ") + v + " AS " + q(slot_col(L, n.slots[i]));
      out_cols.push_back({Col::Slot, -1, -1, n.slots[i], L.derived[size_t(n.slots[i])].type.kind});
      if (i < n.key_count) keys += (i ? ", " : "") + v;
    }
    // Provenance: each binding's rows behind the group, as the smallest file label and the
    // group's distinct lines in order, "l1;l2;…" (all of them: a group over this group merges
    // them; the output shows 20 at most, then "…+N").
    for (size_t b = 0; b < L.bindings.size(); ++b) {
      // A semi or anti join's source adds no rows to the relation: nothing to show.
      if (L.bindings[b].source < 0 || L.bindings[b].how == plan::JoinKind::Semi || L.bindings[b].how == plan::JoinKind::Anti)
        continue;
      const bool regroup = b < in.grouped.size() && in.grouped[b];
      std::string file = q(regroup ? gfile_col(L, int(b)) : file_col(L, int(b))), line = q(line_col(L, int(b))),
                  prov = q(prov_col(L, int(b)));
      std::string lines;
      if (!regroup) {
        if (ch()) lines = "arrayStringConcat(arrayMap(x -> toString(x), arraySort(groupUniqArray(" + line + "))), ';')";
        else if (pg()) lines = "array_to_string(array_agg(DISTINCT " + line + " ORDER BY " + line + "), ';')";
        else if (d_ == Dialect::Trino)
          lines = "array_join(array_sort(array_distinct(array_agg(" + line + ") FILTER (WHERE " + line + " IS NOT NULL))), ';')";
        else lines = "array_join(transform(array_sort(array_distinct(collect_list(" + line + "))), x -> CAST(x AS STRING)), ';')";
      } else {
        // The groups' line lists merged: split, distinct, in order.
        if (ch())
          lines = "arrayStringConcat(arrayMap(x -> toString(x), arraySort(groupUniqArrayArray(arrayMap(x -> toInt64(x), "
                  "arrayFilter(x -> x != '', splitByChar(';', ifNull(" + prov + ", ''))))))), ';')";
        else if (pg())
          lines = "(SELECT string_agg(CAST(d.x AS TEXT), ';' ORDER BY d.x) FROM (SELECT DISTINCT CAST(u.x AS BIGINT) AS x FROM "
                  "unnest(string_to_array(string_agg(" + prov + ", ';'), ';')) AS u(x)) AS d)";
        else if (d_ == Dialect::Trino)
          lines = "array_join(array_sort(array_distinct(flatten(array_agg(transform(split(" + prov + ", ';'), x -> CAST(x AS BIGINT))) "
                  "FILTER (WHERE " + prov + " IS NOT NULL)))), ';')";
        else
          lines = "array_join(transform(array_sort(array_distinct(flatten(collect_list(transform(split(" + prov +
                  ", ';'), x -> CAST(x AS BIGINT)))))), x -> CAST(x AS STRING)), ';')";
      }
      cols += ",\n  min(" + file + ") AS " + q(gfile_col(L, int(b))) + ",\n  " + lines + " AS " + prov;
      out_cols.push_back({Col::GroupFile, int(b), -1, -1, TypeKind::Text});
      out_cols.push_back({Col::Prov, int(b), -1, -1, TypeKind::Text});
      in.grouped[b] = true;
    }
    in.grouped.resize(L.bindings.size(), true);
    in.cols = std::move(out_cols);
    in.sql = "SELECT\n" + cols + "\nFROM " + sub(in.sql, "t" + std::to_string(n.id)) +
             (n.key_count ? "\nGROUP BY " + keys : "");
    return in;
  }

  // A group's provenance as the engine shows it: "file:l1;l2", 20 lines at most, then "…+N".
  std::string group_provenance(const Layout& L, int b) {
    const std::string file = q(gfile_col(L, b)), prov = q(prov_col(L, b));
    std::string first, count;
    if (ch()) {
      std::string arr = "splitByChar(';', ifNull(" + prov + ", ''))";
      first = "arrayStringConcat(arraySlice(" + arr + ", 1, 20), ';')";
      count = "toInt64(length(" + arr + "))";
    } else if (pg()) {
      first = "array_to_string((string_to_array(" + prov + ", ';'))[1:20], ';')";
      count = "cardinality(string_to_array(" + prov + ", ';'))";
    } else {
      first = "array_join(slice(split(" + prov + ", ';'), 1, 20), ';')";
      count = std::string(d_ == Dialect::Trino ? "cardinality(" : "size(") + "split(" + prov + ", ';'))";
    }
    std::string more = "(CASE WHEN " + count + " > 20 THEN " + concat({"'…+'", text_of_int("(" + count + " - 20)")}) + " ELSE '' END)";
    return "(CASE WHEN " + file + " IS NOT NULL THEN " + concat({file, "':'", first, more}) + " END)";
  }

  // The SQL name of a relation's column in layout L.
  std::string name_of(const Layout& L, const Col& c) const {
    switch (c.kind) {
      case Col::Field: return bcol(L, c.binding, c.field);
      case Col::Lon: return bcol(L, c.binding, c.field) + "__lon";
      case Col::Lat: return bcol(L, c.binding, c.field) + "__lat";
      case Col::File: return file_col(L, c.binding);
      case Col::Line: return line_col(L, c.binding);
      case Col::GroupFile: return gfile_col(L, c.binding);
      case Col::Prov: return prov_col(L, c.binding);
      case Col::Slot: return slot_col(L, c.slot);
    }
    return "";
  }
  std::string null_of(TypeKind t) const {
    if (ch()) return "CAST(NULL AS Nullable(" + column_type(d_, t == TypeKind::Geo ? TypeKind::Geo : t) + "))";
    std::string ty = column_type(d_, t);
    if (pg() && is_textual(t)) ty = "TEXT";
    return "CAST(NULL AS " + ty + ")";
  }
  // A relation's frame (its own layout R) placed into layout L at bindings from `b0` and
  // slots from `s0` (a join with a relation, a union's part): every column renamed.
  Rel placed(Rel r, const Layout& R, const Layout& L, int b0, int s0, const std::string& tag) {
    std::string cols;
    for (auto& c : r.cols) {
      const std::string from = name_of(R, c);
      if (c.binding >= 0) c.binding += b0;
      if (c.slot >= 0) c.slot += s0;
      cols += (cols.empty() ? "" : ", ") + q(from) + " AS " + q(name_of(L, c));
    }
    std::vector<bool> grouped(L.bindings.size(), false);
    for (size_t b = 0; b < r.grouped.size() && size_t(b0) + b < grouped.size(); ++b) grouped[size_t(b0) + b] = r.grouped[b];
    r.grouped = std::move(grouped);
    r.sql = "SELECT " + cols + "\nFROM " + sub(r.sql, tag);
    return r;
  }

  // `a union b …` (UNION ALL; columns by name): each part's frame in place, the union's
  // columns computed on it, the other parts' columns NULL, so the rows of every part have one
  // shape and each part's provenance stays its own.
  Rel unite(const Node& n, const Layout& L) {
    std::vector<Rel> parts;
    std::vector<Col> all;
    for (size_t k = 0; k < n.parts.size(); ++k) {
      const auto& part = n.parts[k];
      Rel r = rel(n.inputs[k]);
      if (part.right_layout >= 0)
        r = placed(std::move(r), p_.layouts[size_t(part.right_layout)], L, part.first_binding, part.slot_first,
                   "u" + std::to_string(n.id) + "_" + std::to_string(k));
      r.grouped.resize(L.bindings.size(), false);
      all.insert(all.end(), r.cols.begin(), r.cols.end());
      parts.push_back(std::move(r));
    }
    Rel out;
    out.grouped.assign(L.bindings.size(), false);
    std::string sql;
    for (size_t k = 0; k < parts.size(); ++k) {
      std::string cols;
      for (const Col& c : all) {
        const bool mine = std::find_if(parts[k].cols.begin(), parts[k].cols.end(), [&](const Col& x) {
                            return x.kind == c.kind && x.binding == c.binding && x.field == c.field && x.slot == c.slot;
                          }) != parts[k].cols.end();
        std::string v = mine ? q(name_of(L, c)) : null_of(c.type);
        // ClickHouse 18.16 wants one type per column in every part: all Nullable.
        if (ch() && mine) v = "CAST(" + v + " AS Nullable(" + column_type(d_, c.type) + "))";
        cols += (cols.empty() ? "" : ", ") + v + " AS " + q(name_of(L, c));
      }
      for (size_t i = 0; i < n.slots.size(); ++i) {
        const int slot = n.slots[i];
        const TypeKind t = L.derived[size_t(slot)].type.kind;
        std::string v = scaled(*n.values[k * n.slots.size() + i], L, t, &n);
        if (ch()) v = "CAST(" + v + " AS Nullable(" + column_type(d_, t) + "))";
        else if (t == TypeKind::Null || n.values[k * n.slots.size() + i]->type.kind == TypeKind::Null) v = null_of(t);
        cols += ",\n  " + v + " AS " + q(slot_col(L, slot));
      }
      for (size_t b = 0; b < L.bindings.size(); ++b)
        if (parts[k].grouped[b]) out.grouped[b] = true;
      sql += (k ? "\nUNION ALL\n" : "") + std::string("SELECT ") + cols + "\nFROM " +
             sub(parts[k].sql, "p" + std::to_string(n.id) + "_" + std::to_string(k));
    }
    out.cols = all;
    for (int slot : n.slots) out.cols.push_back({Col::Slot, -1, -1, slot, L.derived[size_t(slot)].type.kind});
    // ClickHouse and Spark read a UNION in FROM only as a sub-query of its own.
    out.sql = "SELECT * FROM " + sub(sql, "un" + std::to_string(n.id));
    return out;
  }

  // A distance join as the engine runs it (engine.cpp, distance_pairs): the joined side's
  // points in grid cells at least the radius wide, each point of the relation paired with the
  // points of its 3×3 neighbouring cells by an equi-join on the cell, then the exact haversine
  // test (the caller's WHERE). Cells are bands of latitude `c` degrees high (c = radius /
  // 111,320 m × 1.01, as the engine) and, in band b, of longitude c / cos(the largest latitude
  // of bands b-1…b+1, plus 1°) wide: two points within the radius are never more than one cell
  // apart, so the pairs are all the pairs within the radius, as the engine's.
  std::string grid_join(const Node& n, const Layout& L, const std::string& left_sql, const std::string& right_sql) {
    const auto& dc = *n.distance;
    const std::string tag = std::to_string(n.id);
    auto col = [&](const Expr& e, const char* part) { return q(bcol(L, e.binding, e.field) + part); };
    const std::string dbl = ch() ? "Float64" : pg() ? "DOUBLE PRECISION" : "DOUBLE";
    auto to_int = [&](const std::string& x) { return ch() ? "toInt64(floor(" + x + "))" : "CAST(floor(" + x + ") AS BIGINT)"; };
    const std::string radius = "(CAST(" + scaled(*dc.radius_m, L, TypeKind::Decimal, &n) + " AS " + dbl + ") / 10000)";
    const std::string c = "(greatest(" + radius + " / 111320, 0.000001) * 1.01)";
    auto width = [&](const std::string& band) {
      return "(" + c + " / greatest(0.01, cos(least(89, (abs(" + band + ") + 2) * " + c + " + 1) * 0.017453292519943295)))";
    };
    auto band = [&](const Expr& e) { return to_int(col(e, "__lat") + " / " + c); };
    const std::string gx = q("_gx_" + tag), gy = q("_gy_" + tag), dx = q("_dx_" + tag), dy = q("_dy_" + tag);
    auto present = [&](const Expr& e) {
      return ch() ? "isNotNull(" + col(e, "__lon") + ") AND isNotNull(" + col(e, "__lat") + ")"
                  : col(e, "__lon") + " IS NOT NULL AND " + col(e, "__lat") + " IS NOT NULL";
    };
    // The joined side: each point in its own cell.
    std::string rs = "SELECT *, " + to_int(col(*dc.right, "__lon") + " / " + width(band(*dc.right))) + " AS " + gx + ", " +
                     band(*dc.right) + " AS " + gy + "\nFROM " + sub(right_sql, "r" + tag) + "\nWHERE " + present(*dc.right);
    // The relation: each row once per neighbouring cell.
    std::string shifted = "(" + band(*dc.left) + " + " + dy + ")";
    std::string ls = "SELECT *, " + to_int(col(*dc.left, "__lon") + " / " + width(shifted)) + " + " + dx + " AS " + gx + ", " +
                     shifted + " AS " + gy + "\nFROM ";
    if (ch()) {
      // One arrayJoin over the nine offsets (two identical arrayJoin([-1, 0, 1]) would be one
      // expression to 18.16, giving the diagonal only).
      const std::string d = q("_d_" + tag);
      ls += "(\n  SELECT *, tupleElement(" + d + ", 1) AS " + dx + ", tupleElement(" + d + ", 2) AS " + dy + "\n  FROM (\n" +
            "    SELECT *, arrayJoin([(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 0), (0, 1), (1, -1), (1, 0), (1, 1)]) AS " + d +
            "\n    FROM " + sub(left_sql, "l" + tag) + "\n    WHERE " + present(*dc.left) + "\n  ) AS " + q("o" + tag) + "\n) AS " +
            q("n" + tag);
      return "SELECT * FROM " + sub(ls, "a" + tag) + "\nGLOBAL ALL INNER JOIN " + sub(rs, "b" + tag) + "\nUSING (" + gx + ", " + gy + ")";
    }
    ls += sub(left_sql, "l" + tag) + "\nCROSS JOIN (VALUES (-1), (0), (1)) AS " + q("x" + tag) + "(" + dx + ")" +
          "\nCROSS JOIN (VALUES (-1), (0), (1)) AS " + q("y" + tag) + "(" + dy + ")\nWHERE " + present(*dc.left);
    const std::string lgx = q("_lgx_" + tag), lgy = q("_lgy_" + tag);
    ls = "SELECT *, " + gx + " AS " + lgx + ", " + gy + " AS " + lgy + " FROM " + sub(ls, "m" + tag);
    // The cell columns exist on both sides: only the left's copies are compared by name.
    std::string rs2 = "SELECT * FROM " + sub(rs, "s" + tag);
    return "SELECT * FROM " + sub(ls, "a" + tag) + "\nJOIN " + sub(rs2, "b" + tag) + "\nON " + lgx + " = " + q("b" + tag) +
           "." + gx + " AND " + lgy + " = " + q("b" + tag) + "." + gy;
  }

  // A join each shard of a ClickHouse cluster can run on its own rows (docs/scale-out.md,
  // "Co-located joins"): one key, on both sides a plain column of the same type that is the
  // column its table is sharded by, so every pair of matching rows is on one shard; the left
  // input a scan under filters only and the right a scan (a relation or a derived key may put
  // a row's partner anywhere). Sets `lscan` and the left filters.
  bool colocated(const Node& n, const Node*& lscan, std::vector<const Node*>& filters) const {
    if (!sh_ || n.distance || n.keys.size() != 1 || plan::joins_relation(n)) return false;
    if (n.how != plan::JoinKind::Inner && n.how != plan::JoinKind::Left && n.how != plan::JoinKind::Semi &&
        n.how != plan::JoinKind::Anti)
      return false;
    const Node* l = &p_.nodes[size_t(n.inputs[0])];
    while (l->kind == NodeKind::Filter) {
      filters.push_back(l);
      l = &p_.nodes[size_t(l->inputs[0])];
    }
    const Node& r = p_.nodes[size_t(n.inputs[1])];
    if (l->kind != NodeKind::Scan || r.kind != NodeKind::Scan) return false;
    const Expr& kl = *n.keys[0].left;
    const Expr& kr = *n.keys[0].right;
    if (kl.kind != ExprKind::Column || kr.kind != ExprKind::Column || kl.binding != l->binding || kr.binding != r.binding)
      return false;
    if (kl.type.kind != kr.type.kind || kl.type.kind == TypeKind::Geo) return false;
    auto sharded_by = [&](const Node& scan, const Expr& key) {
      const plan::Source& src = p_.sources[size_t(scan.source)];
      if (src.inline_table) return false;
      auto it = sh_->column_of_table.find(src.schema);
      return it != sh_->column_of_table.end() && it->second == src.fields[size_t(key.field)].name;
    };
    if (!sharded_by(*l, kl) || !sharded_by(r, kr)) return false;
    lscan = l;
    return true;
  }

  Rel join(const Node& n, const Layout& L) {
    const Node* lscan = nullptr;
    std::vector<const Node*> lfilters;
    const bool local = colocated(n, lscan, lfilters);
    Rel left = local ? Rel{} : rel(n.inputs[0]);
    // Co-located: the left's select list and filters go into the join's own SELECT, whose FROM
    // is the Distributed table, so that ClickHouse sends the whole join to every shard (a
    // sub-query on the left of FROM would run on the initiator, against its own shard's
    // right rows only: fewer leads); the right reads each shard's local table.
    std::string lselect, lwhere;
    if (local) {
      lselect = scan_columns(*lscan, p_.layouts[size_t(lscan->layout)], left);
      for (auto it = lfilters.rbegin(); it != lfilters.rend(); ++it)
        lwhere += (lwhere.empty() ? "" : "\n  AND ") +
                  where(*(*it)->condition, p_.layouts[size_t((*it)->layout)], *it);
    }
    Rel right = local ? scan(p_.nodes[size_t(n.inputs[1])], p_.layouts[size_t(p_.nodes[size_t(n.inputs[1])].layout)], true)
                      : rel(n.inputs[1]);
    const std::string tag = std::to_string(n.id);
    if (plan::joins_relation(n))  // its frame becomes this layout's bindings and slots from the join's
      right = placed(std::move(right), p_.layouts[size_t(n.right_layout)], L, n.binding, n.slot_first, "g" + tag);
    // The joined side's own filters (pushed down, and the residual when it reads only it).
    std::vector<std::string> right_where;
    std::vector<const Expr*> residual;
    if (n.condition) plan::conjuncts(*n.condition, residual);
    std::vector<const Expr*> after;  // what is left to test on the pairs
    for (const Expr* c : residual) {
      if (plan::reads_only_joined(n, *c)) right_where.push_back(truth(*c, L, &n));
      else after.push_back(c);
    }
    for (const auto& p : n.pushed) {
      std::string w = truth(*p, L, &n);
      if (std::find(right_where.begin(), right_where.end(), w) == right_where.end()) right_where.push_back(w);
    }
    Rel out = left;
    out.grouped.resize(L.bindings.size(), false);
    const std::string lname = "l" + tag, rname = "r" + tag;

    if (n.how == plan::JoinKind::Semi || n.how == plan::JoinKind::Anti) {
      if (!after.empty() || n.distance || n.keys.empty()) unsupported("a semi or anti join on more than its keys", n.loc);
      std::string lk, rk, notnull_l, notnull_r;
      for (size_t i = 0; i < n.keys.size(); ++i) {
        std::string l = ex(*n.keys[i].left, L, &n), r = ex(*n.keys[i].right, L, &n);
        lk += (i ? ", " : "") + l;
        rk += (i ? ", " : "") + r + " AS " + q("_k" + std::to_string(i) + "_" + tag);
        notnull_l += (i ? " OR " : "") + (ch() ? "isNull(" + l + ")" : l + " IS NULL");
        right_where.push_back(ch() ? "isNotNull(" + r + ")" : r + " IS NOT NULL");
      }
      std::string inner = "SELECT " + rk + " FROM " + sub(right.sql, rname);
      for (size_t i = 0; i < right_where.size(); ++i) inner += (i ? " AND " : " WHERE ") + right_where[i];
      std::string tuple = n.keys.size() > 1 ? "(" + lk + ")" : lk;
      std::string glob = ch() && !local ? "GLOBAL " : "";
      std::string in = tuple + " " + glob + (n.how == plan::JoinKind::Semi ? "IN (" : "NOT IN (") + inner + ")";
      if (ch()) in = "ifNull(" + in + ", 0)";  // 18.16: NULL or 1 would be NULL
      std::string cond = n.how == plan::JoinKind::Semi ? in : "(" + notnull_l + " OR " + in + ")";
      if (local)
        out.sql = "SELECT " + lselect + "\nFROM " + q(p_.sources[size_t(lscan->source)].schema) + "\nWHERE " +
                  (lwhere.empty() ? "" : lwhere + "\n  AND ") + cond;
      else
        out.sql = "SELECT * FROM " + sub(left.sql, lname) + "\nWHERE " + cond;
      return out;  // a semi or anti join adds no columns
    }

    for (size_t b = 0; b < right.grouped.size() && b < out.grouped.size(); ++b)
      if (right.grouped[b]) out.grouped[b] = true;
    out.cols.insert(out.cols.end(), right.cols.begin(), right.cols.end());
    std::string rsql = right.sql;
    if (!right_where.empty()) {
      rsql = "SELECT * FROM " + sub(rsql, "p" + tag) + "\nWHERE ";
      for (size_t i = 0; i < right_where.size(); ++i) rsql += (i ? "\n  AND " : "") + right_where[i];
    }
    if (n.keys.empty() || n.distance) {
      if (n.how != plan::JoinKind::Inner && n.how != plan::JoinKind::Cross)
        unsupported("a left join without keys", n.loc);
      std::vector<std::string> conds;
      if (n.distance) {
        const auto& dc = *n.distance;
        if (dc.left->kind != ExprKind::Column || dc.right->kind != ExprKind::Column)
          unsupported("a distance join on computed points", n.loc);
        conds.push_back(distance_m(*dc.left, *dc.right, L) + (dc.inclusive ? " <= " : " < ") +
                        scaled(*dc.radius_m, L, TypeKind::Decimal, &n));
      }
      for (const Expr* c : after) conds.push_back(truth(*c, L, &n));
      for (const auto& k : n.keys)
        conds.push_back("(" + ex(*k.left, L, &n) + " = " + ex(*k.right, L, &n) + ")");
      if (n.distance) {
        out.sql = grid_join(n, L, left.sql, rsql);
      } else {
        out.sql = "SELECT * FROM " + sub(left.sql, lname) + "\nCROSS JOIN " + sub(rsql, rname);
      }
      for (size_t i = 0; i < conds.size(); ++i) out.sql += (i ? "\n  AND " : "\nWHERE ") + conds[i];
      return out;
    }
    // Equi-join on the keys, named _kI_<node> on both sides. ClickHouse 18.16 joins with USING
    // only (ON with aliases fails); NULL keys never match, as in the engine.
    std::string lcols = "*", rcols = "*", lnull, rnull, on;
    for (size_t i = 0; i < n.keys.size(); ++i) {
      std::string l = ex(*n.keys[i].left, L, &n), r = ex(*n.keys[i].right, L, &n);
      std::string k = "_k" + std::to_string(i) + "_" + tag;
      if (ch()) {
        lcols += ", ifNull(" + l + ", " + (is_textual(n.keys[i].left->type.kind) ? "''" : "0") + ") AS " + q(k);
        lcols += ", isNull(" + l + ") AS " + q("_kn" + std::to_string(i) + "_" + tag);
        rcols += ", assumeNotNull(" + r + ") AS " + q(k) + ", 0 AS " + q("_kn" + std::to_string(i) + "_" + tag);
        rnull += (i ? " AND " : "") + std::string("isNotNull(") + r + ")";
        on += (i ? ", " : "") + q(k) + ", " + q("_kn" + std::to_string(i) + "_" + tag);
      } else {
        lcols += ", " + l + " AS " + q("_l" + k);
        rcols += ", " + r + " AS " + q("_r" + k);
        on += (i ? " AND " : "") + q("_l" + k) + " = " + q("_r" + k);
      }
    }
    std::string lsql = "SELECT " + lcols + " FROM " + sub(left.sql, lname);
    std::string rs = "SELECT " + rcols + " FROM " + sub(rsql, rname) + (ch() ? "\nWHERE " + rnull : "");
    const bool left_join = n.how == plan::JoinKind::Left;
    if (ch()) {
      if (left_join && !after.empty()) unsupported("a left join whose condition reads both sides", n.loc);
      if (local) {
        // Every column by name (the left table's own columns are not the frame's), the left's
        // filters in the join's WHERE (on its aliases, as ClickHouse allows).
        std::string names = lselect + lcols.substr(1);
        for (const Col& c : right.cols) names += ", " + q(name_of(L, c));
        out.sql = "SELECT " + names + "\nFROM " + q(p_.sources[size_t(lscan->source)].schema) + "\nALL " +
                  (left_join ? "LEFT" : "INNER") + " JOIN " + sub(rs, "b" + tag) + "\nUSING (" + on + ")";
        std::vector<std::string> conds;
        if (!lwhere.empty()) conds.push_back(lwhere);
        for (const Expr* c : after) conds.push_back(truth(*c, L, &n));
        for (size_t i = 0; i < conds.size(); ++i) out.sql += (i ? "\n  AND " : "\nWHERE ") + conds[i];
        return out;
      }
      out.sql = "SELECT * FROM " + sub(lsql, "a" + tag) + "\nGLOBAL ALL " + (left_join ? "LEFT" : "INNER") + " JOIN " +
                sub(rs, "b" + tag) + "\nUSING (" + on + ")";
      for (size_t i = 0; i < after.size(); ++i) out.sql += (i ? "\n  AND " : "\nWHERE ") + truth(*after[i], L, &n);
      return out;
    }
    if (left_join)
      for (const Expr* c : after) on += " AND " + truth(*c, L, &n);
    out.sql = "SELECT * FROM " + sub(lsql, "a" + tag) + "\n" + (left_join ? "LEFT JOIN " : "JOIN ") + sub(rs, "b" + tag) +
              "\nON " + on;
    if (!left_join)
      for (size_t i = 0; i < after.size(); ++i) out.sql += (i ? "\n  AND " : "\nWHERE ") + truth(*after[i], L, &n);
    return out;
  }
};

Statement Emitter::output(int out_id) {
  const Node& out = p_.nodes[size_t(out_id)];
  const Node* node = &p_.nodes[size_t(out.inputs[0])];
  const Node* distinct = nullptr;
  if (node->kind == NodeKind::Distinct) {
    distinct = node;
    node = &p_.nodes[size_t(node->inputs[0])];
  }
  const Node& sort = *node;
  if (sort.kind != NodeKind::Sort) unsupported(std::string("the plan node ") + plan::node_kind_name(sort.kind), sort.loc);
  const Node& proj = p_.nodes[size_t(sort.inputs[0])];
  if (proj.kind != NodeKind::Project) unsupported(std::string("the plan node ") + plan::node_kind_name(proj.kind), proj.loc);
  const Layout& L = p_.layouts[size_t(proj.layout)];
  Rel in = rel(proj.inputs[0]);
  in.grouped.resize(L.bindings.size(), false);

  Statement st;
  st.output = out.name;
  std::string cols;
  std::vector<std::string> names;
  // Inside, the columns are _v0, _v1 …: a column named as the slot it shows (`x AS x`) is a
  // cyclic alias to ClickHouse. The outermost SELECT gives them the output's names.
  std::vector<std::string> inner;
  for (const auto& c : proj.columns) {
    inner.push_back("_v" + std::to_string(inner.size()));
    cols += (cols.empty() ? "  " : ",\n  ") + format(ex(*c.value, L, &proj), c.value->type.kind) + " AS " + q(inner.back());
    st.columns.push_back({c.name, c.value->type.kind, false});
    names.push_back(c.name);
  }
  const size_t values = names.size();
  for (int b : proj.provenance) {
    std::string name = "来源:" + L.bindings[size_t(b)].alias;
    std::string v = in.grouped[size_t(b)]
                        ? group_provenance(L, b)
                        : "CASE WHEN " + q(line_col(L, b)) + " IS NOT NULL THEN " +
                              concat({q(file_col(L, b)), "':'", text_of_int(q(line_col(L, b)))}) + " END";
    inner.push_back("_v" + std::to_string(inner.size()));
    cols += ",\n  " + v + " AS " + q(inner.back());
    st.columns.push_back({name, TypeKind::Text, true});
    names.push_back(name);
  }
  for (size_t k = 0; k < sort.order.size(); ++k)
    cols += ",\n  " + ex(*sort.order[k].value, L, &proj) + " AS " + q("_o" + std::to_string(k));

  // The engine's order: the keys (NULL as the largest value), then every value column's text,
  // then provenance (a missing value as ""), byte-wise.
  std::vector<std::string> order;
  for (size_t k = 0; k < sort.order.size(); ++k) {
    const bool desc = sort.order[k].descending;
    order.push_back(collate(q("_o" + std::to_string(k)), sort.order[k].value->type.kind) + (desc ? " DESC NULLS FIRST" : " NULLS LAST"));
  }
  for (const auto& nm : inner) order.push_back(collate("coalesce(" + q(nm) + ", '')", TypeKind::Text));
  std::string order_by;
  for (size_t i = 0; i < order.size(); ++i) order_by += (i ? ",\n  " : "\nORDER BY\n  ") + order[i];

  std::string shown;
  for (size_t i = 0; i < names.size(); ++i) shown += std::string(i ? ",\n  " : "  ") + q(inner[i]) + " AS " + q(names[i]);
  std::string body = "SELECT\n" + cols + "\nFROM " + sub(in.sql, "t" + std::to_string(proj.id));
  if (distinct) {
    // The first row (in the engine's order) of each distinct set of value texts.
    std::string part;
    for (size_t i = 0; i < values; ++i) part += (i ? ", " : "") + std::string("coalesce(") + q(inner[i]) + ", '')";
    if (ch()) {
      body = "SELECT * FROM " + sub(body, "o") + order_by + "\nLIMIT 1 BY " + part;
    } else {
      std::string ob = order_by.substr(std::string("\nORDER BY\n  ").size());
      body = "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY " + part + " ORDER BY " + ob +
             ") AS _first FROM " + sub(body, "o") + ") AS d WHERE _first = 1";
    }
  }
  st.sql = "SELECT\n" + shown + "\nFROM " + sub(body, "r") + order_by;
  st.tables = tables_;
  return st;
}

}  // namespace

std::vector<Statement> emit_sql(const plan::Plan& plan, const exec::ParamValues& params, Dialect dialect,
                                DiagnosticSink& sink, const Sharding* sharding) {
  std::vector<Statement> out;
  for (int o : plan.outputs) {
    Emitter e(plan, params, dialect, sink, sharding);
    try {
      out.push_back(e.output(o));
    } catch (const Failed&) {
      return {};
    }
  }
  return out;
}

std::string render_script(const ModelInfo& info, Dialect dialect, const std::vector<Statement>& statements) {
  std::string s = "-- model " + info.name + " " + info.version + ", fingerprint " + info.fingerprint + "\n";
  s += "-- dialect " + std::string(dialect_name(dialect)) + "; generated by clue emit-sql from the logical plan\n";
  if (dialect == Dialect::ClickHouse) s += "-- settings: join_use_nulls = 1\n";
  for (const auto& st : statements) {
    s += "\n-- output " + st.output + "\n" + st.sql + ";\n";
  }
  return s;
}

}  // namespace clue::sql
