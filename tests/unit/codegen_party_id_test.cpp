// partyid (当事人证件号) in both engines: comparisons with party IDs, ID cards, USCCs and
// literals, the kind builtins, and joins (party ID with party ID on int64 keys, party ID with
// an ID card through person_id). The JIT declines party IDs (a string type other than text),
// so each case also checks the interpreter's answer against the expected rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/codegen/jit.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/hash_join.h"
#include "runtime/values/party_id.h"
#include "tests/unit/codegen_harness.h"

namespace {

using namespace clue;
using std::nullopt;
using std::optional;
using Rows = std::vector<std::vector<std::string>>;

const std::string kHeader = R"(model t { title "t" version "1" jurisdiction "j" basis "b" }
schema S { n: int  p: partyid?  id: idcard?  u: uscc? }
schema R { k: int  q: 当事人证件号?  j: idcard? }
param 人: list<idcard> = ["110105491231002"]
param 单位: list<uscc> = ["91110000600037341L", "91330000MA27U0AB1X"]
param 当事人: list<partyid> = ["110105491231002", "91110000600037341L"]
source s: S
source r: R
)";

// Two people and two organisations (the second one's code is all digits, but not an ID).
const std::string kA = "11010519491231002X", kB = "330803197103050467";
const std::string kX = "91110000600037341L", kY = "913300001234567070";

void push_int(rt::Column& c, int64_t v) {
  c.valid.push_back(1);
  c.i64.push_back(v);
}
// A cell as the loader stores it: the party ID's (or the USCC's) normal form, an ID's key.
void push_cell(rt::Column& c, const optional<std::string>& v) {
  if (!v) return c.push_null();
  ASSERT_TRUE(values::parse_party_id(*v).ok()) << *v;
  c.valid.push_back(1);
  if (c.logical == rt::Logical::IdCard) c.i64.push_back(int64_t(values::parse_idcard(*v).value().key));
  else if (c.logical == rt::Logical::PartyId) c.str.push(values::parse_party_id(*v).value().view());
  else c.str.push(*v);
}

rt::Table table(const char* name, std::vector<rt::Logical> types, std::vector<std::string> names,
                const std::vector<std::vector<optional<std::string>>>& rows) {
  rt::Table t;
  t.name = name;
  t.path = std::string(name) + ".csv";
  for (auto x : types) t.columns.push_back(rt::Column::make(x));
  t.column_names = std::move(names);
  for (size_t i = 0; i < rows.size(); ++i) {
    push_int(t.columns[0], int64_t(i + 1));
    for (size_t c = 0; c < rows[i].size(); ++c) push_cell(t.columns[c + 1], rows[i][c]);
    t.line.push_back(i + 2);
  }
  return t;
}

std::vector<rt::Table> tables() {
  using L = rt::Logical;
  return {table("s", {L::Int, L::PartyId, L::IdCard, L::Uscc}, {"n", "p", "id", "u"},
                {
                    {kA, kA, nullopt},  // 1: a person, their own ID
                    {kX, kA, kX},       // 2: an organisation
                    {nullopt, kB, kX},  // 3: no party ID
                    {kB, kA, kY},       // 4: another person
                    {kY, nullopt, kY},  // 5: the all-digit organisation
                    {kA, kB, kX},       // 6: the first person again
                }),
          table("r", {L::Int, L::PartyId, L::IdCard}, {"k", "q", "j"},
                {{kA, kA}, {kX, kB}, {kY, nullopt}, {nullopt, kA}})};
}

