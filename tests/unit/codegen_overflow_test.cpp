// Arithmetic past the 64-bit range (runtime/exec/overflow.h): E0560 with the
// row, the same in the interpreter and the JIT (which leaves an overflowing
// batch to the interpreter), for
// + - * / %, unary minus, `if` branches brought to money's scale, sums and date
// functions; and comparisons of values at different scales saturate instead of
// wrapping. Before the fix, `a * 2` on 2^62 gave -2^63 in both engines, and
// 10^15 compared with money 1.5 as less.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/codegen/jit.h"
#include "runtime/exec/engine.h"
#include "runtime/values/datetime.h"
#include "tests/unit/codegen_harness.h"

namespace {

using namespace clue;
using std::nullopt;
using std::optional;

const std::string kHeader =
    R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema S { n: int  a: int?  m: money?  d: date? }
source s: S
)";

constexpr int64_t kMax = INT64_MAX, kMin = INT64_MIN;

// Rows 1..8 (file lines 2..9): the extremes, values just inside them, and
// nulls.
rt::Table make_s() {
  using L = rt::Logical;
  rt::Table t;
  t.name = "s";
  t.path = "s.csv";
  for (L x : {L::Int, L::Int, L::Money, L::Date}) t.columns.push_back(rt::Column::make(x));
  t.column_names = {"n", "a", "m", "d"};
  const std::vector<optional<int64_t>> a = {1,       kMax, kMin, int64_t(1) << 62, 922337203685477, 922337203685478,
                                            nullopt, -1};
  const std::vector<optional<int64_t>> m = {15000, kMax, kMin, nullopt, 10000, kMax - 1, 0, -15000};  // ×10^4
  const std::vector<optional<int64_t>> d = {values::make_date(2022, 1, 1),  values::make_date(9999, 12, 31),
                                            values::make_date(1, 1, 1),     nullopt,
                                            values::make_date(2000, 2, 29), nullopt,
                                            values::make_date(1970, 1, 1),  values::make_date(2022, 3, 31)};
  for (size_t i = 0; i < a.size(); ++i) {
    auto push = [](rt::Column &c, optional<int64_t> v) {
      if (!v) return c.push_null();
      c.valid.push_back(1);
      c.i64.push_back(*v);
    };
    push(t.columns[0], int64_t(i + 1));
    push(t.columns[1], a[i]);
    push(t.columns[2], m[i]);
    if (d[i]) {
      t.columns[3].valid.push_back(1);
      t.columns[3].i32.push_back(int32_t(*d[i]));
    } else {
      t.columns[3].push_null();
    }
    t.line.push_back(i + 2);
  }
  return t;
}

bool overflowed(const std::string &out) { return out.rfind("overflow at", 0) == 0; }

// Both engines' outputs for `body` (relation steps after `q = s`), which must
// agree (batches of 2048 and of 4 rows); returns the interpreter's rows, one a
// line ("a | b"), or "overflow at L:C: … on s s.csv:N".
std::string run(const std::string &body, const std::string &output) {
  std::string errors;
  auto model = cgtest::check_model(kHeader + "q = s\n  " + body + "\noutput q { " + output + " }\n", &errors);
  EXPECT_TRUE(model) << errors << body;
  if (!model) return "";
  std::vector<rt::Table> tables = {make_s()};
  codegen::JitFilterBackend jit;
  for (size_t batch : {size_t(2048), size_t(4)}) {
    std::string diff =
        cgtest::run_both(model->plans.physical, tables, cgtest::default_params(*model), jit, batch, nullptr);
    EXPECT_EQ(diff, "") << body;
  }
  std::vector<const rt::Table *> by_source = {&tables[0]};
  exec::RunOptions o;
  std::string out = cgtest::run_one(model->plans.physical, by_source, cgtest::default_params(*model), o, nullptr);
  if (overflowed(out) || out.rfind("out of range", 0) == 0) return out;
  std::string rows;  // without the header line and the indent
  for (size_t at = out.find('\n'); at != std::string::npos && at + 1 < out.size();) {
    size_t next = out.find('\n', at + 1);
    rows += out.substr(at + 3, next - at - 3) + "\n";
    at = next;
  }
  return rows;
}

