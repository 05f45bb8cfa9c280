// io::InputHasher: the run manifest's digests of its input files, whether the bytes come from
// the files' readers (in pieces, with other files read ahead beside them) or are all read by
// the hasher; each must equal the file's plain SHA-256.
#include <functional>
#include <memory>
#include <random>
#include <thread>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/io/input_hashes.h"
#include "tests/support/random_bytes.h"
#include "tests/support/temp_file.h"

namespace {

using clue::io::InputHasher;
using clue::test::TempFile;

std::string digest(const std::string& s) {
  clue::io::Sha256 h;
  h.update(s);
  return h.hex_digest();
}

using clue::test::random_bytes;

// Feeds file i's bytes to the hasher in random pieces, as a loader would.
void feed_in_pieces(InputHasher& h, size_t i, const std::string& bytes, std::mt19937_64& rng) {
  for (size_t at = 0; at < bytes.size();) {
    const size_t n = std::min<size_t>(bytes.size() - at, 1 + rng() % 400000);
    h.feed(i, std::string_view(bytes).substr(at, n));
    at += n;
  }
}

TEST(InputHasher, FedAndReadAheadFilesGetTheirOwnDigests) {
  std::mt19937_64 rng(3);
  // Sizes around the hasher's 256 KB window and the 64-byte block.
  const std::vector<size_t> sizes = {0, 1, 63, 64, 65, (256 << 10) - 1, (256 << 10) + 1, 1500007, 700001};
  std::vector<std::unique_ptr<TempFile>> files;
  std::vector<std::string> paths, content;
  for (size_t k = 0; k < sizes.size(); ++k) {
    files.push_back(std::make_unique<TempFile>("input_hashes_" + std::to_string(k), ".bin"));
    content.push_back(random_bytes(rng, sizes[k]));
    files.back()->write(content.back());
    paths.push_back(files.back()->path);
  }
  paths.push_back("");  // a source that is not hashed
  // One reader after another, as on one thread; the last two files have no reader at all.
  InputHasher h(paths);
  for (size_t k = 0; k + 2 < sizes.size(); ++k) feed_in_pieces(h, k, content[k], rng);
  const std::vector<std::string> got = h.finish();
  ASSERT_EQ(got.size(), paths.size());
  for (size_t k = 0; k < sizes.size(); ++k) EXPECT_EQ(got[k], digest(content[k])) << "file " << k;
  EXPECT_EQ(got.back(), "");
}

TEST(InputHasher, LargeFileFedAfterItsHeadWasReadAhead) {
  // The small file is fed first, so the large one is read ahead beside it; then the large
  // one's reader hands over everything from its start, and the hashed head is skipped.
  std::mt19937_64 rng(5);
  TempFile small("input_hashes_small", ".bin"), large("input_hashes_large", ".bin");
  const std::string s = random_bytes(rng, 900001), l = random_bytes(rng, 2500003);
  small.write(s);
  large.write(l);
  InputHasher h({small.path, large.path});
  feed_in_pieces(h, 0, s, rng);
  feed_in_pieces(h, 1, l, rng);
  const std::vector<std::string> got = h.finish();
  EXPECT_EQ(got[0], digest(s));
  EXPECT_EQ(got[1], digest(l));
}

TEST(InputHasher, AllReadByTheHasherAndMissingFiles) {
  std::mt19937_64 rng(9);
  TempFile a("input_hashes_a", ".bin"), b("input_hashes_b", ".bin"), c("input_hashes_c", ".bin");
  const std::string x = random_bytes(rng, 1234567), y = random_bytes(rng, 345678), z = random_bytes(rng, 999);
  a.write(x);
  b.write(y);
  c.write(z);
  const std::vector<std::string> got =
      clue::io::sha256_files({a.path, "", b.path, ::testing::TempDir() + "no_such_input.csv", c.path});
  EXPECT_EQ(got, (std::vector<std::string>{digest(x), "", digest(y), "", digest(z)}));
}

}  // namespace

namespace {

// Two readers on their own threads offer their files' stretches (views that stay valid until
// taken), wait for them to be taken as a loader does before unmapping, and say done; a third
// file is not streamed and is read in finish(). Every digest must be the plain SHA-256.
TEST(HashThread, StreamedStretchesFromTwoThreadsAndAFileReadAtTheEnd) {
  std::mt19937_64 rng(21);
  TempFile a("hash_thread_a", ".bin"), b("hash_thread_b", ".bin"), c("hash_thread_c", ".bin");
  const std::string x = random_bytes(rng, 3000017), y = random_bytes(rng, 1700003), z = random_bytes(rng, 654321);
  a.write(x);
  b.write(y);
  c.write(z);
  auto hasher = std::make_shared<InputHasher>(std::vector<std::string>{a.path, b.path, "", c.path});
  clue::io::HashThread t(hasher, {true, true, false, false});
  auto reader = [&](size_t i, const std::string& bytes, uint64_t seed) {
    std::mt19937_64 r(seed);
    size_t at = 0;
    while (at < bytes.size()) {
      const size_t n = std::min<size_t>(bytes.size() - at, 1 + r() % 300000);
      t.offer(i, std::string_view(bytes).substr(at, n));
      at += n;
      EXPECT_LE(t.taken(i), at);
    }
    t.wait_taken(i, bytes.size());
    EXPECT_EQ(t.taken(i), bytes.size());
    t.done(i);
  };
  std::thread ra(reader, 0, std::cref(x), 1), rb(reader, 1, std::cref(y), 2);
  ra.join();
  rb.join();
  const std::vector<std::string> got = t.finish();
  EXPECT_EQ(got, (std::vector<std::string>{digest(x), digest(y), "", digest(z)}));
}

// A reader that offers nothing (its load failed, or its file was parsed in chunks) still gets
// its digest: finish() reads the file.
TEST(HashThread, StreamedFileNeverOfferedIsReadAtTheEnd) {
  std::mt19937_64 rng(22);
  TempFile a("hash_thread_none", ".bin");
  const std::string x = random_bytes(rng, 999999);
  a.write(x);
  clue::io::HashThread t(std::make_shared<InputHasher>(std::vector<std::string>{a.path}), {true});
  t.done(0);
  EXPECT_EQ(t.finish(), std::vector<std::string>{digest(x)});
}

}  // namespace
