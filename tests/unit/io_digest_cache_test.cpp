// io::DigestCache: input digests remembered under the file's identity. A digest is found only
// for exactly the identity it was stored with; a file too recently changed is not stored (the
// racy window); a cache that is corrupt, not private or cannot be written is a miss, never an
// error and never a wrong digest.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/fs/file_identity.h"
#include "runtime/io/digest_cache.h"
#include "runtime/io/files.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using clue::io::DigestCache;
using clue::test::read_file;
using clue::test::write_file;

// A fresh folder per test and process (ctest runs tests in parallel processes).
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("clue_digest_cache_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// Ten seconds from now: every file written by the test lies outside the racy window then.
int64_t later() { return DigestCache::now_ns() + 10 * int64_t{1000000000}; }

clue::io::DigestCache::Entry entry_of(const std::string& path) {
  return {clue::fsafe::identity_of_path(path), clue::io::sha256_file(path)};
}

TEST(DigestCache, FindsADigestForTheSameIdentityOnly) {
  TempDir d("same");
  const std::string a = (d.path / "a.csv").string(), b = (d.path / "b.csv").string();
  write_file(a, "x,y\n1,2\n");
  write_file(b, "x,y\n3,4\n");
  const std::string cache = (d.path / "cache").string();
  {
    DigestCache c(cache);
    EXPECT_EQ(c.remember({entry_of(a), entry_of(b)}, later()), 2u);
  }
  DigestCache c(cache);  // as the next run sees it
  EXPECT_EQ(c.find(clue::fsafe::identity_of_path(a)), clue::io::sha256_file(a));
  EXPECT_EQ(c.find(clue::fsafe::identity_of_path(b)), clue::io::sha256_file(b));
  EXPECT_NE(c.find(clue::fsafe::identity_of_path(a)), c.find(clue::fsafe::identity_of_path(b)));
  EXPECT_EQ(c.find(clue::fsafe::identity_of_path((d.path / "none.csv").string())), "");
  // The directory made for the cache is the user's only.
  EXPECT_EQ(fs::status(cache).permissions() & fs::perms::all, fs::perms::owner_all);
}

// Rewritten with the same length and its modification time set back: the ctime still moved,
// so the old digest is not found.
TEST(DigestCache, ARewrittenFileWithItsOldMtimeIsNotFound) {
  TempDir d("rewrite");
  const std::string a = (d.path / "a.csv").string();
  write_file(a, "x,y\n1,2\n");
  DigestCache c((d.path / "cache").string());
  const auto before = entry_of(a);
  ASSERT_EQ(c.remember({before}, later()), 1u);
  ASSERT_EQ(c.find(before.id), before.sha256);
  struct stat st {};
  ASSERT_EQ(::stat(a.c_str(), &st), 0);
  ::usleep(20000);  // past the file system's timestamp tick, so that the ctime can move
  write_file(a, "x,y\n9,9\n");
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, a.c_str(), times, 0), 0);
  const auto now = clue::fsafe::identity_of_path(a);
  ASSERT_EQ(now.size, before.id.size);
  ASSERT_EQ(now.mtime_ns, before.id.mtime_ns);
  EXPECT_EQ(DigestCache((d.path / "cache").string()).find(now), "");
  // Remembered again: the new version replaces the old one (same device and inode).
  ASSERT_EQ(c.remember({entry_of(a)}, later()), 1u);
  DigestCache again((d.path / "cache").string());
  EXPECT_EQ(again.find(now), clue::io::sha256_file(a));
  EXPECT_EQ(again.find(before.id), "");
}

TEST(DigestCache, AFileChangedWithinTheRacyWindowIsNotRemembered) {
  TempDir d("racy");
  const std::string a = (d.path / "a.csv").string();
  write_file(a, "x\n1\n");
  const auto e = entry_of(a);
  DigestCache c((d.path / "cache").string());
  // Its identity taken right after the write: inside the window.
  EXPECT_TRUE(DigestCache::racy(e.id, DigestCache::now_ns()));
  EXPECT_EQ(c.remember({e}, DigestCache::now_ns()), 0u);
  EXPECT_EQ(DigestCache((d.path / "cache").string()).find(e.id), "");
  EXPECT_FALSE(fs::exists(d.path / "cache" / "input-sha256"));
  // Exactly at the window's edge it is still racy; past it, not.
  const int64_t last_change = std::max(e.id.mtime_ns, e.id.ctime_ns);
  EXPECT_TRUE(DigestCache::racy(e.id, last_change + DigestCache::kRacyNs));
  EXPECT_FALSE(DigestCache::racy(e.id, last_change + DigestCache::kRacyNs + 1));
  // A time in the future is racy too.
  clue::fsafe::FileIdentity future = e.id;
  future.mtime_ns = DigestCache::now_ns() + 3600 * int64_t{1000000000};
  EXPECT_TRUE(DigestCache::racy(future, later()));
}

