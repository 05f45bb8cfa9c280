// `clue explain --emit=plan`: the operator pipeline of each relation as the engine runs it
// (scans with the columns read, pushed-down filters, join strategy and build side, grouping),
// with estimated row counts when input sizes are known, and actual counts after a run.
#include "compiler/driver/plan_text.h"

#include <cmath>
#include <functional>

#include "compiler/sema/typed_dump.h"
#include "runtime/exec/pushdown.h"

namespace clue::cli {
namespace {

// Rough selectivity of a condition, for estimates only.
double selectivity(const typed::Expr& e) {
  switch (e.kind) {
    case typed::ExprKind::Binary:
      if (e.op == "and") return selectivity(*e.args[0]) * selectivity(*e.args[1]);
      if (e.op == "or") return std::min(1.0, selectivity(*e.args[0]) + selectivity(*e.args[1]));
      if (e.op == "==") return 0.1;
      if (e.op == "!=") return 0.9;
      return 0.5;
    case typed::ExprKind::In: return e.negated ? 0.7 : 0.3;
    case typed::ExprKind::IsNull: return e.negated ? 0.9 : 0.1;
    case typed::ExprKind::Between: return 0.3;
    default: return 0.5;
  }
}

std::string rows_text(double est, const exec::StepStats* actual) {
  std::string s;
  if (est >= 0) s += "est. " + std::to_string(uint64_t(std::llround(est)));
  if (actual) s += std::string(s.empty() ? "" : ", ") + "actual " + std::to_string(actual->rows_out);
  return s.empty() ? "" : "  [" + s + "]";
}

std::string columns_read(const typed::Model& m, int source, const std::vector<std::vector<bool>>& used) {
  std::string s;
  const auto* schema = m.sources[size_t(source)].schema;
  if (!schema) return s;
  for (size_t f = 0; f < schema->fields.size(); ++f)
    if (used[size_t(source)][f]) s += (s.empty() ? "" : ", ") + schema->fields[f].name;
  return s;
}

}  // namespace

std::string describe_plan(const typed::Model& m, const std::vector<std::vector<bool>>& used_fields,
                          const std::vector<uint64_t>& input_rows, const exec::RunResult* run) {
  std::string out;
  // Actual counts, consumed in execution order per relation.
  std::map<std::string, std::vector<const exec::StepStats*>> actual;
  if (run)
    for (const auto& s : run->steps) actual[s.relation].push_back(&s);
  std::vector<double> est_rows(m.relations.size(), -1);

  std::function<void(int)> relation = [&](int r) {
    const typed::Relation& rel = m.relations[size_t(r)];
    if (est_rows[size_t(r)] != -1) return;
    est_rows[size_t(r)] = -2;  // visiting
    double rows = -1;
    if (rel.input_relation >= 0) {
      relation(rel.input_relation);
      rows = est_rows[size_t(rel.input_relation)];
    }
    out += "relation " + rel.name + "\n";
    if (rel.input_source >= 0) {
      uint64_t n = size_t(rel.input_source) < input_rows.size() ? input_rows[size_t(rel.input_source)] : 0;
      rows = n ? double(n) : -1;
      out += "  scan " + m.sources[size_t(rel.input_source)].name + " (" +
             columns_read(m, rel.input_source, used_fields) + ")" + rows_text(rows, nullptr) + "\n";
    } else {
      out += "  from relation " + m.relations[size_t(rel.input_relation)].name + rows_text(rows, nullptr) + "\n";
    }
    const auto& act = actual[rel.name];
    size_t next_actual = 0;
    for (size_t si = 0; si < rel.steps.size(); ++si) {
      const typed::Step& st = rel.steps[si];
      const exec::StepStats* a = next_actual < act.size() ? act[next_actual++] : nullptr;
      switch (st.kind) {
        case typed::StepKind::Where:
        case typed::StepKind::Having:
          if (rows >= 0 && st.condition) rows *= selectivity(*st.condition);
          out += std::string("  ") + (st.kind == typed::StepKind::Where ? "filter " : "having ") +
                 (st.condition ? dump_typed_expr(m, &rel, *st.condition) : "") + rows_text(rows, a) + "\n";
          break;
        case typed::StepKind::Derive: {
          out += "  derive";
          for (int d : st.derived) out += " " + rel.derived[size_t(d)].name;
          out += rows_text(rows, a) + "\n";
          break;
        }
        case typed::StepKind::Group: {
          if (rows >= 0) rows *= 0.5;
          out += "  hash aggregate by";
          for (size_t k = 0; k < st.group_key_count; ++k) out += " " + rel.derived[size_t(st.derived[k])].name;
          out += " computing";
          for (size_t k = st.group_key_count; k < st.derived.size(); ++k) out += " " + rel.derived[size_t(st.derived[k])].name;
          out += rows_text(rows, a) + "\n";
          break;
        }
        case typed::StepKind::Join: {
          const typed::Binding& b = rel.bindings[size_t(st.binding)];
          uint64_t right_n = size_t(b.source) < input_rows.size() ? input_rows[size_t(b.source)] : 0;
          double build = right_n ? double(right_n) : -1;
          auto pushed = exec::pushable_filters(rel, si);
          for (const auto* p : pushed)
            if (build >= 0) build *= selectivity(*p);
          const char* kind = st.how == ast::JoinKind::Left ? "left " : st.how == ast::JoinKind::Semi ? "semi "
                             : st.how == ast::JoinKind::Anti ? "anti " : st.how == ast::JoinKind::Cross ? "cross " : "";
          std::string algo = st.how == ast::JoinKind::Cross ? "nested loop" : st.distance ? "grid distance join" : "hash join";
          bool build_left = st.how == ast::JoinKind::Inner && !st.distance && rows >= 0 && build >= 0 && rows < build;
          out += std::string("  ") + kind + algo + " " + b.alias;
          if (!st.keys.empty()) {
            out += " on";
            for (const auto& k : st.keys)
              out += " " + dump_typed_expr(m, &rel, *k.left) + " = " + dump_typed_expr(m, &rel, *k.right);
            out += std::string(" (build side: ") + (build_left ? "the relation" : b.alias) + ", smaller estimated)";
          }
          if (st.distance) out += " within " + dump_typed_expr(m, &rel, *st.distance->radius_m) + " m";
          if (rows >= 0 && build >= 0) {
            if (st.how == ast::JoinKind::Inner) rows = std::max(rows, build) * 0.5;
            else if (st.how == ast::JoinKind::Semi || st.how == ast::JoinKind::Anti) rows *= 0.5;
            else if (st.how == ast::JoinKind::Cross) rows *= build;
          }
          out += rows_text(rows, a) + "\n";
          out += "    scan " + m.sources[size_t(b.source)].name + " (" + columns_read(m, b.source, used_fields) + ")" +
                 rows_text(right_n ? double(right_n) : -1, nullptr) + "\n";
          // The engine pushes them down unless the relation is at most as large as the joined
          // source in an inner hash join (the relation then builds, the source is probed, and
          // the filters see only the matched pairs): engine.cpp, join().
          const bool after = st.how == ast::JoinKind::Inner && !st.distance && !st.keys.empty() && rows >= 0 &&
                             right_n > 0 && rows <= double(right_n);
          for (const auto* p : pushed)
            out += std::string(after ? "    filter after the join (the source is probed) " : "    pushed-down filter ") +
                   dump_typed_expr(m, &rel, *p) + "\n";
          if (st.condition) out += "    residual " + dump_typed_expr(m, &rel, *st.condition) + "\n";
          break;
        }
      }
    }
    est_rows[size_t(r)] = rows;
  };
  for (const auto& o : m.outputs) {
    if (o.relation < 0) continue;
    relation(o.relation);
    out += "output " + o.name + " ← " + m.relations[size_t(o.relation)].name + ": " + std::to_string(o.columns.size()) +
           " columns";
    if (!o.order.empty()) out += ", ordered";
    if (o.distinct) out += ", distinct";
    if (run)
      for (const auto& t : run->outputs)
        if (t.name == o.name) out += "  [actual " + std::to_string(t.rows.size()) + " rows]";
    out += "\n\n";
  }
  if (run)
    out += "batches: " + std::to_string(run->jit_batches) + " compiled, " + std::to_string(run->interpreted_batches) +
           " interpreted\n";
  return out;
}

}  // namespace clue::cli
