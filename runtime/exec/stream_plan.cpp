#include "runtime/exec/stream_plan.h"

#include <algorithm>

namespace clue::exec {

std::vector<StreamChoice> plan_streams(const plan::Plan& p, const StreamInputs& in) {
  std::vector<StreamChoice> out;
  if (!p.physical) return out;
  // A source read by one scan only: the streamed table replaces it for that scan alone.
  std::vector<int> scans(p.sources.size(), 0);
  for (const plan::Node& n : p.nodes)
    if (n.kind == plan::NodeKind::Scan && n.source >= 0 && size_t(n.source) < scans.size()) ++scans[size_t(n.source)];
  const std::vector<int> consumers = plan::consumer_counts(p);
  auto ok_source = [&](int s) {
    return s >= 0 && size_t(s) < scans.size() && scans[size_t(s)] == 1 && size_t(s) < in.streamable.size() &&
           in.streamable[size_t(s)] && size_t(s) < in.rows.size();
  };
  auto big_enough = [&](int s) { return in.always || (in.min_rows > 0 && in.rows[size_t(s)] >= in.min_rows); };
  for (const plan::Node& n : p.nodes) {
    if (n.kind != plan::NodeKind::Join || n.algo != plan::JoinAlgo::Hash || plan::joins_relation(n) || n.keys.empty() ||
        n.inputs.size() < 2)
      continue;
    const plan::Node& right_scan = p.nodes[size_t(n.inputs[1])];
    if (right_scan.kind != plan::NodeKind::Scan) continue;
    const int right = right_scan.source;
    // The relation: a source's scan with where steps only (nothing derived before the join),
    // each read by this join alone.
    StreamChoice left_choice;
    int at = n.inputs[0];
    bool chain = true;
    while (chain && p.nodes[size_t(at)].kind == plan::NodeKind::Filter) {
      chain = consumers[size_t(at)] == 1 && !p.nodes[size_t(at)].having;
      left_choice.filters.push_back(at);
      at = p.nodes[size_t(at)].inputs[0];
    }
    const plan::Node& left_scan = p.nodes[size_t(at)];
    chain = chain && left_scan.kind == plan::NodeKind::Scan && consumers[size_t(at)] == 1;
    std::reverse(left_choice.filters.begin(), left_choice.filters.end());
    const int left = chain ? left_scan.source : -1;
    const uint64_t left_rows = left >= 0 && size_t(left) < in.rows.size() ? in.rows[size_t(left)] : 0;
    const uint64_t right_rows = right >= 0 && size_t(right) < in.rows.size() ? in.rows[size_t(right)] : 0;

    // The joined source is probed: an inner join that builds on the relation (or on the
    // smaller side, the joined source being the larger input), nothing pushed down onto it.
    const bool right_probed = n.how == plan::JoinKind::Inner &&
                              (n.build == plan::BuildSide::Left ||
                               (n.build == plan::BuildSide::Smaller && (left < 0 || right_rows >= left_rows))) &&
                              (n.pushed.empty() || n.push != plan::PushPolicy::Always);
    // The relation's scan is probed: left, semi and anti joins build on the joined source (an
    // anti join keeps the rows that match nothing, so a residual condition, which can reject a
    // key's pairs, rules it out); an inner join when the relation is the larger input.
    const bool left_probed =
        chain && ((n.how == plan::JoinKind::Semi) || (n.how == plan::JoinKind::Anti && !n.condition) ||
                  (n.how == plan::JoinKind::Inner &&
                   (n.build == plan::BuildSide::Right || (n.build == plan::BuildSide::Smaller && left_rows > right_rows))));
    StreamChoice c;
    if (right_probed && ok_source(right) && big_enough(right)) {
      c.join = n.id;
      c.source = right;
      c.left = false;
      c.scan = right_scan.id;
    } else if (left_probed && ok_source(left) && big_enough(left)) {
      c = left_choice;
      c.join = n.id;
      c.source = left;
      c.left = true;
      c.scan = left_scan.id;
    } else {
      continue;
    }
    bool taken = false;
    for (const StreamChoice& o : out) taken = taken || o.source == c.source;
    if (!taken) out.push_back(std::move(c));
  }
  return out;
}

const StreamChoice* stream_choice(const std::vector<StreamChoice>& choices, int id) {
  for (const StreamChoice& c : choices)
    if (c.join == id) return &c;
  return nullptr;
}

}  // namespace clue::exec
