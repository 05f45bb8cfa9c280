// The JIT's text conditions against the interpreter: `==`, `!=`, ordering, `in` over literal
// lists and list<text> params, `is [not] null`, inside and/or/not, in scans (direct variant)
// and after joins (gather variant). The data has nulls, empty strings, non-ASCII text,
// strings that share a prefix or a length, and long strings that differ only at the end.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <regex>

#include "compiler/codegen/jit.h"
#include "runtime/exec/engine.h"
#include "tests/unit/codegen_harness.h"

namespace {

using namespace clue;
using std::nullopt;
using std::optional;
using V = std::vector<int>;

const std::string kHeader = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema S { n: int  tx: text?  u: text?  a: int?  f: bool? }
schema R { k: int?  w: text? }
param pt: list<text> = ["判决", "调解成功"]
param ps: text = "a"
param pi: int = 2
source s: S
source r: R
)";

const std::string kLong1 = "abcdefghijklmnopqrstuvwxyz0123456789";
const std::string kLong2 = "abcdefghijklmnopqrstuvwxyz012345678X";

void push_int(rt::Column& c, optional<int64_t> v) {
  if (!v) return c.push_null();
  c.valid.push_back(1);
  if (c.phys == rt::Phys::I64) c.i64.push_back(*v);
  else c.u8.push_back(uint8_t(*v));
}
void push_text(rt::Column& c, const optional<std::string>& v) {
  if (!v) return c.push_null();
  c.valid.push_back(1);
  c.str.push(*v);
}

struct Row {
  optional<std::string> tx, u;
  optional<int64_t> a, f;
};

rt::Table make_s(const std::vector<Row>& rows) {
  using L = rt::Logical;
  rt::Table t;
  t.name = "s";
  t.path = "s.csv";
  for (L x : {L::Int, L::Text, L::Text, L::Int, L::Bool}) t.columns.push_back(rt::Column::make(x));
  t.column_names = {"n", "tx", "u", "a", "f"};
  for (size_t i = 0; i < rows.size(); ++i) {
    push_int(t.columns[0], int64_t(i + 1));
    push_text(t.columns[1], rows[i].tx);
    push_text(t.columns[2], rows[i].u);
    push_int(t.columns[3], rows[i].a);
    push_int(t.columns[4], rows[i].f);
    t.line.push_back(i + 2);
  }
  return t;
}

// Rows 1..18 (n = row number).
std::vector<Row> small_rows() {
  return {
      {"判决", "判决", 1, 1},          // 1
      {"调解成功", "调解", 2, 0},      // 2: u is a prefix of tx
      {nullopt, "a", 3, nullopt},      // 3
      {"", "", nullopt, 1},            // 4: empty strings
      {"判", nullopt, 0, 0},           // 5: a prefix of 判决
      {"判决书", "判决", 1, 1},        // 6: 判决 is a prefix
      {"a", "a", 2, nullopt},          // 7
      {"ab", "ab", 3, 1},              // 8
      {"abc", "abd", nullopt, 0},      // 9: same length, last byte differs
      {"b", "b", 0, 1},                // 10
      {"判决", nullopt, 1, 0},         // 11
      {"撤诉", "撤诉", 2, nullopt},    // 12: same length as 判决
      {kLong1, kLong1, 3, 1},          // 13
      {kLong2, kLong1, 0, 0},          // 14: same length, differs in the last byte
      {"中", "中", 1, 1},              // 15
      {"z", "Z", 2, 0},                // 16
      {"A", "a", nullopt, nullopt},    // 17
      {"调解", "调解", 3, 1},          // 18: a prefix of 调解成功
  };
}

rt::Table make_r(bool empty) {
  rt::Table t;
  t.name = "r";
  t.path = "r.csv";
  t.columns = {rt::Column::make(rt::Logical::Int), rt::Column::make(rt::Logical::Text)};
  t.column_names = {"k", "w"};
  if (empty) return t;
  std::vector<std::pair<optional<int64_t>, optional<std::string>>> rows = {
      {1, "判决"}, {2, nullopt}, {4, ""}, {7, "a"}, {7, "调解成功"}, {nullopt, "a"}, {100, "b"}, {6, "判决书"}, {13, kLong2}};
  for (size_t i = 0; i < rows.size(); ++i) {
    push_int(t.columns[0], rows[i].first);
    push_text(t.columns[1], rows[i].second);
    t.line.push_back(i + 2);
  }
  return t;
}

