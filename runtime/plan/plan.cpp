#include "runtime/plan/plan.h"

#include <algorithm>

namespace clue::plan {

const char* join_kind_name(JoinKind k) {
  switch (k) {
    case JoinKind::Inner: return "inner";
    case JoinKind::Left: return "left";
    case JoinKind::Semi: return "semi";
    case JoinKind::Anti: return "anti";
    case JoinKind::Cross: return "cross";
  }
  return "?";
}

const char* node_kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::Scan: return "Scan";
    case NodeKind::Filter: return "Filter";
    case NodeKind::Join: return "Join";
    case NodeKind::Derive: return "Derive";
    case NodeKind::Aggregate: return "Aggregate";
    case NodeKind::Project: return "Project";
    case NodeKind::Sort: return "Sort";
    case NodeKind::Distinct: return "Distinct";
    case NodeKind::Output: return "Output";
    case NodeKind::Union: return "Union";
  }
  return "?";
}

namespace {
ExprPtr clone_or_null(const ExprPtr& e) { return e ? clone(*e) : nullptr; }
}  // namespace

Plan clone(const Plan& p) {
  Plan q;
  q.physical = p.physical;
  q.sources = p.sources;
  q.params = p.params;
  q.layouts = p.layouts;
  q.outputs = p.outputs;
  q.passes = p.passes;
  q.nodes.reserve(p.nodes.size());
  for (const Node& n : p.nodes) {
    Node m;
    m.id = n.id;
    m.kind = n.kind;
    m.layout = n.layout;
    m.inputs = n.inputs;
    m.loc = n.loc;
    m.relation = n.relation;
    m.binding = n.binding;
    m.source = n.source;
    m.fields = n.fields;
    m.late = n.late;
    m.condition = clone_or_null(n.condition);
    m.having = n.having;
    m.null_check = clone_or_null(n.null_check);
    m.how = n.how;
    for (const auto& k : n.keys) m.keys.push_back({clone(*k.left), clone(*k.right)});
    if (n.distance)
      m.distance = Distance{clone(*n.distance->left), clone(*n.distance->right), clone(*n.distance->radius_m),
                            n.distance->inclusive};
    for (const auto& e : n.pushed) m.pushed.push_back(clone(*e));
    for (const auto& e : n.pushed_null_checks) m.pushed_null_checks.push_back(clone(*e));
    m.push = n.push;
    m.build = n.build;
    m.algo = n.algo;
    m.key_in_place = n.key_in_place;
    m.right_layout = n.right_layout;
    m.binding_count = n.binding_count;
    m.slot_first = n.slot_first;
    m.slot_count = n.slot_count;
    m.alias = n.alias;
    m.parts = n.parts;
    m.slots = n.slots;
    for (const auto& e : n.values) m.values.push_back(clone(*e));
    m.key_count = n.key_count;
    m.name = n.name;
    for (const auto& c : n.columns) m.columns.push_back({c.name, clone(*c.value)});
    m.provenance = n.provenance;
    for (const auto& k : n.order) m.order.push_back({clone(*k.value), k.descending});
    q.nodes.push_back(std::move(m));
  }
  return q;
}

bool reads_only_joined(const Node& n, const Expr& e) {
  if (!joins_relation(n)) return reads_only_binding(e, n.binding);
  bool reads = false, other = false;
  visit(e, [&](const Expr& x) {
    if (x.kind == ExprKind::Column) {
      (x.binding >= n.binding && x.binding < n.binding + n.binding_count ? reads : other) = true;
    } else if (x.kind == ExprKind::Derived) {
      (x.derived >= n.slot_first && x.derived < n.slot_first + n.slot_count ? reads : other) = true;
    } else if (x.kind == ExprKind::Aggregate) {
      other = true;
    }
  });
  return reads && !other;
}

std::vector<int> scans_below(const Plan& p, int node) {
  std::vector<bool> seen(p.nodes.size(), false);
  std::vector<int> stack{node}, out;
  while (!stack.empty()) {
    int n = stack.back();
    stack.pop_back();
    if (n < 0 || seen[size_t(n)]) continue;
    seen[size_t(n)] = true;
    if (p.nodes[size_t(n)].kind == NodeKind::Scan) out.push_back(n);
    for (int i : p.nodes[size_t(n)].inputs) stack.push_back(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> consumer_counts(const Plan& p) {
  std::vector<int> c(p.nodes.size(), 0);
  for (const Node& n : p.nodes)
    for (int i : n.inputs) ++c[size_t(i)];
  return c;
}

namespace {
// Scans that some output reads (a relation no output uses is not run).
std::vector<bool> live_scans(const Plan& p) {
  std::vector<bool> live(p.nodes.size(), false);
  for (int o : p.outputs)
    for (int s : scans_below(p, o)) live[size_t(s)] = true;
  return live;
}
}  // namespace

std::vector<bool> sources_read(const Plan& p) {
  std::vector<bool> out(p.sources.size(), false);
  auto live = live_scans(p);
  for (const Node& n : p.nodes)
    if (n.kind == NodeKind::Scan && live[size_t(n.id)]) out[size_t(n.source)] = true;
  return out;
}

std::vector<std::vector<bool>> fields_read(const Plan& p) {
  std::vector<std::vector<bool>> out(p.sources.size());
  for (size_t s = 0; s < p.sources.size(); ++s) out[s].assign(p.sources[s].fields.size(), false);
  auto live = live_scans(p);
  for (const Node& n : p.nodes) {
    if (n.kind != NodeKind::Scan || !live[size_t(n.id)]) continue;
    auto& o = out[size_t(n.source)];
    for (size_t f = 0; f < o.size(); ++f)
      if (f >= n.fields.size() || n.fields[f]) o[f] = true;  // no pruning: every field
  }
  return out;
}

std::vector<std::vector<bool>> fields_late(const Plan& p) {
  auto read = fields_read(p);
  std::vector<std::vector<bool>> out = read;
  auto live = live_scans(p);
  for (const Node& n : p.nodes) {
    if (n.kind != NodeKind::Scan || !live[size_t(n.id)]) continue;
    auto& o = out[size_t(n.source)];
    for (size_t f = 0; f < o.size(); ++f) {
      bool reads = f >= n.fields.size() || n.fields[f];
      bool late = f < n.late.size() && n.late[f];
      if (reads && !late) o[f] = false;
    }
  }
  return out;
}

}  // namespace clue::plan
