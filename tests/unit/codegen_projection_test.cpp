// The JIT's projections and its compiled hash-join probe against the interpreter: scales,
// nulls, division by zero, rows missing after a left join (gather variant), batches; the probe
// with duplicate keys on both sides, null keys, an empty build side and chains longer than
// one output buffer.
#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "compiler/codegen/jit.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/hash_join.h"
#include "runtime/values/decimal.h"
#include "tests/unit/codegen_harness.h"

namespace {

using namespace clue;
using std::nullopt;
using std::optional;

const std::string kHeader = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema S { n: int  a: int?  b: int?  m: money?  d: date?  t: datetime?  f: bool? }
param pi: int = 2
param pm: money = 2.5
source s: S
)";

int64_t money(const char* s) { return values::parse_decimal(s).value().raw; }

void push(rt::Column& c, optional<int64_t> v) {
  if (!v) return c.push_null();
  c.valid.push_back(1);
  if (c.phys == rt::Phys::I64) c.i64.push_back(*v);
  else if (c.phys == rt::Phys::I32) c.i32.push_back(int32_t(*v));
  else c.u8.push_back(uint8_t(*v));
}

rt::Table make_s() {
  using L = rt::Logical;
  rt::Table t;
  t.name = "s";
  t.path = "s.csv";
  for (L l : {L::Int, L::Int, L::Int, L::Money, L::Date, L::DateTime, L::Bool}) t.columns.push_back(rt::Column::make(l));
  // 922337203685477: the largest int that money's scale (×10^4) holds; past the range is E0560
  // (codegen_overflow_test.cpp).
  std::vector<optional<int64_t>> a = {7, -7, 0, nullopt, 922337203685477LL, 3};
  std::vector<optional<int64_t>> b = {2, 0, -3, 4, -1, nullopt};
  std::vector<optional<int64_t>> m = {money("1.5"), money("-2.25"), nullopt, money("0"), money("0.0001"), money("3")};
  std::vector<optional<int64_t>> d = {18993, nullopt, 0, 18994, 18995, 18993};
  std::vector<optional<int64_t>> tm = {18993LL * 86400, 18993LL * 86400 + 1, nullopt, 0, 18995LL * 86400, 5};
  std::vector<optional<int64_t>> f = {1, 0, nullopt, 1, 0, nullopt};
  for (size_t i = 0; i < a.size(); ++i) {
    push(t.columns[0], int64_t(i + 1));
    push(t.columns[1], a[i]);
    push(t.columns[2], b[i]);
    push(t.columns[3], m[i]);
    push(t.columns[4], d[i]);
    push(t.columns[5], tm[i]);
    push(t.columns[6], f[i]);
    t.line.push_back(i + 2);
  }
  return t;
}

// The interpreter's values of `e` over [begin, end), broadcast as Runner::eval_all does.
exec::Vec interp(const plan::Expr& e, const exec::EvalContext& ctx, size_t begin, size_t end) {
  exec::Vec v = exec::eval(e, ctx, begin, end);
  if (v.size() == 1 && end - begin != 1) {
    exec::Vec w = v;
    w.resize(end - begin);
    for (size_t k = 0; k < end - begin; ++k) {
      w.valid[k] = v.valid[0] && !v.is_null_type;
      w.i[k] = v.i[0];
    }
    w.is_null_type = false;
    v = w;
  }
  return v;
}

// The same meaning: type, scale, validity, and the values of valid rows.
std::string differs(const exec::Vec& a, const exec::Vec& b) {
  if (a.lane != b.lane || a.type != b.type || a.scale != b.scale || a.is_null_type != b.is_null_type)
    return "type/scale/lane differ: " + std::string(rt::logical_name(a.type)) + "/" + std::to_string(a.scale) + " vs " +
           rt::logical_name(b.type) + "/" + std::to_string(b.scale);
  if (a.size() != b.size()) return "sizes differ";
  for (size_t k = 0; k < a.size(); ++k) {
    if (a.valid[k] != b.valid[k]) return "valid differs at " + std::to_string(k);
    if (a.valid[k] && a.i[k] != b.i[k])
      return "value differs at " + std::to_string(k) + ": " + std::to_string(a.i[k]) + " vs " + std::to_string(b.i[k]);
  }
  return "";
}

