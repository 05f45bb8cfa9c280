// A `where` condition over 1 M rows, compiled by the JIT (codegen::JitFilterBackend::filter)
// against the interpreter (exec::eval_filter), in the engine's batches of 2,048 rows:
//
//   where t.flag == false and t.amount > 1000 and t.id is not null
//
// over an idcard?, a bool? and a money? column (about 40% of the rows pass). The model is
// checked from source text by the front end and planned, as the codegen unit tests do. `scan` = the frame
// is the source's rows in order (the JIT's direct, vectorised variant); `gather` = the frame's
// rows are a random permutation of the source's (as the joined side after a join: the
// row-index variant). Compilation happens before the timed loop; BM_JitFilter_Compile times
// it on its own (a fresh backend per iteration, one batch run so the variant is built).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "bench/micro/bench_common.h"
#include "compiler/codegen/jit.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/plan/pipeline.h"
#include "compiler/sema/frontend.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/eval.h"

namespace {

using namespace clue;
using microbench::Rng;

constexpr size_t kRows = 1'000'000, kBatch = 2048;

const char* const kModel = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema T { id: idcard?  flag: bool?  amount: money? }
source t: T
q = t
  where t.flag == false and t.amount > 1000 and t.id is not null
output q { t.id }
)";

// The two frames a filter benchmark runs over: the table's rows in order (a scan, the
// compiled code's direct variant) and the same rows shuffled (through row indexes: gather).
void frames_over(const rt::Table& t, exec::Frame& scan, exec::Frame& gather, Rng& rng) {
  for (exec::Frame* fr : {&scan, &gather}) {
    fr->tables = {&t};
    fr->size = t.rows();
    fr->rows.emplace_back(t.rows());
    std::iota(fr->rows[0].begin(), fr->rows[0].end(), int64_t(0));
  }
  auto& g = gather.rows[0];
  for (size_t i = g.size(); i > 1; --i) std::swap(g[i - 1], g[rng.below(i)]);
}

// The physical plan of `text` and its Filter nodes' conditions, in node order; "" or why not.
std::string plan_filters(const char* name, const char* text, plan::Plan& physical,
                         std::vector<const plan::Layout*>& layouts, std::vector<const plan::Expr*>& conds) {
  std::string error;
  auto model = check_model_text(name, text, &error);
  if (!model) return error.empty() ? "the front end gave no model" : error;
  physical = planner::plan_model(*model).physical;
  for (const plan::Node& n : physical.nodes)
    if (n.kind == plan::NodeKind::Filter && n.condition) {
      layouts.push_back(&physical.layouts.at(size_t(n.layout)));
      conds.push_back(n.condition.get());
    }
  return "";
}

struct Fixture {
  plan::Plan physical;
  const plan::Layout* layout = nullptr;
  const plan::Expr* cond = nullptr;
  rt::Table table;
  exec::ParamValues params;  // the model has none
  exec::Frame scan, gather;
  std::string error;
};

const Fixture& fixture() {
  static const Fixture fx = [] {
    Fixture f;
    std::vector<const plan::Layout*> layouts;
    std::vector<const plan::Expr*> conds;
    f.error = plan_filters("bench.model", kModel, f.physical, layouts, conds);
    if (!f.error.empty()) return f;
    if (conds.size() != 1) {
      f.error = "expected one where condition";
      return f;
    }
    f.layout = layouts[0];
    f.cond = conds[0];

    // id: 95% present (17-digit bodies); flag: 70% false, 25% true, 5% null;
    // amount: log-uniform 1 .. 10 M yuan, ×10^4, 5% null.
    Rng rng(41);
    f.table.name = "t";
    f.table.path = "t.csv";
    f.table.column_names = {"id", "flag", "amount"};
    f.table.columns = {rt::Column::make(rt::Logical::IdCard), rt::Column::make(rt::Logical::Bool),
                       rt::Column::make(rt::Logical::Money)};
    for (auto& c : f.table.columns) c.reserve(kRows);
    auto& id = f.table.columns[0];
    auto& flag = f.table.columns[1];
    auto& amount = f.table.columns[2];
    for (size_t i = 0; i < kRows; ++i) {
      if (rng.chance(0.05)) id.push_null();
      else {
        id.valid.push_back(1);
        id.i64.push_back(int64_t(rng.pick(microbench::kCourts).region) * 100000000000LL +
                         int64_t(microbench::birth_yyyymmdd(rng)) * 1000LL + int64_t(rng.below(1000)));
      }
      double u = rng.uniform();
      if (u < 0.05) flag.push_null();
      else {
        flag.valid.push_back(1);
        flag.u8.push_back(u < 0.75 ? 0 : 1);
      }
      if (rng.chance(0.05)) amount.push_null();
      else {
        amount.valid.push_back(1);
        amount.i64.push_back(int64_t(std::exp(rng.uniform() * 16.1) * 10000));  // e^16.1 ≈ 9.8 M
      }
      f.table.line.push_back(i + 2);
    }

    frames_over(f.table, f.scan, f.gather, rng);
    return f;
  }();
  return fx;
}