struct Result {
  V rows;                   // the `n` of each output row, sorted
  bool compiled = true;     // every predicate the backend saw was compiled
  std::string why;          // of the first one that was not
  codegen::JitStats stats;
};

Result run(const std::string& body, const std::vector<Row>& srows, exec::ParamValues* params = nullptr,
           bool empty_r = false, const std::string& output = "s.n") {
  Result res;
  std::string errors;
  auto model = cgtest::check_model(kHeader + "q = s\n  " + body + "\noutput q { " + output + " }\n", &errors);
  EXPECT_TRUE(model) << errors << body;
  if (!model) return res;
  std::vector<rt::Table> tables = {make_s(srows), make_r(empty_r)};
  codegen::JitFilterBackend jit;
  exec::ParamValues p = params ? *params : cgtest::default_params(*model);
  for (size_t batch : {size_t(2048), size_t(5)}) {
    uint64_t batches = 0;
    EXPECT_EQ(cgtest::run_both(model->plans.physical, tables, p, jit, batch, &batches), "") << body;
  }
  for (const auto& pr : jit.predicates())
    if (!pr.compiled && res.compiled) {
      res.compiled = false;
      res.why = pr.why;
    }
  exec::RunOptions o;
  o.filters = &jit;
  auto out = exec::execute(model->plans.physical, {&tables[0], &tables[1]}, p, o);
  for (const auto& row : out.outputs.at(0).rows) res.rows.push_back(std::stoi(row.at(0)));
  std::sort(res.rows.begin(), res.rows.end());
  res.stats = jit.stats();
  // The same tables with every text column a dictionary (as the loader keeps low-cardinality
  // text: rt::StringData): the JIT reads entry codes[r], and must agree with the interpreter
  // and with the plain layout.
  std::vector<rt::Table> dict = {make_s(srows), make_r(empty_r)};
  for (rt::Table& t : dict)
    for (rt::Column& c : t.columns) {
      if (c.phys != rt::Phys::Str) continue;
      rt::StringData d;
      d.start_dict();
      for (size_t i = 0; i < c.size(); ++i) d.push(c.str.at(i));
      EXPECT_TRUE(d.dict);
      c.str = std::move(d);
    }
  codegen::JitFilterBackend jit_dict;
  for (size_t batch : {size_t(2048), size_t(5)})
    EXPECT_EQ(cgtest::run_both(model->plans.physical, dict, p, jit_dict, batch, nullptr), "") << body << " (dictionary)";
  exec::RunOptions od;
  od.filters = &jit_dict;
  auto out_dict = exec::execute(model->plans.physical, {&dict[0], &dict[1]}, p, od);
  V rows_dict;
  for (const auto& row : out_dict.outputs.at(0).rows) rows_dict.push_back(std::stoi(row.at(0)));
  std::sort(rows_dict.begin(), rows_dict.end());
  EXPECT_EQ(rows_dict, res.rows) << body << " (dictionary)";
  // Compiled code ran on the dictionaries as often as on the plain columns (bind() took them).
  const codegen::JitStats ds = jit_dict.stats();
  EXPECT_EQ(ds.batches_direct + ds.batches_gather, res.stats.batches_direct + res.stats.batches_gather) << body;
  EXPECT_EQ(ds.batches_guarded, res.stats.batches_guarded) << body;
  return res;
}

V where(const std::string& cond) {
  Result r = run("where " + cond, small_rows());
  EXPECT_TRUE(r.compiled) << cond << ": " << r.why;
  EXPECT_GT(r.stats.batches_direct + r.stats.batches_gather, 0u) << cond;
  return r.rows;
}

const V kAllPresent = {1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};  // tx is not null

