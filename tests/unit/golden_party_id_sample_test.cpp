// Issue 13: in the generated 终本 export, companies' 统一社会信用代码 written in
// 被执行人身份证号 were thousands of rejects (17,499 of 17,499+ at scale 200 k). The column is
// a partyid now: clue-gen's sample data run through due_claims must reject no USCC there (a
// 17-digit number with a real birth date and a wrong check digit stays a mistyped ID, V0103,
// even if it passes the USCC check), and the leads must still be the planted ones.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "runtime/values/idcard.h"
#include "runtime/values/uscc.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
namespace v = clue::values;
using clue::test::read_file;
using clue::test::run_command;

namespace {

// A company's code the party ID parser takes as one: a valid USCC that is not a mistyped ID.
bool company_code(const std::string& s) {
  if (!v::parse_uscc(s).ok()) return false;
  const auto id = v::parse_idcard(s);
  return !id.ok() && id.error() != v::ValueError::IdcardBadCheckDigit && id.error() != v::ValueError::IdcardExcelFloat;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string f; std::getline(in, f, ',');) out.push_back(f);
  return out;
}

TEST(PartyIdSampleData, CompaniesInTheDebtorIdColumnAreNotRejected) {
  const fs::path dir = fs::temp_directory_path() / ("clue_party_sample_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto gen = run_command(std::string("'") + CLUE_GEN_BINARY + "' --out '" + dir.string() + "' --scale 20000 --seed 7");
  ASSERT_EQ(gen.exit_code, 0) << gen.output;

  // The generator does write companies' codes into the debtor ID column.
  size_t written = 0;
  std::stringstream zb(read_file((dir / "终本案件.csv").string()));
  for (std::string line; std::getline(zb, line);)
    for (const auto& f : split(line)) written += company_code(f);
  ASSERT_GT(written, 100u);

  auto run = run_command(std::string("'") + CLUE_BINARY + "' run models/due_claims.model --data-dir '" + dir.string() +
                         "' --out '" + (dir / "out").string() + "' --threads 1 --input-hash none --lang en");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  size_t id_rejects = 0;
  std::stringstream rejects(read_file((dir / "out" / "rejects.csv").string()));
  for (std::string line; std::getline(rejects, line);) {
    const auto f = split(line);
    if (f.size() < 6 || f[3] != "被执行人身份证号") continue;
    ++id_rejects;
    EXPECT_FALSE(company_code(f[4])) << "a company's code rejected: " << line;
  }
  EXPECT_LT(id_rejects * 20, written);  // a few mistyped and Excel-damaged IDs, not the companies

  std::string err;
  const auto expected = clue::test::parse_json(read_file((dir / "expected.json").string()), &err);
  ASSERT_TRUE(expected) << err;
  std::stringstream leads(read_file((dir / "out" / "leads.csv").string()));
  size_t rows = 0;
  for (std::string line; std::getline(leads, line);) rows += !line.empty();
  EXPECT_EQ(double(rows - 1), expected->get("models")->get("due_claims")->get("count")->n) << run.output;
  fs::remove_all(dir);
}

}  // namespace

namespace {

// A join of party IDs with ID cards (pension: 被执行人身份证号 against the pension's 身份证号)
// takes the people's IDs; the companies have none, which is not missing data: the run must not
// count them among the rows "dropped because a value they were tested on was null".
TEST(PartyIdSampleData, CompaniesInAPersonJoinAreNotMissingData) {
  const fs::path out = fs::temp_directory_path() / ("clue_party_person_join_" + std::to_string(::getpid()));
  fs::remove_all(out);
  auto run = run_command(std::string("'") + CLUE_BINARY +
                         "' run models/pension.model --data-dir models/tests/pension/companies/data --out '" +
                         out.string() + "' --threads 1 --lang en");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("output 领取养老金: 2 leads"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("rejected 0"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("was null"), std::string::npos) << run.output;
  fs::remove_all(out);
}

}  // namespace