// Runs the condition over the whole frame in batches; false if the backend declined a batch.
bool run_filter(const Fixture& f, const exec::Frame& frame, exec::FilterBackend* jit, std::vector<uint32_t>& out) {
  exec::EvalContext ctx{f.physical, *f.layout, frame, f.params, nullptr};
  out.clear();
  for (size_t b = 0; b < frame.size; b += kBatch) {
    size_t e = std::min(frame.size, b + kBatch);
    if (jit) {
      if (!jit->filter(*f.cond, ctx, b, e, out)) return false;
    } else {
      exec::eval_filter(*f.cond, ctx, b, e, out);
    }
  }
  return true;
}

void run(benchmark::State& state, bool use_jit) {
  const Fixture& f = fixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  const exec::Frame& frame = state.range(0) ? f.gather : f.scan;
  codegen::JitFilterBackend backend;
  std::vector<uint32_t> out, reference;
  out.reserve(kRows);
  // Untimed: the interpreter's answer, and (for the JIT) compile + check it agrees.
  run_filter(f, frame, nullptr, reference);
  if (use_jit) {
    if (!backend.available()) {
      state.SkipWithError(("JIT not available: " + backend.error()).c_str());
      return;
    }
    if (!run_filter(f, frame, &backend, out)) {
      state.SkipWithError("the JIT declined the condition");
      return;
    }
    if (out != reference) {
      state.SkipWithError("the JIT and the interpreter disagree");
      return;
    }
  }
  for (auto _ : state) {
    run_filter(f, frame, use_jit ? &backend : nullptr, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations() * frame.size));  // rows/s
  state.counters["selected"] = double(reference.size()) / double(frame.size);
  if (use_jit) {
    // Which compiled variant ran (every batch of a run takes the same one here).
    auto st = backend.stats();
    state.counters["compile_ms"] = st.compile_seconds * 1000;
    state.SetLabel(st.batches_gather == 0 ? "direct" : st.batches_direct == 0 ? "gather" : "direct+gather");
  }
}