V minus(V all, const V& drop) {
  all.erase(std::remove_if(all.begin(), all.end(), [&](int x) { return std::count(drop.begin(), drop.end(), x) > 0; }),
            all.end());
  return all;
}

TEST(CodegenText, EqualityWithLiterals) {
  EXPECT_EQ(where("s.tx == \"判决\""), (V{1, 11}));
  EXPECT_EQ(where("\"判决\" == s.tx"), (V{1, 11}));
  EXPECT_EQ(where("s.tx != \"判决\""), minus(kAllPresent, {1, 11}));
  EXPECT_EQ(where("s.tx == \"\""), (V{4}));
  EXPECT_EQ(where("s.tx != \"\""), minus(kAllPresent, {4}));
  EXPECT_EQ(where("s.tx == \"判\""), (V{5}));          // a prefix of 判决, 判决书
  EXPECT_EQ(where("s.tx == \"判决书\""), (V{6}));
  EXPECT_EQ(where("s.tx == \"调解\""), (V{18}));
  EXPECT_EQ(where("s.tx == \"abd\""), (V{}));           // same length as abc
  EXPECT_EQ(where("s.tx == \"" + kLong2 + "\""), (V{14}));
  EXPECT_EQ(where("s.tx == \"" + kLong1 + "\""), (V{13}));
  EXPECT_EQ(where("s.tx == \"中\""), (V{15}));
  EXPECT_EQ(where("s.tx == \"Z\""), (V{}));
  EXPECT_EQ(where("s.tx == \"a\" or s.tx == \"b\""), (V{7, 10}));
}

TEST(CodegenText, NullsAndThreeValuedLogic) {
  EXPECT_EQ(where("(s.tx == \"a\") is null"), (V{3}));
  EXPECT_EQ(where("not (s.tx == \"a\")"), minus(kAllPresent, {7}));
  EXPECT_EQ(where("s.tx == null"), (V{}));
  EXPECT_EQ(where("s.tx is null"), (V{3}));
  EXPECT_EQ(where("s.u is null or s.tx == \"\""), (V{4, 5, 11}));
  EXPECT_EQ(where("s.tx == \"判决\" and s.f"), (V{1}));
  EXPECT_EQ(where("s.tx == \"判决\" or s.f"), (V{1, 4, 6, 8, 10, 11, 13, 15, 18}));
  EXPECT_EQ(where("(s.tx == \"判决\" or s.f) is null"), (V{3, 7, 12, 17}));
  EXPECT_EQ(where("s.tx != \"a\" and s.a > 1"), (V{2, 8, 12, 13, 16, 18}));
  EXPECT_EQ(where("not (s.tx in [\"a\", \"b\"]) and s.a == 0"), (V{5, 14}));
  EXPECT_EQ(where("if s.f then s.tx == \"判决\" else s.tx == \"a\""), (V{1, 7}));  // f null: else
}

TEST(CodegenText, ColumnAgainstColumnAndParams) {
  EXPECT_EQ(where("s.tx == s.u"), (V{1, 4, 7, 8, 10, 12, 13, 15, 18}));
  EXPECT_EQ(where("s.tx != s.u"), (V{2, 6, 9, 14, 16, 17}));
  EXPECT_EQ(where("s.tx == ps"), (V{7}));
  EXPECT_EQ(where("s.u == ps"), (V{3, 7, 17}));
  EXPECT_EQ(where("ps == \"a\" and s.a == 1"), (V{1, 6, 11, 15}));
}

