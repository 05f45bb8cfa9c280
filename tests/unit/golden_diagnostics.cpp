// Golden tests for diagnostics: each tests/golden/diagnostics/*.model is run through the real
// `clue` binary and its output (with the exit code) must equal the .expected file beside it.
// The first line may say how to run it: `# golden: check {file} --data zb={dir}/data/x.csv`;
// the default is `lint --lang en {file}`; `{clue}` in it stands for the binary, after a
// shell prefix (`# golden: ulimit -v 80000 && {clue} run ...`); a second line
// `# golden-prefix: SHELL` goes before the binary (a fault to inject). Regenerate with
// CLUE_UPDATE_GOLDEN=1 (docs/testing.md).
#include <gtest/gtest.h>

#include <map>

#include <algorithm>
#include <filesystem>
#include <set>

#include "compiler/diag/diagnostic.h"
#include "tests/support/run_command.h"
#include "tests/support/sanitizers.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

const char* kDir = "tests/golden/diagnostics";

std::vector<std::string> golden_cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(CLUE_SOURCE_DIR) / kDir))
    if (e.is_regular_file() && e.path().extension() == ".model") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

std::string command_for(const std::string& name) {
  std::string file = std::string(kDir) + "/" + name + ".model";
  std::string text = read_file(std::string(CLUE_SOURCE_DIR) + "/" + file);
  std::string args = "lint --lang en {file}";
  const std::string marker = "# golden:";
  if (text.rfind(marker, 0) == 0) args = text.substr(marker.size(), text.find('\n') - marker.size());
  args = replace_all(replace_all(args, "{file}", file), "{dir}", kDir);
  // The second line may set up a fault (docs/testing.md): `# golden-prefix: SHELL` goes before
  // the binary, e.g. to copy an input and set CLUE_FAULT_AFTER_LOAD for the run.
  std::string prefix;
  const std::string prefix_marker = "# golden-prefix:";
  if (const size_t nl = text.find('\n'); nl != std::string::npos && text.compare(nl + 1, prefix_marker.size(), prefix_marker) == 0) {
    const size_t start = nl + 1 + prefix_marker.size();
    prefix = replace_all(text.substr(start, text.find('\n', start) - start), "{dir}", kDir) + " ";
  }
  // `{clue-test-hooks}` is the test build's binary with the fault hooks (CLUE_FAULT_AFTER_LOAD),
  // which the shipped one does not obey.
  args = replace_all(args, "{clue-test-hooks}", std::string("'") + CLUE_TEST_HOOKS_BINARY + "'");
  if (args.find(CLUE_TEST_HOOKS_BINARY) != std::string::npos) return prefix + args;
  // `{clue}` places the binary itself, after a shell prefix such as `ulimit -v N &&`.
  if (args.find("{clue}") != std::string::npos) return prefix + replace_all(args, "{clue}", std::string("'") + CLUE_BINARY + "'");
  return prefix + "'" + CLUE_BINARY + "' " + args;
}

// `--max-memory 10M` or `ulimit -v N` (not `--max-memory 8X`, a usage error before any limit).
bool sets_an_address_limit(const std::string& command) {
  const size_t m = command.find("--max-memory ");
  const bool sized = m != std::string::npos && m + 13 < command.size() && std::isdigit(static_cast<unsigned char>(command[m + 13]));
  return sized || command.find("ulimit -v") != std::string::npos;
}