void BM_Filter_Interpreter(benchmark::State& state) { run(state, false); }
void BM_Filter_Jit(benchmark::State& state) { run(state, true); }
BENCHMARK(BM_Filter_Interpreter)->ArgName("gather")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Filter_Jit)->ArgName("gather")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Compile time of the condition (direct variant): a fresh backend each iteration, one batch.
void BM_JitFilter_Compile(benchmark::State& state) {
  const Fixture& f = fixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  exec::EvalContext ctx{f.physical, *f.layout, f.scan, f.params, nullptr};
  std::vector<uint32_t> out;
  for (auto _ : state) {
    codegen::JitFilterBackend backend;
    out.clear();
    if (!backend.filter(*f.cond, ctx, 0, kBatch, out)) {
      state.SkipWithError("the JIT declined the condition");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_JitFilter_Compile)->Unit(benchmark::kMillisecond);

// ---- text conditions ------------------------------------------------------------------------
//
// A text column shaped like the civil export's 结案方式 (判决, 调解成功, 撤诉, 移送管辖, ...; 5%
// null) over 1 M rows, filtered by the due_claims condition and two neighbours:
//   0: `c.way in w`            w: list<text> = ["判决", "调解成功"] (a param: read at call time)
//   1: `c.way in ["判决", "调解成功"]`   (literals: a switch on the length, inline compares)
//   2: `c.way == "判决" and c.n > 10`
// `gather` as above (a random permutation of the rows, as after a join).
const char* const kTextModel = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema C { way: text?  n: int? }
param w: list<text> = ["判决", "调解成功"]
source c: C
q0 = c
  where c.way in w
q1 = c
  where c.way in ["判决", "调解成功"]
q2 = c
  where c.way == "判决" and c.n > 10
output q0 { c.way }
output q1 { c.way }
output q2 { c.way }
)";

struct TextFixture {
  plan::Plan physical;
  std::vector<const plan::Layout*> layouts;
  std::vector<const plan::Expr*> conds;
  rt::Table table;
  exec::ParamValues params;
  exec::Frame scan, gather;
  std::string error;
};

const TextFixture& text_fixture() {
  static const TextFixture fx = [] {
    TextFixture f;
    f.error = plan_filters("bench_text.model", kTextModel, f.physical, f.layouts, f.conds);
    if (!f.error.empty()) return f;
    if (f.conds.size() != 3) {
      f.error = "expected three where conditions";
      return f;
    }
    // The param as `clue run` makes it from the default.
    exec::Vec w;
    w.lane = exec::Vec::S;
    w.type = rt::Logical::Text;
    for (const char* x : {"判决", "调解成功"}) {
      w.valid.push_back(1);
      w.s.push_back(w.keep(x));
    }
    f.params = {w};

    static const char* const kWays[] = {"判决", "判决", "判决", "调解成功", "调解成功", "撤诉", "撤诉", "移送管辖",
                                        "驳回起诉", "准予撤诉", "调解", "按撤诉处理", "终结"};
    Rng rng(43);
    f.table.name = "c";
    f.table.path = "c.csv";
    f.table.column_names = {"way", "n"};
    f.table.columns = {rt::Column::make(rt::Logical::Text), rt::Column::make(rt::Logical::Int)};
    for (auto& c : f.table.columns) c.reserve(kRows);
    for (size_t i = 0; i < kRows; ++i) {
      auto& way = f.table.columns[0];
      if (rng.chance(0.05)) way.push_null();
      else {
        way.valid.push_back(1);
        way.str.push(rng.pick(kWays));
      }
      f.table.columns[1].valid.push_back(1);
      f.table.columns[1].i64.push_back(int64_t(rng.below(100)));
      f.table.line.push_back(i + 2);
    }
    frames_over(f.table, f.scan, f.gather, rng);
    return f;
  }();
  return fx;
}

bool run_text_filter(const TextFixture& f, size_t which, const exec::Frame& frame, exec::FilterBackend* jit,
                     std::vector<uint32_t>& out) {
  exec::EvalContext ctx{f.physical, *f.layouts[which], frame, f.params, nullptr};
  out.clear();
  for (size_t b = 0; b < frame.size; b += kBatch) {
    size_t e = std::min(frame.size, b + kBatch);
    if (jit) {
      if (!jit->filter(*f.conds[which], ctx, b, e, out)) return false;
    } else {
      exec::eval_filter(*f.conds[which], ctx, b, e, out);
    }
  }
  return true;
}

void run_text(benchmark::State& state, bool use_jit) {
  const TextFixture& f = text_fixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  size_t which = size_t(state.range(0));
  const exec::Frame& frame = state.range(1) ? f.gather : f.scan;
  codegen::JitFilterBackend backend;
  std::vector<uint32_t> out, reference;
  out.reserve(kRows);
  run_text_filter(f, which, frame, nullptr, reference);
  if (use_jit) {
    if (!backend.available()) {
      state.SkipWithError(("JIT not available: " + backend.error()).c_str());
      return;
    }
    if (!run_text_filter(f, which, frame, &backend, out)) {
      state.SkipWithError("the JIT declined the condition");
      return;
    }
    if (out != reference) {
      state.SkipWithError("the JIT and the interpreter disagree");
      return;
    }
  }
  for (auto _ : state) {
    run_text_filter(f, which, frame, use_jit ? &backend : nullptr, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations() * frame.size));
  state.counters["selected"] = double(reference.size()) / double(frame.size);
  if (use_jit) state.counters["compile_ms"] = backend.stats().compile_seconds * 1000;
}

void BM_TextFilter_Interpreter(benchmark::State& state) { run_text(state, false); }
void BM_TextFilter_Jit(benchmark::State& state) { run_text(state, true); }
BENCHMARK(BM_TextFilter_Interpreter)
    ->ArgNames({"cond", "gather"})
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TextFilter_Jit)->ArgNames({"cond", "gather"})->ArgsProduct({{0, 1, 2}, {0, 1}})->Unit(benchmark::kMillisecond);

}  // namespace
