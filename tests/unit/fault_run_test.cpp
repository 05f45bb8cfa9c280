// Faults during a run: the run is atomic as a whole (--out holds one complete run or none), a
// failed write is an error with the previous run left intact, temporary files are never
// predictable or followed through a planted link, a signal removes the staging folder, and
// an input changed or truncated during the run is an error, never SIGBUS.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "runtime/csv/input.h"
#include "runtime/fs/mapping_guard.h"
#include "runtime/io/files.h"
#include "runtime/io/run_dir.h"
#include "tests/unit/hostile_support.h"

namespace clue {
namespace {

namespace stdfs = std::filesystem;

size_t staging_folders(const stdfs::path& parent) {
  size_t n = 0;
  for (const auto& e : stdfs::directory_iterator(parent))
    n += e.path().filename().string().find(".clue-tmp-") != std::string::npos;
  return n;
}

std::string run_small(const std::string& out, const std::string& extra = "") {
  return "run tests/golden/diagnostics/lib/due_claims_small.model " + test::small_data_args() + " --out " + out +
         " --lang en " + extra;
}

TEST(FaultRun, ARunReplacesTheEarlierRunAsAWhole) {
  test::TempDir dir("fault_replace");
  const std::string out = dir / "out";
  auto r = test::clue(run_small(out));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(stdfs::exists(out + "/leads.csv"));
  // A file of the earlier run that this run does not write is gone: no mix of two runs.
  test::write_file(out + "/old_output.csv", "x\n");
  r = test::clue(run_small(out, "--format json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(stdfs::exists(out + "/leads.jsonl"));
  EXPECT_FALSE(stdfs::exists(out + "/old_output.csv"));
  EXPECT_FALSE(stdfs::exists(out + "/leads.csv"));
  EXPECT_EQ(staging_folders(dir.path()), 0u);
  // The manifest names the final paths, not the staging folder's.
  EXPECT_EQ(test::read_file(out + "/manifest.json").find(".clue-tmp-"), std::string::npos);
}

TEST(FaultRun, AFolderThatIsNotARunIsNeverEmptied) {
  test::TempDir dir("fault_not_run");
  dir.write("mine/notes.txt", "precious\n");
  auto r = test::clue(run_small(dir / "mine"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("[E0553]"), std::string::npos) << r.output;
  EXPECT_EQ(test::read_file(dir / "mine/notes.txt"), "precious\n");
  EXPECT_EQ(staging_folders(dir.path()), 0u);
}

TEST(FaultRun, OutMustNotBeEmpty) {
  auto r = test::clue(run_small("''"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("[U0312]"), std::string::npos) << r.output;
}

// A full disk (here: a file size limit) while writing: an error, exit 1, and the earlier run
// is still there, whole.
TEST(FaultRun, AFailedWriteLeavesTheEarlierRunIntact) {
  test::TempDir dir("fault_full");
  const std::string out = dir / "out";
  ASSERT_EQ(test::clue(run_small(out)).exit_code, 0);
  const std::string manifest = test::read_file(out + "/manifest.json");
  // SIGXFSZ ignored, so a write past the limit fails with EFBIG as on a full disk.
  // --no-xlsx: the lead xlsx (zipped, over 1 KB) would be the write that fails instead.
  auto r = test::run_command("trap '' XFSZ; ulimit -f 1; '" + std::string(CLUE_BINARY) + "' " + run_small(out) + " --no-xlsx");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // The leads and rejects fit under the limit; the manifest is the write that fails, as in
  // the "disk full while writing manifest.json" (which was exit 0).
  EXPECT_NE(r.output.find("[E0513]: cannot write '" + out + "/manifest.json'"), std::string::npos) << r.output;
  EXPECT_EQ(test::read_file(out + "/manifest.json"), manifest);
  EXPECT_EQ(staging_folders(dir.path()), 0u);
  // With the lead xlsx, that is the write that fails: the same error, the same earlier run.
  auto x = test::run_command("trap '' XFSZ; ulimit -f 1; '" + std::string(CLUE_BINARY) + "' " + run_small(out));
  EXPECT_EQ(x.exit_code, 1) << x.output;
  EXPECT_NE(x.output.find("[E0513]: cannot write '" + out + "/leads.xlsx'"), std::string::npos) << x.output;
  EXPECT_EQ(test::read_file(out + "/manifest.json"), manifest);
  EXPECT_EQ(staging_folders(dir.path()), 0u);
}

TEST(FaultRun, ATruncatedOrRewrittenInputFailsTheRun) {
  test::TempDir dir("fault_changed");
  const std::string zb = dir / "zb.csv";
  for (const std::string& fault : {"printf x >> " + zb, ": > " + zb,
                                   // same length, same mtime: only ctime tells
                                   "touch -r " + zb + " " + dir / "t && sed -i 's/0/1/' " + zb + " && touch -r " + dir / "t " + zb}) {
    stdfs::copy_file("tests/golden/diagnostics/data/zb_clean.csv", zb, stdfs::copy_options::overwrite_existing);
    stdfs::remove_all(dir / "out");
    const std::string cmd = "CLUE_FAULT_AFTER_LOAD='" + fault + "' '" + CLUE_TEST_HOOKS_BINARY +
                            "' run tests/golden/diagnostics/lib/due_claims_small.model --data zb=" + zb +
                            " --data civil=tests/golden/diagnostics/data/civil_clean.csv --out " + (dir / "out") +
                            " --lang en";
    auto r = test::run_command(cmd);
    EXPECT_EQ(r.exit_code, 1) << fault << "\n" << r.output;
    EXPECT_NE(r.output.find("[E0551]"), std::string::npos) << fault << "\n" << r.output;
    EXPECT_FALSE(stdfs::exists(dir / "out")) << fault;
  }
}

// The fault hook is the test build's (clue-test-hooks): the shipped clue never runs a
// command named by its environment.
TEST(FaultRun, TheShippedBinaryIgnoresTheFaultHook) {
  test::TempDir dir("fault_hook_ignored");
  const std::string marker = dir / "hook_ran";
  const std::string hook = "CLUE_FAULT_AFTER_LOAD='touch " + marker + "' ";
  auto r = test::run_command(hook + "'" + CLUE_BINARY + "' " + run_small(dir / "out"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(stdfs::exists(marker)) << "the shipped clue ran CLUE_FAULT_AFTER_LOAD";
  // The hook itself works (so the check above can fail): the test binary runs it.
  auto h = test::run_command(hook + "'" + CLUE_TEST_HOOKS_BINARY + "' " + run_small(dir / "out2"));
  EXPECT_EQ(h.exit_code, 0) << h.output;
  EXPECT_TRUE(stdfs::exists(marker));
}

// Truncating a mapped file under the reader: the guard maps zeros instead of SIGBUS and
// records it (this test process would die with SIGBUS without it).
TEST(FaultRun, TruncationUnderAMappingIsNotSigbus) {
  test::TempDir dir("fault_sigbus");
  const std::string p = dir.write("big.csv", std::string(1 << 20, 'a'));
  csv::InputFile in;
  std::string err;
  ASSERT_TRUE(in.open(p, &err)) << err;
  ASSERT_TRUE(in.mapped());
  ASSERT_EQ(::truncate(p.c_str(), 10), 0);
  size_t sum = 0;
  for (char c : in.bytes()) sum += static_cast<unsigned char>(c);
  EXPECT_LT(sum, size_t(1 << 20) * 'a');
  EXPECT_TRUE(fsafe::any_mapping_faulted());
}

// The temporary file is created under an unpredictable name, exclusively: a symbolic link
// planted at the old predictable name (NAME.tmp-PID) redirects nothing.
TEST(FaultRun, TemporaryFilesAreNotPredictableAndFollowNoLink) {
  test::TempDir dir("fault_tmp");
  const std::string victim = dir.write("victim.txt", "keep\n");
  const std::string target = dir / "leads.csv";
  stdfs::create_symlink(victim, target + ".tmp-" + std::to_string(::getpid()));
  ASSERT_EQ(io::write_atomic(target, "new\n"), "");
  EXPECT_EQ(test::read_file(victim), "keep\n");
  EXPECT_EQ(test::read_file(target), "new\n");
  size_t leftovers = 0;
  for (const auto& e : stdfs::directory_iterator(dir.path())) leftovers += e.path().filename().string().find("clue-tmp") != std::string::npos;
  EXPECT_EQ(leftovers, 0u);
}

// SIGTERM (or SIGINT) during a run removes the staging folder; nothing half-written remains.
TEST(FaultRun, ASignalRemovesTheStagingFolder) {
  test::TempDir dir("fault_signal");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    io::RunDir run;
    if (run.open(dir / "out")) _exit(10);
    if (!io::write_atomic(run.staged("leads.csv"), "half\n").empty()) _exit(11);
    ::raise(SIGTERM);
    _exit(12);  // not reached: the handler ends the process with the signal
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(staging_folders(dir.path()), 0u);
  EXPECT_FALSE(stdfs::exists(dir / "out"));
}

// kill -9 leaves the hidden staging folder; the next run into the same --out removes it.
TEST(FaultRun, AStaleStagingFolderIsRemovedByTheNextRun) {
  test::TempDir dir("fault_stale");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    io::RunDir run;
    if (run.open(dir / "out")) _exit(10);
    ::raise(SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_EQ(staging_folders(dir.path()), 1u);
  auto r = test::clue(run_small(dir / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(staging_folders(dir.path()), 0u);
}

}  // namespace
}  // namespace clue