TEST(ArithmeticOverflow, EachOperationOverflowsOnItsRowInBothEngines) {
  struct Case {
    std::string body, output;
    std::string row;  // the row reported ("" = no overflow)
  };
  const std::vector<Case> cases = {
      {"derive x = s.a * 2", "s.n, x", "s.csv:3"},  // 2^63 - 1 doubled
      {"derive x = s.a + 1", "s.n, x", "s.csv:3"},
      {"derive x = s.a - 1", "s.n, x", "s.csv:4"},  // -2^63 - 1
      {"derive x = 0 - s.a", "s.n, x", "s.csv:4"},  // the issue's 0 − INT64_MIN
      {"derive x = -s.a", "s.n, x", "s.csv:4"},
      {"derive x = s.a / -1", "s.n, x", "s.csv:3"},  // a decimal: ×10^4 does not fit
      {"derive x = s.a % -1", "s.n, x", ""},         // % -1 is 0, never an overflow
      {"derive x = s.a * 0", "s.n, x", ""},
      {"derive x = s.m * 2", "s.n, x", "s.csv:3"},    // money at ×10^4
      {"derive x = s.m + s.a", "s.n, x", "s.csv:3"},  // the int brought to ×10^4
      {"derive x = s.a * 1.5", "s.n, x", "s.csv:3"},
      {"derive x = if s.n > 100 then s.a else s.m", "s.n, x", "s.csv:3"},                  // every branch computed
      {"where s.n == 5\n  derive x = if s.n > 0 then s.a else s.m", "s.n, x", ""},         // 922337203685477: fits
      {"where s.n == 6\n  derive x = if s.n > 0 then s.a else s.m", "s.n, x", "s.csv:7"},  // one past
      {"where s.a * 2 > 0", "s.n", "s.csv:3"},                                             // in a condition
      {"where s.n > 3\n  where s.a * 2 > 0", "s.n", "s.csv:5"},  // rows filtered out first do not count
      {"where s.n == 1 or s.n == 8\n  derive x = s.a * 2 + s.m", "s.n, x", ""},
      {"where s.n == 2 or s.n == 4\n  derive k = s.n > 0\n  group by k\n  "
       "compute total = sum(s.a)",
       "k, total", "s.csv:3"},
      // MAX + MIN + 2^62 + ...: the total fits, whatever the order of addition
      {"derive k = s.n > 0\n  group by k\n  compute total = sum(s.a)", "k, total", ""},
      {"derive x = days_between(s.d, s.d)", "s.n, x", ""},
  };
  for (const Case &c : cases) {
    const std::string out = run(c.body, c.output);
    if (c.row.empty()) {
      EXPECT_FALSE(overflowed(out)) << c.body << "\n" << out;
    } else {
      EXPECT_TRUE(overflowed(out)) << c.body << "\n" << out;
      EXPECT_NE(out.find("s " + c.row), std::string::npos) << c.body << "\n" << out;
    }
  }
}

// Date functions past years 1-9999 are E0422 (runtime/exec/value_range.h), in both engines.
TEST(ArithmeticOverflow, DateFunctionsOutOfTheCalendarAreE0422) {
  EXPECT_EQ(run("derive x = add_days(s.d, 1)", "s.n, x").rfind("out of range: add_days(9999-12-31, 1)", 0), 0u);
  EXPECT_EQ(run("derive x = add_days(s.d, -1)", "s.n, x").rfind("out of range: add_days(", 0), 0u);
  // not truncated to an int (4294967297 months would have been 1)
  EXPECT_EQ(run("derive x = add_months(s.d, 4294967297)", "s.n, x").rfind("out of range: add_months(", 0), 0u);
}

TEST(ArithmeticOverflow, ResultsThatFitAreExact) {
  // (The last column is the row's provenance.)
  EXPECT_EQ(run("where s.n == 4\n  derive x = s.a + (s.a - 1)", "x"), "9223372036854775807 | s.csv:5\n");
  EXPECT_EQ(run("where s.n == 3\n  derive x = s.a + 0 - s.a", "x"), "0 | s.csv:4\n");
  EXPECT_EQ(run("where s.n == 8\n  derive x = s.a * 1.5", "x"), "-1.5 | s.csv:9\n");
  EXPECT_TRUE(overflowed(run("where s.n == 5\n  derive x = s.a * 1.5",
                             "x")));  // 1.38e15 is past money's range
}

TEST(ScaledComparison, AnIntPastMoneysRangeComparesAsGreaterNotWrapped) {
  // 2^62 at money's scale is past int64: saturated, it stays greater than every
  // amount (it wrapped to a negative number before).
  EXPECT_EQ(run("where s.a > 1.5 and s.n == 4", "s.n"), "4 | s.csv:5\n");
  EXPECT_EQ(run("where s.a < 1.5 and s.n == 4", "s.n"), "");
  EXPECT_EQ(run("where s.a in [1.5, 2.5] and s.n == 4", "s.n"), "");
  EXPECT_EQ(run("where s.a between 0.5 and 1.5", "s.n"), "1 | s.csv:2\n");
}

}  // namespace
