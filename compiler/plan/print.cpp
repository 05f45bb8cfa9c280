#include "compiler/plan/print.h"

#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace clue::planner {
namespace {

using plan::Expr;
using plan::ExprKind;
using plan::Op;

int precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Binary:
      switch (e.op) {
        case Op::Or: return 1;
        case Op::And: return 2;
        case Op::Add: case Op::Sub: return 5;
        case Op::Mul: case Op::Div: case Op::Mod: return 6;
        default: return 4;  // comparisons
      }
    case ExprKind::Unary: return e.op == Op::Not ? 3 : 7;
    case ExprKind::In: case ExprKind::Between: case ExprKind::IsNull: return 4;
    case ExprKind::If: return 0;
    default: return 8;
  }
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

class ExprPrinter {
 public:
  ExprPrinter(const plan::Plan& p, const plan::Layout& lay) : p_(p), lay_(lay) {}

  std::string text(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::Literal:
        switch (e.literal.kind) {
          case plan::LiteralKind::Null: return "null";
          case plan::LiteralKind::Text: return quote(e.literal.text);
          default: return e.literal.text;
        }
      case ExprKind::List: {
        std::string s = "[";
        for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + text(*e.args[i]);
        return s + "]";
      }
      case ExprKind::Param:
        return size_t(e.param) < p_.params.size() ? p_.params[size_t(e.param)].name : "?param";
      case ExprKind::Column: {
        if (size_t(e.binding) >= lay_.bindings.size()) return "?column";
        const plan::Binding& b = lay_.bindings[size_t(e.binding)];
        const auto& fields = p_.sources[size_t(b.source)].fields;
        return b.alias + "." + (size_t(e.field) < fields.size() ? fields[size_t(e.field)].name : "?");
      }
      case ExprKind::Derived: {
        if (size_t(e.derived) >= lay_.derived.size()) return "?derived";
        // A joined relation's column: with the alias it was joined under (g.name), as written.
        // (In the relation of that join; a relation built on it shows the bare name.)
        for (const plan::Node& j : p_.nodes)
          if (plan::joins_relation(j) && p_.layouts[size_t(j.layout)].relation == lay_.relation &&
              e.derived >= j.slot_first && e.derived < j.slot_first + j.slot_count)
            return j.alias + "." + lay_.derived[size_t(e.derived)].name;
        return lay_.derived[size_t(e.derived)].name;
      }
      case ExprKind::Call:
      case ExprKind::Aggregate: {
        std::string s = e.fn == plan::Fn::CountDistinct ? "count(distinct "
                        : e.fn == plan::Fn::SumDistinct ? "sum(distinct "
                                                         : std::string(plan::fn_name(e.fn)) + "(";
        // string_agg's third argument is its `order by` key (negated: descending).
        const bool ordered = e.fn == plan::Fn::StringAgg && e.args.size() == 3;
        for (size_t i = 0; i < e.args.size(); ++i)
          s += (ordered && i == 2 ? " order by " : i ? ", " : "") + text(*e.args[i]);
        return s + (ordered && e.negated ? " desc)" : ")");
      }
      case ExprKind::Unary:
        return std::string(e.op == Op::Not ? "not " : "-") + arg(e, 0, precedence(e));
      case ExprKind::Binary: {
        int pr = precedence(e);
        // Left-associative: the right operand needs parentheses at the same precedence.
        return arg(e, 0, pr) + " " + plan::op_text(e.op) + " " + arg(e, 1, pr + 1);
      }
      case ExprKind::In:
        return arg(e, 0, 5) + (e.negated ? " not in " : " in ") + text(*e.args[1]);
      case ExprKind::Between:
        return arg(e, 0, 5) + (e.negated ? " not between " : " between ") + arg(e, 1, 5) + " and " + arg(e, 2, 5);
      case ExprKind::IsNull:
        return arg(e, 0, 5) + (e.negated ? " is not null" : " is null");
      case ExprKind::If:
        return "if " + text(*e.args[0]) + " then " + text(*e.args[1]) + " else " + text(*e.args[2]);
    }
    return "?";
  }

 private:
  std::string arg(const Expr& e, size_t i, int min_prec) const {
    const Expr& a = *e.args[i];
    std::string s = text(a);
    return precedence(a) < min_prec ? "(" + s + ")" : s;
  }
  const plan::Plan& p_;
  const plan::Layout& lay_;
};

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", s * 1000);
  return buf;
}