struct Fixture {
  std::unique_ptr<cgtest::Checked> model;
  rt::Table table = make_s();
  exec::ParamValues params;
  exec::Frame frame;

  // `derive` values over s; `rows` (source row per frame row, -1 = none) or all rows in order.
  explicit Fixture(const std::string& derive, std::vector<int64_t> rows = {}) {
    std::string errors;
    model = cgtest::check_model(kHeader + "q = s\n  derive " + derive + "\noutput q { s.n }\n", &errors);
    EXPECT_TRUE(model) << errors;
    if (!model) return;
    params = cgtest::default_params(*model);
    if (rows.empty()) {
      rows.resize(table.rows());
      std::iota(rows.begin(), rows.end(), int64_t(0));
    }
    frame.tables = {&table};
    frame.size = rows.size();
    frame.rows = {rows};
    frame.derived.resize(layout().derived.size());
    frame.has_derived.assign(frame.derived.size(), false);
  }
  const plan::Plan& physical() const { return model->plans.physical; }
  const plan::Node& derive() const { return *cgtest::find_node(physical(), plan::NodeKind::Derive); }
  const plan::Layout& layout() const { return physical().layouts.at(size_t(derive().layout)); }
  const plan::Expr& value(size_t k) const { return *derive().values.at(k); }
};

// Runs value k with both engines over every batch split; returns the JIT's result.
exec::Vec both(Fixture& fx, size_t k, codegen::JitFilterBackend& jit, bool expect_compiled = true) {
  exec::EvalContext ctx{fx.physical(), fx.layout(), fx.frame, fx.params, nullptr};
  exec::Vec whole;
  for (size_t batch : {fx.frame.size, size_t(1), size_t(4)}) {
    for (size_t b = 0; b < fx.frame.size; b += batch) {
      size_t e = std::min(fx.frame.size, b + batch);
      exec::Vec j;
      bool ran = jit.project(fx.value(k), ctx, b, e, j);
      EXPECT_EQ(ran, expect_compiled);
      if (!ran) continue;
      EXPECT_EQ(differs(interp(fx.value(k), ctx, b, e), j), "") << "value " << k << " rows " << b << ".." << e;
      if (batch == fx.frame.size) whole = j;
    }
  }
  return whole;
}

codegen::JitOptions plain() {
  codegen::JitOptions o;
  o.plain_projections = true;
  return o;
}

TEST(CodegenProjection, ArithmeticScalesAndNulls) {
  Fixture fx(
      "x1 = s.a + s.b, x2 = s.a * s.m, x3 = s.m * s.m, x4 = s.a / s.b, x5 = s.m / s.b, x6 = s.a % s.b, "
      "x7 = -s.m, x8 = s.m + pm, x9 = s.a - pi * 2, x10 = s.a / 0, x11 = s.b % 0, x12 = 7 / 2");
  ASSERT_TRUE(fx.model);
  codegen::JitFilterBackend jit(plain());
  for (size_t k = 0; k < fx.derive().values.size(); ++k) both(fx, k, jit);
  // Spot checks of the meaning itself.
  exec::Vec x4 = both(fx, 3, jit);  // int / int: decimal, ×10^4
  EXPECT_EQ(x4.type, rt::Logical::Decimal);
  EXPECT_EQ(x4.scale, 4);
  EXPECT_EQ(x4.i[0], 35000);  // 7 / 2 = 3.5
  EXPECT_FALSE(x4.valid[1]);  // -7 / 0: null
  EXPECT_FALSE(x4.valid[3]);  // null / 4
  exec::Vec x3 = both(fx, 2, jit);  // money × money stays money (×10^4)
  EXPECT_EQ(x3.scale, 4);
  EXPECT_EQ(x3.i[0], money("2.25"));
  exec::Vec x6 = both(fx, 5, jit);
  EXPECT_FALSE(x6.valid[1]);  // % 0: null
  EXPECT_EQ(x6.i[4], 0);      // % -1
  exec::Vec x10 = both(fx, 9, jit);
  for (uint8_t v : x10.valid) EXPECT_FALSE(v);
  exec::Vec x11 = both(fx, 10, jit);  // % 0: every row null, type int
  EXPECT_EQ(x11.type, rt::Logical::Int);
  for (uint8_t v : x11.valid) EXPECT_FALSE(v);
  EXPECT_EQ(both(fx, 11, jit).i[0], 35000);
  EXPECT_EQ(jit.stats().projections, 12u);
  EXPECT_EQ(jit.stats().projections_declined, 0u);
}