// The output rows (sorted) of `q = s <body>`, after checking that both engines agree.
Rows run(const std::string& body, const std::string& output = "s.n") {
  std::string errors;
  auto model = cgtest::check_model(kHeader + "q = s\n  " + body + "\noutput q { " + output + " }\n", &errors);
  EXPECT_TRUE(model) << errors << body;
  if (!model) return {};
  const auto ts = tables();
  codegen::JitFilterBackend jit;
  const exec::ParamValues p = cgtest::default_params(*model);
  for (size_t batch : {size_t(2048), size_t(1)}) {
    uint64_t batches = 0;
    EXPECT_EQ(cgtest::run_both(model->plans.physical, ts, p, jit, batch, &batches), "") << body;
  }
  exec::RunOptions o;
  o.filters = &jit;
  auto out = exec::execute(model->plans.physical, {&ts[0], &ts[1]}, p, o);
  // The asked columns, without the provenance ones that follow.
  const long cols = long(std::count(output.begin(), output.end(), ',') + 1);
  Rows rows;
  for (const auto& row : out.outputs.at(0).rows) rows.emplace_back(row.begin(), row.begin() + cols);
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::string> ns(const std::string& cond) {
  std::vector<std::string> out;
  for (const auto& row : run("where " + cond)) out.push_back(row.at(0));
  return out;
}
using N = std::vector<std::string>;

TEST(CodegenPartyId, AgainstIdCardsOnlyPersonsAreEqual) {
  EXPECT_EQ(ns("s.p == s.id"), (N{"1"}));
  EXPECT_EQ(ns("s.id == s.p"), (N{"1"}));
  // An organisation is unequal to every ID (not unknown); a null on either side is unknown.
  EXPECT_EQ(ns("s.p != s.id"), (N{"2", "4", "6"}));
  EXPECT_EQ(ns("not (s.p == s.id)"), (N{"2", "4", "6"}));
}

TEST(CodegenPartyId, AgainstUsccsOnlyOrganisationsAreEqual) {
  EXPECT_EQ(ns("s.p == s.u"), (N{"2", "5"}));
  EXPECT_EQ(ns("s.p != s.u"), (N{"4", "6"}));
}

TEST(CodegenPartyId, LiteralsInEitherSpelling) {
  EXPECT_EQ(ns("s.p == \"110105491231002\""), (N{"1", "6"}));
  EXPECT_EQ(ns("s.p == \"９１１１００００６０００３７３４１ｌ\""), (N{"2"}));
  EXPECT_EQ(ns("s.p != \"91110000600037341L\""), (N{"1", "4", "5", "6"}));
  EXPECT_EQ(ns("s.p in [\"91110000600037341L\", \"11010519491231002x\"]"), (N{"1", "2", "6"}));
}

// `in` a list param of the other types: an organisation is not in a list of ID cards (false,
// not unknown), a person not in a list of USCCs; an ID card is in a list of party IDs when a
// person there has it.
TEST(CodegenPartyId, InListsOfEitherKind) {
  EXPECT_EQ(ns("s.p in 人"), (N{"1", "6"}));
  EXPECT_EQ(ns("s.p not in 人"), (N{"2", "4", "5"}));
  EXPECT_EQ(ns("s.p in 单位"), (N{"2"}));
  EXPECT_EQ(ns("s.p not in 单位"), (N{"1", "4", "5", "6"}));
  EXPECT_EQ(ns("s.p in 当事人"), (N{"1", "2", "6"}));
  EXPECT_EQ(ns("s.id in 当事人"), (N{"1", "2", "4"}));
  EXPECT_EQ(ns("s.id not in 当事人"), (N{"3", "6"}));
  EXPECT_EQ(ns("s.u in 当事人"), (N{"2", "3", "6"}));
}

TEST(CodegenPartyId, KindBuiltins) {
  EXPECT_EQ(ns("is_person(s.p)"), (N{"1", "4", "6"}));
  EXPECT_EQ(ns("是单位(s.p)"), (N{"2", "5"}));
  EXPECT_EQ(ns("person_id(s.p) == s.id"), (N{"1"}));
  EXPECT_EQ(ns("person_id(s.p) is null"), (N{"2", "3", "5"}));
  EXPECT_EQ(ns("org_id(s.p) == s.u"), (N{"2", "5"}));
  EXPECT_EQ(run("where s.n <= 5", "s.n, mask(s.p) as m, text(s.p) as t"),
            (Rows{{"1", "110105********002X", kA},
                  {"2", kX, kX},
                  {"3", "", ""},
                  {"4", "330803********0467", kB},
                  {"5", kY, kY}}));
}

TEST(CodegenPartyId, JoinKeys) {
  EXPECT_EQ(exec::party_key(kA), int64_t(values::parse_idcard(kA).value().key));
  EXPECT_FALSE(exec::is_org_party_key(exec::party_key(kA)));
  EXPECT_TRUE(exec::is_org_party_key(exec::party_key(kX)));
  EXPECT_TRUE(exec::is_org_party_key(exec::party_key(kY)));  // all digits, still an organisation
  EXPECT_EQ(exec::party_key(kX), exec::party_key(std::string(kX)));
  EXPECT_NE(exec::party_key(kX), exec::party_key(kY));
}

TEST(CodegenPartyId, JoinPartyIdWithPartyId) {
  // Persons match persons, organisations organisations; r's null matches nothing. A plain
  // column of r is keyed in place (from its stored characters); a computed key through
  // hash_join_pairs: the same pairs.
  const Rows pairs = {{"1", "1"}, {"2", "2"}, {"5", "3"}, {"6", "1"}};
  EXPECT_EQ(run("join r on r.q == s.p", "s.n, r.k"), pairs);
  EXPECT_EQ(run("join r on coalesce(r.q, r.q) == s.p", "s.n, r.k"), pairs);
  EXPECT_EQ(run("left join r on s.p == r.q", "s.n, r.k"),
            (Rows{{"1", "1"}, {"2", "2"}, {"3", ""}, {"4", ""}, {"5", "3"}, {"6", "1"}}));
}

TEST(CodegenPartyId, JoinPartyIdWithIdCardTakesPersons) {
  EXPECT_EQ(run("join r on r.j == s.p", "s.n, r.k"),
            (Rows{{"1", "1"}, {"1", "4"}, {"4", "2"}, {"6", "1"}, {"6", "4"}}));
  EXPECT_EQ(run("anti join r on s.p == r.j"), (Rows{{"2"}, {"3"}, {"5"}}));
}

}  // namespace