TEST(CodegenText, Ordering) {
  // Bytes as unsigned char, then the length: "" < "A" < "a" < "ab" < "b" < "z" < 中 (0xE4...).
  EXPECT_EQ(where("s.tx < \"b\""), (V{4, 7, 8, 9, 13, 14, 17}));
  EXPECT_EQ(where("s.tx >= \"判\""), (V{1, 2, 5, 6, 11, 12, 18}));  // 判 E5 88 A4; 调 E8, 撤 E6, 中 E4
  EXPECT_EQ(where("s.tx > \"z\""), (V{1, 2, 5, 6, 11, 12, 15, 18}));
  EXPECT_EQ(where("s.tx between \"a\" and \"abc\""), (V{7, 8, 9}));
  EXPECT_EQ(where("s.tx not between \"a\" and \"b\""), (V{1, 2, 4, 5, 6, 11, 12, 15, 16, 17, 18}));
  EXPECT_EQ(where("s.tx <= s.u"), (V{1, 4, 7, 8, 9, 10, 12, 13, 15, 17, 18}));
  EXPECT_EQ(where("s.tx > ps"), (V{1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18}));
}

TEST(CodegenText, InLiteralLists) {
  EXPECT_EQ(where("s.tx in [\"判决\", \"调解成功\"]"), (V{1, 2, 11}));
  EXPECT_EQ(where("s.tx not in [\"判决\", \"调解成功\"]"), minus(kAllPresent, {1, 2, 11}));
  EXPECT_EQ(where("s.tx in [\"判决\", \"判决\", \"a\", \"a\"]"), (V{1, 7, 11}));  // duplicates
  EXPECT_EQ(where("s.tx in [\"\", \"a\"]"), (V{4, 7}));
  EXPECT_EQ(where("s.tx in [\"判\", \"判决书\", \"撤诉\", \"ab\", \"abd\"]"), (V{5, 6, 8, 12}));
  EXPECT_EQ(where("s.tx in [\"x\"]"), (V{}));
  EXPECT_EQ(where("s.tx in []"), (V{}));
  EXPECT_EQ(where("s.tx not in []"), kAllPresent);
  // A null in the list: not found is unknown.
  EXPECT_EQ(where("s.tx in [\"a\", null]"), (V{7}));
  EXPECT_EQ(where("s.tx not in [\"a\", null]"), (V{}));
  EXPECT_EQ(where("(s.tx in [\"a\", null]) is null"), minus({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}, {7}));
  EXPECT_EQ(where("s.tx in [\"" + kLong2 + "\", \"" + kLong1.substr(0, 35) + "\"]"), (V{14}));
  // A long list: many values of one length.
  std::string big = "[";
  for (int i = 0; i < 150; ++i) big += "\"x" + std::to_string(1000 + i) + "\", ";
  EXPECT_EQ(where("s.tx in " + big + "\"撤诉\", \"ab\"]"), (V{8, 12}));
  EXPECT_EQ(where("s.tx not in " + big + "\"撤诉\", null]"), (V{}));
}

exec::Vec text_list(std::initializer_list<optional<std::string>> values) {
  exec::Vec v;
  v.lane = exec::Vec::S;
  v.type = rt::Logical::Text;
  for (const auto& x : values) {
    v.valid.push_back(x.has_value());
    v.s.push_back(x ? v.keep(*x) : std::string_view());
  }
  return v;
}