TEST(CodegenProjection, BooleansDatesAndIf) {
  Fixture fx(
      "y1 = s.a > s.b, y2 = s.f and s.a > 0, y3 = s.d < s.t, y4 = s.a is null, y5 = s.a in [7, 3, null], "
      "y6 = if s.f then s.m else s.a, y7 = if s.f then null else s.d, y8 = s.a between s.b and 10, "
      "y9 = not (s.a not between 0 and 5), y10 = if s.a > 0 then s.a else -s.a");
  ASSERT_TRUE(fx.model);
  codegen::JitFilterBackend jit;
  for (size_t k = 0; k < fx.derive().values.size(); ++k) both(fx, k, jit);
  exec::Vec y6 = both(fx, 5, jit);  // int branch brought to the money branch's scale
  EXPECT_EQ(y6.type, rt::Logical::Money);
  EXPECT_EQ(y6.scale, 4);
  EXPECT_EQ(y6.i[1], -70000);  // f false: s.a = -7 as money
  exec::Vec y7 = both(fx, 6, jit);
  EXPECT_EQ(y7.type, rt::Logical::Date);
  EXPECT_FALSE(y7.valid[0]);  // f true: null
  EXPECT_TRUE(y7.valid[4]);
}

TEST(CodegenProjection, GatherVariantWithMissingRows) {
  // Frame rows out of order, repeated, and -1 (no row after a left join): the gather variant.
  Fixture fx("z1 = s.a + s.b, z2 = s.m * 2, z3 = s.a is null, z4 = s.a", {5, -1, 0, 0, 3, -1, 2, 1, 4});
  ASSERT_TRUE(fx.model);
  codegen::JitFilterBackend jit(plain());
  for (size_t k = 0; k < 4; ++k) both(fx, k, jit);
  EXPECT_GT(jit.stats().batches_projected, 0u);
}

TEST(CodegenProjection, DeclinesWhatItDoesNotCompile) {
  Fixture fx("w1 = s.a, w2 = null, w3 = text(s.a), w4 = s.a + 1");
  ASSERT_TRUE(fx.model);
  codegen::JitFilterBackend jit;  // plain references declined by default
  both(fx, 0, jit, false);
  both(fx, 1, jit, false);
  both(fx, 2, jit, false);
  both(fx, 3, jit, true);
  auto ps = jit.projections();
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_NE(ps[0].why.find("plain"), std::string::npos) << ps[0].why;
  EXPECT_NE(ps[2].why.find("text"), std::string::npos) << ps[2].why;
}

TEST(CodegenProjection, DirectVariantVectorises) {
  Fixture fx("v = s.a * 3 + s.b");
  ASSERT_TRUE(fx.model);
  std::string why;
  std::string ir = codegen::optimized_projection_ir(fx.physical(), fx.layout(), fx.value(0), &why);
  ASSERT_FALSE(ir.empty()) << why;
  size_t direct = ir.find("_direct");
  ASSERT_NE(direct, std::string::npos);
  EXPECT_NE(ir.find(" x i64>", direct), std::string::npos) << ir;
}

// ---- the probe --------------------------------------------------------------------------------

exec::Vec keys(const std::vector<optional<int64_t>>& v) {
  exec::Vec k;
  k.type = rt::Logical::IdCard;
  k.resize(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    k.valid[i] = v[i].has_value();
    k.i[i] = v[i].value_or(0);
  }
  return k;
}

void same_pairs(const std::vector<optional<int64_t>>& l, const std::vector<optional<int64_t>>& r, exec::Int64ProbeFn fn,
                size_t min_pairs = 0) {
  for (bool build_left : {false, true}) {
    std::vector<exec::Vec> lk = {keys(l)}, rk = {keys(r)};
    std::vector<uint32_t> la, lb;
    std::vector<int64_t> ra, rb;
    exec::HashJoinStats sa, sb;
    exec::hash_join_pairs(lk, rk, build_left, la, ra, sa);
    exec::hash_join_pairs(lk, rk, build_left, lb, rb, sb, fn);
    EXPECT_EQ(la, lb) << "build_left " << build_left;
    EXPECT_EQ(ra, rb) << "build_left " << build_left;
    EXPECT_EQ(sa.range_skipped, sb.range_skipped);
    EXPECT_EQ(sa.pairs, sb.pairs);
    EXPECT_GE(la.size(), min_pairs);
    EXPECT_EQ(sb.compiled_probe, !(build_left ? rk : lk)[0].valid.empty());
  }
}