class PlanPrinter {
 public:
  PlanPrinter(const plan::Plan& p, const exec::RunResult* run) : p_(p), consumers_(plan::consumer_counts(p)) {
    if (run)
      for (const auto& s : run->nodes) stats_[s.node] = s;
  }

  std::string print() {
    out_ << (p_.physical ? "physical plan" : "logical plan") << "; passes: ";
    for (size_t i = 0; i < p_.passes.size(); ++i) out_ << (i ? ", " : "") << p_.passes[i];
    if (p_.passes.empty()) out_ << "(none)";
    out_ << "\n";
    for (int o : p_.outputs) {
      out_ << "\n";
      node(o, 0);
    }
    return out_.str();
  }

 private:
  std::string expr(const plan::Node& n, const Expr& e) const {
    return ExprPrinter(p_, p_.layouts[size_t(n.layout)]).text(e);
  }

  std::string fields(const plan::Node& n, bool late) const {
    const auto& src = p_.sources[size_t(n.source)];
    std::string s;
    for (size_t f = 0; f < src.fields.size(); ++f) {
      bool read = f >= n.fields.size() || n.fields[f];
      bool is_late = f < n.late.size() && n.late[f];
      if (!read || is_late != late) continue;
      s += (s.empty() ? "" : ", ") + src.fields[f].name;
    }
    return s;
  }

