#include "compiler/plan/builder.h"

#include <filesystem>

#include <stdexcept>

namespace clue::planner {
namespace {

plan::Loc loc_of(const Span& s) { return plan::Loc{s.file, s.line, s.col, s.end_line, s.end_col}; }

plan::JoinKind join_kind(ast::JoinKind k) {
  switch (k) {
    case ast::JoinKind::Inner: return plan::JoinKind::Inner;
    case ast::JoinKind::Left: return plan::JoinKind::Left;
    case ast::JoinKind::Semi: return plan::JoinKind::Semi;
    case ast::JoinKind::Anti: return plan::JoinKind::Anti;
    case ast::JoinKind::Cross: return plan::JoinKind::Cross;
  }
  return plan::JoinKind::Inner;
}

plan::ExprPtr make_binary(plan::Op op, plan::ExprPtr a, plan::ExprPtr b, plan::Loc at) {
  auto e = std::make_unique<plan::Expr>();
  e->kind = plan::ExprKind::Binary;
  e->type = Type::of(TypeKind::Bool);
  e->op = op;
  e->loc = at;
  e->args.push_back(std::move(a));
  e->args.push_back(std::move(b));
  return e;
}

class Builder {
 public:
  explicit Builder(const typed::Model& m) : m_(m) {}

  plan::Plan build() {
    for (const auto& s : m_.sources) {
      plan::Source src;
      src.name = s.name;
      if (s.schema) {
        src.schema = s.schema->name;
        for (const auto& f : s.schema->fields) src.fields.push_back({f.name, f.type});
      }
      src.inline_table = s.is_table;
      src.rows = s.table_cells;
      src.row_lines.assign(s.table_lines.begin(), s.table_lines.end());
      if (s.is_table) src.file = std::filesystem::path(s.table_path).filename().string();
      p_.sources.push_back(std::move(src));
    }
    for (const auto& prm : m_.params) p_.params.push_back({prm.name, prm.type});
    last_.assign(m_.relations.size(), -1);
    p_.layouts.resize(m_.relations.size());  // layout r is relation r's, whatever the build order
    for (size_t r = 0; r < m_.relations.size(); ++r) build_relation(int(r));
    for (const auto& o : m_.outputs)
      if (o.relation >= 0) build_output(o);
    return std::move(p_);
  }

 private:
  plan::Node& add(plan::NodeKind kind, int layout, std::vector<int> inputs, const Span& at, std::string relation) {
    plan::Node n;
    n.id = int(p_.nodes.size());
    n.kind = kind;
    n.layout = layout;
    n.inputs = std::move(inputs);
    n.loc = loc_of(at);
    n.relation = std::move(relation);
    p_.nodes.push_back(std::move(n));
    return p_.nodes.back();
  }

  int scan(int layout, int binding, const typed::Relation& rel, const Span& at) {
    plan::Node& n = add(plan::NodeKind::Scan, layout, {}, at, rel.name);
    n.binding = binding;
    n.source = rel.bindings[size_t(binding)].source;
    return n.id;
  }

  void build_relation(int r) {
    if (last_[size_t(r)] >= 0) return;
    const typed::Relation& rel = m_.relations[size_t(r)];
    // The relations it reads first (the checker refuses cycles): its input, those it joins.
    if (rel.input_relation >= 0) build_relation(rel.input_relation);
    for (const auto& j : rel.joined) build_relation(j.relation);
    for (const auto& u : rel.union_parts)
      if (u.relation >= 0) build_relation(u.relation);
    plan::Layout lay;
    lay.relation = rel.name;
    for (const auto& b : rel.bindings) lay.bindings.push_back({b.alias, b.source, join_kind(b.how), b.via});
    for (const auto& d : rel.derived) lay.derived.push_back({d.name, d.type});
    p_.layouts[size_t(r)] = std::move(lay);
    int cur;
    if (rel.input_relation >= 0) {
      cur = last_[size_t(rel.input_relation)];
      if (cur < 0) throw std::logic_error("plan: relation " + rel.name + " built before its input");
    } else if (!rel.union_parts.empty()) {
      cur = build_union(r, rel);
    } else {
      cur = scan(r, 0, rel, rel.span);
    }
    for (const auto& st : rel.steps) {
      switch (st.kind) {
        case typed::StepKind::Where:
        case typed::StepKind::Having: {
          plan::Node& n = add(plan::NodeKind::Filter, r, {cur}, st.span, rel.name);
          n.having = st.kind == typed::StepKind::Having;
          if (st.condition) n.condition = lower_expr(*st.condition);
          cur = n.id;
          break;
        }
        case typed::StepKind::Join: {
          if (st.joined >= 0) {
            const typed::JoinedRelation& jr = rel.joined[size_t(st.joined)];
            plan::Node& n = add(plan::NodeKind::Join, r, {cur, last_[size_t(jr.relation)]}, st.span, rel.name);
            n.binding = jr.first_binding;
            n.binding_count = jr.binding_count;
            n.slot_first = jr.first_derived;
            n.slot_count = jr.derived_count;
            n.right_layout = jr.relation;
            n.alias = jr.alias;
            n.how = join_kind(st.how);
            n.condition = whole_on(st);
            cur = n.id;
            break;
          }
          int right = scan(r, st.binding, rel, rel.bindings[size_t(st.binding)].span);
          plan::Node& n = add(plan::NodeKind::Join, r, {cur, right}, st.span, rel.name);
          n.binding = st.binding;
          n.source = rel.bindings[size_t(st.binding)].source;
          n.alias = rel.bindings[size_t(st.binding)].alias;
          n.how = join_kind(st.how);
          n.condition = whole_on(st);
          cur = n.id;
          break;
        }
        case typed::StepKind::Derive:
        case typed::StepKind::Group: {
          bool group = st.kind == typed::StepKind::Group;
          plan::Node& n = add(group ? plan::NodeKind::Aggregate : plan::NodeKind::Derive, r, {cur}, st.span, rel.name);
          n.slots = st.derived;
          for (const auto& v : st.values) n.values.push_back(lower_expr(*v));
          n.key_count = group ? st.group_key_count : 0;
          cur = n.id;
          break;
        }
      }
    }
    last_[size_t(r)] = cur;
  }