TEST(CodegenProbe, SamePairsInTheSameOrder) {
  codegen::JitFilterBackend jit;
  exec::Int64ProbeFn fn = jit.int64_probe();
  ASSERT_NE(fn, nullptr);
  EXPECT_TRUE(jit.stats().probe_compiled);
  // Duplicates on both sides, null keys, keys outside the build range, negative keys.
  same_pairs({1, 2, 2, nullopt, 3, -5, 1, 100}, {2, nullopt, 1, 2, 1, 7, -5, 2}, fn, 10);
  // Empty sides.
  same_pairs({}, {1, 2}, fn);
  same_pairs({1, 2}, {}, fn);
  same_pairs({nullopt, nullopt}, {nullopt, 1}, fn);
  // One key repeated more times than the output buffer holds: chains resume across calls.
  std::vector<optional<int64_t>> many(5000, int64_t(42)), few = {42, 41, 42, nullopt, 42};
  same_pairs(few, many, fn, 15000);
  // Random keys with collisions in the open addressing.
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<optional<int64_t>> a, b;
    size_t na = rng() % 3000, nb = rng() % 300;
    int64_t range = int64_t(1 + rng() % 500);
    for (size_t i = 0; i < na; ++i) a.push_back(rng() % 10 ? optional<int64_t>(int64_t(rng() % uint64_t(range)) * 7919) : nullopt);
    for (size_t i = 0; i < nb; ++i) b.push_back(rng() % 10 ? optional<int64_t>(int64_t(rng() % uint64_t(range)) * 7919) : nullopt);
    same_pairs(a, b, fn);
  }
}

TEST(CodegenProbe, EngineUsesItForIntKeyJoins) {
  std::string errors;
  auto model = cgtest::check_model(kHeader + R"(schema R { k: int?  x: int? }
source r: R
q = s
  join r on r.k == s.b
  derive y = r.x * 2 + s.a
output q { s.n, r.x, y }
)",
                                   &errors);
  ASSERT_TRUE(model) << errors;
  rt::Table s = make_s(), r;
  r.name = "r";
  r.path = "r.csv";
  r.columns = {rt::Column::make(rt::Logical::Int), rt::Column::make(rt::Logical::Int)};
  std::vector<optional<int64_t>> rk = {2, 0, 2, nullopt, 4, -1, 0}, rx = {1, 2, 3, 4, nullopt, 6, 7};
  for (size_t i = 0; i < rk.size(); ++i) {
    push(r.columns[0], rk[i]);
    push(r.columns[1], rx[i]);
    r.line.push_back(i + 2);
  }
  std::vector<const rt::Table*> by_source = {&s, &r};
  exec::ParamValues p = cgtest::default_params(*model);
  exec::RunOptions o;
  exec::RunResult a = exec::execute(model->plans.physical, by_source, p, o);
  codegen::JitFilterBackend jit(plain());
  jit.precompile(model->plans.physical);
  o.filters = &jit;
  exec::RunResult b = exec::execute(model->plans.physical, by_source, p, o);
  ASSERT_EQ(a.outputs.size(), 1u);
  EXPECT_EQ(a.outputs[0].rows, b.outputs[0].rows);
  EXPECT_GT(a.outputs[0].rows.size(), 3u);
  EXPECT_EQ(b.jit_probes, 1u);
  EXPECT_GT(b.jit_projected_batches, 0u);
  EXPECT_EQ(a.jit_probes + a.jit_projected_batches, 0u);
  EXPECT_TRUE(jit.stats().probe_compiled);
  std::string dump = codegen::dump_llvm(model->plans.physical);
  EXPECT_NE(dump.find("hash-join probe loop"), std::string::npos);
  EXPECT_NE(dump.find("define i64 @clue_probe_i64"), std::string::npos);
  EXPECT_NE(dump.find("derive y"), std::string::npos);
}

}  // namespace
