// The planner: the logical plan built from the typed model, each pass on and off, the physical
// choices, and the layering rule the plan exists for (the runtime includes nothing from the
// compiler).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/plan/builder.h"
#include "compiler/plan/pipeline.h"
#include "compiler/plan/print.h"
#include "compiler/sema/frontend.h"
#include "tests/support/model_schemas.h"

namespace clue {
namespace {

using clue::test::kTestSchemas;

struct Planned {
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe;
  planner::Plans plans;
  std::string logical() const { return planner::print_plan(plans.logical); }
  std::string physical() const { return planner::print_plan(plans.physical); }
  const plan::Node& first(plan::NodeKind k, bool phys = true) const {
    const auto& p = phys ? plans.physical : plans.logical;
    for (const auto& n : p.nodes)
      if (n.kind == k) return n;
    throw std::runtime_error("no such node");
  }
};

std::unique_ptr<Planned> plan_of(const std::string& body, std::set<std::string> disabled = {}) {
  auto c = std::make_unique<Planned>();
  std::string text = std::string("model t { version \"1\" jurisdiction \"x\" basis \"y\" }\n") + kTestSchemas + body;
  c->fe = run_front_end_text(c->sm, "t.model", text, c->sink);
  EXPECT_FALSE(c->sink.has_errors()) << (c->sink.all().empty() ? "" : c->sink.all()[0].code());
  if (!c->fe.model) return c;
  planner::PlanOptions o;
  o.disabled = std::move(disabled);
  c->plans = planner::plan_model(*c->fe.model, o);
  return c;
}

const char* kDueClaims =
    "source zb: 终本案件\nsource civil: 民事案件\n"
    "r = zb where zb.是否履行完毕 == false\n"
    "  join civil on zb.被执行人身份证号 == civil.原告身份证号 and civil.结案方式 != \"撤诉\"\n"
    "  where civil.结案方式 == \"判决\"\n"
    "  derive y = year(zb.终本日期)\n"
    "output r { zb.案号, civil.案号 as 民事案号, y }\n";

TEST(PlanPasses, PipelineOrder) {
  std::vector<std::string> names;
  for (const auto& p : planner::pass_list()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"fold-constants", "join-keys", "push-down", "prune-columns", "build-side"}));
  for (const auto& n : names) EXPECT_TRUE(planner::is_pass(n));
  EXPECT_FALSE(planner::is_pass("no-such-pass"));
}

TEST(PlanPasses, FoldConstants) {
  const char* body =
      "source zb: 终本案件\nparam 开: bool = true\n"
      "r = zb where (1 + 2 == 3 and zb.是否履行完毕 == false) or false\n"
      "  where 开 and not false\n"
      "  derive x = if 2 > 1 then zb.未履行金额 else 0\n"
      "output r { zb.案号, x }\n";
  auto on = plan_of(body);
  std::string t = on->logical();
  EXPECT_NE(t.find("Filter where zb.是否履行完毕 == false\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Filter where 开\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Derive x = zb.未履行金额\n"), std::string::npos) << t;
  auto off = plan_of(body, {"fold-constants"});
  t = off->logical();
  EXPECT_NE(t.find("1 + 2 == 3"), std::string::npos) << t;
  EXPECT_NE(t.find("if 2 > 1 then"), std::string::npos) << t;
  // A where folded to true keeps its node, without a condition.
  auto always = plan_of("source zb: 终本案件\nr = zb where 1 < 2\noutput r { zb.案号 }\n");
  EXPECT_EQ(always->first(plan::NodeKind::Filter).condition, nullptr);
}

TEST(PlanPasses, JoinKeys) {
  auto on = plan_of(kDueClaims);
  const plan::Node& j = on->first(plan::NodeKind::Join);
  ASSERT_EQ(j.keys.size(), 1u);
  // Oriented: the relation's side left, the joined source's right.
  EXPECT_EQ(j.keys[0].left->binding, 0);
  EXPECT_EQ(j.keys[0].right->binding, 1);
  ASSERT_NE(j.condition, nullptr);  // the residual
  EXPECT_EQ(j.algo, plan::JoinAlgo::Hash);
  auto off = plan_of(kDueClaims, {"join-keys"});
  const plan::Node& k = off->first(plan::NodeKind::Join);
  EXPECT_TRUE(k.keys.empty());
  EXPECT_EQ(k.algo, plan::JoinAlgo::NestedLoop);
  EXPECT_NE(off->physical().find("NestedLoopJoin inner civil on zb.被执行人身份证号 == civil.原告身份证号 and"),
            std::string::npos);
  // distance(a, b) <= r: a grid join.
  auto geo = plan_of("source a: 地点\nsource b: 地点\nr = a join b on distance(a.位置, b.位置) <= 200\noutput r { a.名称 }\n");
  const plan::Node& g = geo->first(plan::NodeKind::Join);
  EXPECT_EQ(g.algo, plan::JoinAlgo::Grid);
  ASSERT_TRUE(g.distance.has_value());
  EXPECT_TRUE(g.distance->inclusive);
}

TEST(PlanPasses, PushDown) {
  auto on = plan_of(kDueClaims);
  const plan::Node& j = on->first(plan::NodeKind::Join);
  ASSERT_EQ(j.pushed.size(), 2u);  // the residual's conjunct and the where right after
  EXPECT_NE(on->physical().find("push down unless civil is probed: civil.结案方式 != \"撤诉\", civil.结案方式 == \"判决\""),
            std::string::npos)
      << on->physical();
  // After a left join a where sees unmatched rows too: it is not pushed.
  auto left = plan_of("source zb: 终本案件\nsource civil: 民事案件\n"
                      "r = zb left join civil on zb.被执行人身份证号 == civil.原告身份证号\n"
                      "  where civil.结案方式 == \"判决\"\noutput r { zb.案号 }\n");
  EXPECT_TRUE(left->first(plan::NodeKind::Join).pushed.empty());
  auto off = plan_of(kDueClaims, {"push-down"});
  EXPECT_TRUE(off->first(plan::NodeKind::Join).pushed.empty());
}