  // A union: a node reading each part (a relation's last node, or a scan of a source placed
  // in the union's layout), computing the union's columns from each.
  int build_union(int r, const typed::Relation& rel) {
    std::vector<int> inputs;
    for (const auto& u : rel.union_parts)
      inputs.push_back(u.relation >= 0 ? last_[size_t(u.relation)] : scan(r, u.first_binding, rel, u.span));
    plan::Node& n = add(plan::NodeKind::Union, r, std::move(inputs), rel.span, rel.name);
    for (const auto& u : rel.union_parts) {
      n.parts.push_back({u.first_binding, u.binding_count, u.first_derived, u.derived_count, u.relation});
      for (const auto& c : u.columns) n.values.push_back(lower_expr(*c));
    }
    for (int c = 0; c < rel.union_count; ++c) n.slots.push_back(rel.union_first + c);
    return n.id;
  }

  // The join's `on` as written: the front end has already told keys, a distance condition
  // and the rest apart for its diagnostics, but what is a key is the plan's decision (the
  // join-key pass), so the plan starts from the whole conjunction: keys, then the distance,
  // then the residual, each in the order written.
  static plan::ExprPtr whole_on(const typed::Step& st) {
    std::vector<plan::ExprPtr> parts;
    for (const auto& k : st.keys) {
      plan::Loc at = loc_of(Span::cover(k.left->span, k.right->span));
      parts.push_back(make_binary(plan::Op::Eq, lower_expr(*k.left), lower_expr(*k.right), at));
    }
    if (st.distance) {
      auto call = std::make_unique<plan::Expr>();
      call->kind = plan::ExprKind::Call;
      call->fn = plan::Fn::Distance;
      call->type = Type::of(TypeKind::Decimal);
      call->loc = loc_of(Span::cover(st.distance->left->span, st.distance->right->span));
      call->args.push_back(lower_expr(*st.distance->left));
      call->args.push_back(lower_expr(*st.distance->right));
      plan::Loc at = call->loc;
      parts.push_back(make_binary(st.distance->inclusive ? plan::Op::Le : plan::Op::Lt, std::move(call),
                                  lower_expr(*st.distance->radius_m), at));
    }
    if (st.condition) parts.push_back(lower_expr(*st.condition));
    plan::ExprPtr all;
    for (auto& p : parts) {
      if (!all) {
        all = std::move(p);
        continue;
      }
      plan::Loc at = all->loc;
      all = make_binary(plan::Op::And, std::move(all), std::move(p), at);
    }
    return all;
  }

  void build_output(const typed::Output& o) {
    const typed::Relation& rel = m_.relations[size_t(o.relation)];
    int r = o.relation;
    plan::Node& proj = add(plan::NodeKind::Project, r, {last_[size_t(r)]}, o.span, "");
    proj.name = o.name;
    for (const auto& c : o.columns) proj.columns.push_back({c.name, lower_expr(*c.value)});
    // Provenance: the file and line of every row behind a lead, for each binding whose rows
    // are part of it (a semi or anti join only filters).
    for (size_t b = 0; b < rel.bindings.size(); ++b)
      if (rel.bindings[b].how != ast::JoinKind::Semi && rel.bindings[b].how != ast::JoinKind::Anti)
        proj.provenance.push_back(int(b));
    int cur = proj.id;
    plan::Node& sort = add(plan::NodeKind::Sort, r, {cur}, o.span, "");
    sort.name = o.name;
    for (const auto& k : o.order) sort.order.push_back({lower_expr(*k.value), k.descending});
    cur = sort.id;
    if (o.distinct) {
      plan::Node& d = add(plan::NodeKind::Distinct, r, {cur}, o.span, "");
      d.name = o.name;
      cur = d.id;
    }
    plan::Node& out = add(plan::NodeKind::Output, r, {cur}, o.span, "");
    out.name = o.name;
    p_.outputs.push_back(out.id);
  }

  const typed::Model& m_;
  plan::Plan p_;
  std::vector<int> last_;  // per relation: its last node
};

}  // namespace

plan::ExprPtr lower_expr(const typed::Expr& e) {
  auto x = std::make_unique<plan::Expr>();
  x->type = e.type;
  x->loc = loc_of(e.span);
  x->kind = e.kind;
  x->literal = e.literal;
  x->param = e.param;
  x->binding = e.binding;
  x->field = e.field;
  x->derived = e.derived;
  x->negated = e.negated;
  x->op = e.op;  // the typed model already holds the plan's operators and builtins
  x->fn = e.fn;
  for (const auto& a : e.args) x->args.push_back(lower_expr(*a));
  return x;
}

plan::Plan build_logical(const typed::Model& model) { return Builder(model).build(); }

}  // namespace clue::planner