// Any altered byte in a line makes that line a miss; the lines around it still count, and the
// next remember() writes a clean file.
TEST(DigestCache, AlteredOrTornLinesAreMisses) {
  TempDir d("corrupt");
  const std::string a = (d.path / "a.csv").string(), b = (d.path / "b.csv").string();
  write_file(a, "x\n1\n");
  write_file(b, "x\n2\n");
  const std::string cache = (d.path / "cache").string(), file = cache + "/input-sha256";
  DigestCache(cache).remember({entry_of(a), entry_of(b)}, later());
  const std::string good = read_file(file);
  const size_t line_a = good.find('\n') + 1;  // after the header, a's line comes first
  ASSERT_EQ(good.compare(0, 6, "clue i"), 0);
  const size_t digest_a = good.find('\n', line_a) - 64;
  // One hex digit of a's digest changed: a wrong digest must never come out.
  std::string altered = good;
  altered[digest_a] = altered[digest_a] == '0' ? '1' : '0';
  write_file(file, altered);
  ::chmod(file.c_str(), 0600);
  {
    DigestCache c(cache);
    EXPECT_EQ(c.find(clue::fsafe::identity_of_path(a)), "");
    EXPECT_EQ(c.find(clue::fsafe::identity_of_path(b)), clue::io::sha256_file(b));
  }
  // The file cut in the middle of b's line (a torn write): b is a miss, a still found.
  write_file(file, good.substr(0, good.size() - 10));
  ::chmod(file.c_str(), 0600);
  {
    DigestCache c(cache);
    EXPECT_EQ(c.find(clue::fsafe::identity_of_path(a)), clue::io::sha256_file(a));
    EXPECT_EQ(c.find(clue::fsafe::identity_of_path(b)), "");
  }
  // Not a cache at all.
  write_file(file, std::string("\0\xff garbage", 10));
  ::chmod(file.c_str(), 0600);
  EXPECT_EQ(DigestCache(cache).find(clue::fsafe::identity_of_path(a)), "");
  DigestCache c(cache);
  EXPECT_EQ(c.remember({entry_of(a)}, later()), 1u);
  EXPECT_EQ(DigestCache(cache).find(clue::fsafe::identity_of_path(a)), clue::io::sha256_file(a));
}

// A cache that cannot be written (its folder's place is a file) or that others may write to
// is not used: finds miss, remember writes nothing, nothing throws.
TEST(DigestCache, AnUnusableCacheIsIgnored) {
  TempDir d("unusable");
  const std::string a = (d.path / "a.csv").string();
  write_file(a, "x\n1\n");
  write_file((d.path / "blocker").string(), "a file, not a folder");
  DigestCache under_file((d.path / "blocker" / "cache").string());
  EXPECT_EQ(under_file.remember({entry_of(a)}, later()), 0u);
  EXPECT_EQ(under_file.find(clue::fsafe::identity_of_path(a)), "");

  const std::string shared = (d.path / "shared").string();
  ASSERT_EQ(DigestCache(shared).remember({entry_of(a)}, later()), 1u);
  ::chmod(shared.c_str(), 0777);  // others could have planted digests in it
  DigestCache open_dir(shared);
  EXPECT_EQ(open_dir.find(clue::fsafe::identity_of_path(a)), "");
  EXPECT_EQ(open_dir.remember({entry_of(a)}, later()), 0u);
  ::chmod(shared.c_str(), 0700);
  ::chmod((shared + "/input-sha256").c_str(), 0666);  // the file itself writable by others
  EXPECT_EQ(DigestCache(shared).find(clue::fsafe::identity_of_path(a)), "");

  DigestCache off("");
  EXPECT_EQ(off.remember({entry_of(a)}, later()), 0u);
  EXPECT_EQ(off.find(clue::fsafe::identity_of_path(a)), "");
}

// Only the newest kMaxEntries are kept.
TEST(DigestCache, KeepsTheNewestEntriesUpToItsBound) {
  TempDir d("bound");
  const std::string cache = (d.path / "cache").string();
  const std::string sha(64, 'a');
  std::vector<DigestCache::Entry> many;
  for (size_t k = 0; k < DigestCache::kMaxEntries + 10; ++k) {
    clue::fsafe::FileIdentity id;
    id.exists = true;
    id.dev = 7;
    id.ino = 1000 + k;
    id.size = 10;
    id.mtime_ns = id.ctime_ns = 1'000'000'000;
    many.push_back({id, sha});
  }
  DigestCache c(cache);
  // Oldest first, a run at a time: the first ten, then the rest in runs of 1,000 or fewer.
  for (size_t k = 0; k < many.size(); k = k == 0 ? 10 : k + 1000) {
    const size_t end = std::min(many.size(), k == 0 ? size_t{10} : k + 1000);
    c.remember(std::vector<DigestCache::Entry>(many.begin() + long(k), many.begin() + long(end)), later());
  }
  DigestCache again(cache);
  EXPECT_EQ(again.find(many.back().id), sha);
  EXPECT_EQ(again.find(many[10].id), sha);
  EXPECT_EQ(again.find(many[9].id), "");  // the first run's ten are the oldest: dropped
  EXPECT_EQ(again.find(many.front().id), "");
}

}  // namespace
