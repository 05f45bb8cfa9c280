// `clue run` with the digest cache (runtime/io/digest_cache.h): a second run over unchanged
// files takes their SHA-256 from the cache and says so (manifest inputs[].sha256_from, the
// summary line); --rehash computes them; a file rewritten with its old size and mtime is
// hashed again; files changed within the racy window are never remembered; a corrupt cache
// changes nothing in the results. The files here were just written, so the runs that should
// remember them use clue-test-hooks with CLUE_TEST_HASHED_LATER_S (the racy check's clock
// moved on) instead of waiting.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "runtime/io/files.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using clue::test::read_file;
using clue::test::run_command;
using clue::test::write_file;

const std::string kCase = std::string(CLUE_SOURCE_DIR) + "/tests/golden/run/late_parse";

struct Dir {
  fs::path path;
  explicit Dir(const std::string& name)
      : path(fs::temp_directory_path() / ("clue_digest_run_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path / "data");
    fs::copy_file(kCase + "/data/案件.csv", path / "data/案件.csv");
    fs::copy_file(kCase + "/data/名单.csv", path / "data/名单.csv");
  }
  ~Dir() { fs::remove_all(path); }
  std::string a() const { return (path / "data/案件.csv").string(); }
  std::string b() const { return (path / "data/名单.csv").string(); }
  std::string cache() const { return (path / "cache").string(); }
};

struct RunResult {
  clue::test::CommandResult r;
  clue::test::Json manifest;
  std::string leads;
};

// One run of late_parse's model on the folder's files; `hooks` runs clue-test-hooks with the
// racy check's clock ten seconds on.
RunResult run(const Dir& d, const std::string& extra, bool hooks = true) {
  const fs::path out = d.path / "out";
  fs::remove_all(out);
  const std::string cmd = std::string(hooks ? "CLUE_TEST_HASHED_LATER_S=10 '" + std::string(CLUE_TEST_HOOKS_BINARY) + "'"
                                            : "'" + std::string(CLUE_BINARY) + "'") +
                          " run '" + kCase + "/model.model' --data 'a=" + d.a() + "' --data 'b=" + d.b() +
                          "' --out '" + out.string() + "'" +
                          (extra.find("--hash-cache") == std::string::npos ? " --hash-cache '" + d.cache() + "'" : "") +
                          " --lang en " + extra;
  RunResult x;
  x.r = run_command(cmd);
  EXPECT_EQ(x.r.exit_code, 0) << cmd << "\n" << x.r.output;
  std::string err;
  auto j = clue::test::parse_json(read_file((out / "manifest.json").string()), &err);
  EXPECT_TRUE(j.has_value()) << err;
  if (j) x.manifest = *j;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".csv") x.leads += e.path().filename().string() + "\n" + read_file(e.path().string());
  return x;
}

const clue::test::Json* input(const clue::test::Json& m, const std::string& source) {
  if (const auto* inputs = m.get("inputs"))
    for (const auto& i : inputs->items)
      if (i.get("source") && i.get("source")->s == source) return &i;
  return nullptr;
}
std::string field(const clue::test::Json& m, const std::string& source, const char* key) {
  const auto* i = input(m, source);
  const auto* v = i ? i->get(key) : nullptr;
  return v && v->kind == clue::test::Json::String ? v->s : "<none>";
}

const char* kSummary = "input digests: 2 of 2 remembered from an earlier run";

