// End-to-end golden tests: each tests/golden/run/CASE/ holds a model (or names one), small data
// files and the expected output files. `clue run` is executed with each engine and thread
// count below; every file in expected/ must match byte for byte, no other lead file may be
// written, and the engines must agree with each other. Regenerate with CLUE_UPDATE_GOLDEN=1
// (written from the interpreter run; review the diff). An .xlsx is compared through its text
// dump (tests/support/xlsx_dump.h), kept as expected/NAME.xlsx.txt: its cells with their types.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/support/run_command.h"
#include "tests/support/xlsx_dump.h"

namespace fs = std::filesystem;
using clue::test::read_file;

namespace {

const char* kDir = "tests/golden/run";

std::vector<std::string> cases() {
  std::vector<std::string> out;
  fs::path root = fs::path(CLUE_SOURCE_DIR) / kDir;
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory() && fs::exists(e.path() / "args")) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// An output file as it is kept in expected/: an .xlsx as its dump, under NAME.xlsx.txt.
bool is_xlsx(const fs::path& p) { return p.extension() == ".xlsx"; }
std::string expected_name(const fs::path& p) { return p.filename().string() + (is_xlsx(p) ? ".txt" : ""); }
std::string snapshot(const fs::path& p) { return is_xlsx(p) ? clue::test::xlsx_dump(p.string()) : read_file(p.string()); }
// The output file an expected/ file stands for.
fs::path output_for(const fs::path& out, const std::string& expected_file) {
  const std::string suffix = ".xlsx.txt";
  if (expected_file.size() > suffix.size() && expected_file.compare(expected_file.size() - suffix.size(), suffix.size(), suffix) == 0)
    return out / expected_file.substr(0, expected_file.size() - 4);
  return out / expected_file;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

struct Variant {
  const char* engine;
  int threads;
  // --eager: every used field parsed at load. The leads must not change; rejects.csv may
  // (bad values in printed-only fields of rows that are not leads are reported only then).
  bool eager = false;
  // A streamed probe side (docs/engine.md) in pieces of this many bytes, about a row each:
  // every join that can streams, and nothing written may change.
  const char* stream_piece_bytes = nullptr;
  // Every hash join on one int64 key spilled to disk in this many partitions (grace_join.h).
  const char* spill_partitions = nullptr;
};
const Variant kVariants[] = {{"interp", 1}, {"jit", 1}, {"interp", 2}, {"jit", 2}, {"jit", 1, true},
                             {"interp", 1, false, "100"}, {"jit", 2, false, "100", "4"}};

class GoldenRun : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenRun, BothEnginesMatchExpected) {
  const std::string name = GetParam();
  std::string dir = std::string(kDir) + "/" + name;
  std::string args = read_file(std::string(CLUE_SOURCE_DIR) + "/" + dir + "/args");
  while (!args.empty() && (args.back() == '\n' || args.back() == '\r')) args.pop_back();
  args = replace_all(args, "{dir}", dir);
  fs::path expected = fs::path(CLUE_SOURCE_DIR) / dir / "expected";
  for (const Variant& v : kVariants) {
    fs::path out = fs::temp_directory_path() /
                   ("clue_golden_run_" + name + "_" + v.engine + std::to_string(v.threads) + (v.eager ? "_eager" : "") +
                    (v.stream_piece_bytes ? "_streamed" : ""));
    fs::remove_all(out);
    const std::string env =
        (v.stream_piece_bytes ? std::string("CLUE_STREAM_PIECE_BYTES=") + v.stream_piece_bytes + " " : "") +
        (v.spill_partitions ? std::string("CLUE_SPILL_PARTITIONS=") + v.spill_partitions + " " : "");
    std::string cmd = env + "'" + CLUE_BINARY + "' run " + args + " --out '" + out.string() + "' --engine " +
                      v.engine + " --threads " + std::to_string(v.threads) + " --lang en" +
                      (std::string(v.engine) == "jit" ? " --jit-threshold 0" : "") + (v.eager ? " --eager" : "");
    auto r = clue::test::run_command(cmd);
    int want_exit = fs::exists(fs::path(CLUE_SOURCE_DIR) / dir / "expect_exit")
                        ? std::stoi(read_file((fs::path(CLUE_SOURCE_DIR) / dir / "expect_exit").string()))
                        : 0;
    ASSERT_EQ(r.exit_code, want_exit) << cmd << "\n" << r.output;
    if (clue::test::update_golden() && std::string(v.engine) == "interp" && v.threads == 1 && !v.eager &&
        !v.stream_piece_bytes) {
      fs::remove_all(expected);
      fs::create_directories(expected);
      if (fs::exists(out))
        for (const auto& e : fs::directory_iterator(out))
          if (e.path().filename() != "manifest.json") clue::test::write_file((expected / expected_name(e.path())).string(), snapshot(e.path()));
      continue;
    }
    ASSERT_TRUE(fs::exists(expected)) << "no expected/ folder; run with CLUE_UPDATE_GOLDEN=1";
    std::vector<std::string> want, got;
    for (const auto& e : fs::directory_iterator(expected)) want.push_back(e.path().filename().string());
    if (fs::exists(out))
      for (const auto& e : fs::directory_iterator(out))
        if (e.path().filename() != "manifest.json") got.push_back(expected_name(e.path()));
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(want, got) << v.engine << " threads=" << v.threads << ": files written";
    for (const auto& f : want) {
      if (v.eager && f == "rejects.csv") continue;
      EXPECT_EQ(read_file((expected / f).string()), snapshot(output_for(out, f)))
          << f << " (engine " << v.engine << ", threads " << v.threads << (v.eager ? ", eager" : "")
          << (v.stream_piece_bytes ? ", streamed" : "") << (v.spill_partitions ? ", spilled" : "") << ")";
    }
    fs::remove_all(out);
  }
}

// The plan passes change how a model runs, never what it finds: with any one of them switched
// off (`--disable-pass`, the names from `clue explain --list-passes`), every case writes the
// same lead files. rejects.csv may differ: without column pruning every field is parsed, so
// bad values in fields the model never reads are reported too.
std::vector<std::string> pass_names() {
  auto r = clue::test::run_command(std::string("'") + CLUE_BINARY + "' explain --list-passes");
  std::vector<std::string> out;
  size_t p = 0;
  for (size_t nl; (nl = r.output.find('\n', p)) != std::string::npos; p = nl + 1)
    if (nl > p) out.push_back(r.output.substr(p, nl - p));
  return out;
}

TEST_P(GoldenRun, EachPassOffGivesTheSameLeads) {
  const std::string name = GetParam();
  std::string dir = std::string(kDir) + "/" + name;
  if (fs::exists(fs::path(CLUE_SOURCE_DIR) / dir / "expect_exit")) GTEST_SKIP() << "a case that expects a failure";
  std::string args = read_file(std::string(CLUE_SOURCE_DIR) + "/" + dir + "/args");
  while (!args.empty() && (args.back() == '\n' || args.back() == '\r')) args.pop_back();
  args = replace_all(args, "{dir}", dir);
  fs::path expected = fs::path(CLUE_SOURCE_DIR) / dir / "expected";
  const auto passes = pass_names();
  ASSERT_GE(passes.size(), 5u);
  for (const std::string& pass : passes)
    for (const char* engine : {"interp", "jit"}) {
      fs::path out = fs::temp_directory_path() / ("clue_golden_pass_" + name + "_" + pass + "_" + engine);
      fs::remove_all(out);
      std::string cmd = std::string("'") + CLUE_BINARY + "' run " + args + " --out '" + out.string() +
                        "' --threads 1 --lang en --jit-threshold 0 --engine " + engine + " --disable-pass " + pass;
      auto r = clue::test::run_command(cmd);
      ASSERT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
      for (const auto& e : fs::directory_iterator(expected)) {
        const std::string f = e.path().filename().string();
        if (f == "rejects.csv") continue;
        EXPECT_EQ(read_file(e.path().string()), snapshot(output_for(out, f))) << f << " with --disable-pass " << pass
                                                                               << " (" << engine << ")";
      }
      fs::remove_all(out);
    }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s;
  for (char c : info.param) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(All, GoldenRun, ::testing::ValuesIn(cases()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenRun);

}  // namespace