  std::string describe(const plan::Node& n) const {
    const plan::Layout& lay = p_.layouts[size_t(n.layout)];
    std::string s;
    switch (n.kind) {
      case plan::NodeKind::Scan: {
        const plan::Binding& b = lay.bindings[size_t(n.binding)];
        const plan::Source& src = p_.sources[size_t(n.source)];
        s = "Scan " + b.alias + ": " + src.schema;
        // An inline table: its rows come from the model text, not a file.
        if (src.inline_table) s += " (inline table, " + std::to_string(src.rows.size()) + " rows in " + src.file + ")";
        if (n.fields.empty()) return s + " [every field]";
        s += " [read: " + fields(n, false);
        std::string late = fields(n, true);
        if (!late.empty()) s += "; late: " + late;
        return s + "]";
      }
      case plan::NodeKind::Filter:
        s = std::string("Filter ") + (n.having ? "having " : "where ");
        return s + (n.condition ? expr(n, *n.condition) : "true (folded: passes every row)");
      case plan::NodeKind::Join: {
        plan::Binding b = lay.bindings[size_t(n.binding)];
        // A joined relation is named by its alias, with the relation it is.
        if (plan::joins_relation(n)) b.alias = n.alias;
        const std::string what =
            plan::joins_relation(n) ? n.alias + " (relation " + p_.layouts[size_t(n.right_layout)].relation + ")" : b.alias;
        if (!p_.physical) s = "Join " + std::string(plan::join_kind_name(n.how)) + " " + what;
        else if (n.algo == plan::JoinAlgo::Hash) s = "HashJoin " + std::string(plan::join_kind_name(n.how)) + " " + what;
        else if (n.algo == plan::JoinAlgo::Grid) s = "GridDistanceJoin " + std::string(plan::join_kind_name(n.how)) + " " + what;
        else s = "NestedLoopJoin " + std::string(plan::join_kind_name(n.how)) + " " + what;
        if (!n.keys.empty()) {
          s += " keys [";
          for (size_t k = 0; k < n.keys.size(); ++k)
            s += (k ? ", " : "") + expr(n, *n.keys[k].left) + " = " + expr(n, *n.keys[k].right);
          s += "]";
        }
        if (n.distance)
          s += " distance(" + expr(n, *n.distance->left) + ", " + expr(n, *n.distance->right) + ") " +
               (n.distance->inclusive ? "<= " : "< ") + expr(n, *n.distance->radius_m);
        if (n.condition) s += (n.keys.empty() && !n.distance ? " on " : " residual ") + expr(n, *n.condition);
        if (p_.physical && n.algo == plan::JoinAlgo::Hash) {
          s += n.build == plan::BuildSide::Smaller ? "; build: the smaller side when it runs"
               : n.build == plan::BuildSide::Left  ? "; build: left"
                                                   : "; build: " + b.alias;
          if (n.key_in_place) s += "; key read in place";
        }
        if (!n.pushed.empty()) {
          s += "; push down";
          if (p_.physical && n.push == plan::PushPolicy::UnlessProbed && n.algo == plan::JoinAlgo::Hash &&
              n.how == plan::JoinKind::Inner && n.build != plan::BuildSide::Right)
            s += " unless " + b.alias + " is probed";
          s += ": ";
          for (size_t k = 0; k < n.pushed.size(); ++k) s += (k ? ", " : "") + expr(n, *n.pushed[k]);
        }
        return s;
      }
      case plan::NodeKind::Derive:
      case plan::NodeKind::Aggregate: {
        bool agg = n.kind == plan::NodeKind::Aggregate;
        s = agg ? (p_.physical ? "HashAggregate by " : "Aggregate by ") : "Derive ";
        for (size_t k = 0; k < n.values.size(); ++k) {
          if (agg && k == n.key_count) s += " compute ";
          else if (k) s += ", ";
          s += lay.derived[size_t(n.slots[k])].name + " = " + expr(n, *n.values[k]);
        }
        return s;
      }
      case plan::NodeKind::Project: {
        s = "Project ";
        for (size_t k = 0; k < n.columns.size(); ++k)
          s += (k ? ", " : "") + n.columns[k].name + " = " + expr(n, *n.columns[k].value);
        s += "; provenance:";
        for (int b : n.provenance) s += " " + lay.bindings[size_t(b)].alias;
        return s;
      }
      case plan::NodeKind::Sort: {
        s = "Sort by ";
        for (const auto& k : n.order) s += expr(n, *k.value) + (k.descending ? " desc, " : ", ");
        return s + (n.order.empty() ? "every value column, then provenance" : "then every value column, then provenance");
      }
      case plan::NodeKind::Union: {
        // `Union all a (relation), b (source) columns x, y`: the rows of each part in turn.
        s = "Union all ";
        for (size_t k = 0; k < n.parts.size(); ++k) {
          const auto& u = n.parts[k];
          s += (k ? ", " : "") + (u.right_layout >= 0 ? p_.layouts[size_t(u.right_layout)].relation + " (relation)"
                                                      : lay.bindings[size_t(u.first_binding)].alias + " (source)");
        }
        s += " columns ";
        for (size_t c = 0; c < n.slots.size(); ++c) s += (c ? ", " : "") + lay.derived[size_t(n.slots[c])].name;
        return s;
      }
      case plan::NodeKind::Distinct: return "Distinct on the value columns";
      case plan::NodeKind::Output: return "Output " + n.name;
    }
    return "?";
  }

  void node(int id, int depth) {
    const plan::Node& n = p_.nodes[size_t(id)];
    std::string indent(size_t(depth) * 2, ' ');
    if (printed_.count(id)) {
      out_ << indent << "#" << id << " (shared: shown above)\n";
      return;
    }
    printed_.insert(id);
    out_ << indent << "#" << id << " " << describe(n);
    if (consumers_[size_t(id)] > 1) out_ << "  {shared by " << consumers_[size_t(id)] << "}";
    out_ << "\n";
    if (auto it = stats_.find(id); it != stats_.end()) {
      const auto& st = it->second;
      out_ << indent << "   rows " << st.rows_in << " → " << st.rows_out << ", " << seconds_text(st.seconds);
      if (st.null_dropped) out_ << "; " << st.null_dropped << " dropped because a value was null";
      if (!st.taken.empty()) out_ << "; " << st.taken;
      out_ << "\n";
    }
    for (int i : n.inputs) node(i, depth + 1);
  }

  const plan::Plan& p_;
  std::vector<int> consumers_;
  std::map<int, exec::NodeStats> stats_;
  std::set<int> printed_;
  std::ostringstream out_;
};

}  // namespace

std::string expr_text(const plan::Plan& p, const plan::Layout& layout, const plan::Expr& e) {
  return ExprPrinter(p, layout).text(e);
}

std::string print_plan(const plan::Plan& p, const exec::RunResult* run) { return PlanPrinter(p, run).print(); }

}  // namespace clue::planner