TEST(CodegenText, ListParamsAreReadAtCallTime) {
  std::string errors;
  auto model = cgtest::check_model(kHeader + "q = s where s.tx in pt or s.u == ps\noutput q { s.n }\n", &errors);
  ASSERT_TRUE(model) << errors;
  std::vector<rt::Table> tables = {make_s(small_rows()), make_r(false)};
  codegen::JitFilterBackend jit;
  exec::ParamValues p = cgtest::default_params(*model);
  auto run_with = [&](const exec::ParamValues& params) {
    for (size_t batch : {size_t(2048), size_t(4)})
      EXPECT_EQ(cgtest::run_both(model->plans.physical, tables, params, jit, batch, nullptr), "");
    exec::RunOptions o;
    o.filters = &jit;
    V rows;
    exec::RunResult res = exec::execute(model->plans.physical, {&tables[0], &tables[1]}, params, o);
    for (const auto& row : res.outputs.at(0).rows) rows.push_back(std::stoi(row.at(0)));
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  EXPECT_EQ(run_with(p), (V{1, 2, 3, 7, 11, 17}));  // tx in [判决, 调解成功] or u == "a"
  p[1] = text_list({"Z"});                            // ps
  EXPECT_EQ(run_with(p), (V{1, 2, 11, 16}));
  p[0] = text_list({});                               // pt: empty
  EXPECT_EQ(run_with(p), (V{16}));
  p[0] = text_list({"ab", "ab", "", "中", "ab"});     // duplicates, the empty string
  EXPECT_EQ(run_with(p), (V{4, 8, 15, 16}));
  p[0] = text_list({nullopt, "abc"});                 // a null: `in` is true or unknown
  EXPECT_EQ(run_with(p), (V{9, 16}));
  p[0] = text_list({kLong1, "调解"});
  EXPECT_EQ(run_with(p), (V{13, 16, 18}));
  p[1] = text_list({""});
  EXPECT_EQ(run_with(p), (V{4, 13, 18}));
  // The where and its `is null` (the engine counts the rows dropped for a null with it).
  EXPECT_EQ(jit.stats().compiled, 2u) << "new param values must not recompile";
  EXPECT_EQ(jit.stats().declined, 0u);
  // A text condition does not vectorise: its gather variant serves the scan too.
  EXPECT_EQ(jit.stats().variants, 2u);
  EXPECT_EQ(jit.stats().batches_direct, 0u);
  EXPECT_GT(jit.stats().batches_gather, 0u);

  // `not in` a list param with a null: never true.
  auto model2 = cgtest::check_model(kHeader + "q = s where s.tx not in pt\noutput q { s.n }\n", &errors);
  ASSERT_TRUE(model2) << errors;
  exec::ParamValues p2 = cgtest::default_params(*model2);
  EXPECT_EQ(cgtest::run_both(model2->plans.physical, tables, p2, jit, 2048, nullptr), "");
  p2[0] = text_list({"a", nullopt});
  EXPECT_EQ(cgtest::run_both(model2->plans.physical, tables, p2, jit, 2048, nullptr), "");
  p2[0] = text_list({});
  EXPECT_EQ(cgtest::run_both(model2->plans.physical, tables, p2, jit, 2048, nullptr), "");
}

TEST(CodegenText, AfterJoinsThroughRowIndexes) {
  // Left join: unmatched rows read row -1 (null), matched ones r's text.
  Result r = run("left join r on r.k == s.n\n  where r.w == \"判决\" or r.w is null", small_rows(), nullptr, false, "s.n, r.w");
  EXPECT_TRUE(r.compiled) << r.why;
  EXPECT_GT(r.stats.batches_gather, 0u);
  EXPECT_EQ(r.rows, (V{1, 2, 3, 5, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18}));
  r = run("left join r on r.k == s.n\n  where r.w in pt", small_rows(), nullptr, false, "s.n, r.w");
  EXPECT_TRUE(r.compiled) << r.why;
  EXPECT_EQ(r.rows, (V{1, 7}));
  r = run("left join r on r.k == s.n\n  where r.w not in [\"a\", \"\"]", small_rows(), nullptr, false, "s.n, r.w");
  EXPECT_EQ(r.rows, (V{1, 6, 7, 13}));
  r = run("left join r on r.k == s.n\n  where r.w == s.tx", small_rows(), nullptr, false, "s.n, r.w");
  EXPECT_TRUE(r.compiled) << r.why;
  EXPECT_EQ(r.rows, (V{1, 4, 6, 7}));
  // An empty joined table: every r.w is null.
  r = run("left join r on r.k == s.n\n  where r.w != \"判决\" or s.n == 1", small_rows(), nullptr, true, "s.n, r.w");
  EXPECT_TRUE(r.compiled) << r.why;
  EXPECT_EQ(r.rows, (V{1}));
  // Residual join conditions and conditions pushed down to the build side.
  r = run("join r on r.k == s.n and r.w != s.tx", small_rows(), nullptr, false, "s.n, r.w");
  EXPECT_TRUE(r.compiled) << r.why;
  EXPECT_EQ(r.rows, (V{7, 13}));
  r = run("semi join r on r.k == s.n and r.w in [\"判决书\", \"a\"]", small_rows(), nullptr, false, "s.n");
  EXPECT_TRUE(r.compiled) << r.why;
  EXPECT_EQ(r.rows, (V{6, 7}));
}

TEST(CodegenText, ProjectionsOfTextConditions) {
  std::string errors;
  auto model = cgtest::check_model(kHeader + "q = s\n  derive b = s.tx in pt or s.tx == \"\"\n  where b\noutput q { s.n, b }\n", &errors);
  ASSERT_TRUE(model) << errors;
  std::vector<rt::Table> tables = {make_s(small_rows()), make_r(false)};
  codegen::JitFilterBackend jit;
  EXPECT_EQ(cgtest::run_both(model->plans.physical, tables, cgtest::default_params(*model), jit, 2048, nullptr), "");
  EXPECT_GT(jit.stats().projections, 0u);
  EXPECT_GT(jit.stats().batches_projected, 0u);
}

TEST(CodegenText, DeclinesTextOutsideComparisons) {
  for (const char* cond : {"s.tx + \"x\" == \"ax\"", "length(s.tx) > 1", "(if s.f then s.tx else \"b\") == \"b\"",
                           "contains(s.tx, \"a\")"}) {
    Result r = run(std::string("where ") + cond, small_rows());
    EXPECT_FALSE(r.compiled) << cond;
  }
}

// Thousands of rows (several chunks of the compiled loop, batches of the engine) drawn from a
// pool of near-identical strings.
TEST(CodegenText, ManyRowsAgree) {
  std::mt19937_64 rng(7);
  const std::vector<std::string> pool = {"", "a", "ab", "abc", "abd", "判", "判决", "判决书", "调解成功", "调解",
                                         "撤诉", "驳回起诉", kLong1, kLong2, "中", "Z"};
  std::vector<Row> rows;
  for (int i = 0; i < 5000; ++i) {
    Row r;
    if (rng() % 10) r.tx = pool[rng() % pool.size()];
    if (rng() % 10) r.u = pool[rng() % pool.size()];
    if (rng() % 8) r.a = int64_t(rng() % 4);
    if (rng() % 8) r.f = int64_t(rng() % 2);
    rows.push_back(r);
  }
  for (const std::string& cond : std::vector<std::string>
       {"s.tx == \"判决\"", "s.tx in pt", "s.tx not in [\"调解成功\", \"判决\", \"\", \"判决\"]", "s.tx == s.u",
        "s.tx != s.u or s.f", "s.tx < s.u and s.a > 1", "s.tx in [\"abc\", \"abd\", null]", "s.tx is null or s.u == ps",
        "not (s.tx in pt) and s.u in [\"中\", \"Z\", \"" + kLong1.substr(0) + "\"]"}) {
    Result r = run("where " + cond, rows);
    EXPECT_TRUE(r.compiled) << cond << ": " << r.why;
    EXPECT_GT(r.stats.batches_gather, 0u) << cond;
  }
  Result r = run("left join r on r.k == s.a\n  where r.w in pt or s.tx == \"撤诉\"", rows, nullptr, false, "s.n, r.w");
  EXPECT_TRUE(r.compiled) << r.why;
  EXPECT_GT(r.stats.batches_gather, 0u);
}

TEST(CodegenText, InListIsASwitchOnTheLength) {
  std::string errors;
  auto model = cgtest::check_model(kHeader + "q = s where s.tx in [\"判决\", \"撤诉\", \"调解成功\", \"a\"]\noutput q { s.n }\n",
                                   &errors);
  ASSERT_TRUE(model) << errors;
  const plan::Plan& physical = model->plans.physical;
  const plan::Node* where = cgtest::find_node(physical, plan::NodeKind::Filter);
  ASSERT_TRUE(where && where->condition);
  std::string why;
  std::string ir = codegen::optimized_ir(physical, physical.layouts.at(size_t(where->layout)), *where->condition, &why);
  ASSERT_FALSE(ir.empty()) << why;
  EXPECT_TRUE(std::regex_search(ir, std::regex(R"(switch i64 %\S+, label)"))) << ir;
}

}  // namespace