TEST(PlanPasses, PruneColumns) {
  auto on = plan_of(kDueClaims);
  const auto read = plan::fields_read(on->plans.physical);
  ASSERT_EQ(read.size(), 2u);
  const auto late = plan::fields_late(on->plans.physical);
  // 终本案件: 案号 (printed: late), 被执行人身份证号 (key), 是否履行完毕 (where), 终本日期 (derive
  // after the last join: late); 被执行人 and 未履行金额 never read.
  EXPECT_EQ(read[0], (std::vector<bool>{true, true, false, true, true, false}));
  EXPECT_EQ(late[0], (std::vector<bool>{true, false, false, false, true, false}));
  // 民事案件: 案号 printed (late), 原告身份证号 key, 结案方式 where.
  EXPECT_EQ(read[1], (std::vector<bool>{true, true, false, true}));
  EXPECT_EQ(late[1], (std::vector<bool>{true, false, false, false}));
  ASSERT_EQ(read.size(), 2u);  // one entry per source (地点 is a schema no source uses)
  auto off = plan_of(kDueClaims, {"prune-columns"});
  const auto all = plan::fields_read(off->plans.physical);
  EXPECT_EQ(all[0], std::vector<bool>(6, true));
  EXPECT_EQ(plan::fields_late(off->plans.physical)[0], std::vector<bool>(6, false));
}

TEST(PlanPasses, BuildSide) {
  auto on = plan_of(kDueClaims);
  EXPECT_EQ(on->first(plan::NodeKind::Join).build, plan::BuildSide::Smaller);
  auto anti = plan_of("source zb: 终本案件\nsource civil: 民事案件\n"
                      "r = zb anti join civil on zb.被执行人身份证号 == civil.原告身份证号\noutput r { zb.案号 }\n");
  EXPECT_EQ(anti->first(plan::NodeKind::Join).build, plan::BuildSide::Right);
  auto off = plan_of(kDueClaims, {"build-side"});
  EXPECT_EQ(off->first(plan::NodeKind::Join).build, plan::BuildSide::Right);
  // The logical plan has no physical choices.
  EXPECT_EQ(on->first(plan::NodeKind::Join, false).algo, plan::JoinAlgo::Unplanned);
}

TEST(PhysicalPlan, KeyReadInPlaceOnlyForPlainInt64Columns) {
  EXPECT_TRUE(plan_of(kDueClaims)->first(plan::NodeKind::Join).key_in_place);  // idcard: int64
  auto text = plan_of("source zb: 终本案件\nsource civil: 民事案件\n"
                      "r = zb join civil on zb.被执行人 == civil.原告\noutput r { zb.案号 }\n");
  EXPECT_FALSE(text->first(plan::NodeKind::Join).key_in_place);  // text keys are hashed as bytes
}

TEST(LogicalPlan, RelationsReadTwiceAreOneSharedSubPlan) {
  auto p = plan_of("source zb: 终本案件\n"
                   "r = zb where zb.是否履行完毕 == false\n"
                   "s = r where zb.未履行金额 > 100\n"
                   "output r { zb.案号 }\noutput s { zb.案号 }\n");
  const auto& plan = p->plans.logical;
  const auto counts = plan::consumer_counts(plan);
  const plan::Node& f = p->first(plan::NodeKind::Filter, false);
  EXPECT_EQ(counts[size_t(f.id)], 2);  // output r's Project and relation s's Filter
  EXPECT_NE(p->logical().find("(shared: shown above)"), std::string::npos);
  // Node ids are positions, inputs come before their readers.
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    EXPECT_EQ(plan.nodes[i].id, int(i));
    for (int in : plan.nodes[i].inputs) EXPECT_LT(in, int(i));
  }
}

// The point of the plan layer: the runtime executes plans and never sees the front end.
TEST(Layering, RuntimeIncludesNothingFromTheCompiler) {
  namespace fs = std::filesystem;
  std::vector<std::string> offenders;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(CLUE_SOURCE_DIR) / "runtime")) {
    if (!e.is_regular_file()) continue;
    std::string ext = e.path().extension().string();
    if (ext != ".h" && ext != ".cpp" && ext != ".def" && ext != ".inc") continue;
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);)
      if (line.find("#include \"compiler/") != std::string::npos) offenders.push_back(e.path().string() + ": " + line);
  }
  EXPECT_TRUE(offenders.empty()) << offenders.front();
}

// The front end (source, diag, syntax, sema, lint, data) is what an editor server links: it
// includes nothing from the engine, the planner, the JIT, the session or the driver.
TEST(Layering, FrontEndIncludesNoEngineNorPlanner) {
  namespace fs = std::filesystem;
  const std::vector<std::string> banned = {"runtime/exec/", "runtime/io/", "runtime/load/", "compiler/plan/",
                                           "compiler/session/", "compiler/codegen/", "compiler/driver/"};
  std::vector<std::string> offenders;
  for (const char* dir : {"source", "diag", "syntax", "sema", "lint", "data"})
    for (const auto& e : fs::recursive_directory_iterator(fs::path(CLUE_SOURCE_DIR) / "compiler" / dir)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path());
      for (std::string line; std::getline(in, line);)
        for (const auto& b : banned)
          if (line.rfind("#include \"" + b, 0) == 0) offenders.push_back(e.path().string() + ": " + line);
    }
  EXPECT_TRUE(offenders.empty()) << offenders.front();
}

}  // namespace
}  // namespace clue