TEST(DigestCacheRun, ASecondRunTakesTheDigestsFromTheCache) {
  Dir d("reuse");
  const std::string a_sha = clue::io::sha256_file(d.a()), b_sha = clue::io::sha256_file(d.b());
  for (const char* threads : {"--threads 1", "--threads 2"}) {
    fs::remove_all(d.cache());
    const RunResult first = run(d, threads);
    EXPECT_EQ(field(first.manifest, "a", "sha256"), a_sha);
    EXPECT_EQ(field(first.manifest, "a", "sha256_from"), "computed");
    EXPECT_EQ(field(first.manifest, "b", "sha256_from"), "computed");
    EXPECT_EQ(first.r.output.find("input digests"), std::string::npos) << first.r.output;
    const RunResult second = run(d, threads);
    EXPECT_EQ(field(second.manifest, "a", "sha256"), a_sha) << threads;
    EXPECT_EQ(field(second.manifest, "b", "sha256"), b_sha) << threads;
    EXPECT_EQ(field(second.manifest, "a", "sha256_from"), "cache") << threads;
    EXPECT_EQ(field(second.manifest, "b", "sha256_from"), "cache") << threads;
    EXPECT_NE(second.r.output.find(kSummary), std::string::npos) << second.r.output;
    EXPECT_EQ(second.leads, first.leads);
    // --rehash computes them again, to the same digests.
    const RunResult forced = run(d, std::string(threads) + " --rehash");
    EXPECT_EQ(field(forced.manifest, "a", "sha256"), a_sha);
    EXPECT_EQ(field(forced.manifest, "a", "sha256_from"), "computed");
    EXPECT_EQ(forced.r.output.find("input digests"), std::string::npos);
  }
  // --hash-cache none: nothing taken, nothing written.
  fs::remove_all(d.cache());
  const std::string none_cmd_cache = d.cache();
  const RunResult off = run(d, "--hash-cache none");
  EXPECT_EQ(field(off.manifest, "a", "sha256_from"), "computed");
  EXPECT_FALSE(fs::exists(none_cmd_cache));
  // --input-hash none: no digest, so nothing to say where it came from.
  const RunResult nohash = run(d, "--input-hash none");
  EXPECT_EQ(field(nohash.manifest, "a", "sha256_from"), "<none>");
}

// Same length, mtime set back as it was: only the ctime moved. The digest is computed again
// and is the new content's.
TEST(DigestCacheRun, ARewrittenFileIsHashedAgain) {
  Dir d("rewrite");
  run(d, "");
  ASSERT_EQ(field(run(d, "").manifest, "a", "sha256_from"), "cache");
  struct stat st {};
  ASSERT_EQ(::stat(d.a().c_str(), &st), 0);
  std::string text = read_file(d.a());
  const size_t at = text.find("正常");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("正常").size(), "异常");  // same byte length
  ::usleep(20000);                                       // past the file system's timestamp tick
  write_file(d.a(), text);
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, d.a().c_str(), times, 0), 0);
  const RunResult after = run(d, "");
  EXPECT_EQ(field(after.manifest, "a", "sha256_from"), "computed");
  EXPECT_EQ(field(after.manifest, "a", "sha256"), clue::io::sha256_file(d.a()));
  EXPECT_EQ(field(after.manifest, "b", "sha256_from"), "cache");
}

// The shipped clue, right after the files were written: inside the racy window, so a second
// run computes again.
TEST(DigestCacheRun, FilesJustWrittenAreNotRemembered) {
  Dir d("racy");
  run(d, "", false);
  const RunResult second = run(d, "", false);
  EXPECT_EQ(field(second.manifest, "a", "sha256_from"), "computed");
  EXPECT_EQ(field(second.manifest, "b", "sha256_from"), "computed");
  EXPECT_FALSE(fs::exists(d.cache() + "/input-sha256"));
}

// A corrupt cache file and a cache folder that cannot be made: the run succeeds with the
// same leads and computed digests.
TEST(DigestCacheRun, ABrokenCacheChangesNothing) {
  Dir d("broken");
  const RunResult clean = run(d, "--hash-cache none");
  fs::create_directories(d.cache());
  fs::permissions(d.cache(), fs::perms::owner_all, fs::perm_options::replace);
  write_file(d.cache() + "/input-sha256", "clue input-sha256 1\nnot a line\n0123 4 5\n");
  ::chmod((d.cache() + "/input-sha256").c_str(), 0600);
  const RunResult corrupt = run(d, "");
  EXPECT_EQ(corrupt.leads, clean.leads);
  EXPECT_EQ(field(corrupt.manifest, "a", "sha256"), field(clean.manifest, "a", "sha256"));
  EXPECT_EQ(field(corrupt.manifest, "a", "sha256_from"), "computed");
  // ... and was rewritten clean by that run: the next one uses it.
  EXPECT_EQ(field(run(d, "").manifest, "a", "sha256_from"), "cache");

  fs::remove_all(d.cache());
  write_file(d.cache(), "a file where the cache folder should be");
  const RunResult blocked = run(d, "");
  EXPECT_EQ(blocked.leads, clean.leads);
  EXPECT_EQ(field(blocked.manifest, "a", "sha256_from"), "computed");
  EXPECT_EQ(field(run(d, "").manifest, "a", "sha256_from"), "computed");
}

}  // namespace