class GoldenDiagnostics : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenDiagnostics, MatchesExpected) {
  const std::string name = GetParam();
  const std::string command = command_for(name);
  if (clue::test::kAddressSanitizer && sets_an_address_limit(command)) GTEST_SKIP() << clue::test::kNoAddressLimitUnderAsan;
  auto r = clue::test::run_command(command_for(name));
  std::string actual = r.output + "exit: " + std::to_string(r.exit_code) + "\n";
  std::string expected_path = std::string(CLUE_SOURCE_DIR) + "/" + kDir + "/" + name + ".expected";
  if (clue::test::update_golden()) {
    clue::test::write_file(expected_path, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path << "; run with CLUE_UPDATE_GOLDEN=1";
  EXPECT_EQ(read_file(expected_path), actual) << "command: " << command_for(name);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s;
  for (char c : info.param) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(All, GoldenDiagnostics, ::testing::ValuesIn(golden_cases()), test_name);

// Every E/W code, and every U code of the command line, must be triggered by at least one golden
// test (the C, V and L codes of the registry by some test: Registry.EveryCodeIsTriggeredByATest).
// The --list-rules cases print every code without triggering any, so they do not count.
TEST(GoldenDiagnosticsCoverage, EveryCodeHasAGoldenTest) {
  std::string all;
  for (const auto& name : golden_cases())
    if (command_for(name).find("--list-rules") == std::string::npos)
      all += read_file(std::string(CLUE_SOURCE_DIR) + "/" + kDir + "/" + name + ".expected");
  // Codes whose trigger cannot be a file in the repository, each with the test that triggers
  // it instead.
  const std::map<std::string, std::string> elsewhere = {
      {"E0526", "SeveralFiles.DataDirRefusesMoreFilesThanATableNumbers (65,536 files, made by the test)"},
      {"E0121", "LimitsInList.ListItemsHaveTheirOwnLimitNotTheExpansionOne (a list of 200,001 items, 1.6 MB of model)"},
      // The memory budget: a budget of a few KB is reached by the clue binary's own start (the
      // address-space limit behind it, E0514) before any accounting; in process instead.
      {"E0580", "MemoryBudget.ABudgetTooSmallForTheLoadedColumnsIsE0580InBothLanguages (in process)"},
      {"E0581", "MemoryBudget.ASpillFolderThatCannotBeMadeIsE0581 (a spill folder under a file)"},
      {"E0582", "MemoryBudget.APartitionThatStillDoesNotFitIsE0582 (one key over a 512-byte budget)"},
      // Packages signed by a key made at test time (no secret key is kept in the repository),
      // and runs of what they install: tests/unit/share_package_test.cpp.
      {"E0632", "Package.PackVerifyInstallRunAndTampering (one byte of a packed file changed)"},
      {"E0633", "Package.PackVerifyInstallRunAndTampering (one byte of the signed package.json changed)"},
      {"E0634", "Package.PackVerifyInstallRunAndTampering (signed by a key not in the trust store)"},
      {"E0635", "Package.PackVerifyInstallRunAndTampering (unsigned)"},
      {"E0636", "Package.VerifyRunsTheModelAndItsFixtures (a signed model with errors)"},
      {"E0637", "Package.VerifyRunsTheModelAndItsFixtures (signed fixtures that fail)"},
      {"E0640", "Package.PackVerifyInstallRunAndTampering (a version installed twice)"},
      {"W0602", "Package.PackVerifyInstallRunAndTampering (a run of a package installed untrusted)"},
      // The warehouse clients and their URLs, against the real servers of tools/local-cluster:
      // tests/unit/remote_client_test.cpp, remote_url_test.cpp, remote_views_test.cpp.
      {"E0830", "Clients.ServerErrorsAreCodedWithTheServersMessage (a closed port, a missing database)"},
      {"E0831", "Clients.ServerErrorsAreCodedWithTheServersMessage (a table that does not exist)"},
      {"E0832", "Clients.BulkLoadRoundTrip (a value that does not fit its column)"},
      {"E0833", "ClickHouseClient.AnAnswerThatIsNotClickHousesIsAnError (an HTTP server that is not ClickHouse)"},
      {"E0834", "NormalisingViews.FieldsWithoutSqlForm (a geo field)"},
      // run --on's check of the ingest records, golden in en and zh per server
      // (tests/golden/sql/records/): tests/unit/sql_records_test.cpp.
      {"E0803", "SqlRecords.OnPostgres, SqlRecords.OnTheClickHouseCluster (a table no ingest recorded)"},
      {"E0804", "SqlRecords.OnPostgres, SqlRecords.OnTheClickHouseCluster (a started record never completed)"},
      {"E0805", "SqlRecords.OnPostgres, SqlRecords.OnTheClickHouseCluster (a row inserted behind Clue's back)"},
      {"U0380", "ServerUrl.CodedErrors"},
      {"U0381", "ServerUrl.CodedErrors"},
      {"U0382", "ServerUrl.CodedErrors"},
      {"U0383", "ServerUrl.CodedErrors"},
      {"U0384", "ServerUrl.CodedErrors"},
      {"W0603", "PackageImport.RunRecordsThePackageAndItsFingerprint (a run importing a package installed unsigned: a run prints its timings)"},
  };
  std::vector<std::string> missing;
  for (size_t i = 0; i < clue::diag_count(); ++i) {
    std::string code = clue::diag_info(clue::diag_at(i)).code;
    if (elsewhere.count(code)) continue;
    // A finding, in text ("[E0301]"), JSON ("code":"E0301") or SARIF ("ruleId":"E0301") form;
    // SARIF's table of all rules does not count.
    if (all.find("[" + code + "]") == std::string::npos && all.find("\"code\":\"" + code + "\"") == std::string::npos &&
        all.find("\"ruleId\":\"" + code + "\"") == std::string::npos)
      missing.push_back(code);
  }
  std::string list;
  for (const auto& m : missing) list += m + " ";
  EXPECT_TRUE(missing.empty()) << "codes without a golden test: " << list;
}

}  // namespace
